"""JSON Lines dumps: one article per line, streamed so a dump of any size reads in flat memory.

Each line is a JSON object with ``text`` (the article text, kept exactly as given) or ``html`` (a
page to extract the article from; ``text`` wins when both are given), and optionally ``id``,
``title``, ``outlet``, ``url``, ``published``, ``authors`` (a list of names, or one name) and
``language``. Other keys are ignored, so dumps from other tools can be read as they are. Fields
given in the record override the metadata extracted from its ``html``.

A broken line becomes an :class:`~saidwhat.model.InputFailure` naming ``file:line`` and the other
lines go on; blank lines are skipped. ``Options.max_bytes`` caps each line (each article), not the
dump, since the dump is never held in memory.

A ``.json`` file holds one record, a list of records, or is JSON Lines under another name.
"""

from __future__ import annotations

import codecs
import json
from collections.abc import Iterator
from pathlib import Path
from typing import IO, Any

from saidwhat.errors import (
    DecodeError,
    EmptyInputError,
    InputTooLargeError,
    MalformedRecordError,
    SaidwhatError,
)
from saidwhat.ingest.html import read_html
from saidwhat.ingest.text import article_from_text
from saidwhat.model import Article, ArticleMetadata, InputFailure
from saidwhat.settings import Options

DEFAULT_OPTIONS = Options()

_STRING_FIELDS = ("title", "outlet", "url", "published", "language")
_SKIP_CHUNK = 64 * 1024
_BLANK = object()  # a blank line: skipped, unlike a line holding JSON null, which is a bad record


def iter_jsonl(path: Path, options: Options = DEFAULT_OPTIONS) -> Iterator[Article | InputFailure]:
    """Stream the articles of a JSON Lines file, one per line.

    Args:
        path: The file. Its stem prefixes the default ids: ``<stem>:<line>``.
        options: ``max_bytes`` caps each line.

    Yields:
        An article per record, or an :class:`InputFailure` for a line that cannot be read (its
        ``input`` is ``path:line``).
    """
    with path.open("rb") as stream:
        yield from iter_jsonl_stream(stream, source=str(path), stem=path.stem, options=options)


def iter_jsonl_stream(
    stream: IO[bytes], *, source: str, stem: str, options: Options = DEFAULT_OPTIONS
) -> Iterator[Article | InputFailure]:
    """Stream the articles of JSON Lines read from a binary stream.

    Args:
        stream: The bytes, read a line at a time.
        source: The name of the stream, used as ``source:line`` in metadata and errors.
        stem: The prefix of default ids, ``<stem>:<line>``.
        options: ``max_bytes`` caps each line.

    Yields:
        An article or an :class:`InputFailure` per non-blank line.
    """
    records = 0
    for number, line in enumerate(_capped_lines(stream, options.max_bytes), start=1):
        where = f"{source}:{number}"
        try:
            record = _parse_line(line, where, first=number == 1, max_bytes=options.max_bytes)
        except SaidwhatError as err:
            records += 1
            yield InputFailure(input=err.source, code=err.code, message=str(err))
            continue
        if record is not _BLANK:
            records += 1
            yield _article_or_failure(record, where, f"{stem}:{number}", options)
    if not records:  # say so, rather than let an empty dump pass without a word
        error = EmptyInputError(source, "the JSON Lines file holds no records; one JSON object per line")
        yield InputFailure(input=error.source, code=error.code, message=str(error))


def iter_json_file(
    path: Path, options: Options = DEFAULT_OPTIONS, *, article_id: str | None = None
) -> Iterator[Article | InputFailure]:
    """Read a ``.json`` file: one record, a list of records, or JSON Lines under another name.

    Args:
        path: The file.
        options: ``max_bytes`` caps the file when it is one document (it must be read whole), and
            each line when it is JSON Lines.
        article_id: The id for a file holding one record without an ``id``; defaults to the name.

    Yields:
        The articles, or an :class:`InputFailure` for each record that cannot be read.
    """
    source = str(path)
    if path.stat().st_size > options.max_bytes:
        # Too big to parse whole; a dump that big is JSON Lines or nothing we can read in bounded memory.
        yield from iter_jsonl(path, options)
        return
    data = path.read_bytes()
    try:
        document = json.loads(data)
    except json.JSONDecodeError as exc:
        if exc.msg == "Extra data":  # one value then another: JSON Lines
            yield from iter_jsonl(path, options)
        else:
            error = MalformedRecordError(source, f"not valid JSON ({exc}); fix the file or use JSON Lines")
            yield InputFailure(input=error.source, code=error.code, message=str(error))
        return
    except UnicodeDecodeError as exc:
        error_d = DecodeError(source, f"JSON must be UTF-8 ({exc.reason}); re-save the file as UTF-8")
        yield InputFailure(input=error_d.source, code=error_d.code, message=str(error_d))
        return
    yield from _records_of(document, source, article_id or path.name, path.stem, options)


