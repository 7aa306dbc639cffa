"""The terminal view: per article a heading, a who-said-what table, then the framing.

The framing follows the table: each speaker's stance profile, the outlet's own assertions (what a
fact-checker reads first), scare quotes and partial quotations, persuasion techniques, dates and the
canonical names of entities. A part with nothing to show is left out.

Column widths are fixed (the content column takes the rest), so tables of different articles line
up and the output is the same on a terminal, in a pipe or in a file (no colour codes off a TTY).
"""

from __future__ import annotations

from typing import TextIO

from rich.console import Console, Group, RenderableType
from rich.padding import Padding
from rich.table import Table
from rich.text import Text

from saidwhat.framing.quotes import partial_quotations_of
from saidwhat.model import Analysis, Attribution, Stance
from saidwhat.render.common import (
    KIND_LABELS,
    article_byline,
    article_title,
    attribution_numbers,
    canonical_names,
    claimant_label,
    content_text,
    factor_summary,
    one_line,
    outlet_assertions,
    speaker_label,
    stance_text,
    technique_user,
    truncate,
    voice_summary,
)

#: Width used when the output is not a terminal (rich would otherwise fall back to 80).
PIPE_WIDTH = 120
#: Characters of content shown per attribution; the JSON output has it in full.
CONTENT_LIMIT = 200
#: Characters shown of an outlet assertion or a scare quote's sentence.
SENTENCE_LIMIT = 300


class TableRenderer:
    def __init__(self, out: TextIO) -> None:
        is_tty = out.isatty()
        self._console = Console(
            file=out,
            width=None if is_tty else PIPE_WIDTH,
            force_terminal=is_tty,
            no_color=not is_tty,
            highlight=False,
            emoji=False,
        )
        self._written = 0

    def write(self, analysis: Analysis) -> None:
        if self._written:
            self._console.print()
        self._written += 1
        self._print_heading(analysis)
        self._console.print(attribution_table(analysis))
        for part in framing_parts(analysis):
            self._console.print(part)

    def close(self) -> None:
        self._console.file.flush()

    def _print_heading(self, analysis: Analysis) -> None:
        self._console.rule(Text(one_line(article_title(analysis)), style="bold"), align="left")
        byline = article_byline(analysis)
        if byline:
            self._console.print(Text(one_line(byline), style="dim"))


def attribution_table(analysis: Analysis) -> Table:
    """The who-said-what table of one analysis (a header and a caption even when it is empty)."""
    table = Table(expand=True, show_lines=False, header_style="bold")
    table.add_column("#", justify="right", width=3, no_wrap=True)
    table.add_column("kind", width=12, no_wrap=True)
    table.add_column("speaker", width=24, overflow="fold")
    table.add_column("cue", width=13, overflow="fold")
    table.add_column("stance", width=10, no_wrap=True)
    table.add_column("content", ratio=1, min_width=30, overflow="fold")
    table.add_column("conf.", justify="right", width=5, no_wrap=True)
    for number, attribution in enumerate(analysis.attributions, start=1):
        # Text cells, never str: rich would read "[of the Donbass]" in a quotation as markup.
        table.add_row(
            Text(str(number)),
            Text(KIND_LABELS[attribution.kind]),
            speaker_cell(attribution),
            Text(one_line(attribution.cue.text) if attribution.cue else "—"),
            Text(stance_text(attribution)),
            Text(truncate(content_text(attribution), CONTENT_LIMIT)),
            Text(f"{attribution.confidence:.2f}"),
        )
    if not analysis.attributions:
        table.caption = "no attributions found"
    return table


def speaker_cell(attribution: Attribution) -> Text:
    """The resolved speaker, or the source mention in italics marked "unresolved"."""
    if attribution.speaker is not None:
        return Text(speaker_label(attribution))
    if attribution.source is None:
        return Text("unresolved", style="dim")
    cell = Text(one_line(attribution.source.text), style="italic")
    cell.append(" unresolved", style="dim")
    return cell


def framing_parts(analysis: Analysis) -> list[RenderableType]:
    """What the framing stage (and the techniques and dates stages) found, each part when non-empty."""
    parts: list[RenderableType | None] = [
        claim_table(analysis),
        profile_table(analysis),
        assertion_list(analysis),
        scare_quote_list(analysis),
        partial_quotation_list(analysis),
        technique_table(analysis),
        date_table(analysis),
        canonical_line(analysis),
    ]
    return [part for part in parts if part is not None]


def profile_table(analysis: Analysis) -> Table | None:
    """Per speaker, how many of the cues used for them express each stance."""
    if not analysis.stance_profiles:
        return None
    table = Table(title="Stance of the cues, per speaker", title_justify="left", expand=True)
    table.add_column("speaker", width=24, overflow="fold")
    for stance in Stance:
        table.add_column(stance.value, justify="right", width=10, no_wrap=True)
    table.add_column("dominant", width=10, no_wrap=True)
    table.add_column("cues", ratio=1, overflow="fold")
    for profile in analysis.stance_profiles:
        table.add_row(
            Text(profile.name),
            *(Text(str(profile.counts.get(stance, 0))) for stance in Stance),
            Text(profile.dominant.value if profile.dominant else "—"),
            Text(", ".join(one_line(cue) for cue in profile.cues)),
        )
    return table


