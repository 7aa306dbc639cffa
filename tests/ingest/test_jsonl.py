"""JSON Lines dumps: one article per line, a broken line reported alone, the rest read."""

from __future__ import annotations

import io
import json
from pathlib import Path

import pytest

from saidwhat.ingest import article_from_record, iter_json_file, iter_jsonl, iter_jsonl_stream
from saidwhat.model import Article, InputFailure
from saidwhat.settings import Options


def _write_lines(path: Path, lines: list[str]) -> Path:
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


def _record(**fields: object) -> str:
    return json.dumps(fields, ensure_ascii=False)


def test_good_and_bad_lines(tmp_path: Path, peskov_paragraphs: list[str]) -> None:
    dump = _write_lines(
        tmp_path / "wire-2022-03-04.jsonl",
        [
            _record(text=peskov_paragraphs[2]),
            '{"text": "Peskov said", ',  # truncated: not JSON
            _record(title="Kremlin denies partition plans", url="https://example.com/a"),  # no text/html
            "",  # blank lines are skipped, not failures
            _record(id="rt-1", text=peskov_paragraphs[4], title="Peskov", authors=["Elena Marsh"]),
            "[1, 2]",
        ],
    )
    results = list(iter_jsonl(dump))
    kinds = [type(r).__name__ for r in results]
    assert kinds == ["Article", "InputFailure", "InputFailure", "Article", "InputFailure"]
    first, broken, no_text, named, array = results
    assert isinstance(first, Article) and isinstance(named, Article)
    assert first.id == "wire-2022-03-04:1"
    assert first.text == peskov_paragraphs[2]
    assert first.metadata.source_file == f"{dump}:1"
    assert first.metadata.title is None
    for failure, line in [(broken, 2), (no_text, 3), (array, 6)]:
        assert isinstance(failure, InputFailure)
        assert failure.code == "E007"
        assert failure.input == f"{dump}:{line}"
        assert f"{dump}:{line}" in failure.message
    assert "neither" in no_text.message  # type: ignore[union-attr]
    assert named.id == "rt-1"
    assert named.metadata.title == "Peskov"
    assert named.metadata.authors == ["Elena Marsh"]
    assert named.metadata.source_file == f"{dump}:5"


def test_all_metadata_fields_are_read(peskov_text: str) -> None:
    line = _record(
        id=42,
        text=peskov_text,
        title="Russia not aiming to divide Ukraine – Kremlin",
        outlet="World Dispatch",
        url="https://worlddispatch.example.com/russia/peskov",
        published="2022-03-04T16:21:00+00:00",
        authors="Elena Marsh",
        language="en",
        section="russia",  # unknown keys are ignored
    )
    [article] = iter_jsonl_stream(io.BytesIO(line.encode("utf-8")), source="dump.jsonl", stem="dump")
    assert isinstance(article, Article)
    assert article.id == "42"
    assert article.text == peskov_text  # kept exactly, newlines and quote marks included
    meta = article.metadata
    assert (meta.outlet, meta.published, meta.language) == (
        "World Dispatch",
        "2022-03-04T16:21:00+00:00",
        "en",
    )
    assert meta.authors == ["Elena Marsh"]
    assert meta.url == "https://worlddispatch.example.com/russia/peskov"


def test_html_record_is_extracted_and_record_fields_win(
    peskov_html: str, peskov_paragraphs: list[str]
) -> None:
    line = _record(html=peskov_html, title="Kremlin: no partition of Ukraine")
    [article] = iter_jsonl_stream(io.BytesIO(line.encode("utf-8")), source="pages.jsonl", stem="pages")
    assert isinstance(article, Article)
    assert peskov_paragraphs[3] in article.text
    assert "All rights reserved" not in article.text
    assert article.metadata.title == "Kremlin: no partition of Ukraine"
    assert article.metadata.outlet == "World Dispatch"  # extracted, since the record has none
    assert article.metadata.source_file == "pages.jsonl:1"


@pytest.mark.parametrize(
    ("record", "problem"),
    [
        ({"text": ["not", "a", "string"]}, '"text" must be a string'),
        ({"text": "Peskov said.", "authors": [1, 2]}, '"authors" must be'),
        ({"text": "Peskov said.", "id": {"x": 1}}, '"id" must be'),
        ({"text": "Peskov said.", "title": 7}, '"title" must be a string'),
    ],
)
def test_fields_of_the_wrong_type(record: dict[str, object], problem: str) -> None:
    [failure] = iter_jsonl_stream(io.BytesIO(json.dumps(record).encode()), source="d.jsonl", stem="d")
    assert isinstance(failure, InputFailure)
    assert failure.code == "E007"
    assert problem in failure.message
    assert failure.input == "d.jsonl:1"