def _records_of(
    document: Any, source: str, article_id: str, stem: str, options: Options
) -> Iterator[Article | InputFailure]:
    if not isinstance(document, list):
        yield _article_or_failure(document, source, article_id, options)
        return
    for number, record in enumerate(document, start=1):
        yield _article_or_failure(record, f"{source}:{number}", f"{stem}:{number}", options)


def _article_or_failure(
    record: Any, source: str, default_id: str, options: Options
) -> Article | InputFailure:
    try:
        return article_from_record(record, source=source, default_id=default_id, options=options)
    except SaidwhatError as err:
        return InputFailure(input=err.source, code=err.code, message=str(err))


def article_from_record(
    record: Any, *, source: str, default_id: str, options: Options = DEFAULT_OPTIONS
) -> Article:
    """Build an article from one decoded JSON record.

    Args:
        record: The parsed JSON value of one record.
        source: Where it came from (``file:line``); kept as ``metadata.source_file``, named in errors.
        default_id: The id when the record has none.
        options: The run's options, passed on to HTML extraction.

    Returns:
        The article.

    Raises:
        MalformedRecordError: The record is not an object, has neither ``text`` nor ``html``, or
            has a field of the wrong type.
        SaidwhatError: The text is empty, or its HTML has no article body.
    """
    if not isinstance(record, dict):
        raise MalformedRecordError(source, f"a record must be a JSON object, not {_json_type(record)}")
    article_id = _record_id(record, source) or default_id
    metadata = _record_metadata(record, source)
    text, html = _optional_str(record, "text", source), _optional_str(record, "html", source)
    if text is not None:
        return article_from_text(text, article_id, source=source, metadata=metadata)
    if html is not None:
        article = read_html(html, source, options, article_id=article_id, url=metadata.url)
        given = metadata.model_dump(exclude_defaults=True)
        return article.model_copy(update={"metadata": article.metadata.model_copy(update=given)})
    raise MalformedRecordError(source, 'the record has neither "text" nor "html"; add the article text')


def _capped_lines(stream: IO[bytes], max_bytes: int) -> Iterator[bytes | None]:
    """Lines of at most ``max_bytes`` bytes; ``None`` stands for a longer line, which is skipped."""
    while line := stream.readline(max_bytes + 1):
        if len(line) > max_bytes and not line.endswith(b"\n"):
            while (rest := stream.readline(_SKIP_CHUNK)) and not rest.endswith(b"\n"):
                pass
            yield None
        else:
            yield line


def _parse_line(line: bytes | None, where: str, *, first: bool, max_bytes: int) -> Any:
    """The JSON value of a line, or ``_BLANK`` for a blank line."""
    if line is None:
        raise InputTooLargeError(
            where,
            f"the line is over the {max_bytes:,}-byte limit; raise it with --max-bytes if this is right",
        )
    if first and line.startswith(codecs.BOM_UTF8):
        line = line[len(codecs.BOM_UTF8) :]
    try:
        decoded = line.decode("utf-8")
    except UnicodeDecodeError as exc:
        raise DecodeError(where, f"the line is not UTF-8 ({exc.reason}); JSON Lines must be UTF-8") from exc
    if not decoded.strip():
        return _BLANK
    try:
        return json.loads(decoded)
    except json.JSONDecodeError as exc:
        raise MalformedRecordError(where, f"the line is not valid JSON ({exc}); fix or remove it") from exc


def _record_id(record: dict[str, Any], source: str) -> str | None:
    value = record.get("id")
    if value is None or value == "":
        return None
    if isinstance(value, bool) or not isinstance(value, str | int):
        raise MalformedRecordError(source, f'"id" must be a string or an integer, not {_json_type(value)}')
    return str(value)


def _record_metadata(record: dict[str, Any], source: str) -> ArticleMetadata:
    fields: dict[str, Any] = {name: _optional_str(record, name, source) for name in _STRING_FIELDS}
    return ArticleMetadata(
        **{name: value for name, value in fields.items() if value is not None},
        authors=_authors(record, source),
        source_file=source,
    )


def _authors(record: dict[str, Any], source: str) -> list[str]:
    value = record.get("authors")
    if value is None:
        return []
    if isinstance(value, str):
        return [value]
    if isinstance(value, list) and all(isinstance(name, str) for name in value):
        return list(value)
    raise MalformedRecordError(source, '"authors" must be a list of names or one name')


def _optional_str(record: dict[str, Any], name: str, source: str) -> str | None:
    value = record.get(name)
    if value is None or isinstance(value, str):
        return value
    raise MalformedRecordError(source, f'"{name}" must be a string, not {_json_type(value)}')


def _json_type(value: Any) -> str:
    names = {dict: "an object", list: "an array", str: "a string", bool: "a boolean", type(None): "null"}
    return names.get(type(value), "a number")
