"""WARC files in the CC-NEWS layout: the HTML responses, extracted with trafilatura.

Each ``response`` record whose HTTP status is 200 and whose content type is HTML becomes one article:
its id and URL are the record's ``WARC-Target-URI``; its publication date is the one the page gives,
else the record's ``WARC-Date`` (for CC-NEWS the crawl follows the news feeds within hours, so the
crawl date stands in for a page without one). Requests, metadata records, redirects and non-HTML
responses are skipped. ``.warc`` and ``.warc.gz`` (per-record gzip) are both read, streaming.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

from warcio.archiveiterator import ArchiveIterator
from warcio.exceptions import ArchiveLoadFailed

from saidwhat.errors import InputTooLargeError, SaidwhatError, UnsupportedInputError
from saidwhat.ingest.content import article_from_bytes
from saidwhat.model import Article, InputFailure
from saidwhat.settings import Options

DEFAULT_OPTIONS = Options()
WARC_SUFFIXES = (".warc", ".warc.gz")


def is_warc(path: Path) -> bool:
    return path.name.lower().endswith(WARC_SUFFIXES)


def iter_warc(path: Path, options: Options = DEFAULT_OPTIONS) -> Iterator[Article | InputFailure]:
    """The articles of the HTML responses of a WARC file, in file order.

    Yields an :class:`InputFailure` for a response that cannot be read (``path#N``, N counting the
    HTML responses), and one for the file when it is not WARC or breaks off.
    """
    source = str(path)
    responses = 0
    try:
        with path.open("rb") as stream:
            for record in ArchiveIterator(stream):
                if not _is_html_response(record):
                    continue
                responses += 1
                yield _article_or_failure(record, f"{source}#{responses}", options)
    except (ArchiveLoadFailed, OSError, ValueError) as exc:
        error = UnsupportedInputError(
            source, f"not a readable WARC file ({exc}); check the file is WARC 1.0/1.1"
        )
        yield InputFailure(input=error.source, code=error.code, message=str(error))
        return
    if not responses:
        error = UnsupportedInputError(source, "the WARC file holds no HTML responses (status 200, text/html)")
        yield InputFailure(input=error.source, code=error.code, message=str(error))


def _is_html_response(record: Any) -> bool:
    if record.rec_type != "response" or record.http_headers is None:
        return False
    content_type = (record.http_headers.get_header("Content-Type") or "").lower()
    return bool(record.http_headers.get_statuscode() == "200" and "html" in content_type)


def _article_or_failure(record: Any, where: str, options: Options) -> Article | InputFailure:
    uri: str = record.rec_headers.get_header("WARC-Target-URI") or where
    try:
        data = record.content_stream().read(options.max_bytes + 1)
        if len(data) > options.max_bytes:
            raise InputTooLargeError(where, f"the page is over the {options.max_bytes:,}-byte limit")
        article = article_from_bytes(
            data,
            source=where,
            article_id=uri,
            options=options,
            kind="html",
            declared_charset=_charset(record.http_headers.get_header("Content-Type")),
            url=uri,
        )
    except SaidwhatError as err:
        return InputFailure(input=err.source, code=err.code, message=str(err))
    updates: dict[str, Any] = {"url": uri}  # the address fetched, not the page's idea of its canonical URL
    if article.metadata.published is None:
        updates["published"] = record.rec_headers.get_header("WARC-Date")
    return article.model_copy(update={"metadata": article.metadata.model_copy(update=updates)})


def _charset(content_type: str | None) -> str | None:
    for part in (content_type or "").split(";"):
        name, _, value = part.strip().partition("=")
        if name.lower() == "charset" and value:
            return value.strip("\"'")
    return None
