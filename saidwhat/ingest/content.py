"""One body of bytes (a file, a download, standard input) to one article, as HTML or as plain text."""

from __future__ import annotations

from typing import Literal

from saidwhat.ingest.decode import decode_bytes
from saidwhat.ingest.html import looks_like_html, read_html
from saidwhat.ingest.text import article_from_text
from saidwhat.model import Article, ArticleMetadata
from saidwhat.settings import Options

#: How to read a body: as HTML, as plain text, or ``None`` to decide from its first characters.
Kind = Literal["html", "text"]


def article_from_bytes(
    data: bytes,
    *,
    source: str,
    article_id: str,
    options: Options,
    kind: Kind | None = None,
    declared_charset: str | None = None,
    url: str | None = None,
) -> Article:
    """Decode a body and read it as HTML or plain text.

    A body whose text starts like an HTML page (``<!doctype html`` or ``<html``) is read as HTML
    even when ``kind`` says text: a page saved as ``.txt`` is still a page, and its markup is not
    article text. A body declared HTML is always read as HTML.

    Args:
        data: The raw bytes.
        source: The file, URL or stream they came from; named in errors and kept as
            ``metadata.source_file``.
        article_id: The id of the resulting article.
        options: The run's options.
        kind: ``"html"``, ``"text"``, or ``None`` to sniff.
        declared_charset: A charset the transport declared, tried before detection.
        url: The address the body was fetched from, if any.

    Returns:
        The article.

    Raises:
        SaidwhatError: A coded error (empty, binary, undecodable, no article body).
    """
    text = decode_bytes(data, source, declared_charset)
    if kind == "html" or looks_like_html(text):
        return read_html(text, source, options, article_id=article_id, url=url)
    metadata = ArticleMetadata(url=url, source_file=source)
    return article_from_text(text, article_id, source=source, metadata=metadata)
