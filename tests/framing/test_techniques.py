"""Persuasion-technique spans: decoding, windowing, features, the shipped model and the spaCy component."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest
import spacy

import saidwhat.factories  # noqa: F401  (registers the saidwhat_techniques factory)
from saidwhat.framing.technique_core import (
    BEGIN,
    INSIDE,
    OUTSIDE,
    Decoding,
    decode,
    decode_spans,
    rank_duplicates,
    span_features,
)
from saidwhat.framing.techniques import TechniqueModel, load_technique_model
from saidwhat.framing.techniques_component import assign_users
from saidwhat.model import (
    Attribution,
    AttributionKind,
    EntityType,
    Span,
    Speaker,
    Technique,
    TechniqueName,
)
from saidwhat.nlp.onnx_encoder import load_tokenizer, plan_windows, tokenize

EXAMPLE = (Path(__file__).parents[2] / "examples" / "kremlin-peskov-interview.txt").read_text(
    encoding="utf-8"
)
DATA = Path(__file__).parents[2] / "saidwhat" / "framing" / "data"


def _probs(rows: list[tuple[float, float, float]]) -> np.ndarray:
    return np.asarray(rows, dtype=np.float32)


@pytest.mark.parametrize(
    ("text", "offsets", "rows", "expected"),
    [
        # "deeply", "disgust", "ing" pieces; only "disgust" is inside: widened to the whole word.
        (
            "a deeply disgusting act",
            [(2, 8), (9, 16), (16, 19)],
            [(0.9, 0.05, 0.05), (0.1, 0.8, 0.1), (0.6, 0.1, 0.3)],
            [(9, 19)],
        ),
        # two inside runs separated by an outside piece stay two spans
        (
            "evil and vile",
            [(0, 4), (5, 8), (9, 13)],
            [(0.1, 0.8, 0.1), (0.9, 0.0, 0.1), (0.1, 0.8, 0.1)],
            [(0, 4), (9, 13)],
        ),
        # a piece that is more B than I starts a new span right after the previous one
        ("evil vile", [(0, 4), (5, 9)], [(0.1, 0.8, 0.1), (0.1, 0.6, 0.3)], [(0, 4), (5, 9)]),
        # punctuation-only spans are dropped
        ("so !", [(0, 2), (3, 4)], [(0.9, 0.05, 0.05), (0.1, 0.8, 0.1)], []),
    ],
)
def test_decode_spans_makes_whole_word_non_overlapping_spans(text, offsets, rows, expected) -> None:
    spans = decode_spans(text, np.asarray(offsets, dtype=np.int64), _probs(rows), 0.5)
    assert [(s, e) for s, e, _ in spans] == expected
    assert all(0.5 <= confidence <= 1.0 for *_, confidence in spans)
    assert (OUTSIDE, BEGIN, INSIDE) == (0, 1, 2)


def _word_offsets(text: str) -> np.ndarray:
    offsets, position = [], 0
    for word in text.split():
        position = text.index(word, position)
        offsets.append((position, position + len(word)))
        position += len(word)
    return np.asarray(offsets, dtype=np.int64)


IN, OUT = (0.1, 0.1, 0.8), (0.9, 0.05, 0.05)  # an inside piece (P(I) 0.8) and an outside one


@pytest.mark.parametrize(
    ("text", "rows", "decoding", "expected"),
    [
        # joined across a gap of one word; not across a sentence end
        (
            "evil and vile. So evil",
            [IN, OUT, IN, OUT, IN],
            Decoding(0.5, join_gap_words=1),
            ["evil and vile.", "evil"],
        ),
        (
            "evil and vile. So evil",
            [IN, OUT, IN, OUT, IN],
            Decoding(0.5, join_gap_words=0),
            ["evil", "vile.", "evil"],
        ),
        # a span made only of function words is dropped when asked
        ("the crooks and the", [OUT, IN, OUT, IN], Decoding(0.5, drop_function_word_spans=True), ["crooks"]),
        ("the crooks and the", [OUT, IN, OUT, IN], Decoding(0.5), ["crooks", "the"]),
        # a one-word span needs the confidence floor; a longer one does not
        ("so very evil", [IN, OUT, IN], Decoding(0.5, single_word_min_confidence=0.95), []),
        ("so very evil", [IN, IN, IN], Decoding(0.5, single_word_min_confidence=0.95), ["so very evil"]),
        # a quote mark whose partner is outside the span is left out; a pair inside it stays
        ("a “red line” drawn", [OUT, IN, OUT, OUT], Decoding(0.5), ["red"]),
        ("a “red line” drawn", [OUT, IN, IN, OUT], Decoding(0.5), ["“red line”"]),
    ],
)
def test_decode_joins_and_filters_spans(text, rows, decoding, expected) -> None:
    spans = decode(text, _word_offsets(text), _probs(rows), decoding)
    assert [text[s:e] for s, e, _ in spans] == expected
    assert all(0.0 <= confidence <= 1.0 for *_, confidence in spans)


@pytest.mark.parametrize("case", ["shipped config, threshold-only config"])
def test_decoding_from_config(case) -> None:
    import json

    config = json.loads((DATA / "techniques.json").read_text(encoding="utf-8"))
    shipped = Decoding.from_config(config)
    assert shipped.threshold == config["threshold"] == config["decoding"]["threshold"]
    assert shipped.as_dict().items() <= config["decoding"].items()
    assert Decoding.from_config({"threshold": 0.4}) == Decoding(threshold=0.4)
    # the model as shipped decodes with the word prior's decoding, chosen with it (techniques_words.json)
    assert TechniqueModel(DATA, lexicon=False).decoding == shipped


@pytest.mark.parametrize("max_pieces", [8, 40, 254])
def test_plan_windows_cover_every_piece_in_order(max_pieces) -> None:
    tokenizer = load_tokenizer(DATA / "techniques_tokenizer.json")
    pieces = tokenize(tokenizer, EXAMPLE, max_pieces)
    assert pieces.windows[0][0] == 0 and pieces.windows[-1][1] == len(pieces.ids)
    for (_, end), (start, _) in zip(pieces.windows, pieces.windows[1:], strict=False):
        assert end == start
    assert all(0 < e - s <= max_pieces for s, e in pieces.windows)
    for start, end in pieces.offsets:  # tokenizer offsets are character offsets into the text
        assert EXAMPLE[start:end].strip()


@pytest.mark.parametrize("case", ["short lines packed"])
def test_plan_windows_pack_whole_lines(case) -> None:
    text = "aa bb\ncc dd\nee ff gg hh"
    offsets = np.asarray([(0, 2), (3, 5), (6, 8), (9, 11), (12, 14), (15, 17), (18, 20), (21, 23)])
    assert plan_windows(text, offsets, 4) == ((0, 4), (4, 8))
    assert plan_windows(text, offsets, 3) == ((0, 2), (2, 4), (4, 7), (7, 8))


@pytest.mark.parametrize(
    ("span", "repeats"), [("Eastern European nation", 1), ("Nazi ideology", 0), ("Moscow", 5)]
)
def test_span_features_count_repetitions_in_the_article(span, repeats) -> None:
    start = EXAMPLE.index(span)
    features = span_features(EXAMPLE, start, start + len(span))
    assert features[0] == pytest.approx(np.log1p(repeats))
    assert features[1] == (1.0 if repeats else 0.0)


@pytest.mark.parametrize(
    ("text", "span", "repeats"),
    [
        ("Very, very — VERY very bad.", "VERY very", 1),  # case and punctuation between words ignored
        ("very very very", "very very", 0),  # occurrences do not overlap
        ("The art party: art, artful, Art.", "art", 2),  # whole words only
        ("a red line; a red-line; red lines", "red line", 1),
    ],
)
def test_repetitions_are_whole_words_in_order_and_not_overlapping(text, span, repeats) -> None:
    start = text.index(span)
    assert span_features(text, start, start + len(span))[0] == pytest.approx(np.log1p(repeats))


@pytest.mark.parametrize("case", ["three copies of one span"])
def test_rank_duplicates_gives_copies_distinct_labels(case) -> None:
    probabilities = np.asarray([[0.5, 0.3, 0.2], [0.5, 0.3, 0.2], [0.5, 0.3, 0.2], [0.1, 0.2, 0.7]])
    assert rank_duplicates([(0, 5), (0, 5), (0, 5), (7, 9)], probabilities) == [0, 1, 2, 2]


@pytest.fixture(scope="module")
def model():
    return load_technique_model()


@pytest.mark.parametrize("text", [EXAMPLE])
def test_predicted_spans_are_grounded_and_do_not_overlap(model, text) -> None:
    techniques = model.predict(text)
    assert techniques, "the model finds no technique in a state-media report"
    previous_end = 0
    for technique in techniques:
        span = technique.span
        assert text[span.start : span.end] == span.text
        assert span.start >= previous_end
        previous_end = span.end
        assert 0.0 <= technique.confidence <= 1.0
        assert technique.user == "outlet" and technique.attribution is None


@pytest.mark.parametrize("text", ["", "   \n  "])
def test_empty_text_has_no_techniques(model, text) -> None:
    assert model.predict(text) == []


@pytest.mark.parametrize("span", ["Nazi ideology"])
def test_classify_supplied_spans_and_duplicates(model, span) -> None:
    start = EXAMPLE.index(span)
    first, second = model.classify(EXAMPLE, [(start, start + len(span))] * 2)
    assert first.technique != second.technique
    assert first.probability >= second.probability
    with pytest.raises(ValueError, match="outside the text"):
        model.classify(EXAMPLE, [(0, len(EXAMPLE) + 1)])


def _technique(start: int, end: int) -> Technique:
    return Technique(
        span=Span.of(EXAMPLE, start, end),
        technique=TechniqueName.LOADED_LANGUAGE,
        confidence=0.5,
        user="outlet",
    )


def _attribution(ident: str, start: int, end: int, speaker: Speaker | None) -> Attribution:
    return Attribution(
        id=ident,
        kind=AttributionKind.DIRECT,
        cue=None,
        content=[Span.of(EXAMPLE, start, end)],
        source=None,
        speaker=speaker,
        confidence=0.9,
    )


@pytest.mark.parametrize("case", ["inside, unresolved, outside"])
def test_assign_users_by_attribution_content(case) -> None:
    peskov = Speaker(id="e1", name="Dmitry Peskov", type=EntityType.PERSON)
    quote = EXAMPLE.index("“After the 2014")
    nazi = EXAMPLE.index("Nazi ideology")
    vehemently = EXAMPLE.index("vehemently")
    attributions = [
        _attribution("a1", quote, quote + 120, peskov),
        _attribution("a2", vehemently - 20, vehemently + 4, None),  # holds under half of the word
    ]
    spans = [_technique(nazi, nazi + 13), _technique(vehemently, vehemently + 10), _technique(0, 6)]
    inside, partly, outside = assign_users(spans, attributions)
    assert (inside.user, inside.attribution) == ("e1", "a1")
    assert (partly.user, partly.attribution) == ("outlet", None)
    assert (outside.user, outside.attribution) == ("outlet", None)
    unresolved = assign_users(spans[:1], [_attribution("a3", quote, quote + 120, None)])[0]
    assert (unresolved.user, unresolved.attribution) == ("unknown", "a3")


@pytest.mark.parametrize("texts", [[EXAMPLE, "Short text without much in it."]])
def test_component_sets_extension_and_span_group(texts) -> None:
    nlp = spacy.blank("en")
    nlp.add_pipe("saidwhat_techniques")
    docs = list(nlp.pipe(texts))
    single = nlp(texts[0])
    assert single._.saidwhat_techniques == docs[0]._.saidwhat_techniques  # pipe() and __call__ agree
    for doc in docs:
        for technique in doc._.saidwhat_techniques:
            assert doc.text[technique.span.start : technique.span.end] == technique.span.text
    assert len(docs[0].spans["saidwhat_techniques"]) == len(docs[0]._.saidwhat_techniques) > 0
