"""The fine-tuned check-worthiness encoder (int8 ONNX) and the scorer that reads it."""

from __future__ import annotations

import pytest

from saidwhat.claims.classifier import load_checkworthiness_encoder
from saidwhat.claims.scorer import load_checkworthiness_model
from saidwhat.claims.sentences import score_sentences

STATISTIC = "Moscow has issued more than 700,000 Russian passports to people living in the republics."
OPINION = "We want to free her from this ideology."
THANKS = "Thank you very much, it is good to be here."


def test_a_text_scores_the_same_whatever_runs_beside_it() -> None:
    encoder = load_checkworthiness_encoder()
    together = encoder.logits([STATISTIC, OPINION, THANKS])
    alone = [encoder.logits([text])[0] for text in (STATISTIC, OPINION, THANKS)]
    assert together.tolist() == alone


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
