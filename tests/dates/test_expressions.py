"""Finding date expressions in real news sentences, including where spaCy's DATE entities go wrong."""

from __future__ import annotations

from pathlib import Path

import pytest
from spacy.language import Language

from saidwhat.dates import expressions
from saidwhat.dates.expressions import Expression, Kind, Shift, Unit, find_expressions, number


def found(nlp: Language, text: str) -> list[tuple[str, Kind]]:
    return [(text[e.start : e.end], e.kind) for e in find_expressions(nlp(text))]


def only(nlp: Language, text: str) -> Expression:
    expressions = find_expressions(nlp(text))
    assert len(expressions) == 1, [text[e.start : e.end] for e in expressions]
    return expressions[0]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # The words that decide the meaning are part of the span (spaCy's entity is "eight years").
        (
            "The goal is to protect the people who have been tortured for eight years by the Ukrainian "
            "regime.",
            [("for eight years", Kind.DURATION)],
        ),
        ("The war has killed thousands since February 24, 2022.", [("since February 24, 2022", Kind.SINCE)]),
        # Ages and rates are no dates (spaCy tags "50 years old" and "annual" DATE).
        ("He was 50 years old when he took office in 2014.", [("2014", Kind.YEAR)]),
        (
            "Prices rose 3% in the third quarter of 2021, the annual report said.",
            [("third quarter of 2021", Kind.QUARTER)],
        ),
        ("The plant produces oil once a year.", []),
        # Counts are no years; a year before a plural noun with a determiner is.
        (
            "More than 2000 people fled, and the 2000 troops left after the 2021 elections.",
            [("2021", Kind.YEAR)],
        ),
        # "May" the person and "the March on Washington" are no months; "in May" is.
        ("Theresa May said in May that the March on Washington had inspired her.", [("May", Kind.MONTH)]),
        ("USA Today reported the figures today.", [("today", Kind.DAY_WORD)]),
        # Anchored to another event, or vague: found, so that they can be reported as such.
        (
            "In recent weeks, troops have massed at the border, and two days later the shelling began.",
            [("In recent weeks", Kind.VAGUE), ("two days later", Kind.ELSEWHERE)],
        ),
        (
            "Zelensky served as an actor for eight years before he entered politics.",
            [("for eight years", Kind.DURATION)],
        ),
        (
            "Inflation will stay high for the next two years, the central bank said this morning.",
            [("for the next two years", Kind.DURATION), ("this morning", Kind.DAY_WORD)],
        ),
        (
            "The election is on Sunday, October 30th, and results are expected the next day.",
            [("Sunday, October 30th", Kind.DATE), ("the next day", Kind.ELSEWHERE)],
        ),
        (
            "In the 1990s and early 2000s, Ukraine was poorer; by mid-2014 the war had begun.",
            [("1990s", Kind.DECADE), ("early 2000s", Kind.DECADE), ("mid-2014", Kind.YEAR)],
        ),
        (
            "The deal was signed on Feb. 24 and took effect on the 1st of March.",
            [("Feb. 24", Kind.DATE), ("the 1st of March", Kind.DATE)],
        ),
        ("Officials met on 2022-03-01, a week ago.", [("2022-03-01", Kind.DATE), ("a week ago", Kind.AGO)]),
    ],
)
def test_find_expressions(nlp: Language, text: str, expected: list[tuple[str, Kind]]) -> None:
    assert found(nlp, text) == expected


def test_date_fields(nlp: Language) -> None:
    full = only(nlp, "The report was published on Friday, 25 February 2022.")
    assert (full.year, full.month, full.day, full.kind) == (2022, 2, 25, Kind.DATE)
    last = only(nlp, "The report was updated last Friday.")
    assert (last.weekday, last.shift) == (4, Shift.LAST)
    coming = only(nlp, "They will meet this coming Monday.")
    assert (coming.weekday, coming.shift) == (0, Shift.NEXT)
    ago = only(nlp, "The city fell two weeks ago.")
    assert (ago.unit, ago.amount, ago.shift) == (Unit.WEEK, 2, Shift.LAST)
    stretch = only(nlp, "Over the past decade, the city has grown.")
    assert (stretch.kind, stretch.unit, stretch.amount, stretch.shift) == (
        Kind.DURATION,
        Unit.DECADE,
        1,
        Shift.PAST,
    )
    approx = only(nlp, "The talks have gone on for more than twenty-five days.")
    assert (approx.amount, approx.part) == (25, "approximately")


def test_earlier_this_month_keeps_its_part(nlp: Language) -> None:
    expression = only(nlp, "Two thousand troops arrived earlier this month.")
    assert (expression.kind, expression.unit, expression.shift, expression.part) == (
        Kind.CALENDAR,
        Unit.MONTH,
        Shift.THIS,
        "earlier",
    )


@pytest.mark.parametrize(
    ("text", "value"), [("8", 8), ("eight", 8), ("twenty-five", 25), ("a", 1), ("Ninety", 90)]
)
def test_number(text: str, value: int) -> None:
    assert number(text) == value


EXAMPLE = Path(__file__).resolve().parents[2] / "examples" / "kremlin-peskov-interview.txt"


def test_running_the_grammar_around_trigger_words_loses_nothing(
    nlp: Language, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The grammar runs only near trigger words; over the whole text it must find the same."""
    texts = [
        EXAMPLE.read_text(encoding="utf-8"),
        "Peskov told reporters over the weekend, in the latest of a series of briefings given to foreign "
        "media outlets, that the talks were going to resume for at least a few weeks since last Friday.",
        "Zelensky served as an actor for eight years before he entered politics; the 1990s were different.",
    ]
    docs = [nlp(text) for text in texts]
    windowed = [find_expressions(doc) for doc in docs]
    monkeypatch.setattr(expressions, "_windows", lambda text: [(0, len(text))])
    assert windowed == [find_expressions(doc) for doc in docs]
    assert all(windowed)
