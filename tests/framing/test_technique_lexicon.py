"""The technique lexicon: its features, fitting, combination with the span head, files, shipped model."""

from __future__ import annotations

import json
from pathlib import Path

import numpy as np
import pytest

from saidwhat.framing.technique_core import BEGIN, INSIDE, LABELS, Decoding
from saidwhat.framing.technique_lexicon import (
    CONFIG,
    LexiconSettings,
    fit_lexicon,
    load_lexicon,
    said_before,
    span_features,
)
from saidwhat.framing.technique_word_prior import CONFIG as WORDS_CONFIG
from saidwhat.framing.technique_word_prior import WordPrior, fit_word_prior, load_word_prior
from saidwhat.framing.techniques import load_technique_model

EXAMPLE = (Path(__file__).parents[2] / "examples" / "kremlin-peskov-interview.txt").read_text(
    encoding="utf-8"
)
DATA = Path(__file__).parents[2] / "saidwhat" / "framing" / "data"
LOADED = LABELS.index("Loaded_Language")
HITLER = LABELS.index("Bandwagon,Reductio_ad_hitlerum")


def span(phrase: str) -> tuple[int, int]:
    start = EXAMPLE.index(phrase)
    return start, start + len(phrase)


# Labels written for these tests on the example article (not PTC annotations).
EXAMPLES = [
    (EXAMPLE, *span("Nazi ideology"), HITLER),
    (EXAMPLE, *span("influenced by Nazi ideology"), HITLER),
    (EXAMPLE, *span("broadside"), LOADED),
    (EXAMPLE, *span("vehemently opposed"), LOADED),
    (EXAMPLE, *span("tortured"), LOADED),
]


def test_span_features_read_words_pairs_context_length_and_repeats() -> None:
    start, end = span("Nazi ideology")
    features = span_features(EXAMPLE, start, end, LexiconSettings(context=2, bigrams=True))
    assert {"w:nazi", "w:ideology", "b:nazi_ideology", "len:2-3"} <= set(features)
    assert {"cb:influenced", "cb:by"} <= set(features)  # "… become influenced by Nazi ideology."
    assert "repeats:1" in features
    peskov = span_features(EXAMPLE, *span("Peskov"), LexiconSettings())
    assert "word_repeats:3-4" in peskov  # "Peskov" is named four times (PTC's Repetition)
    assert not any(
        f.startswith("word_repeats:") for f in span_features(EXAMPLE, *span("the"), LexiconSettings())
    )
    assert not any(
        f.startswith("b:") for f in span_features(EXAMPLE, start, end, LexiconSettings(bigrams=False))
    )


def test_fitted_lexicon_prefers_the_technique_of_its_words() -> None:
    lexicon = fit_lexicon(EXAMPLES, len(LABELS), LexiconSettings(min_count=1))
    rows = lexicon.probabilities(EXAMPLE, [span("Nazi ideology"), span("broadside")])
    np.testing.assert_allclose(rows.sum(axis=1), 1.0, rtol=1e-6)
    assert int(np.argmax(rows[0])) == HITLER
    assert int(np.argmax(rows[1])) == LOADED


def test_features_seen_too_rarely_are_not_kept() -> None:
    lexicon = fit_lexicon(EXAMPLES, len(LABELS), LexiconSettings(min_count=2))
    assert "w:nazi" in lexicon.vocabulary  # in two examples
    assert "w:broadside" not in lexicon.vocabulary  # in one


def test_combine_weights_the_lexicon_against_the_head() -> None:
    head = np.full((1, len(LABELS)), 1 / len(LABELS), dtype=np.float32)
    head[0, LOADED] += 0.05
    head /= head.sum()
    spans = [span("Nazi ideology")]
    fitted = fit_lexicon(EXAMPLES, len(LABELS), LexiconSettings(min_count=1, weight=0.0))
    np.testing.assert_array_equal(fitted.combine(head, EXAMPLE, spans), head)  # weight 0: the head alone
    weighted = fit_lexicon(EXAMPLES, len(LABELS), LexiconSettings(min_count=1, weight=1.0))
    combined = weighted.combine(head, EXAMPLE, spans)
    assert combined.dtype == np.float32
    assert int(np.argmax(combined[0])) == HITLER
    np.testing.assert_allclose(combined.sum(axis=1), 1.0, rtol=1e-5)


REPETITION = LABELS.index("Repetition")


def test_said_before_counts_earlier_whole_word_occurrences() -> None:
    text = "Peskov spoke. Peskovich laughed. Peskov said it again, and Peskov once more."
    starts = [i for i in range(len(text)) if text.startswith("Peskov ", i)]
    assert [said_before(text, s, s + len("Peskov")) for s in starts] == [0, 1, 2]  # capped at "2 or more"
    assert said_before(text, 0, 0) == 0


