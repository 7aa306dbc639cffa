"""The pages over HTTP (FastAPI's test client): Analyse, the article view, the corpus list."""

from __future__ import annotations

import html
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler

import pytest

from saidwhat.web.app import SECURITY_HEADERS
from tests.loopback import serve
from tests.render.example import EXAMPLE_TEXT
from tests.web.conftest import fake_corpus

NEWS_PAGE = (
    "<!DOCTYPE html><html><head><title>Peskov on Ukraine</title>"
    '<meta property="og:site_name" content="Loopback News"></head><body><article>'
    "<h1>Peskov on Ukraine</h1>"
    + "".join(f"<p>{html.escape(p)}</p>" for p in EXAMPLE_TEXT.split("\n") if p.strip())
    + "</article><footer>All rights reserved</footer></body></html>"
)


class _Site(BaseHTTPRequestHandler):
    def do_GET(self) -> None:
        if self.path != "/peskov.html":
            self.send_error(404, "Not Found")
            return
        body = NEWS_PAGE.encode("utf-8")
        self.send_response(200)
        self.send_header("Content-Type", "text/html; charset=utf-8")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, format: str, *args: object) -> None:
        pass


@pytest.fixture(scope="module")
def site() -> Iterator[str]:
    with serve(_Site) as url:
        yield url


def analyse(client, **fields):
    files = fields.pop("files", None)
    return client.post("/analyse", data=fields, files=files)


def test_pasted_text_lands_on_its_article_view(client):
    response = analyse(
        client, text=EXAMPLE_TEXT, title="Peskov interview", outlet="RT", published="2022-02-26"
    )
    assert response.status_code == 303
    location = response.headers["location"]
    assert location.startswith("/articles/")
    page = client.get(location)
    assert page.status_code == 200
    body = page.text
    assert "<title>Peskov interview · saidwhat</title>" in body
    assert "RT · 2022-02-26" in body
    assert 'class="cue"' in body or 'class="cue ' in body or " cue" in body
    assert "Dmitry Peskov" in body
    assert "spk-0" in body and "spk-1" in body  # at least two speakers, two colours
    assert 'class="outlet"' in body  # the outlet's own voice
    assert 'id="row-a1"' in body and 'data-target="a1"' in body


def test_every_page_carries_a_strict_content_security_policy(client):
    for path in ("/analyse", "/corpus", "/openapi.json", "/static/app.js", "/articles/999"):
        headers = client.get(path).headers
        for name, value in SECURITY_HEADERS.items():
            assert headers[name] == value, (path, name)
    assert "'unsafe-inline'" not in SECURITY_HEADERS["Content-Security-Policy"]


def test_empty_form_is_refused_with_a_coded_error(client):
    response = analyse(client, text="   ", title="Kept title")
    assert response.status_code == 422
    assert "E001" in response.text
    assert 'value="Kept title"' in response.text


def test_failed_url_keeps_everything_typed(client):
    response = analyse(client, url="ftp://example.org/story", outlet="Kept outlet")
    assert response.status_code == 422
    assert "E006" in response.text and "only http:// and https:// URLs" in response.text
    assert 'value="ftp://example.org/story"' in response.text
    assert 'value="Kept outlet"' in response.text


def test_a_url_on_loopback_is_fetched_and_analysed(client, site):
    response = analyse(client, url=f"{site}/peskov.html")
    assert response.status_code == 303
    body = client.get(response.headers["location"]).text
    assert "Peskov on Ukraine" in body
    assert "Loopback News" in body
    assert "All rights reserved" not in body
    assert "Dmitry Peskov" in body


def test_a_dead_url_shows_its_fetch_error(client, site):
    response = analyse(client, url=f"{site}/missing.html")
    assert response.status_code == 422
    assert "E006" in response.text and "HTTP 404" in response.text


