"""Rendering analyses: terminal table, JSON, JSONL and a self-contained HTML report.

Every renderer streams: :meth:`Renderer.write` is called once per analysis as it arrives (in input
order) and :meth:`Renderer.close` once at the end, so a run over thousands of articles never holds
more than one rendered article in memory (JSON keeps one back; see :mod:`saidwhat.render.json`).
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from enum import StrEnum
from typing import Protocol, TextIO

from saidwhat.model import Analysis


class OutputFormat(StrEnum):
    TABLE = "table"
    JSON = "json"
    JSONL = "jsonl"
    HTML = "html"


class Renderer(Protocol):
    """Writes analyses to a text stream one at a time."""

    def write(self, analysis: Analysis) -> None: ...

    def close(self) -> None:
        """Finish the output (closing brackets, HTML footer). Does not close the stream."""


def make_renderer(output_format: OutputFormat | str, out: TextIO) -> Renderer:
    """The renderer for ``output_format`` writing to ``out``."""
    # Imported here so that `saidwhat analyze --format jsonl` never imports rich's table machinery.
    from saidwhat.render.html import HtmlRenderer
    from saidwhat.render.json import JsonLinesRenderer, JsonRenderer
    from saidwhat.render.table import TableRenderer

    renderers: dict[OutputFormat, Callable[[TextIO], Renderer]] = {
        OutputFormat.TABLE: TableRenderer,
        OutputFormat.JSON: JsonRenderer,
        OutputFormat.JSONL: JsonLinesRenderer,
        OutputFormat.HTML: HtmlRenderer,
    }
    return renderers[OutputFormat(output_format)](out)


def render(analyses: Iterable[Analysis], output_format: OutputFormat | str, out: TextIO) -> None:
    """Render every analysis to ``out`` and finish the output."""
    renderer = make_renderer(output_format, out)
    for analysis in analyses:
        renderer.write(analysis)
    renderer.close()


__all__ = ["OutputFormat", "Renderer", "make_renderer", "render"]
