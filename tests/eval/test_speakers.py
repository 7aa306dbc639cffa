"""Speaker-resolution evaluation: name matching, the shipped gold and ``saidwhat eval speakers``."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from saidwhat.cli import app
from saidwhat.eval.polnear import Split, read_polnear
from saidwhat.eval.speakers import (
    DEFAULT_GOLD,
    GoldSpeaker,
    SpeakerCase,
    calibration_figures,
    load_gold,
    same_entity,
    source_form,
)
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
    calibration = figures["calibration"]
    assert {"cases", "bins", "ece", "brier", "by_rule"} <= set(calibration)
    assert sum(row["count"] for row in calibration["bins"]) == calibration["cases"] > 0


def test_train_gold_parses() -> None:
    from saidwhat.eval.speakers import GOLD_BY_SPLIT

    gold = load_gold(GOLD_BY_SPLIT[Split.TRAIN])
    assert len(gold) == 4305
    assert all(g.named == (g.speaker is not None) for g in gold)
    assert len({g.article for g in gold}) == 175


@needs_polnear
def test_train_gold_is_the_readme_selection_and_grounded() -> None:
    from saidwhat.eval.speakers import GOLD_BY_SPLIT

    gold = load_gold(GOLD_BY_SPLIT[Split.TRAIN])
    train = list(read_polnear(REAL, Split.TRAIN))
    live_blogs = [doc for doc in train if "_the-latest-" in doc.id][:3]  # README: the first three live blogs
    first = train[::34][:25] + live_blogs
    halfway = train[17::34][:8]  # README: the enlargement of 2026-11-28
    more_blogs = [doc for doc in train if "_the-latest-" in doc.id and doc not in first + halfway][:2]
    second = train[8::34][:8]  # README: the second batch of 2026-11-28
    taken = first + halfway + more_blogs + second
    last_blogs = [doc for doc in train if "_the-latest-" in doc.id and doc not in taken][:2]
    taken += last_blogs
    third = train[25::34][:8]  # README: the third batch, less its article with no source
    final_blog = [doc for doc in train if "_the-latest-" in doc.id and doc not in taken + third][:1]
    third = [doc for doc in third if any(a.source for a in doc.attributions)]
    taken += third + final_blog
    # README: the fourth batch, batches five and six, then batches seven to fifteen: each the first ten
    # of every 34th train article from an offset not already taken, less any with no source
    for offset in (4, 12, 29, 21, 2, 6, 10, 14, 19, 23, 27, 31):
        batch = [doc for doc in train[offset::34] if doc not in taken][:10]
        taken += [doc for doc in batch if any(a.source for a in doc.attributions)]
    docs = {doc.id: doc for doc in taken}
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
    assert figures["articles"] == 175


def _calibration_case(confidence: float, right: bool, rule: str = "surname") -> SpeakerCase:
    return SpeakerCase("a", "x", "X", None, "name", "correct", confidence, right, rule, confidence)


def test_calibration_bins_on_a_small_case() -> None:
    cases = [
        _calibration_case(0.0, False, "none"),  # no candidate at all
        _calibration_case(0.4, True, "pronoun_gender_known"),  # abstained, best candidate right
        _calibration_case(0.95, True),
        _calibration_case(0.95, True),
        _calibration_case(0.95, False),
        _calibration_case(0.55, True),
    ]
    figures = calibration_figures(cases)
    bins = {row["bin"]: row for row in figures["bins"]}
    assert [row["bin"] for row in figures["bins"]] == [
        "<0.5",
        "0.5-0.6",
        "0.6-0.7",
        "0.7-0.8",
        "0.8-0.9",
        "0.9-1.0",
    ]
    assert (bins["<0.5"]["count"], bins["<0.5"]["mean_confidence"], bins["<0.5"]["accuracy"]) == (2, 0.2, 0.5)
    assert (bins["0.5-0.6"]["count"], bins["0.5-0.6"]["accuracy"]) == (1, 1.0)
    assert (bins["0.9-1.0"]["count"], bins["0.9-1.0"]["mean_confidence"]) == (3, 0.95)
    assert bins["0.9-1.0"]["accuracy"] == pytest.approx(0.667, abs=1e-3)
    assert bins["0.7-0.8"]["count"] == 0
    # ECE = 2/6·|0.5 − 0.2| + 1/6·|1 − 0.55| + 3/6·|2/3 − 0.95|
    expected_ece = 2 / 6 * 0.3 + 1 / 6 * 0.45 + 3 / 6 * (0.95 - 2 / 3)
    assert figures["ece"] == pytest.approx(expected_ece, abs=1e-4)
    expected_brier = (0 + 0.36 + 0.0025 * 2 + 0.9025 + 0.2025) / 6
    assert figures["brier"] == pytest.approx(expected_brier, abs=1e-4)
    assert figures["cases"] == 6 and figures["committed"] == 4
    assert figures["by_rule"]["surname"]["count"] == 4


def test_top_candidate_of_an_abstention_and_of_unnamed_gold() -> None:
    from saidwhat.eval.speakers import _case
    from saidwhat.model import Attribution, AttributionKind, Span, Speaker, SpeakerCandidate

    clinton = Speaker(id="E1", name="Hillary Clinton", type=EntityType.PERSON)
    aides = Speaker(id="E9", name="Clinton aides", type=EntityType.GROUP)

    def attribution(
        speaker: Speaker | None, candidate: Speaker, score: float, explanation: str
    ) -> Attribution:
        return Attribution(
            id="A1",
            kind=AttributionKind.INDIRECT,
            cue=None,
            content=[Span(start=0, end=1, text="x")],
            source=None,
            speaker=speaker,
            confidence=score,
            candidates=[SpeakerCandidate(speaker=candidate, score=score)],
            resolution=explanation,
        )

    named = GoldSpeaker("a", (0, 1), "she", "Hillary Clinton", True, EntityType.PERSON)
    abstained = _case(named, attribution(None, clinton, 0.42, "… [pronoun_gender_known 0.7 → 0.42]"))
    assert (abstained.outcome, abstained.confidence, abstained.top_right) == ("abstained", 0.42, True)
    assert (abstained.rule, abstained.raw_confidence) == ("pronoun_gender_known", 0.7)
    unnamed = GoldSpeaker("a", (0, 1), "Clinton aides", None, False, EntityType.GROUP)
    own = _case(unnamed, attribution(aides, aides, 0.8, "… [new_nominal 0.8, unnamed referent]"))
    assert (own.outcome, own.top_right) == ("unnamed", True)
    wrong = _case(unnamed, attribution(clinton, clinton, 0.9, "… [partial_name 0.9]"))
    assert (wrong.outcome, wrong.top_right) == ("unnamed", False)
