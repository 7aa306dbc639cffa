"""HTML pages: the article body and its metadata, extracted with trafilatura.

Every trafilatura option that changes *what* text is extracted is set explicitly here, so an
upgrade of trafilatura cannot silently change the defaults under us:

* comments and tables are left out: reader comments are not the article, and table cells read as
  prose make nonsense sentences;
* ``favor_precision``: a sentence of boilerplate ("Share this story") inside the text is worse for
  attribution than a lost paragraph, since it can be taken for a claim;
* no deduplication: a quotation repeated in a pull quote is still part of the text;
* date search is not "extensive": a date guessed from the body text is often not the publication
  date, and no date is better than a wrong one.

The extracted body text (trafilatura's ``text``, which starts with the headline when the page
repeats it in the article) becomes :attr:`Article.text`; span offsets refer to that text.
"""

from __future__ import annotations

import re
from typing import Any

import trafilatura

from saidwhat.errors import NoArticleBodyError
from saidwhat.model import Article, ArticleMetadata
from saidwhat.settings import Options

DEFAULT_OPTIONS = Options()

_DATE_PARAMS: dict[str, Any] = {"original_date": True, "extensive_search": False, "outputformat": "%Y-%m-%d"}

_HTML_START = re.compile(r"\A\s*(?:<!--.*?-->\s*|<\?xml[^>]*>\s*)*<(?:!doctype\s+html|html)\b", re.I | re.S)
_HTML_LANG = re.compile(r"""<html\b[^>]*?\blang\s*=\s*["']?([A-Za-z]{2,3}(?:[-_][A-Za-z0-9]{1,8})*)""", re.I)
_META_LANG = re.compile(
    r"""<meta\b[^>]*?http-equiv\s*=\s*["']?content-language["']?[^>]*?content\s*=\s*["']?([A-Za-z-]+)""", re.I
)
_LANG_SNIFF_CHARS = 8192


def looks_like_html(text: str) -> bool:
    """Whether a text is an HTML page: it starts with ``<!doctype html`` or ``<html`` (case-insensitive).

    Leading whitespace, comments and an XML declaration (XHTML) are skipped.
    """
    return _HTML_START.match(text[:4096]) is not None


def read_html(
    html: str,
    source: str,
    options: Options = DEFAULT_OPTIONS,
    *,
    article_id: str | None = None,
    url: str | None = None,
) -> Article:
    """Extract the article body and metadata from an HTML page.

    Args:
        html: The decoded page.
        source: The file, URL or stream it came from; stored as ``metadata.source_file`` and named in
            errors.
        options: The run's options (reserved for extraction settings; the size cap is applied by the
            caller, before the page is read).
        article_id: The article's id; defaults to ``source``.
        url: The page's address when known (a fetched URL); the page's own canonical URL wins.

    Returns:
        The article: ``text`` is the extracted body; ``metadata`` has title, outlet (site name), url,
        published (ISO 8601 date), authors and language when the page gives them.

    Raises:
        NoArticleBodyError: trafilatura finds no article body in the page.
    """
    del options  # nothing in Options changes extraction yet; kept so every reader has one signature
    document = _extract(html, source, url)
    text = document.text or ""
    if not text.strip():
        raise NoArticleBodyError(source, _NO_BODY_HINT)
    metadata = ArticleMetadata(
        title=_clean(document.title),
        outlet=_clean(document.sitename),
        url=_clean(document.url) or url,
        published=_clean(document.date),
        authors=split_authors(document.author),
        language=page_language(html),
        source_file=source,
    )
    return Article(id=article_id or source, text=text, metadata=metadata)


_NO_BODY_HINT = (
    "no article body found in this HTML page (it may be an index page, a paywall or a page built by "
    "JavaScript); save the article's own page, or pass its text as a .txt file"
)


#: trafilatura's fallback extractors (used when its main one finds no body) will return whatever text a
#: page has, navigation included ("Home World"); their result counts as a body only from this many words.
MIN_FALLBACK_WORDS = 20


def _extract(html: str, source: str, url: str | None) -> Any:
    """The main extractor's result, else the fallback extractors' when it is long enough to be a body."""
    document = _bare_extraction(html, source, url, fast=True)
    if document is None:
        fallback = _bare_extraction(html, source, url, fast=False)
        if fallback is not None and len((fallback.text or "").split()) >= MIN_FALLBACK_WORDS:
            document = fallback
    if document is None:
        raise NoArticleBodyError(source, _NO_BODY_HINT)
    return document


def _bare_extraction(html: str, source: str, url: str | None, *, fast: bool) -> Any:
    try:
        return trafilatura.bare_extraction(
            html,
            url=url,
            fast=fast,
            favor_precision=True,
            include_comments=False,
            include_tables=False,
            include_images=False,
            include_links=False,
            include_formatting=False,
            deduplicate=False,
            with_metadata=True,
            date_extraction_params=_DATE_PARAMS,
            output_format="python",
        )
    except Exception as exc:  # a parser crash on one odd page is that page's failure, not the batch's
        raise NoArticleBodyError(source, f"HTML extraction failed ({exc!r}); {_NO_BODY_HINT}") from exc


def split_authors(author: str | None) -> list[str]:
    """trafilatura joins several authors with ``;``; split them back into a list."""
    if not author:
        return []
    return [name.strip() for name in author.split(";") if name.strip()]


def page_language(html: str) -> str | None:
    """The language the page declares (``<html lang>`` or a content-language meta tag), if any.

    trafilatura only sets a language when asked to filter by one, so it is read from the page here.
    """
    head = html[:_LANG_SNIFF_CHARS]
    match = _HTML_LANG.search(head) or _META_LANG.search(head)
    return match.group(1).replace("_", "-") if match else None


def _clean(value: str | None) -> str | None:
    if value is None:
        return None
    value = value.strip()
    return value or None
