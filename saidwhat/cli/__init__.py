"""The ``saidwhat`` command. Each command lives in its own module and only parses arguments,
builds options and calls the public API (as trafilatura's ``cli.py`` does).

Exit codes: 0 all inputs analysed; 1 some inputs failed (each reported on stderr); 2 usage error.
"""

from __future__ import annotations

from saidwhat.cli import (  # noqa: F401  (importing registers the commands)
    analyze,
    bench,
    claim_matching,
    corpus,
    evaluate,
    factchecks,
    serve,
)
from saidwhat.cli.app import app


def main() -> None:
    app()
