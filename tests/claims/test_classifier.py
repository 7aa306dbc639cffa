"""The fine-tuned check-worthiness encoder (int8 ONNX) and the scorer that reads it."""

from __future__ import annotations

import numpy as np
import pytest

from saidwhat.claims.classifier import load_checkworthiness_encoder, same_length_batches
from saidwhat.claims.scorer import load_checkworthiness_model
from saidwhat.claims.sentences import score_sentences

STATISTIC = "Moscow has issued more than 700,000 Russian passports to people living in the republics."
OPINION = "We want to free her from this ideology."
THANKS = "Thank you very much, it is good to be here."
# Texts that tokenise to the same number of wordpieces run in one batch.
SAME_LENGTH = ["Taxes rose by ten percent last year.", "Crime fell by five percent this year."]
LONG = (
    "The two breakaway territories in the Donbass are home to a large proportion of ethnic Russians, and "
    "Moscow has issued more than 700,000 Russian passports to people living in the separatist-held republics."
)


def test_a_text_scores_exactly_the_same_whatever_runs_beside_it() -> None:
    # Fixed activation scales and same-length batches: a text's logit is the same, to the bit, alone and
    # among other texts in batches of any size (a dynamically quantised graph moves it with its batch-mates).
    encoder = load_checkworthiness_encoder()
    texts = [STATISTIC, OPINION, THANKS, LONG, *SAME_LENGTH]
    alone = np.asarray([encoder.logits([text])[0] for text in texts])
    for size in (1, 2, 3, 8):
        assert encoder.logits(texts, batch_size=size).tolist() == alone.tolist()
    assert encoder.logits(texts[::-1]).tolist() == alone[::-1].tolist()
    with pytest.raises(ValueError, match="at least 1"):
        encoder.logits(texts, batch_size=0)


def test_batches_hold_texts_of_one_length_and_cover_every_text() -> None:
    ids = [[1] * n for n in (5, 3, 5, 9, 3, 5, 5)]
    batches = list(same_length_batches(ids, 3))
    assert sorted(i for batch in batches for i in batch) == list(range(len(ids)))
    assert all(len(batch) <= 3 and len({len(ids[i]) for i in batch}) == 1 for batch in batches)
    assert batches == [[1, 4], [0, 2, 5], [6], [3]]


def test_the_encoder_reads_a_figure_as_more_check_worthy_than_thanks_or_a_wish() -> None:
    statistic, opinion, thanks = load_checkworthiness_encoder().logits([STATISTIC, OPINION, THANKS])
    assert statistic > 0 > max(opinion, thanks)


def test_one_string_is_refused() -> None:
    with pytest.raises(TypeError):
        load_checkworthiness_encoder().logits(STATISTIC)  # type: ignore[arg-type]


def test_the_shipped_scorer_reads_the_encoder_and_explains_with_it() -> None:
    assert load_checkworthiness_model().content_input == "encoder"
    statistic, opinion = score_sentences([STATISTIC, OPINION])
    assert statistic.probability >= 0.5 > opinion.probability
    content = {f.feature: f for f in statistic.factors}["content"]
    assert content.effect > 0 and content.detail == "content and wording like check-worthy claims"
    assert any(f.feature == "number" and f.effect > 0 for f in statistic.factors)
