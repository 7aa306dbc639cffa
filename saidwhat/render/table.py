"""The terminal view: per article a heading, a who-said-what table and the scare quotes.

Column widths are fixed (the content column takes the rest), so tables of different articles line
up and the output is the same on a terminal, in a pipe or in a file (no colour codes off a TTY).
"""

from __future__ import annotations

from typing import TextIO

from rich.console import Console
from rich.table import Table
from rich.text import Text

from saidwhat.model import Analysis, Attribution
from saidwhat.render.common import (
    KIND_LABELS,
    article_byline,
    article_title,
    content_text,
    one_line,
    speaker_label,
    truncate,
)

#: Width used when the output is not a terminal (rich would otherwise fall back to 80).
PIPE_WIDTH = 120
#: Characters of content shown per attribution; the JSON output has it in full.
CONTENT_LIMIT = 200


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
        if analysis.scare_quotes:
            self._console.print(scare_quote_line(analysis))

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
    table.add_column("speaker", width=26, overflow="fold")
    table.add_column("cue", width=14, overflow="fold")
    table.add_column("content", ratio=1, min_width=30, overflow="fold")
    table.add_column("conf.", justify="right", width=5, no_wrap=True)
    for number, attribution in enumerate(analysis.attributions, start=1):
        # Text cells, never str: rich would read "[of the Donbass]" in a quotation as markup.
        table.add_row(
            Text(str(number)),
            Text(KIND_LABELS[attribution.kind]),
            speaker_cell(attribution),
            Text(one_line(attribution.cue.text) if attribution.cue else "—"),
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


def scare_quote_line(analysis: Analysis) -> Text:
    line = Text("Scare quotes: ", style="bold")
    line.append(", ".join(one_line(quote.span.text) for quote in analysis.scare_quotes))
    return line
