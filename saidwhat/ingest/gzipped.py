"""Gzip-compressed JSON Lines dumps (``.jsonl.gz``), streamed without unpacking them to disk."""

from __future__ import annotations

import gzip
import zlib
from collections.abc import Iterator
from pathlib import Path
from typing import IO, cast

from saidwhat.errors import UnsupportedInputError
from saidwhat.ingest.jsonl import iter_jsonl_stream
from saidwhat.model import Article, InputFailure
from saidwhat.settings import Options

DEFAULT_OPTIONS = Options()


def iter_jsonl_gz(path: Path, options: Options = DEFAULT_OPTIONS) -> Iterator[Article | InputFailure]:
    """Stream the articles of a gzip-compressed JSON Lines file, one per line, as
    :func:`~saidwhat.ingest.jsonl.iter_jsonl` does; ids are ``<stem>:<line>`` with the stem of
    ``name.jsonl.gz`` being ``name``.

    A file that is not gzip, or is cut short, yields the records read so far and then one
    :class:`InputFailure` (``UnsupportedInputError``) naming the file.
    """
    stem = path.name.removesuffix(".gz").removesuffix(".jsonl").removesuffix(".json")
    try:
        with gzip.open(path, "rb") as stream:
            yield from iter_jsonl_stream(
                cast(IO[bytes], stream), source=str(path), stem=stem, options=options
            )
    except (gzip.BadGzipFile, EOFError, zlib.error) as exc:
        error = UnsupportedInputError(
            str(path),
            f"not a complete gzip file ({exc}); re-download it, or decompress it and pass the .jsonl",
        )
        yield InputFailure(input=error.source, code=error.code, message=str(error))
