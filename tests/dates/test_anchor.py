"""Anchoring rules, on hand-built expressions with hand-computed calendar expectations.

Calendar facts used below (checked against a printed calendar): 2022-03-05 is a Saturday, 2022-03-04
a Friday, 2022-03-03 a Thursday, 2022-02-28 a Monday; 2024-01-01 is a Monday and 2023-12-29 a Friday;
2024-02-29 exists (leap year) and 2024-03-01 is a Friday; 2021-01-01 is a Friday in ISO week 2020-W53.
"""

from __future__ import annotations

from datetime import date

import pytest

from saidwhat.dates.anchor import (
    ELSEWHERE,
    NO_PUBLICATION_DATE,
    NO_YEAR,
    TENSE_UNKNOWN,
    VAGUE,
    add_months,
    parse_published,
    resolve,
)
from saidwhat.dates.expressions import Expression, Kind, Shift, Unit
from saidwhat.dates.tense import Tense
from saidwhat.model import Granularity

FRIDAY, THURSDAY, MONDAY = 4, 3, 0


def weekday(day: int, shift: Shift | None = None) -> Expression:
    return Expression(0, 6, Kind.WEEKDAY, weekday=day, shift=shift)


@pytest.mark.parametrize(
    ("published", "tense", "expected"),
    [
        (date(2022, 3, 5), Tense.PAST, "2022-03-04"),  # Saturday: the day before
        (date(2022, 3, 4), Tense.PAST, "2022-03-04"),  # a Friday itself: that day
        (date(2022, 3, 3), Tense.PAST, "2022-02-25"),  # Thursday: six days before
        (date(2022, 2, 28), Tense.PAST, "2022-02-25"),  # Monday: three days before
        (date(2022, 3, 6), Tense.PERFECT, "2022-03-04"),
        (date(2022, 3, 5), Tense.UNKNOWN, "2022-03-04"),
        (date(2024, 1, 1), Tense.PAST, "2023-12-29"),  # across the year
        (date(2022, 3, 5), Tense.FUTURE, "2022-03-11"),
        (date(2022, 3, 4), Tense.FUTURE, "2022-03-04"),
        (date(2022, 3, 3), Tense.FUTURE, "2022-03-04"),
        (date(2022, 3, 6), Tense.PRESENT, "2022-03-11"),
    ],
)
def test_weekday_follows_the_tense(published: date, tense: Tense, expected: str) -> None:
    resolved = resolve(weekday(FRIDAY), published, tense)
    assert (resolved.value, resolved.granularity, resolved.relative) == (expected, Granularity.DAY, True)


def test_weekday_with_unknown_tense_says_so() -> None:
    assert resolve(weekday(FRIDAY), date(2022, 3, 5), Tense.UNKNOWN).note == TENSE_UNKNOWN
    assert resolve(weekday(FRIDAY), date(2022, 3, 5), Tense.PAST).note is None


@pytest.mark.parametrize(
    ("day", "shift", "published", "expected"),
    [
        (FRIDAY, Shift.LAST, date(2022, 3, 4), "2022-02-25"),  # strictly before a Friday
        (FRIDAY, Shift.LAST, date(2022, 3, 5), "2022-03-04"),
        (FRIDAY, Shift.NEXT, date(2022, 3, 4), "2022-03-11"),  # strictly after a Friday
        (FRIDAY, Shift.NEXT, date(2022, 3, 3), "2022-03-04"),
        (THURSDAY, Shift.LAST, date(2024, 3, 1), "2024-02-29"),  # leap day
        (MONDAY, Shift.NEXT, date(2023, 12, 31), "2024-01-01"),
    ],
)
def test_last_and_next_weekday_ignore_the_tense(
    day: int, shift: Shift, published: date, expected: str
) -> None:
    for tense in (Tense.PAST, Tense.FUTURE):
        assert resolve(weekday(day, shift), published, tense).value == expected


@pytest.mark.parametrize(
    ("month", "day", "tense", "published", "expected"),
    [
        (2, 24, Tense.PAST, date(2022, 3, 5), "2022-02-24"),
        (3, 10, Tense.PAST, date(2022, 3, 5), "2021-03-10"),  # after publication: the year before
        (3, 5, Tense.PAST, date(2022, 3, 5), "2022-03-05"),
        (3, 10, Tense.FUTURE, date(2022, 3, 5), "2022-03-10"),
        (2, 24, Tense.FUTURE, date(2022, 3, 5), "2023-02-24"),
        (12, 31, Tense.PAST, date(2022, 1, 2), "2021-12-31"),
    ],
)
def test_day_of_month_without_year(
    month: int, day: int, tense: Tense, published: date, expected: str
) -> None:
    expression = Expression(0, 11, Kind.DATE, month=month, day=day)
    resolved = resolve(expression, published, tense)
    assert (resolved.value, resolved.relative) == (expected, True)


