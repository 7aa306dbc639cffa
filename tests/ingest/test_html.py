"""HTML pages: the article body without the site around it, and the page's metadata."""

from __future__ import annotations

import pytest

from saidwhat.errors import NoArticleBodyError
from saidwhat.ingest import looks_like_html, read_html

SOURCE = "tests/ingest/fixtures/peskov-news-page.html"


def test_news_page_gives_every_paragraph_of_the_article(
    peskov_html: str, peskov_paragraphs: list[str]
) -> None:
    article = read_html(peskov_html, SOURCE)
    for paragraph in peskov_paragraphs:
        assert paragraph in article.text


def test_news_page_leaves_out_the_site_around_the_article(peskov_html: str) -> None:
    text = read_html(peskov_html, SOURCE).text
    for boilerplate in [
        "Subscribe for $1 a week",  # navigation
        "All rights reserved",  # footer
        "Privacy policy",
        "mark my words",  # reader comments
        "exactly what they said before",
        "Share this story",
        "dataLayer",  # script
    ]:
        assert boilerplate not in text


def test_news_page_metadata(peskov_html: str) -> None:
    article = read_html(peskov_html, SOURCE, article_id="peskov")
    assert article.id == "peskov"
    meta = article.metadata
    assert meta.title == "Russia not aiming to divide Ukraine – Kremlin"
    assert meta.outlet == "World Dispatch"
    assert meta.url == "https://worlddispatch.example.com/russia/peskov-ukraine-partition"
    assert meta.published == "2022-03-04"
    assert meta.authors == ["Elena Marsh"]
    assert meta.language == "en"
    assert meta.source_file == SOURCE


def test_quote_marks_survive_extraction(peskov_html: str) -> None:
    text = read_html(peskov_html, SOURCE).text
    assert "“We do not aim to divide Ukrainian territory into parts, but seek" in text
    assert "Kiev’s incorporation" in text


def test_id_defaults_to_source(peskov_html: str) -> None:
    assert read_html(peskov_html, SOURCE).id == SOURCE


def test_given_url_is_used_when_the_page_has_none(peskov_paragraphs: list[str]) -> None:
    body = "".join(f"<p>{p}</p>" for p in peskov_paragraphs)
    page = f"<!DOCTYPE html><html lang='en-GB'><body><article>{body}</article></body></html>"
    article = read_html(page, "https://news.example.org/a", url="https://news.example.org/a")
    assert article.metadata.url == "https://news.example.org/a"
    assert article.metadata.language == "en-GB"
    assert article.metadata.title is None
    assert article.metadata.authors == []


def test_several_authors_are_split(peskov_html: str) -> None:
    page = peskov_html.replace(
        '<meta name="author" content="Elena Marsh">',
        '<meta name="author" content="Elena Marsh; Omar Haddad">',
    )
    assert read_html(page, SOURCE).metadata.authors == ["Elena Marsh", "Omar Haddad"]


@pytest.mark.parametrize(
    "page",
    [
        "<!DOCTYPE html><html><head><title>World Dispatch</title></head><body></body></html>",
        "<html><body><div class='menu'><ul><li><a href='/'>Home</a></li><li><a href='/world'>World</a></li>"
        "</ul></div><footer>© 2022 World Dispatch</footer></body></html>",
        "<!doctype html><html><body><script>render()</script><div id='app'></div></body></html>",
        "<html><body><nav><a href='/'>Home</a> <a href='/world'>World</a></nav></body></html>",
    ],
)
def test_page_without_article_body_is_refused(page: str) -> None:
    with pytest.raises(NoArticleBodyError) as info:
        read_html(page, "index.html")
    assert info.value.code == "E004"
    assert "index.html" in str(info.value)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("<!DOCTYPE html>\n<html>", True),
        ("  \n<!doctype HTML><html>", True),
        ("<html lang='en'>", True),
        ("<!-- saved from url=(0042)https://example.com -->\n<html>", True),
        ('<?xml version="1.0" encoding="utf-8"?>\n<!DOCTYPE html>', True),
        ("Peskov said the <html> tag was irrelevant.", False),
        ("<p>Peskov said</p>", False),
        ("Russia’s armed forces have no intention of partitioning Ukraine", False),
    ],
)
def test_looks_like_html(text: str, expected: bool) -> None:
    assert looks_like_html(text) is expected


def test_xhtml_with_xml_declaration(peskov_paragraphs: list[str]) -> None:
    body = "".join(f"<p>{p}</p>" for p in peskov_paragraphs)
    page = (
        '<?xml version="1.0" encoding="utf-8"?>\n'
        '<html xmlns="http://www.w3.org/1999/xhtml" lang="en"><head><title>Peskov</title></head>'
        f"<body><article>{body}</article></body></html>"
    )
    article = read_html(page, "page.xhtml")
    assert peskov_paragraphs[2] in article.text
