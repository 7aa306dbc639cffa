"""The ingestion entry point: files, directories, standard input and URLs to a stream of articles.

Every problem with one input is a coded :class:`~saidwhat.errors.SaidwhatError`, yielded in its
place as an :class:`~saidwhat.model.InputFailure`; nothing is raised, so one broken file never
loses the rest of a batch. Memory stays bounded: a file over ``Options.max_bytes`` is refused
from its size before a byte is read, streams and downloads are read to at most ``max_bytes + 1``
bytes, and JSON Lines dumps are streamed line by line.
"""

from __future__ import annotations

import os
import sys
from collections.abc import Callable, Iterable, Iterator, Sequence
from functools import partial
from pathlib import Path
from typing import BinaryIO

from saidwhat.errors import EmptyInputError, InputNotFoundError, InputTooLargeError, SaidwhatError
from saidwhat.ingest.content import Kind, article_from_bytes
from saidwhat.ingest.feeds import FEED_SUFFIXES, iter_feed, looks_like_feed
from saidwhat.ingest.fetch import is_url, read_url
from saidwhat.ingest.gzipped import iter_jsonl_gz
from saidwhat.ingest.jsonl import iter_json_file, iter_jsonl
from saidwhat.ingest.warc import WARC_SUFFIXES, is_warc, iter_warc
from saidwhat.model import Article, InputFailure
from saidwhat.settings import Options

DEFAULT_OPTIONS = Options()

HTML_SUFFIXES = frozenset({".html", ".htm", ".xhtml"})
TEXT_SUFFIXES = frozenset({".txt", ".text", ".md"})
JSON_SUFFIXES = frozenset({".jsonl", ".json"})
#: The files taken from a directory; a file named on its own is read whatever its name.
ARTICLE_SUFFIXES = HTML_SUFFIXES | TEXT_SUFFIXES | JSON_SUFFIXES | FEED_SUFFIXES
#: Multi-part endings also taken from a directory: compressed dumps and web archives.
ARCHIVE_ENDINGS = (".jsonl.gz", *WARC_SUFFIXES)

STDIN = "-"
_STDIN_SOURCE = "<stdin>"

Item = Article | InputFailure


def iter_articles(
    inputs: Sequence[str], options: Options = DEFAULT_OPTIONS, stdin: BinaryIO | None = None
) -> Iterator[Item]:
    """Read articles from files, directories, standard input and URLs, in order.

    Args:
        inputs: Each a file path, a directory (walked recursively in sorted order for .txt, .text,
            .md, .html, .htm, .xhtml, .jsonl, .json, .jsonl.gz, .rss, .atom, .warc and .warc.gz files,
            hidden files and folders skipped),
            ``-`` for standard input, or an http(s) URL.
        options: ``max_bytes`` and ``fetch_timeout`` apply; ``published`` dates the articles whose
            input gives no publication date.
        stdin: The stream ``-`` reads (bytes); defaults to ``sys.stdin.buffer``.

    Yields:
        An :class:`Article` per article read, or an :class:`InputFailure` (with the error's code and
        message) in place of each input or record that could not be read.
    """
    for item in inputs:
        for read in _iter_input(item, options, stdin):
            yield _dated(read, options.published)


def _dated(item: Item, published: str | None) -> Item:
    """The article with ``published`` as its publication date when its input gave none."""
    if published is None or not isinstance(item, Article) or item.metadata.published is not None:
        return item
    metadata = item.metadata.model_copy(update={"published": published})
    return item.model_copy(update={"metadata": metadata})


def _iter_input(item: str, options: Options, stdin: BinaryIO | None) -> Iterator[Item]:
    if item == STDIN:
        stream = stdin if stdin is not None else sys.stdin.buffer
        yield from _guarded(_STDIN_SOURCE, lambda: [read_stream(stream, options)])
    elif is_url(item):
        yield from _guarded(item, lambda: [read_url(item, options)])
    else:
        yield from _iter_path(Path(item), options)


def _iter_path(path: Path, options: Options) -> Iterator[Item]:
    if path.is_dir():
        yield from iter_directory(path, options)
    elif path.exists():
        yield from _guarded(str(path), lambda: iter_file(path, options, article_id=path.name))
    else:
        yield _failure(InputNotFoundError(str(path), "no such file or directory; check the path"))


def iter_directory(root: Path, options: Options = DEFAULT_OPTIONS) -> Iterator[Item]:
    """Read every article file under a directory, in sorted order of their relative paths.

    Args:
        root: The directory. Article ids are file paths relative to it.
        options: The run's options.

    Yields:
        Articles and failures, as :func:`iter_articles`; a directory with no article files yields
        one :class:`InputFailure` (``EmptyInputError``).
    """
    found = False
    for path in _walk(root):
        found = True
        if isinstance(path, SaidwhatError):
            yield _failure(path)
            continue
        yield from iter_guarded_file(path, options, article_id=path.relative_to(root).as_posix())
    if not found:
        suffixes = ", ".join(sorted(ARTICLE_SUFFIXES))
        yield _failure(EmptyInputError(str(root), f"the directory holds no article files ({suffixes})"))


def iter_guarded_file(path: Path, options: Options = DEFAULT_OPTIONS, *, article_id: str) -> Iterator[Item]:
    """One file's articles, as a directory walk reads it: a failure in place of an error."""
    return _guarded(str(path), partial(iter_file, path, options, article_id=article_id))