def test_day_of_month_without_year_or_publication_date_is_null() -> None:
    resolved = resolve(Expression(0, 11, Kind.DATE, month=2, day=24), None, Tense.PAST)
    assert (resolved.value, resolved.granularity, resolved.note) == (None, Granularity.DAY, NO_YEAR)


def test_absolute_dates_need_no_publication_date() -> None:
    full = resolve(Expression(0, 17, Kind.DATE, year=2022, month=2, day=24), None, Tense.PAST)
    assert (full.value, full.relative, full.note) == ("2022-02-24", False, None)
    assert resolve(Expression(0, 4, Kind.YEAR, year=2014), None, Tense.PAST).value == "2014"
    assert resolve(Expression(0, 5, Kind.DECADE, year=1990), None, Tense.PAST).value == "1990/1999"
    quarter = resolve(Expression(0, 7, Kind.QUARTER, year=2021, quarter=3), None, Tense.PAST)
    assert (quarter.value, quarter.granularity) == ("2021-07-01/2021-09-30", Granularity.QUARTER)


def test_impossible_day_is_null_with_a_note() -> None:
    resolved = resolve(Expression(0, 11, Kind.DATE, month=2, day=29), date(2022, 3, 5), Tense.PAST)
    assert resolved.value is None
    assert resolved.note == "no such day: 2022-02-29"


@pytest.mark.parametrize(
    ("month", "shift", "tense", "expected"),
    [
        (2, None, Tense.PAST, "2022-02"),
        (4, None, Tense.PAST, "2021-04"),
        (3, None, Tense.PAST, "2022-03"),
        (4, None, Tense.FUTURE, "2022-04"),
        (2, None, Tense.FUTURE, "2023-02"),
        (3, None, Tense.FUTURE, "2022-03"),
        (3, Shift.LAST, Tense.PAST, "2021-03"),  # "last March", in March: a year ago
        (2, Shift.LAST, Tense.PAST, "2022-02"),
        (3, Shift.NEXT, Tense.FUTURE, "2023-03"),
        (3, Shift.THIS, Tense.PAST, "2022-03"),
    ],
)
def test_month_without_year(month: int, shift: Shift | None, tense: Tense, expected: str) -> None:
    expression = Expression(0, 5, Kind.MONTH, month=month, shift=shift)
    resolved = resolve(expression, date(2022, 3, 5), tense)
    assert (resolved.value, resolved.granularity) == (expected, Granularity.MONTH)


@pytest.mark.parametrize(
    ("unit", "shift", "published", "expected", "granularity"),
    [
        (Unit.WEEK, Shift.THIS, date(2022, 3, 5), "2022-W09", Granularity.WEEK),
        (Unit.WEEK, Shift.LAST, date(2022, 3, 5), "2022-W08", Granularity.WEEK),
        (Unit.WEEK, Shift.NEXT, date(2022, 3, 5), "2022-W10", Granularity.WEEK),
        (Unit.WEEK, Shift.THIS, date(2021, 1, 1), "2020-W53", Granularity.WEEK),
        (Unit.MONTH, Shift.LAST, date(2022, 3, 5), "2022-02", Granularity.MONTH),
        (Unit.MONTH, Shift.LAST, date(2022, 1, 15), "2021-12", Granularity.MONTH),
        (Unit.YEAR, Shift.NEXT, date(2022, 3, 5), "2023", Granularity.YEAR),
        (Unit.YEAR, Shift.LAST, date(2022, 3, 5), "2021", Granularity.YEAR),
        (Unit.WEEKEND, Shift.LAST, date(2022, 3, 9), "2022-03-05/2022-03-06", Granularity.DAY),
        (Unit.QUARTER, Shift.THIS, date(2022, 3, 5), "2022-01-01/2022-03-31", Granularity.QUARTER),
        (Unit.DECADE, Shift.THIS, date(2022, 3, 5), "2020/2029", Granularity.DECADE),
    ],
)
def test_calendar_units(
    unit: Unit, shift: Shift, published: date, expected: str, granularity: Granularity
) -> None:
    resolved = resolve(Expression(0, 9, Kind.CALENDAR, unit=unit, shift=shift), published, Tense.PAST)
    assert (resolved.value, resolved.granularity, resolved.relative) == (expected, granularity, True)


@pytest.mark.parametrize(
    ("unit", "amount", "published", "expected"),
    [
        (Unit.DAY, 3, date(2022, 3, 5), "2022-03-02"),
        (Unit.WEEK, 2, date(2022, 3, 5), "2022-W07"),  # 2022-02-19
        (Unit.MONTH, 2, date(2022, 3, 31), "2022-01"),
        (Unit.YEAR, 1, date(2022, 3, 5), "2021"),
    ],
)
def test_ago(unit: Unit, amount: int, published: date, expected: str) -> None:
    expression = Expression(0, 13, Kind.AGO, unit=unit, amount=amount, shift=Shift.LAST)
    assert resolve(expression, published, Tense.PAST).value == expected


