"""Chart geometry for the Outlets and Speakers pages, drawn as inline SVG by the templates.

No chart library: a stacked bar and a row of monthly bars are a few rectangles, computed here so the
templates only place them (every label still goes through Jinja2's escaping).
"""

from __future__ import annotations

from dataclasses import dataclass

from saidwhat.model import Stance
from saidwhat.web.repository import OutletStats, SpeakerActivity

#: Stances in the order their bars are stacked; "none" is an attribution without a cue.
STANCES = (*(stance.value for stance in Stance), "none")
BAR_WIDTH = 360  # px of a 100 % stacked bar
MONTH_WIDTH = 9  # px per month in a speaker's timeline
TIMELINE_HEIGHT = 36
MAX_MONTHS = 48  # the most recent months shown
HEAT_LEVELS = 5


@dataclass(frozen=True, slots=True)
class Rect:
    x: float
    y: float
    width: float
    height: float
    css_class: str
    label: str


@dataclass(frozen=True, slots=True)
class OutletChart:
    outlet: str
    articles: int
    attributions: int
    bar: list[Rect]
    #: Technique name -> (uses per 100 articles, heat level 0..HEAT_LEVELS).
    techniques: dict[str, tuple[float, int]]


def outlet_charts(stats: list[OutletStats]) -> tuple[list[OutletChart], list[str]]:
    """One stance bar per outlet, the technique heat table, and the techniques that occur (columns)."""
    techniques = sorted({name for row in stats for name in row.techniques})
    rates = [
        {name: 100 * row.techniques.get(name, 0) / max(1, row.articles) for name in techniques}
        for row in stats
    ]
    top = max((rate for row in rates for rate in row.values()), default=0.0)
    charts = [
        OutletChart(
            outlet=row.outlet,
            articles=row.articles,
            attributions=sum(row.stances.values()),
            bar=stance_bar(row.stances),
            techniques={name: (rate, _heat(rate, top)) for name, rate in rowrates.items()},
        )
        for row, rowrates in zip(stats, rates, strict=True)
    ]
    return charts, techniques


def stance_bar(counts: dict[str, int]) -> list[Rect]:
    total = sum(counts.values())
    rects: list[Rect] = []
    x = 0.0
    for stance in STANCES:
        n = counts.get(stance, 0)
        if not n:
            continue
        width = BAR_WIDTH * n / total
        share = 100 * n / total
        rects.append(Rect(x, 0, width, 18, f"st-{stance}", f"{stance}: {n} ({share:.0f} %)"))
        x += width
    return rects


def _heat(rate: float, top: float) -> int:
    if rate <= 0 or top <= 0:
        return 0
    return max(1, round(HEAT_LEVELS * rate / top))


@dataclass(frozen=True, slots=True)
class SpeakerChart:
    speaker: str
    attributions: int
    bars: list[Rect]


def speaker_charts(activity: list[SpeakerActivity]) -> tuple[list[SpeakerChart], list[str]]:
    """Per speaker, a bar per month on one shared axis (the months spanned, at most MAX_MONTHS)."""
    months = month_axis({month for row in activity for month in row.months})
    top = max((row.months.get(month, 0) for row in activity for month in months), default=0)
    charts = []
    for row in activity:
        bars = []
        for i, month in enumerate(months):
            n = row.months.get(month, 0)
            if n:
                height = max(1.0, TIMELINE_HEIGHT * n / top)
                x = i * MONTH_WIDTH
                y = TIMELINE_HEIGHT - height
                bars.append(Rect(x, y, MONTH_WIDTH - 1, height, "month", f"{month}: {n}"))
        charts.append(SpeakerChart(speaker=row.speaker, attributions=row.attributions, bars=bars))
    return charts, months


def month_axis(months: set[str]) -> list[str]:
    """Every month from the first to the last given, the last MAX_MONTHS of them."""
    if not months:
        return []
    first, last = min(months), max(months)
    year, month = int(first[:4]), int(first[5:7])
    axis = []
    while f"{year:04d}-{month:02d}" <= last:
        axis.append(f"{year:04d}-{month:02d}")
        year, month = (year + 1, 1) if month == 12 else (year, month + 1)
    return axis[-MAX_MONTHS:]