def test_uploaded_html_file_is_read_as_a_page(client):
    files = {"file": ("peskov.html", NEWS_PAGE.encode("utf-8"), "text/html")}
    response = analyse(client, files=files)
    assert response.status_code == 303
    assert "Peskov on Ukraine" in client.get(response.headers["location"]).text


def test_uploaded_binary_file_is_refused(client):
    files = {"file": ("photo.txt", b"\x89PNG\r\n\x1a\n" + bytes(range(256)) * 4, "text/plain")}
    response = analyse(client, files=files, title="Kept")
    assert response.status_code == 422
    assert "E002" in response.text and "photo.txt" in response.text
    assert 'value="Kept"' in response.text


def test_a_bad_date_is_reported_not_crashed_on(client):
    response = analyse(client, text=EXAMPLE_TEXT, published="26/02/2022")
    assert response.status_code == 422
    assert "is not a date" in response.text
    assert html.escape(EXAMPLE_TEXT[:60], quote=False) in response.text  # the text is kept


def test_unknown_article_is_a_404_page(client):
    response = client.get("/articles/12345")
    assert response.status_code == 404
    assert "no article 12345" in response.text and "<html" in response.text
    assert client.get("/articles/0").status_code == 422
    assert client.get("/articles/abc").status_code == 422


def test_corpus_is_paginated_newest_first(app, client, example):
    fake_corpus(app.state.repository, example, 30)
    first = client.get("/corpus").text
    assert "30 articles; page 1 of 2" in first
    assert first.count('<a href="/articles/') == 25
    assert "Story 29" in first and "Story 04" not in first
    second = client.get("/corpus?page=2").text
    assert second.count('<a href="/articles/') == 5
    assert "Story 04" in second and 'rel="prev"' in second


def test_corpus_filters_by_outlet_speaker_words_and_date(app, client, example):
    fake_corpus(app.state.repository, example, 30)
    assert "10 articles" in client.get("/corpus?outlet=rt").text
    assert "30 articles" in client.get("/corpus?speaker=Peskov").text
    assert "0 articles" in client.get("/corpus?speaker=Nobody%20Atall").text
    assert "30 articles" in client.get("/corpus?q=partitioning").text
    dated = client.get("/corpus?date_from=2022-03-01&date_to=2022-03-02").text
    assert "4 articles" in dated  # days 1 and 2 of stories 0, 1, 28, 29
    pager = client.get("/corpus?speaker=Peskov").text
    assert "speaker=Peskov&amp;page=2" in pager  # the pager keeps the filters
    assert client.get("/corpus?date_from=yesterday").status_code == 422
    assert "30 articles" in client.get("/corpus?stance=distancing&technique=").text
    assert client.get("/corpus?stance=sarcastic").status_code == 422


def test_outlets_and_speakers_pages_draw_their_charts(app, client, example):
    assert "No articles with an outlet yet" in client.get("/outlets").text
    assert "No resolved speakers yet" in client.get("/speakers").text
    fake_corpus(app.state.repository, example, 30)
    outlets = client.get("/outlets").text
    assert outlets.count('<a href="/corpus?outlet=') == 2  # RT and Reuters, each linked to its articles
    assert 'class="st-neutral"' in outlets and "<title>neutral:" in outlets
    speakers = client.get("/speakers").text
    assert "Dmitry Peskov" in speakers and 'class="month"' in speakers
    assert "2022-03 to 2022-03" in speakers


def test_speaker_page_links_from_the_article_view(app, client, example):
    ids = fake_corpus(app.state.repository, example, 3)
    article = client.get(f"/articles/{ids[0]}").text
    assert 'href="/speakers/Dmitry%20Peskov"' in article
    page = client.get("/speakers/Dmitry%20Peskov")
    assert page.status_code == 200
    assert "How each outlet introduced their words" in page.text
    assert page.text.count('href="/articles/') >= 3  # the timeline links each article
    assert client.get("/speakers/Nobody").status_code == 404
    assert client.get("/api/speakers/Dmitry%20Peskov").json()["name"] == "Dmitry Peskov"