@pytest.mark.parametrize(
    ("shift", "tense", "published", "expected", "relative"),
    [
        (None, Tense.PERFECT, date(2022, 3, 5), "2014-03-05/2022-03-05", True),  # "have been tortured for"
        (None, Tense.PRESENT, date(2022, 3, 5), "2014-03-05/2022-03-05", True),
        (None, Tense.FUTURE, date(2022, 3, 5), "2022-03-05/2030-03-05", True),
        (None, Tense.PAST, date(2022, 3, 5), "P8Y", False),  # "he served for eight years"
        (None, Tense.UNKNOWN, None, "P8Y", False),
        (Shift.PAST, Tense.PAST, date(2022, 3, 5), "2014-03-05/2022-03-05", True),  # "the past eight years"
        (Shift.COMING, Tense.PAST, date(2022, 3, 5), "2022-03-05/2030-03-05", True),
        (None, Tense.PERFECT, date(2024, 2, 29), "2016-02-29/2024-02-29", True),
    ],
)
def test_durations(
    shift: Shift | None, tense: Tense, published: date | None, expected: str, relative: bool
) -> None:
    expression = Expression(0, 15, Kind.DURATION, unit=Unit.YEAR, amount=8, shift=shift)
    resolved = resolve(expression, published, tense)
    assert (resolved.value, resolved.granularity, resolved.relative) == (
        expected,
        Granularity.DURATION,
        relative,
    )


def test_leap_day_minus_a_year_is_clamped() -> None:
    assert add_months(date(2024, 2, 29), -12) == date(2023, 2, 28)
    expression = Expression(0, 12, Kind.DURATION, unit=Unit.YEAR, amount=1, shift=Shift.PAST)
    assert resolve(expression, date(2024, 2, 29), Tense.PAST).value == "2023-02-28/2024-02-29"


def test_since_runs_to_the_publication_date() -> None:
    year = Expression(6, 10, Kind.YEAR, year=2014)
    since = Expression(0, 10, Kind.SINCE, inner=year)
    assert resolve(since, date(2022, 3, 5), Tense.PERFECT).value == "2014/2022-03-05"
    day = Expression(6, 17, Kind.DATE, month=2, day=24)
    assert resolve(Expression(0, 17, Kind.SINCE, inner=day), date(2022, 3, 5), Tense.PERFECT).value == (
        "2022-02-24/2022-03-05"
    )
    assert resolve(since, None, Tense.PERFECT).note == NO_PUBLICATION_DATE


@pytest.mark.parametrize(
    ("tense", "published", "expected"),
    [
        (Tense.PAST, date(2022, 3, 7), "2022-03-05/2022-03-06"),  # Monday: the weekend just gone
        (Tense.PAST, date(2022, 3, 5), "2022-03-05/2022-03-06"),  # Saturday: this one
        (Tense.FUTURE, date(2022, 3, 2), "2022-03-05/2022-03-06"),
        (Tense.FUTURE, date(2022, 3, 6), "2022-03-05/2022-03-06"),  # Sunday: not over yet
    ],
)
def test_over_the_weekend(tense: Tense, published: date, expected: str) -> None:
    assert resolve(Expression(0, 16, Kind.WEEKEND, unit=Unit.WEEKEND), published, tense).value == expected


@pytest.mark.parametrize(
    "expression",
    [
        weekday(FRIDAY),
        Expression(0, 9, Kind.DAY_WORD, amount=-1),
        Expression(0, 10, Kind.CALENDAR, unit=Unit.MONTH, shift=Shift.LAST),
        Expression(0, 13, Kind.AGO, unit=Unit.WEEK, amount=2, shift=Shift.LAST),
        Expression(0, 15, Kind.DURATION, unit=Unit.YEAR, amount=8, shift=Shift.PAST),
        Expression(0, 11, Kind.MONTH, month=2),
    ],
)
def test_nothing_relative_is_guessed_without_a_publication_date(expression: Expression) -> None:
    resolved = resolve(expression, None, Tense.PAST)
    assert resolved.value is None
    assert resolved.relative is True
    assert resolved.note in (NO_PUBLICATION_DATE, NO_YEAR)


def test_expressions_anchored_elsewhere_or_vague_have_no_value() -> None:
    later = resolve(Expression(0, 14, Kind.ELSEWHERE, unit=Unit.DAY), date(2022, 3, 5), Tense.PAST)
    assert (later.value, later.relative, later.note) == (None, False, ELSEWHERE)
    vague = resolve(Expression(0, 15, Kind.VAGUE, unit=Unit.WEEK), date(2022, 3, 5), Tense.PERFECT)
    assert (vague.value, vague.note) == (None, VAGUE)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("2022-03-05", date(2022, 3, 5)),
        ("2022-03-05T23:30:00+03:00", date(2022, 3, 5)),  # the date as written, not converted to UTC
        ("March 5, 2022", None),
        ("", None),
        (None, None),
    ],
)
def test_parse_published(text: str | None, expected: date | None) -> None:
    assert parse_published(text) == expected
