"""Speaker-resolution evaluation: name matching, the shipped gold and ``saidwhat eval speakers``."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from saidwhat.cli import app
from saidwhat.eval.polnear import Split, read_polnear
from saidwhat.eval.speakers import DEFAULT_GOLD, GoldSpeaker, load_gold, same_entity, source_form
from saidwhat.model import EntityType

REAL = Path(__file__).parents[3] / "shared" / "data" / "polnear"
needs_polnear = pytest.mark.skipif(not REAL.is_dir(), reason=f"PolNeAR is not at {REAL}")
ORG = EntityType.ORGANIZATION


@pytest.mark.parametrize(
    ("predicted", "gold", "same"),
    [
        ("Dmitry Peskov", "Peskov", True),
        ("Peskov", "Dmitry Peskov", True),
        ("Bill Clinton", "Hillary Clinton", False),
        ("Mary J. Blige", "Blige", True),
        ("Jeh Johnson", "Gary Johnson", False),
        ("PENCE", "Mike Pence", True),
        ("Sen. Lindsey Graham", "Lindsey Graham", True),
        ("Donald Trump’s tweet", "Mike Pence", False),
    ],
)
def test_person_names(predicted: str, gold: str, same: bool) -> None:
    assert same_entity(predicted, gold) is same


@pytest.mark.parametrize(
    ("predicted", "gold", "same"),
    [
        ("Clinton campaign", "the Clinton campaign", True),
        ("Donald Trump’s campaign", "the Trump campaign", True),
        ("The Post", "The New York Post", True),
        ("The nonpartisan Commission on Presidential Debates", "Commission on Presidential Debates", True),
        ("the Clinton campaign", "the Trump campaign", False),
        ("The campaign", "the Trump campaign", False),
    ],
)
def test_organisation_names(predicted: str, gold: str, same: bool) -> None:
    assert same_entity(predicted, gold, gold_type=ORG) is same


def test_person_is_not_the_organisation_named_after_them() -> None:
    assert not same_entity(
        "Donald Trump", "the Trump campaign", gold_type=ORG, predicted_type=EntityType.PERSON
    )


def test_aliases() -> None:
    assert same_entity("GOP", "the Republican Party", gold_type=ORG, aliases=["GOP"])


def test_source_form() -> None:
    gold = GoldSpeaker("a", (0, 1), "x", "Mike Pence", True, EntityType.PERSON)
    assert source_form("PENCE", gold) == "name"
    assert source_form("he", gold) == "pronoun"
    assert source_form("The Indiana governor", gold) == "nominal"


def test_gold_parses() -> None:
    gold = load_gold(DEFAULT_GOLD)
    assert len(gold) == 464
    assert all(g.named == (g.speaker is not None) for g in gold)
    assert len({g.article for g in gold}) == 20


@needs_polnear
def test_gold_sources_are_grounded_in_polnear_dev() -> None:
    gold = load_gold(DEFAULT_GOLD)
    docs = {doc.id: doc for doc in read_polnear(REAL, Split.DEV, limit=20)}
    assert {g.article for g in gold} == set(docs)
    for row in gold:
        doc = docs[row.article]
        start, end = row.source
        assert doc.text[start:end] == row.source_text
        assert any(a.source and a.source[0] == row.source for a in doc.attributions)
    # every gold attribution with a source is annotated
    annotated = {(g.article, g.source) for g in gold}
    for doc in docs.values():
        for attribution in doc.attributions:
            if attribution.source:
                assert (doc.id, attribution.source[0]) in annotated


@needs_polnear
def test_cli_json_on_shipped_gold() -> None:
    result = CliRunner().invoke(app, ["eval", "speakers", "--data", str(REAL), "--json"])
    assert result.exit_code == 0, result.output
    figures = json.loads(result.stdout)
    assert {"articles", "overall", "by_form", "unnamed_gold", "target_accuracy", "anchors_accuracy"} <= set(
        figures
    )
    assert figures["articles"] == 20
    assert {"accuracy", "precision", "abstention", "correct", "wrong", "abstained", "unmatched"} <= set(
        figures["overall"]
    )
    assert set(figures["by_form"]) == {"name", "pronoun", "nominal"}


def test_train_gold_parses() -> None:
    from saidwhat.eval.speakers import GOLD_BY_SPLIT

    gold = load_gold(GOLD_BY_SPLIT[Split.TRAIN])
    assert len(gold) == 543
    assert all(g.named == (g.speaker is not None) for g in gold)
    assert len({g.article for g in gold}) == 25


@needs_polnear
def test_train_gold_is_every_34th_train_article_and_grounded() -> None:
    from saidwhat.eval.speakers import GOLD_BY_SPLIT

    gold = load_gold(GOLD_BY_SPLIT[Split.TRAIN])
    docs = {doc.id: doc for doc in list(read_polnear(REAL, Split.TRAIN))[::34][:25]}
    assert {g.article for g in gold} == set(docs)
    annotated = {(g.article, g.source) for g in gold}
    for row in gold:
        start, end = row.source
        assert docs[row.article].text[start:end] == row.source_text
    for doc in docs.values():
        for attribution in doc.attributions:
            if attribution.source:
                assert (doc.id, attribution.source[0]) in annotated


@needs_polnear
def test_cli_split_train() -> None:
    result = CliRunner().invoke(app, ["eval", "speakers", "--split", "train", "--data", str(REAL), "--json"])
    assert result.exit_code == 0, result.output
    figures = json.loads(result.stdout)
    assert figures["split"] == "train"
    assert figures["articles"] == 25
