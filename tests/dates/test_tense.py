"""The tense of the clause around a date, which decides which weekday it names."""

from __future__ import annotations

import pytest
from spacy.language import Language

from saidwhat.dates.tense import Tense, tense_at


@pytest.mark.parametrize(
    ("text", "date", "tense"),
    [
        ("Peskov said on Friday that the talks would continue.", "Friday", Tense.PAST),
        # A participle takes the tense of the verb it depends on.
        (
            "Speaking as part of an interview with Sky News Arabia on Friday, Press Secretary Dmitry Peskov "
            "set out Russia’s objectives in the Eastern European nation.",
            "Friday",
            Tense.PAST,
        ),
        ("He had left Kyiv on Friday.", "Friday", Tense.PAST),
        (
            "Russian President Vladimir Putin ordered the invasion of Ukraine on February 24.",
            "February 24",
            Tense.PAST,
        ),
        ("The delegations will meet again on Monday.", "Monday", Tense.FUTURE),
        ("The talks are due to resume on Monday.", "Monday", Tense.FUTURE),
        ("Officials were going to meet on Monday, Peskov said.", "Monday", Tense.FUTURE),
        ("Peskov said the troops would withdraw on Monday.", "Monday", Tense.FUTURE),
        # "can" and "must" look ahead, even under a past verb
        ("Voters cared most about a candidate who can win in November.", "in November", Tense.FUTURE),
        ("The council said it must decide on Friday.", "Friday", Tense.FUTURE),
        (
            "The goal is to protect the people who have been tortured for eight years by the Ukrainian "
            "regime.",
            "for eight years",
            Tense.PERFECT,
        ),
        ("The summit begins on Monday.", "Monday", Tense.PRESENT),
        ("Putin is meeting Macron on Monday.", "Monday", Tense.PRESENT),
        ("Talks in Belarus, Monday", "Monday", Tense.UNKNOWN),  # a dateline: no verb
    ],
)
def test_tense_at(nlp: Language, text: str, date: str, tense: Tense) -> None:
    start = text.index(date)
    assert tense_at(nlp(text), start, start + len(date)) == tense