def assertion_list(analysis: Analysis) -> Group | None:
    """The outlet's own, unattributed statements, numbered, with how the article's voice divides."""
    if not analysis.voice:
        return None
    assertions = outlet_assertions(analysis)
    heading = Text("The outlet's own assertions", style="bold")
    heading.append(f" (unattributed; {voice_summary(analysis)})")
    rows = [
        (Text(f"O{number}"), Text(truncate(one_line(segment.span.text), SENTENCE_LIMIT)))
        for number, segment in enumerate(assertions, start=1)
    ]
    if not rows:
        rows = [(Text(""), Text("none: every sentence is reported or introduces a report", style="dim"))]
    return _listing(heading, rows)


def scare_quote_list(analysis: Analysis) -> Group | None:
    if not analysis.scare_quotes:
        return None
    heading = Text("Scare quotes", style="bold")
    heading.append(" (quoted words no one is reported to have said), with their sentence")
    rows = [
        (
            Text(one_line(quote.span.text)),
            Text(truncate(one_line(quote.sentence.text), SENTENCE_LIMIT), style="dim"),
        )
        for quote in analysis.scare_quotes
    ]
    return _listing(heading, rows)


def partial_quotation_list(analysis: Analysis) -> Group | None:
    partials = partial_quotations_of(analysis)
    if not partials:
        return None
    numbers = attribution_numbers(analysis)
    heading = Text("Partial quotations", style="bold")
    heading.append(" (the speaker's own words quoted inside reported content)")
    rows = [
        (
            Text(truncate(one_line(partial.span.text), CONTENT_LIMIT)),
            Text(f"#{numbers[partial.attribution.id]} ") + speaker_cell(partial.attribution),
        )
        for partial in partials
    ]
    return _listing(heading, rows)


def _listing(heading: Text, rows: list[tuple[Text, Text]]) -> Group:
    """A heading over an indented two-column list whose long entries wrap under themselves."""
    grid = Table.grid(padding=(0, 2))
    grid.add_column(max_width=PIPE_WIDTH // 2, overflow="fold")
    grid.add_column(ratio=1, overflow="fold")
    for row in rows:
        grid.add_row(*row)
    return Group(heading, Padding(grid, (0, 0, 0, 2)))


def claim_table(analysis: Analysis) -> Table | None:
    """The claims, most check-worthy first: score, words, kind, claimant and the strongest reasons."""
    if not analysis.claims:
        return None
    table = Table(title="Claims, most check-worthy first", title_justify="left", expand=True)
    table.add_column("score", justify="right", width=5, no_wrap=True)
    table.add_column("claim", ratio=1, overflow="fold")
    table.add_column("kind", width=10, no_wrap=True)
    table.add_column("claimant", width=20, overflow="fold")
    table.add_column("why", width=40, overflow="fold")
    for claim in analysis.claims:
        worthy = claim.checkworthiness >= 0.5
        table.add_row(
            Text(f"{claim.checkworthiness:.2f}", style="bold" if worthy else "dim"),
            Text(truncate(one_line(claim.span.text), CONTENT_LIMIT)),
            Text(claim.kind.value),
            Text(claimant_label(analysis, claim)),
            Text(factor_summary(claim), style="dim"),
        )
    return table


def technique_table(analysis: Analysis) -> Table | None:
    if not analysis.techniques:
        return None
    table = Table(title="Persuasion techniques", title_justify="left", expand=True)
    table.add_column("span", ratio=1, overflow="fold")
    table.add_column("technique", width=34, overflow="fold")
    table.add_column("conf.", justify="right", width=5, no_wrap=True)
    table.add_column("used by", width=24, overflow="fold")
    for technique in analysis.techniques:
        table.add_row(
            Text(truncate(one_line(technique.span.text), CONTENT_LIMIT)),
            Text(technique.technique.value),
            Text(f"{technique.confidence:.2f}"),
            Text(technique_user(analysis, technique)),
        )
    return table


def date_table(analysis: Analysis) -> Table | None:
    if not analysis.dates:
        return None
    table = Table(title="Dates", title_justify="left", expand=True)
    table.add_column("span", ratio=1, overflow="fold")
    table.add_column("value", width=36, overflow="fold")
    table.add_column("granularity", width=11, no_wrap=True)
    for date in analysis.dates:
        value = (
            Text(date.value) if date.value else Text(f"unresolved: {date.note or 'no anchor'}", style="dim")
        )
        table.add_row(Text(one_line(date.span.text)), value, Text(date.granularity.value))
    return table


def canonical_line(analysis: Analysis) -> Text | None:
    names = canonical_names(analysis)
    if not names:
        return None
    text = Text("Canonical names: ", style="bold")
    text.append(", ".join(f"{name} → {canonical}" for name, canonical in names))
    return text
