"""One options object for a run, built once from defaults and the caller's overrides."""

from __future__ import annotations

from dataclasses import dataclass

#: Stages in pipeline order. A stage's prerequisites are switched on with it (see ``stages.py``).
DEFAULT_STAGES: tuple[str, ...] = ("entities", "attribution")


@dataclass(frozen=True, slots=True, kw_only=True)
class Options:
    """Settings for ingestion and analysis.

    max_bytes: inputs larger than this are refused with ``InputTooLargeError`` rather than read into
        memory; 5 MB is about 50 times a long news feature. ``--max-bytes`` on the CLI changes it.
    fetch_timeout: seconds to wait for an HTTP(S) URL before giving up on it.
    batch_size: texts per ``nlp.pipe`` batch.
    n_process: worker processes for ``analyze_many``; each loads the pipeline once.
    """

    stages: tuple[str, ...] = DEFAULT_STAGES
    max_bytes: int = 5_000_000
    fetch_timeout: float = 20.0
    batch_size: int = 32
    n_process: int = 1
    user_agent: str = "saidwhat/0.1 (news attribution analysis)"
