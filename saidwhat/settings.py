"""One options object for a run, built once from defaults and the caller's overrides."""

from __future__ import annotations

from dataclasses import dataclass

#: Stages in pipeline order. A stage's prerequisites are switched on with it (see ``stages.py``).
DEFAULT_STAGES: tuple[str, ...] = ("entities", "attribution", "framing", "techniques", "dates", "claims")


@dataclass(frozen=True, slots=True, kw_only=True)
class Options:
    """Settings for ingestion and analysis.

    max_bytes: inputs larger than this are refused with ``InputTooLargeError`` rather than read into
        memory. 1 MB is about 30 times a long news feature, and it is also spaCy's own limit
        (``nlp.max_length``, 1,000,000 characters), beyond which the parse needs several GB of memory
        (about 3 GB at 1 MB here). ``--max-bytes`` on the CLI changes the cap; an article over
        spaCy's limit still fails, alone, with error E009.
    fetch_timeout: seconds to wait for an HTTP(S) URL before giving up on it.
    batch_size: texts per ``nlp.pipe`` batch.
    n_process: worker processes for ``analyze_many``; each loads the pipeline once.
    published: see the field.
    """

    stages: tuple[str, ...] = DEFAULT_STAGES
    max_bytes: int = 1_000_000
    fetch_timeout: float = 20.0
    batch_size: int = 32
    n_process: int = 1
    user_agent: str = "saidwhat/0.1 (news attribution analysis)"
    #: The publication date (ISO 8601) given to articles whose input carries none (plain text, a page
    #: without a date), so their relative dates resolve; an input's own date always wins.
    published: str | None = None