def test_the_said_before_factor_raises_repetition_for_words_said_again() -> None:
    text = "The invasion is a crime. The invasion is a crime, a crime against all of us."
    second = text.index("a crime,")
    examples = [(text, 18, 23, LOADED), (text, second, second + 7, REPETITION)]  # "crime" once, then again
    head = np.full((1, len(LABELS)), 1 / len(LABELS), dtype=np.float32)
    spans = [(second, second + 7)]
    plain = fit_lexicon(examples, len(LABELS), LexiconSettings(min_count=1, weight=0.0))
    np.testing.assert_array_equal(plain.combine(head, text, spans), head)  # both weights 0: the head alone
    factor = fit_lexicon(examples, len(LABELS), LexiconSettings(min_count=1, weight=0.0, repeat_weight=1.0))
    assert int(np.argmax(factor.combine(head, text, spans)[0])) == REPETITION


def test_save_and_load_give_the_same_probabilities(tmp_path: Path) -> None:
    lexicon = fit_lexicon(EXAMPLES, len(LABELS), LexiconSettings(min_count=1, context=1))
    lexicon.save(tmp_path, {"data": "test labels"})
    loaded = load_lexicon(tmp_path)
    assert loaded.settings == lexicon.settings
    spans = [span("Nazi ideology"), span("red line")]
    np.testing.assert_allclose(
        loaded.probabilities(EXAMPLE, spans), lexicon.probabilities(EXAMPLE, spans), rtol=1e-5
    )
    assert json.loads((tmp_path / CONFIG).read_text(encoding="utf-8"))["data"] == "test labels"
    assert loaded.repeat_log_likelihood is not None and lexicon.repeat_log_likelihood is not None
    np.testing.assert_allclose(loaded.repeat_log_likelihood, lexicon.repeat_log_likelihood, rtol=1e-6)


@pytest.mark.parametrize("case", ["shipped"])
def test_shipped_lexicon_is_used_and_stores_word_statistics_not_text(case: str) -> None:
    model = load_technique_model()
    assert model.lexicon is not None
    config = json.loads((DATA / CONFIG).read_text(encoding="utf-8"))
    assert model.lexicon.settings == LexiconSettings(**config["settings"])
    assert config["held_out_tc"] >= config["held_out_tc_head_alone"]
    assert all(len(f.split("_")) <= 2 for f in model.lexicon.vocabulary if f.startswith("b:"))
    assert all(" " not in f for f in model.lexicon.vocabulary)


# The word prior (span identification), on the example article with spans marked for these tests.
MARKED = [span("Nazi ideology"), span("broadside"), span("this ideology")]


def test_word_prior_raises_words_seen_inside_spans_and_lowers_the_rest() -> None:
    prior = fit_word_prior([(EXAMPLE, MARKED)], weight=1.0, decoding=Decoding(), smoothing=1.0, min_count=1)
    assert prior.shifts["ideology"] > 0 > prior.shifts["the"]
    text = "Nazi ideology is the claim."
    offsets = np.array([[0, 4], [5, 13], [14, 16], [17, 20], [21, 26], [26, 27]])
    flat = np.tile(np.array([[0.6, 0.1, 0.3]]), (len(offsets), 1))  # O, B, I
    adjusted = prior.adjust(text, offsets, flat)
    inside = adjusted[:, BEGIN] + adjusted[:, INSIDE]
    assert inside[1] > 0.4 > inside[3]  # "ideology" up, "the" down
    np.testing.assert_allclose(adjusted.sum(axis=1), 1.0)
    assert adjusted[1, BEGIN] / adjusted[1, INSIDE] == pytest.approx(1 / 3)  # B and I keep their ratio
    same = WordPrior(prior.shifts, 0.0, Decoding()).adjust(text, offsets, flat)
    np.testing.assert_array_equal(same, flat)


def test_word_prior_save_and_load(tmp_path: Path) -> None:
    decoding = Decoding(threshold=0.35, join_gap_words=8)
    prior = fit_word_prior([(EXAMPLE, MARKED)], weight=0.5, decoding=decoding, min_count=1)
    prior.save(tmp_path, {"data": "test spans"})
    loaded = load_word_prior(tmp_path)
    assert loaded.decoding == decoding and loaded.weight == 0.5
    assert loaded.shifts.keys() == prior.shifts.keys()
    assert loaded.shifts["ideology"] == pytest.approx(prior.shifts["ideology"], abs=1e-4)


def test_shipped_word_prior_sets_the_decoding() -> None:
    model = load_technique_model()
    assert model.word_prior is not None
    assert model.decoding == model.word_prior.decoding
    config = json.loads((DATA / WORDS_CONFIG).read_text(encoding="utf-8"))
    assert config["held_out_si"]["f1"] >= config["held_out_si_techniques_json_decoding"]["f1"]
    assert all(" " not in word for word in model.word_prior.shifts)
