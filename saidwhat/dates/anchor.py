"""Resolving date expressions against the article's publication date.

Rules (docs/entities-and-dates.md explains them with examples):

* A weekday, a day of a month without a year and a month without a year are read by the tense of
  their clause: in a past (or present perfect) clause, the latest one on or before the publication
  date ("said on Friday", published on a Saturday: the day before; published on a Friday: that day);
  in a present or future clause, the first one on or after it ("will meet on Friday"). With no verb
  to tell, they are read as past, as news mostly reports what happened, and the note says so.
* "last Friday" is the latest Friday strictly before the publication date, "next Friday" the first one
  strictly after; "last/this/next week, month, year" are calendar units (ISO weeks, Monday first).
* "for eight years" in a present perfect or present clause ("have been tortured for eight years") ends
  at the publication date; in a future clause it starts there; otherwise ("he served for eight years")
  it is only a length, an ISO 8601 duration ("P8Y"), anchored to nothing.
* Nothing relative is resolved without a publication date: the value is null and the note says why.
"""

from __future__ import annotations

import calendar
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, timedelta

from saidwhat.dates.expressions import Expression, Kind, Shift, Unit
from saidwhat.dates.tense import Tense
from saidwhat.model import Granularity

NO_PUBLICATION_DATE = "relative to the publication date, which is not known"
NO_YEAR = "no year given, and no publication date to take it from"
ELSEWHERE = "relative to another event in the text, not to the publication date"
VAGUE = "vague: no exact extent"
TENSE_UNKNOWN = "no verb to tell past from future: read as past"

_GRANULARITY = {
    Unit.DAY: Granularity.DAY,
    Unit.WEEK: Granularity.WEEK,
    Unit.WEEKEND: Granularity.DAY,
    Unit.MONTH: Granularity.MONTH,
    Unit.QUARTER: Granularity.QUARTER,
    Unit.YEAR: Granularity.YEAR,
    Unit.DECADE: Granularity.DECADE,
}
_ISO_DURATION = {Unit.DAY: "D", Unit.WEEK: "W", Unit.MONTH: "M", Unit.YEAR: "Y"}


@dataclass(frozen=True)
class Resolved:
    value: str | None
    granularity: Granularity
    relative: bool
    note: str | None = None


def parse_published(text: str | None) -> date | None:
    """The publication day from an ISO 8601 date or date-time ("2022-03-05T09:30:00+03:00" → that
    day, as written: the local date where it was published), or None."""
    if not text:
        return None
    try:
        return date.fromisoformat(text.strip()[:10])
    except ValueError:
        return None


def resolve(expression: Expression, published: date | None, tense: Tense) -> Resolved:
    """The value of ``expression`` for an article published on ``published`` (None if unknown)."""
    return _RESOLVERS[expression.kind](expression, published, tense)


# ---- calendar arithmetic -------------------------------------------------------------------------


def add_months(day: date, months: int) -> date:
    """``day`` moved by whole months, clamped to the end of a shorter month (31 March - 1 → 28 February)."""
    index = day.year * 12 + day.month - 1 + months
    year, month = divmod(index, 12)
    return date(year, month + 1, min(day.day, calendar.monthrange(year, month + 1)[1]))


def shift_by(day: date, unit: Unit, amount: int) -> date:
    """``day`` moved by ``amount`` units (negative: back)."""
    if unit in (Unit.DAY, Unit.WEEK, Unit.WEEKEND):
        return day + timedelta(days=amount * (7 if unit != Unit.DAY else 1))
    months = {Unit.MONTH: 1, Unit.QUARTER: 3, Unit.YEAR: 12, Unit.DECADE: 120}[unit]
    return add_months(day, amount * months)


def iso_week(day: date) -> str:
    year, week, _ = day.isocalendar()
    return f"{year}-W{week:02d}"


def quarter_interval(year: int, quarter: int) -> str:
    first = date(year, 3 * quarter - 2, 1)
    last = add_months(first, 3) - timedelta(days=1)
    return f"{first.isoformat()}/{last.isoformat()}"


