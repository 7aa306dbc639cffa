"""RSS and Atom feed files: one article per entry, read with feedparser.

An entry's article text is its full content (``content:encoded``, Atom ``content``) when the feed
carries it, else its summary; HTML is reduced to its text. The entry's link, title, authors and
publication date (ISO 8601, UTC) become the metadata, and the feed's title the outlet. Feeds that
carry only a teaser give short articles: fetch the linked pages (``saidwhat ingest URL``) for more.
"""

from __future__ import annotations

import calendar
import datetime as dt
import time
from collections.abc import Iterator
from html.parser import HTMLParser
from pathlib import Path
from typing import Any

import feedparser

from saidwhat.errors import EmptyInputError, InputTooLargeError, SaidwhatError, UnsupportedInputError
from saidwhat.ingest.decode import normalize_newlines
from saidwhat.ingest.text import article_from_text
from saidwhat.model import Article, ArticleMetadata, InputFailure
from saidwhat.settings import Options

DEFAULT_OPTIONS = Options()
FEED_SUFFIXES = frozenset({".rss", ".atom"})


def looks_like_feed(head: bytes) -> bool:
    """Whether the first bytes of an XML file are an RSS or Atom feed."""
    sample = head[:2048].lower()
    return b"<rss" in sample or b"<feed" in sample or b"<rdf:rdf" in sample


def iter_feed(path: Path, options: Options = DEFAULT_OPTIONS) -> Iterator[Article | InputFailure]:
    """The articles of one feed file, one per entry, in feed order.

    Yields an :class:`InputFailure` for an entry with no text (``path#N``), or one for the whole file
    when it is too large or not a feed.
    """
    source = str(path)
    if path.stat().st_size > options.max_bytes * 20:  # a feed holds many articles; cap it generously
        yield _failure(InputTooLargeError(source, "the feed is over 20 times --max-bytes; split it"))
        return
    parsed: Any = feedparser.parse(path.read_bytes(), sanitize_html=False, resolve_relative_uris=False)
    entries = parsed.get("entries") or []
    if not entries:
        problem = parsed.get("bozo_exception") if parsed.get("bozo") else "it has no entries"
        yield _failure(UnsupportedInputError(source, f"not an RSS or Atom feed with entries ({problem})"))
        return
    outlet = (parsed.get("feed") or {}).get("title") or None
    for number, entry in enumerate(entries, start=1):
        where = f"{source}#{number}"
        try:
            yield _article(entry, where, outlet)
        except SaidwhatError as err:
            yield _failure(err)


def _article(entry: Any, where: str, outlet: str | None) -> Article:
    html = _body(entry)
    if not html.strip():
        raise EmptyInputError(where, "the feed entry has no content or summary")
    text = normalize_newlines(_html_text(html)).strip()
    metadata = ArticleMetadata(
        title=entry.get("title") or None,
        outlet=outlet,
        url=entry.get("link") or None,
        published=_published(entry),
        authors=[a["name"] for a in entry.get("authors", []) if a.get("name")],
        source_file=where,
    )
    article_id = entry.get("id") or entry.get("link") or where
    return article_from_text(text, str(article_id), source=where, metadata=metadata)


def _body(entry: Any) -> str:
    contents = entry.get("content") or []
    values = [c.get("value", "") for c in contents if c.get("value")]
    return str(max(values, key=len)) if values else str(entry.get("summary") or "")


def _html_text(fragment: str) -> str:
    """The text of an HTML fragment, a blank line between blocks; plain text passes through."""
    if "<" not in fragment:
        return fragment
    parser = _TextParser()
    parser.feed(fragment)
    parser.close()
    lines = (" ".join(line.split()) for line in "".join(parser.parts).split("\n"))
    return "\n\n".join(line for line in lines if line)


class _TextParser(HTMLParser):
    _BLOCKS = frozenset({"p", "br", "div", "li", "h1", "h2", "h3", "h4", "blockquote", "tr"})
    _HIDDEN = frozenset({"script", "style"})

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []
        self._hidden = 0

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in self._HIDDEN:
            self._hidden += 1
        elif tag in self._BLOCKS:
            self.parts.append("\n")

    def handle_endtag(self, tag: str) -> None:
        if tag in self._HIDDEN:
            self._hidden = max(self._hidden - 1, 0)
        elif tag in self._BLOCKS:
            self.parts.append("\n")

    def handle_data(self, data: str) -> None:
        if not self._hidden:
            self.parts.append(data)


def _published(entry: Any) -> str | None:
    parsed: time.struct_time | None = entry.get("published_parsed") or entry.get("updated_parsed")
    if parsed is None:
        return None
    moment = dt.datetime.fromtimestamp(calendar.timegm(parsed), tz=dt.UTC)
    return moment.isoformat().replace("+00:00", "Z")


def _failure(error: SaidwhatError) -> InputFailure:
    return InputFailure(input=error.source, code=error.code, message=str(error))
