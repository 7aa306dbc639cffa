"""URLs, fetched from a local HTTP server the tests start on 127.0.0.1."""

from __future__ import annotations

import contextlib
import time
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler
from typing import ClassVar

import pytest

from saidwhat.errors import BinaryInputError, FetchError, InputTooLargeError
from saidwhat.ingest import fetch_url, is_url, iter_articles, read_url
from saidwhat.model import InputFailure
from saidwhat.settings import Options
from tests.loopback import serve

from .conftest import PESKOV_HTML, PESKOV_TXT

pytestmark = pytest.mark.network

SLOW_SECONDS = 1.5
FAST = Options(fetch_timeout=0.5)


class _NewsSite(BaseHTTPRequestHandler):
    """A news site: an article page, a plain-text copy, and the ways a real site goes wrong."""

    routes: ClassVar[dict[str, tuple[str, bytes]]] = {
        "/russia/peskov.html": ("text/html; charset=utf-8", PESKOV_HTML.read_bytes()),
        "/russia/peskov.txt": ("text/plain; charset=utf-8", PESKOV_TXT.read_bytes()),
        "/russia/peskov-cp1252.txt": (
            "text/plain; charset=windows-1252",
            PESKOV_TXT.read_text().encode("cp1252"),
        ),
        "/russia/peskov-untyped": ("", PESKOV_HTML.read_bytes()),
        "/photo.png": ("image/png", b"\x89PNG\r\n\x1a\n" + b"\x00" * 64),
    }

    def do_GET(self) -> None:
        # The client may have given up (the timeout test): then there is nothing to answer.
        with contextlib.suppress(BrokenPipeError, ConnectionResetError):
            self._answer()

    def _answer(self) -> None:
        if self.path == "/slow":
            time.sleep(SLOW_SECONDS)
            self._send("text/plain", b"too late")
        elif self.path == "/old-url":
            self.send_response(301)
            self.send_header("Location", "/russia/peskov.txt")
            self.end_headers()
        elif self.path == "/endless":
            self.send_response(200)
            self.send_header("Content-Type", "text/plain")
            self.end_headers()  # no Content-Length: the size is only known by reading
            for _ in range(64):
                self.wfile.write(PESKOV_TXT.read_bytes())
        elif self.path in self.routes:
            self._send(*self.routes[self.path])
        else:
            self.send_error(404, "Not Found")

    def _send(self, content_type: str, body: bytes) -> None:
        self.send_response(200)
        if content_type:
            self.send_header("Content-Type", content_type)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, format: str, *args: object) -> None:
        pass  # keep the test output clean


@pytest.fixture(scope="module")
def site() -> Iterator[str]:
    with serve(_NewsSite) as url:
        yield url


def test_html_page(site: str, peskov_paragraphs: list[str]) -> None:
    url = f"{site}/russia/peskov.html"
    article = read_url(url, FAST)
    assert article.id == url
    assert peskov_paragraphs[4] in article.text
    assert "All rights reserved" not in article.text
    assert article.metadata.outlet == "World Dispatch"
    assert article.metadata.source_file == url
    # The page's canonical address wins over the address it was fetched from.
    assert article.metadata.url == "https://worlddispatch.example.com/russia/peskov-ukraine-partition"


def test_text_page(site: str, peskov_text: str) -> None:
    url = f"{site}/russia/peskov.txt"
    article = read_url(url, FAST)
    assert article.text == peskov_text
    assert article.metadata.title is None
    assert article.metadata.url == url


def test_declared_charset_is_used(site: str, peskov_text: str) -> None:
    assert read_url(f"{site}/russia/peskov-cp1252.txt", FAST).text == peskov_text


def test_untyped_body_is_sniffed(site: str, peskov_paragraphs: list[str]) -> None:
    article = read_url(f"{site}/russia/peskov-untyped", FAST)
    assert peskov_paragraphs[0] in article.text
    assert "<p>" not in article.text


def test_redirect_is_followed(site: str, peskov_text: str) -> None:
    article = read_url(f"{site}/old-url", FAST)
    assert article.text == peskov_text
    assert article.metadata.url == f"{site}/russia/peskov.txt"


def test_404_is_a_fetch_error(site: str) -> None:
    url = f"{site}/russia/deleted-story.html"
    with pytest.raises(FetchError) as info:
        read_url(url, FAST)
    assert info.value.code == "E006"
    assert url in str(info.value) and "404" in str(info.value)


def test_slow_server_times_out(site: str) -> None:
    url = f"{site}/slow"
    started = time.monotonic()
    with pytest.raises(FetchError, match="timed out") as info:
        read_url(url, FAST)
    assert time.monotonic() - started < SLOW_SECONDS
    assert url in str(info.value)


def test_body_over_the_cap_with_content_length(site: str) -> None:
    with pytest.raises(InputTooLargeError) as info:
        fetch_url(f"{site}/russia/peskov.html", Options(max_bytes=1000, fetch_timeout=0.5))
    assert info.value.code == "E005"


def test_body_over_the_cap_without_content_length(site: str) -> None:
    with pytest.raises(InputTooLargeError, match="more than 10,000 bytes"):
        fetch_url(f"{site}/endless", Options(max_bytes=10_000, fetch_timeout=0.5))


def test_image_is_refused(site: str) -> None:
    with pytest.raises(BinaryInputError, match="image/png"):
        read_url(f"{site}/photo.png", FAST)


def test_unreachable_host_is_a_fetch_error() -> None:
    # Port 9 (discard) on localhost: nothing listens there in a test environment.
    with pytest.raises(FetchError, match="could not fetch"):
        read_url("http://127.0.0.1:9/article", FAST)


def test_only_http_urls_are_fetched() -> None:
    with pytest.raises(FetchError, match="only http"):
        fetch_url("file:///etc/passwd", FAST)


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("https://www.rt.com/russia/551526-kremlin-ukraine-partition/", True),
        ("HTTP://EXAMPLE.COM/a", True),
        ("http.txt", False),
        ("news/http:/a.txt", False),
        ("ftp://example.com/a.txt", False),
        ("-", False),
    ],
)
def test_is_url(value: str, expected: bool) -> None:
    assert is_url(value) is expected


def test_iter_articles_mixes_urls_and_reports_failures_in_place(site: str, peskov_text: str) -> None:
    inputs = [f"{site}/russia/peskov.txt", f"{site}/missing", f"{site}/slow", str(PESKOV_TXT)]
    results = list(iter_articles(inputs, FAST))
    kinds = [type(r).__name__ for r in results]
    assert kinds == ["Article", "InputFailure", "InputFailure", "Article"]
    assert [r.code for r in results if isinstance(r, InputFailure)] == ["E006", "E006"]
    assert [r.input for r in results if isinstance(r, InputFailure)] == inputs[1:3]
    assert results[3].text == peskov_text  # type: ignore[union-attr]
