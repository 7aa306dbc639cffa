"""JSON and JSON Lines output: each analysis is ``Analysis.to_json_dict()``, schema-valid.

``--format json`` writes a single object for one article and an array for several. The renderer
keeps the first analysis back until it knows which: a second one opens the array, the end of the
stream with only one writes it bare. Everything after the first is streamed.
"""

from __future__ import annotations

import json
from typing import TextIO

from saidwhat.model import Analysis


def analysis_to_json(analysis: Analysis, *, indent: int | None = 2) -> str:
    """The analysis as a JSON document (UTF-8 text, quote marks kept as they are)."""
    separators = (",", ": ") if indent is not None else (",", ":")
    return json.dumps(analysis.to_json_dict(), ensure_ascii=False, indent=indent, separators=separators)


class JsonLinesRenderer:
    """One compact JSON object per line, in input order."""

    def __init__(self, out: TextIO) -> None:
        self._out = out

    def write(self, analysis: Analysis) -> None:
        self._out.write(analysis_to_json(analysis, indent=None) + "\n")
        self._out.flush()

    def close(self) -> None:
        self._out.flush()


class JsonRenderer:
    """A single JSON object for one analysis, a JSON array for several (``[]`` for none)."""

    def __init__(self, out: TextIO) -> None:
        self._out = out
        self._held: Analysis | None = None
        self._count = 0

    def write(self, analysis: Analysis) -> None:
        self._count += 1
        if self._count == 1:
            self._held = analysis
            return
        if self._held is not None:
            self._out.write("[\n" + _indented(self._held))
            self._held = None
        self._out.write(",\n" + _indented(analysis))
        self._out.flush()

    def close(self) -> None:
        if self._count == 0:
            self._out.write("[]\n")
        elif self._held is not None:
            self._out.write(analysis_to_json(self._held) + "\n")
        else:
            self._out.write("\n]\n")
        self._out.flush()


def _indented(analysis: Analysis) -> str:
    """The analysis as an array element: its pretty JSON indented one level."""
    return "\n".join("  " + line for line in analysis_to_json(analysis).splitlines())
