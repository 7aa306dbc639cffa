"""Interpretable claim features and claim kinds, read from spaCy's parse of real sentences."""

from __future__ import annotations

from pathlib import Path

import pytest
from spacy.language import Language

from saidwhat.claims.features import FEATURES, DocEntities, claim_features
from saidwhat.claims.kinds import claim_kind
from saidwhat.model import ClaimKind
from saidwhat.nlp import load_pipeline


@pytest.fixture(scope="module")
def parse() -> Language:
    return load_pipeline(())


def features_of(parse: Language, text: str):
    doc = parse(text)
    return doc, claim_features(doc[:])


def test_a_figure_a_comparison_and_names_are_seen_with_their_words(parse: Language) -> None:
    _, features = features_of(
        parse, "Moscow has issued more than 700,000 Russian passports to people in the separatist republics."
    )
    assert features.value("number") == 1.0 and "700,000" in features.details["number"]
    assert "more than" in features.details["comparison"]
    assert features.value("named_entity") > 0 and "Moscow" in features.details["named_entity"]
    assert features.value("past_event") == 1.0
    assert features.value("first_person") == 0.0


def test_a_year_is_a_date_not_a_number(parse: Language) -> None:
    _, features = features_of(parse, "The talks collapsed in 2014 after the coup.")
    assert features.value("number") == 0.0 and features.value("date") == 1.0


def test_first_person_intent_hedges_and_opinions(parse: Language) -> None:
    _, intent = features_of(parse, "We want to free her from this ideology.")
    assert intent.value("first_person") == 1.0 and intent.details["intent_or_wish"] == "want"
    _, hedge = features_of(parse, "I think maybe the economy is doing great.")
    assert hedge.value("hedge") == 1.0 and hedge.value("opinion_word") == 1.0


def test_causal_connectives_and_questions(parse: Language) -> None:
    _, causal = features_of(parse, "Prices rose because the central bank printed money.")
    assert causal.details["causal_connective"] == "because"
    _, question = features_of(parse, "Is it on the ballot?")
    assert question.value("question") == 1.0 and question.value("short") == 1.0


def test_every_feature_has_a_value(parse: Language) -> None:
    _, features = features_of(parse, "Thank you.")
    assert len(features.values) == len(FEATURES)


@pytest.mark.parametrize(
    ("text", "kind"),
    [
        ("Moscow has issued more than 700,000 Russian passports to its people.", ClaimKind.STATISTIC),
        ("Unemployment fell to 3.5 percent last month.", ClaimKind.STATISTIC),
        ("Kiev had been planning an attack on the two republics.", ClaimKind.EVENT),
        ("Prices rose because the central bank printed money.", ClaimKind.CAUSAL),
        ("We want to free her from this ideology.", ClaimKind.INTENT),
        ("We do not aim to divide Ukrainian territory into parts.", ClaimKind.INTENT),
        ("The sanctions will cripple the Russian economy.", ClaimKind.PREDICTION),
        ("The two territories are largely Russophone regions.", ClaimKind.OTHER),
    ],
)
def test_claim_kinds(parse: Language, text: str, kind: ClaimKind) -> None:
    doc, features = features_of(parse, text)
    assert claim_kind(doc[:], features) is kind


def test_the_docs_entities_read_once_give_each_span_what_span_ents_gives(parse: Language) -> None:
    example = Path(__file__).parents[2] / "examples" / "kremlin-peskov-interview.txt"
    doc = parse(example.read_text(encoding="utf-8"))
    entities = DocEntities(doc)
    assert len(entities.ents) > 10
    # Every sentence, and windows cutting through entities at either end.
    spans = [*doc.sents, *(doc[i : i + width] for width in (1, 3, 7) for i in range(0, len(doc) - width, 2))]
    for span in spans:
        assert entities.within(span) == list(span.ents), span.text
        assert claim_features(span, entities=entities) == claim_features(span), span.text