def test_empty_text_is_empty_input() -> None:
    [failure] = iter_jsonl_stream(io.BytesIO(b'{"text": "  "}\n'), source="d.jsonl", stem="d")
    assert isinstance(failure, InputFailure)
    assert (failure.code, failure.input) == ("E001", "d.jsonl:1")


def test_html_record_without_body() -> None:
    page = "<!DOCTYPE html><html><head><title>Index</title></head><body></body></html>"
    [failure] = iter_jsonl_stream(io.BytesIO(_record(html=page).encode()), source="d.jsonl", stem="d")
    assert isinstance(failure, InputFailure)
    assert (failure.code, failure.input) == ("E004", "d.jsonl:1")


def test_line_over_the_cap_is_skipped_and_the_next_line_read(peskov_paragraphs: list[str]) -> None:
    long_line = _record(text=" ".join(peskov_paragraphs))
    short_line = _record(text=peskov_paragraphs[2])
    data = f"{long_line}\n{short_line}\n".encode()
    options = Options(max_bytes=len(short_line.encode()) + 10)
    results = list(iter_jsonl_stream(io.BytesIO(data), source="d.jsonl", stem="d", options=options))
    assert isinstance(results[0], InputFailure)
    assert (results[0].code, results[0].input) == ("E005", "d.jsonl:1")
    assert isinstance(results[1], Article)
    assert (results[1].id, results[1].text) == ("d:2", peskov_paragraphs[2])


def test_line_that_is_not_utf8(peskov_paragraphs: list[str]) -> None:
    bad = _record(text=peskov_paragraphs[2]).encode("cp1252")
    good = _record(text=peskov_paragraphs[4]).encode("utf-8")
    results = list(iter_jsonl_stream(io.BytesIO(bad + b"\n" + good), source="d.jsonl", stem="d"))
    assert isinstance(results[0], InputFailure) and results[0].code == "E003"
    assert isinstance(results[1], Article) and results[1].id == "d:2"


def test_bom_and_crlf_lines(peskov_paragraphs: list[str]) -> None:
    data = b"\xef\xbb\xbf" + _record(text=peskov_paragraphs[0]).encode() + b"\r\n"
    [article] = iter_jsonl_stream(io.BytesIO(data), source="d.jsonl", stem="d")
    assert isinstance(article, Article) and article.text == peskov_paragraphs[0]


def test_empty_dump_is_reported(tmp_path: Path) -> None:
    dump = tmp_path / "empty.jsonl"
    dump.write_text("\n\n", encoding="utf-8")
    [failure] = iter_jsonl(dump)
    assert isinstance(failure, InputFailure)
    assert (failure.code, failure.input) == ("E001", str(dump))


def test_json_file_with_one_record(tmp_path: Path, peskov_text: str) -> None:
    path = tmp_path / "peskov.json"
    path.write_text(_record(text=peskov_text, outlet="World Dispatch"), encoding="utf-8")
    [article] = iter_json_file(path, article_id="news/peskov.json")
    assert isinstance(article, Article)
    assert (article.id, article.text, article.metadata.source_file) == (
        "news/peskov.json",
        peskov_text,
        str(path),
    )


def test_json_file_with_a_list(tmp_path: Path, peskov_paragraphs: list[str]) -> None:
    path = tmp_path / "batch.json"
    path.write_text(json.dumps([{"text": peskov_paragraphs[2]}, {"title": "no text"}]), encoding="utf-8")
    first, second = iter_json_file(path)
    assert isinstance(first, Article) and first.id == "batch:1"
    assert isinstance(second, InputFailure) and (second.code, second.input) == ("E007", f"{path}:2")


def test_json_file_that_is_json_lines(tmp_path: Path, peskov_paragraphs: list[str]) -> None:
    path = _write_lines(tmp_path / "lines.json", [_record(text=p) for p in peskov_paragraphs[:3]])
    results = list(iter_json_file(path))
    assert [r.id for r in results if isinstance(r, Article)] == ["lines:1", "lines:2", "lines:3"]


def test_broken_json_file_is_one_failure(tmp_path: Path) -> None:
    path = tmp_path / "broken.json"
    path.write_text('{\n  "text": "Peskov said",\n  "title": \n}\n', encoding="utf-8")
    [failure] = iter_json_file(path)
    assert isinstance(failure, InputFailure)
    assert (failure.code, failure.input) == ("E007", str(path))


def test_article_from_record_direct(peskov_paragraphs: list[str]) -> None:
    article = article_from_record({"text": peskov_paragraphs[1]}, source="x.jsonl:9", default_id="x:9")
    assert article.id == "x:9"
    assert article.metadata.source_file == "x.jsonl:9"
