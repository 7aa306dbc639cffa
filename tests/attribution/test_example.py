"""The canonical example, end to end: every attribution in the Kremlin interview report, each
speaker resolved, and none from the outlet's own sentences."""

from __future__ import annotations

from pathlib import Path

import pytest

import saidwhat
from saidwhat import Analysis, AttributionKind, EntityType

EXAMPLE = Path(__file__).resolve().parents[2] / "examples" / "kremlin-peskov-interview.txt"

# (source as written, cue, kind, resolved speaker, speaker type), in text order.
EXPECTED = [
    ("the Kremlin", "has claimed", AttributionKind.INDIRECT, "Kremlin", EntityType.ORGANIZATION),
    # A speech act whose content is its topic, as PolNeAR annotates "discussed …" below.
    (
        "Press Secretary Dmitry Peskov",
        "set out",
        AttributionKind.INDIRECT,
        "Dmitry Peskov",
        EntityType.PERSON,
    ),
    ("he", "claimed", AttributionKind.DIRECT, "Dmitry Peskov", EntityType.PERSON),
    ("Peskov", "arguing", AttributionKind.DIRECT, "Dmitry Peskov", EntityType.PERSON),
    ("Moscow", "has repeatedly called", AttributionKind.MIXED, "Moscow", EntityType.PLACE),
    ("the Kremlin spokesman", "stated", AttributionKind.DIRECT, "Dmitry Peskov", EntityType.PERSON),
    ("Peskov", "said", AttributionKind.INDIRECT, "Dmitry Peskov", EntityType.PERSON),
    ("He", "went on to allege", AttributionKind.INDIRECT, "Dmitry Peskov", EntityType.PERSON),
    ("He", "insisted", AttributionKind.INDIRECT, "Dmitry Peskov", EntityType.PERSON),
    ("the two sides", "discussed", AttributionKind.INDIRECT, "the two sides", EntityType.GROUP),
    (
        "Russian President Vladimir Putin",
        "ordered",
        AttributionKind.INDIRECT,
        "Vladimir Putin",
        EntityType.PERSON,
    ),
    ("the Kremlin", "According to", AttributionKind.ACCORDING_TO, "Kremlin", EntityType.ORGANIZATION),
    ("they", "claimed", AttributionKind.MIXED, "the leaders of the republics", EntityType.GROUP),
]

OUTLET_SENTENCES = [
    "Moscow has issued more than 700,000 Russian passports to people living in the separatist-held",
    "The two breakaway territories in the Donbass are home to a large proportion of ethnic Russians",
    "The broadside from Peskov comes as representatives from Moscow and Kiev",
]


@pytest.fixture(scope="module")
def analysis() -> Analysis:
    return saidwhat.analyze(EXAMPLE.read_text(encoding="utf-8"))


def test_example_every_attribution_with_its_speaker(analysis: Analysis) -> None:
    found = [
        (
            a.source.text if a.source else None,
            a.cue.text if a.cue else None,
            a.kind,
            a.speaker.name if a.speaker else None,
            a.speaker.type if a.speaker else None,
        )
        for a in analysis.attributions
    ]
    assert found == EXPECTED


def test_example_contents(analysis: Analysis) -> None:
    contents = {a.cue.text if a.cue else "": [s.text for s in a.content] for a in analysis.attributions}
    assert contents["went on to allege"] == ["that Kiev had been planning an attack on the two republics"]
    assert contents["insisted"] == ["that Russia had to step in and demilitarize Ukraine to protect them"]
    assert contents["has repeatedly called"] == ["Kiev’s incorporation into the military bloc a “red line.”"]
    assert contents["stated"][0].startswith("“We do not aim") and contents["stated"][0].endswith("security,”")
    # "what they claimed was …": the content is discontinuous around the source and cue.
    they = analysis.attributions[-1]
    assert [s.text for s in they.content] == [
        "what",
        "was an uptick in “aggression” from Kiev’s armed forces",
    ]


def test_example_peskov_is_one_entity_with_his_role(analysis: Analysis) -> None:
    peskov = {a.speaker.id for a in analysis.attributions if a.speaker and a.speaker.name == "Dmitry Peskov"}
    assert len(peskov) == 1
    (entity,) = [e for e in analysis.entities if e.id in peskov]
    assert entity.role == "Press Secretary"
    assert sorted(m.text for m in entity.mentions) == ["Dmitry Peskov", "Peskov", "Peskov", "Peskov"]


def test_example_outlet_sentences_are_not_attributed(analysis: Analysis) -> None:
    text = analysis.article.text
    for sentence in OUTLET_SENTENCES:
        start = text.index(sentence)
        end = start + len(sentence)
        for attribution in analysis.attributions:
            for span in attribution.spans():
                assert span.end <= start or span.start >= end, (sentence, attribution.id)


def test_example_no_scare_quotes_inside_attributed_content(analysis: Analysis) -> None:
    # “red line.” and “aggression” are inside attributions (mixed quotes), not scare quotes.
    assert analysis.scare_quotes == []


def test_example_confident_speakers(analysis: Analysis) -> None:
    assert all(a.confidence >= 0.5 for a in analysis.attributions if a.speaker is not None)
    assert all(a.resolution for a in analysis.attributions)


@pytest.mark.parametrize("stray", ['"', "“", "”", "«", "'"])
def test_example_a_stray_quote_mark_loses_no_other_quotation(analysis: Analysis, stray: str) -> None:
    text = analysis.article.text
    broken = text.replace("Speaking as part of", f"Speaking {stray}as part of", 1)
    damaged = saidwhat.analyze(broken)
    direct = [a.cue.text for a in analysis.attributions if a.kind == AttributionKind.DIRECT and a.cue]
    assert [a.cue.text for a in damaged.attributions if a.kind == AttributionKind.DIRECT and a.cue] == direct