def iter_file(
    path: Path, options: Options = DEFAULT_OPTIONS, *, article_id: str | None = None
) -> Iterator[Item]:
    """Read the article(s) of one file, dispatching on its extension and, for text, its content.

    Args:
        path: The file. ``.jsonl``, ``.json`` and ``.jsonl.gz`` are record files; ``.warc`` and
            ``.warc.gz`` web archives; ``.rss``, ``.atom`` (and ``.xml`` that starts like a feed) feeds;
            ``.html``/``.htm``/``.xhtml`` are pages; any other file is read as text, or as HTML if it
            starts like a page.
        options: ``max_bytes`` caps the file (each line, for JSON Lines).
        article_id: The id of the article; defaults to the file name.

    Yields:
        The article, or for record files each record's article or failure.

    Raises:
        SaidwhatError: The file is too large, empty, binary, undecodable or has no article body
            (record files report per record instead).
    """
    suffix = path.suffix.lower()
    name = path.name.lower()
    if is_warc(path):
        yield from iter_warc(path, options)
    elif name.endswith((".jsonl.gz", ".json.gz")):
        yield from iter_jsonl_gz(path, options)
    elif suffix in FEED_SUFFIXES or (suffix == ".xml" and _starts_like_feed(path)):
        yield from iter_feed(path, options)
    elif suffix == ".jsonl":
        yield from iter_jsonl(path, options)
    elif suffix == ".json":
        yield from iter_json_file(path, options, article_id=article_id)
    else:
        kind: Kind | None = "html" if suffix in HTML_SUFFIXES else None
        data = _read_capped_file(path, options.max_bytes)
        source = str(path)
        yield article_from_bytes(
            data, source=source, article_id=article_id or path.name, options=options, kind=kind
        )


def read_stream(
    stream: BinaryIO, options: Options = DEFAULT_OPTIONS, *, source: str = _STDIN_SOURCE
) -> Article:
    """Read one article (HTML or text, sniffed) from a binary stream such as standard input.

    Args:
        stream: The bytes; at most ``options.max_bytes + 1`` of them are read.
        options: ``max_bytes`` caps the stream.
        source: The stream's name, for metadata and errors.

    Returns:
        The article, with id ``stdin`` for standard input.

    Raises:
        SaidwhatError: The stream is too large, empty, binary, undecodable, or a page without a body.
    """
    data = stream.read(options.max_bytes + 1)
    if len(data) > options.max_bytes:
        raise InputTooLargeError(
            source, _too_large(f"more than {options.max_bytes:,} bytes", options.max_bytes)
        )
    article_id = "stdin" if source == _STDIN_SOURCE else source
    return article_from_bytes(data, source=source, article_id=article_id, options=options)


def _starts_like_feed(path: Path) -> bool:
    with path.open("rb") as handle:
        return looks_like_feed(handle.read(2048))


def _read_capped_file(path: Path, max_bytes: int) -> bytes:
    # The size is checked before reading, and the read is capped too: a FIFO or a file that is
    # still growing reports a size that means nothing.
    size = path.stat().st_size
    if size > max_bytes:
        raise InputTooLargeError(str(path), _too_large(f"{size:,} bytes", max_bytes))
    with path.open("rb") as handle:
        data = handle.read(max_bytes + 1)
    if len(data) > max_bytes:
        raise InputTooLargeError(str(path), _too_large(f"more than {max_bytes:,} bytes", max_bytes))
    return data


def _too_large(size: str, max_bytes: int) -> str:
    return (
        f"the input is {size}, over the {max_bytes:,}-byte limit; raise it with --max-bytes if this is right"
    )


def iter_directory_paths(root: Path) -> Iterator[Path]:
    """The article files :func:`iter_directory` reads, in the same order (folders that cannot be listed
    are left out)."""
    return (path for path in _walk(root) if isinstance(path, Path))


def _walk(directory: Path) -> Iterator[Path | SaidwhatError]:
    """Article files under a directory, depth first, each folder's entries in name order.

    Folders are entered at their place in the order, so the files come out sorted by relative
    path. Symlinked folders are not entered, so a link loop cannot make the walk endless. A folder
    that cannot be listed is yielded as an error in its place and the walk goes on.
    """
    try:
        with os.scandir(directory) as scan:
            entries = sorted(
                (entry for entry in scan if not entry.name.startswith(".")), key=lambda e: e.name
            )
    except OSError as exc:
        yield InputNotFoundError(
            str(directory), f"cannot be listed ({exc.strerror or exc}); check permissions"
        )
        return
    for entry in entries:
        path = Path(entry.path)
        if entry.is_dir(follow_symlinks=False):
            yield from _walk(path)
        elif entry.is_file() and (
            path.suffix.lower() in ARTICLE_SUFFIXES or entry.name.lower().endswith(ARCHIVE_ENDINGS)
        ):
            yield path


def _guarded(source: str, read: Callable[[], Iterable[Item]]) -> Iterator[Item]:
    """Yield what ``read`` yields, turning an error into a failure for ``source`` in its place."""
    try:
        yield from read()
    except SaidwhatError as err:
        yield _failure(err)
    except OSError as exc:  # permissions, a file removed mid-walk: that input's problem only
        reason = exc.strerror or str(exc)
        yield _failure(
            InputNotFoundError(source, f"cannot be read ({reason}); check that it exists and is readable")
        )


def _failure(error: SaidwhatError) -> InputFailure:
    return InputFailure(input=error.source, code=error.code, message=str(error))
