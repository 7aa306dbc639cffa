"""Turning files, URLs, streams and dumps into :class:`~saidwhat.model.Article` objects.

One module per step: :mod:`~saidwhat.ingest.decode` (bytes to text), :mod:`~saidwhat.ingest.text`
(plain text), :mod:`~saidwhat.ingest.html` (pages, via trafilatura), :mod:`~saidwhat.ingest.jsonl`
(record dumps), :mod:`~saidwhat.ingest.fetch` (URLs) and :mod:`~saidwhat.ingest.sources`, whose
:func:`iter_articles` is the entry point.
"""

from saidwhat.ingest.content import article_from_bytes
from saidwhat.ingest.decode import decode_bytes, normalize_newlines
from saidwhat.ingest.fetch import FetchedBody, fetch_url, is_url, read_url
from saidwhat.ingest.html import looks_like_html, read_html
from saidwhat.ingest.jsonl import article_from_record, iter_json_file, iter_jsonl, iter_jsonl_stream
from saidwhat.ingest.sources import ARTICLE_SUFFIXES, iter_articles, iter_directory, iter_file, read_stream
from saidwhat.ingest.text import article_from_text

__all__ = [
    "ARTICLE_SUFFIXES",
    "FetchedBody",
    "article_from_bytes",
    "article_from_record",
    "article_from_text",
    "decode_bytes",
    "fetch_url",
    "is_url",
    "iter_articles",
    "iter_directory",
    "iter_file",
    "iter_json_file",
    "iter_jsonl",
    "iter_jsonl_stream",
    "looks_like_html",
    "normalize_newlines",
    "read_html",
    "read_stream",
    "read_url",
]
