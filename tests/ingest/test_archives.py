"""Gzip JSON Lines, RSS/Atom feeds and WARC files (CC-NEWS layout), read through iter_articles."""

from __future__ import annotations

import gzip
import io
import json
from pathlib import Path

from warcio.statusandheaders import StatusAndHeaders
from warcio.warcwriter import WARCWriter

from saidwhat.ingest import iter_articles
from saidwhat.model import Article, InputFailure


def _split(items: list[Article | InputFailure]) -> tuple[list[Article], list[InputFailure]]:
    return [i for i in items if isinstance(i, Article)], [i for i in items if isinstance(i, InputFailure)]


def test_gzip_jsonl_streams_records_with_their_metadata(tmp_path: Path, peskov_text: str) -> None:
    path = tmp_path / "dump.jsonl.gz"
    with gzip.open(path, "wt", encoding="utf-8") as out:
        out.write(json.dumps({"text": peskov_text, "outlet": "wire", "published": "2022-03-01"}) + "\n")
        out.write("{broken\n")
    articles, failures = _split(list(iter_articles([str(path)])))
    assert [a.text for a in articles] == [peskov_text]
    assert articles[0].id == "dump:1" and articles[0].metadata.outlet == "wire"
    assert [f.code for f in failures] == ["E007"] and failures[0].input.endswith("dump.jsonl.gz:2")


def test_truncated_gzip_keeps_what_was_read_and_says_so(tmp_path: Path, peskov_text: str) -> None:
    data = gzip.compress(("\n".join(json.dumps({"text": peskov_text}) for _ in range(40)) + "\n").encode())
    path = tmp_path / "cut.jsonl.gz"
    path.write_bytes(data[: len(data) * 3 // 4])
    articles, failures = _split(list(iter_articles([str(path)])))
    assert 0 < len(articles) < 40
    assert failures[-1].code == "E011" and "gzip" in failures[-1].message


RSS = """<?xml version="1.0" encoding="UTF-8"?>
<rss version="2.0" xmlns:content="http://purl.org/rss/1.0/modules/content/">
<channel><title>Example News</title>
<item><title>Kremlin sets out aims</title><link>https://example.org/a1</link>
<guid>https://example.org/a1</guid><pubDate>Tue, 01 Mar 2022 09:30:00 +0100</pubDate>
<content:encoded><![CDATA[{body}]]></content:encoded></item>
<item><title>Empty</title><link>https://example.org/a2</link></item>
</channel></rss>"""


def test_rss_entries_become_articles_with_link_date_and_outlet(
    tmp_path: Path, peskov_paragraphs: list[str]
) -> None:
    body = "".join(f"<p>{paragraph}</p>" for paragraph in peskov_paragraphs)
    path = tmp_path / "news.rss"
    path.write_text(RSS.format(body=body), encoding="utf-8")
    articles, failures = _split(list(iter_articles([str(path)])))
    assert len(articles) == 1
    article = articles[0]
    assert article.text.split("\n\n") == [" ".join(p.split()) for p in peskov_paragraphs]
    meta = article.metadata
    assert (meta.url, meta.outlet, meta.title) == (
        "https://example.org/a1",
        "Example News",
        "Kremlin sets out aims",
    )
    assert meta.published == "2022-03-01T08:30:00Z"
    assert [f.code for f in failures] == ["E001"] and failures[0].input.endswith("news.rss#2")


def test_atom_feed_in_an_xml_file_is_sniffed(tmp_path: Path) -> None:
    atom = """<?xml version="1.0" encoding="utf-8"?>
<feed xmlns="http://www.w3.org/2005/Atom"><title>Atom Desk</title>
<entry><title>One</title><id>urn:one</id><link href="https://example.org/one"/>
<updated>2022-03-02T10:00:00Z</updated>
<content type="html">&lt;p&gt;The minister said the talks would go on.&lt;/p&gt;</content></entry></feed>"""
    path = tmp_path / "desk.xml"
    path.write_text(atom, encoding="utf-8")
    articles, failures = _split(list(iter_articles([str(path)])))
    assert not failures
    assert articles[0].text == "The minister said the talks would go on."
    assert articles[0].id == "urn:one" and articles[0].metadata.outlet == "Atom Desk"


def test_a_feed_file_that_is_not_a_feed_is_a_coded_error(tmp_path: Path) -> None:
    path = tmp_path / "nothing.rss"
    path.write_text("<html><body>not a feed</body></html>", encoding="utf-8")
    (failure,) = list(iter_articles([str(path)]))
    assert isinstance(failure, InputFailure) and failure.code == "E011"


def _warc(path: Path, page: str) -> None:
    with path.open("wb") as out:
        writer = WARCWriter(out, gzip=path.suffix == ".gz")
        request = writer.create_warc_record(
            "https://news.example.org/2022/peskov",
            "request",
            payload=io.BytesIO(b"GET / HTTP/1.1\r\n\r\n"),
            length=18,
        )
        writer.write_record(request)
        for uri, content_type, status, body in (
            ("https://news.example.org/2022/peskov", "text/html; charset=utf-8", "200 OK", page.encode()),
            ("https://news.example.org/logo.png", "image/png", "200 OK", b"\x89PNG\r\n"),
            ("https://news.example.org/old", "text/html", "301 Moved Permanently", b""),
        ):
            headers = StatusAndHeaders(status, [("Content-Type", content_type)], protocol="HTTP/1.1")
            record = writer.create_warc_record(
                uri,
                "response",
                payload=io.BytesIO(body),
                length=len(body),  # a known length: warcio buffers to an unclosed temp file otherwise
                http_headers=headers,
                warc_headers_dict={"WARC-Date": "2022-03-01T12:00:00Z"},
            )
            writer.write_record(record)


def test_warc_html_responses_become_articles_keeping_url_and_date(tmp_path: Path, peskov_html: str) -> None:
    for name in ("cc-news.warc.gz", "plain.warc"):
        path = tmp_path / name
        _warc(path, peskov_html)
        articles, failures = _split(list(iter_articles([str(path)])))
        assert not failures
        (article,) = articles
        assert article.id == article.metadata.url == "https://news.example.org/2022/peskov"
        assert "Peskov" in article.text
        assert article.metadata.published  # the page's own date, else the crawl date


def test_a_broken_warc_is_a_coded_error_naming_the_file(tmp_path: Path) -> None:
    path = tmp_path / "broken.warc.gz"
    path.write_bytes(b"this is not a web archive\n" * 10)
    (failure,) = list(iter_articles([str(path)]))
    assert (
        isinstance(failure, InputFailure) and failure.code == "E011" and "broken.warc.gz" in failure.message
    )


def test_directories_pick_up_archives(tmp_path: Path, peskov_html: str, peskov_text: str) -> None:
    _warc(tmp_path / "a.warc.gz", peskov_html)
    with gzip.open(tmp_path / "b.jsonl.gz", "wt", encoding="utf-8") as out:
        out.write(json.dumps({"text": peskov_text}) + "\n")
    articles, failures = _split(list(iter_articles([str(tmp_path)])))
    assert len(articles) == 2 and not failures