def unit_value(day: date, unit: Unit) -> str:
    """The calendar unit containing ``day``, written in ISO 8601 (a week as "2022-W09")."""
    if unit == Unit.DAY:
        return day.isoformat()
    if unit == Unit.WEEK:
        return iso_week(day)
    if unit == Unit.WEEKEND:
        saturday = day + timedelta(days=5 - day.weekday())
        return f"{saturday.isoformat()}/{(saturday + timedelta(days=1)).isoformat()}"
    if unit == Unit.MONTH:
        return f"{day.year:04d}-{day.month:02d}"
    if unit == Unit.QUARTER:
        return quarter_interval(day.year, (day.month - 1) // 3 + 1)
    if unit == Unit.YEAR:
        return f"{day.year:04d}"
    decade = day.year - day.year % 10
    return f"{decade}/{decade + 9}"


def weekday_on_or_before(day: date, weekday: int) -> date:
    return day - timedelta(days=(day.weekday() - weekday) % 7)


def weekday_on_or_after(day: date, weekday: int) -> date:
    return day + timedelta(days=(weekday - day.weekday()) % 7)


def _looks_back(tense: Tense) -> bool:
    return tense in (Tense.PAST, Tense.PERFECT, Tense.UNKNOWN)


def _tense_note(tense: Tense) -> str | None:
    return TENSE_UNKNOWN if tense == Tense.UNKNOWN else None


def _part_note(expression: Expression) -> str | None:
    if expression.part is None:
        return None
    return f"{expression.part}: only part of the period is meant"


def _notes(*notes: str | None) -> str | None:
    return "; ".join(note for note in notes if note) or None


# ---- one resolver per kind -----------------------------------------------------------------------


def _date(expression: Expression, published: date | None, tense: Tense) -> Resolved:
    month, day = expression.month or 1, expression.day or 1
    if expression.year is not None:
        return _day_or_invalid(expression.year, month, day, relative=False)
    if published is None:
        return Resolved(None, Granularity.DAY, True, NO_YEAR)
    year = published.year
    if _looks_back(tense) and (month, day) > (published.month, published.day):
        year -= 1  # "on March 10", published 5 March 2022, past tense: 10 March 2021
    elif not _looks_back(tense) and (month, day) < (published.month, published.day):
        year += 1
    resolved = _day_or_invalid(year, month, day, relative=True)
    return Resolved(resolved.value, resolved.granularity, True, _notes(resolved.note, _tense_note(tense)))


def _day_or_invalid(year: int, month: int, day: int, *, relative: bool) -> Resolved:
    try:
        return Resolved(date(year, month, day).isoformat(), Granularity.DAY, relative)
    except ValueError:  # "February 30"
        return Resolved(None, Granularity.DAY, relative, f"no such day: {year}-{month:02d}-{day:02d}")


def _month(expression: Expression, published: date | None, tense: Tense) -> Resolved:
    month = expression.month or 1
    note = _part_note(expression)
    if expression.year is not None:
        return Resolved(f"{expression.year:04d}-{month:02d}", Granularity.MONTH, False, note)
    if published is None:
        return Resolved(None, Granularity.MONTH, True, _notes(NO_YEAR, note))
    year = _month_year(month, expression.shift, published, tense)
    tense_note = _tense_note(tense) if expression.shift is None else None
    return Resolved(f"{year:04d}-{month:02d}", Granularity.MONTH, True, _notes(note, tense_note))


def _month_year(month: int, shift: Shift | None, published: date, tense: Tense) -> int:
    """The year of a month named without one: "last March" is the latest March before the publication's
    month, "next March" the first after, "this March" the publication year's, a bare one by tense."""
    if shift == Shift.THIS:
        return published.year
    if shift == Shift.LAST or (shift is None and _looks_back(tense)):
        strict = shift == Shift.LAST
        before = month < published.month or (month == published.month and not strict)
        return published.year if before else published.year - 1
    after = month > published.month or (month == published.month and shift is None)
    return published.year if after else published.year + 1


def _year(expression: Expression, published: date | None, tense: Tense) -> Resolved:
    return Resolved(f"{expression.year:04d}", Granularity.YEAR, False, _part_note(expression))


def _decade(expression: Expression, published: date | None, tense: Tense) -> Resolved:
    start = expression.year or 0
    return Resolved(f"{start}/{start + 9}", Granularity.DECADE, False, _part_note(expression))


def _quarter(expression: Expression, published: date | None, tense: Tense) -> Resolved:
    quarter = expression.quarter or 1
    if expression.year is not None:
        return Resolved(quarter_interval(expression.year, quarter), Granularity.QUARTER, False)
    if published is None:
        return Resolved(None, Granularity.QUARTER, True, NO_YEAR)
    current = (published.month - 1) // 3 + 1
    year = published.year
    if _looks_back(tense) and quarter > current:
        year -= 1
    elif not _looks_back(tense) and quarter < current:
        year += 1
    return Resolved(quarter_interval(year, quarter), Granularity.QUARTER, True, _tense_note(tense))


def _weekday(expression: Expression, published: date | None, tense: Tense) -> Resolved:
    if published is None:
        return Resolved(None, Granularity.DAY, True, NO_PUBLICATION_DATE)
    weekday = expression.weekday or 0
    shift, note = expression.shift, None
    if shift == Shift.LAST:
        day = weekday_on_or_before(published - timedelta(days=1), weekday)
    elif shift == Shift.NEXT:
        day = weekday_on_or_after(published + timedelta(days=1), weekday)
    elif _looks_back(tense):  # "on Friday", "this Friday" in a past clause
        day, note = weekday_on_or_before(published, weekday), _tense_note(tense)
    else:
        day = weekday_on_or_after(published, weekday)
    return Resolved(day.isoformat(), Granularity.DAY, True, note)


def _day_word(expression: Expression, published: date | None, tense: Tense) -> Resolved:
    if published is None:
        return Resolved(None, Granularity.DAY, True, NO_PUBLICATION_DATE)
    return Resolved((published + timedelta(days=expression.amount or 0)).isoformat(), Granularity.DAY, True)


_CALENDAR_OFFSETS = {Shift.LAST: -1, Shift.THIS: 0, Shift.NEXT: 1}


def _calendar(expression: Expression, published: date | None, tense: Tense) -> Resolved:
    unit = expression.unit or Unit.DAY
    granularity = _GRANULARITY[unit]
    note = _part_note(expression)
    if published is None:
        return Resolved(None, granularity, True, _notes(NO_PUBLICATION_DATE, note))
    offset = _CALENDAR_OFFSETS.get(expression.shift or Shift.THIS, 0)
    return Resolved(unit_value(shift_by(published, unit, offset), unit), granularity, True, note)


def _weekend(expression: Expression, published: date | None, tense: Tense) -> Resolved:
    """ "over the weekend": the latest weekend that has begun by the publication in a past clause, the
    first that has not ended in a present or future one."""
    if published is None:
        return Resolved(None, Granularity.DAY, True, NO_PUBLICATION_DATE)
    if _looks_back(tense):
        saturday = weekday_on_or_before(published, 5)
    else:
        saturday = weekday_on_or_after(published - timedelta(days=1), 5)
    value = f"{saturday.isoformat()}/{(saturday + timedelta(days=1)).isoformat()}"
    return Resolved(value, Granularity.DAY, True, _tense_note(tense))


def _ago(expression: Expression, published: date | None, tense: Tense) -> Resolved:
    unit = expression.unit or Unit.DAY
    if published is None:
        return Resolved(None, _GRANULARITY[unit], True, NO_PUBLICATION_DATE)
    sign = -1 if expression.shift == Shift.LAST else 1
    day = shift_by(published, unit, sign * (expression.amount or 1))
    return Resolved(unit_value(day, unit), _GRANULARITY[unit], True)


def iso_duration(unit: Unit, amount: int) -> str:
    """ "P8Y", "P2W", "P3M": a length of time anchored to nothing."""
    if unit == Unit.DECADE:
        return f"P{10 * amount}Y"
    if unit == Unit.QUARTER:
        return f"P{3 * amount}M"
    if unit == Unit.WEEKEND:
        return f"P{2 * amount}D"
    return f"P{amount}{_ISO_DURATION[unit]}"


def _duration(expression: Expression, published: date | None, tense: Tense) -> Resolved:
    unit, amount = expression.unit or Unit.DAY, expression.amount or 1
    direction = _direction(expression.shift, tense)
    note = _part_note(expression)
    if direction is None:  # "he served for eight years", "eight years of war"
        return Resolved(iso_duration(unit, amount), Granularity.DURATION, False, note)
    if published is None:
        return Resolved(None, Granularity.DURATION, True, _notes(NO_PUBLICATION_DATE, note))
    other = shift_by(published, unit, direction * amount)
    first, last = sorted((other, published))
    return Resolved(f"{first.isoformat()}/{last.isoformat()}", Granularity.DURATION, True, note)


def _direction(shift: Shift | None, tense: Tense) -> int | None:
    """-1: the stretch ends at the publication; 1: it starts there; None: it is not anchored."""
    if shift == Shift.PAST:
        return -1
    if shift == Shift.COMING:
        return 1
    if tense in (Tense.PERFECT, Tense.PRESENT):  # "have been tortured for eight years"
        return -1
    return 1 if tense == Tense.FUTURE else None


def _since(expression: Expression, published: date | None, tense: Tense) -> Resolved:
    inner = expression.inner
    start = resolve(inner, published, Tense.PAST) if inner is not None else None
    if start is None or start.value is None:
        note = start.note if start is not None else None
        return Resolved(None, Granularity.DURATION, True, note)
    if published is None:
        return Resolved(None, Granularity.DURATION, True, NO_PUBLICATION_DATE)
    first = start.value.split("/")[0]
    return Resolved(f"{first}/{published.isoformat()}", Granularity.DURATION, True, start.note)


def _elsewhere(expression: Expression, published: date | None, tense: Tense) -> Resolved:
    return Resolved(None, _GRANULARITY[expression.unit or Unit.DAY], False, ELSEWHERE)


def _vague(expression: Expression, published: date | None, tense: Tense) -> Resolved:
    return Resolved(None, Granularity.DURATION, True, VAGUE)


_RESOLVERS: dict[Kind, Callable[[Expression, date | None, Tense], Resolved]] = {
    Kind.DATE: _date,
    Kind.MONTH: _month,
    Kind.YEAR: _year,
    Kind.DECADE: _decade,
    Kind.QUARTER: _quarter,
    Kind.WEEKDAY: _weekday,
    Kind.DAY_WORD: _day_word,
    Kind.CALENDAR: _calendar,
    Kind.WEEKEND: _weekend,
    Kind.AGO: _ago,
    Kind.DURATION: _duration,
    Kind.SINCE: _since,
    Kind.ELSEWHERE: _elsewhere,
    Kind.VAGUE: _vague,
}
