"""iter_articles: files, directories, stdin; every bad input reported in place, the rest read."""

from __future__ import annotations

import io
import json
import os
from pathlib import Path
from typing import Any

import pytest

from saidwhat.ingest import iter_articles
from saidwhat.model import Article, InputFailure
from saidwhat.settings import Options

from .conftest import PESKOV_HTML, PESKOV_TXT


def _only(results: list[Article | InputFailure]) -> Article | InputFailure:
    assert len(results) == 1, results
    return results[0]


def _failure(inputs: list[str], options: Options | None = None) -> InputFailure:
    failure = _only(list(iter_articles(inputs, options or Options())))
    assert isinstance(failure, InputFailure), failure
    return failure


def test_text_file_is_kept_exactly_with_its_headline(tmp_path: Path, peskov_text: str) -> None:
    # A short first line and a blank line look like a headline; the text must still match the file.
    content = "Russia not aiming to divide Ukraine – Kremlin\n\n" + peskov_text
    path = tmp_path / "peskov.txt"
    path.write_text(content, encoding="utf-8")
    article = _only(list(iter_articles([str(path)])))
    assert isinstance(article, Article)
    assert article.text == content
    assert article.metadata.title is None
    assert article.id == "peskov.txt"
    assert article.metadata.source_file == str(path)
    start = content.index("“After the 2014 coup")
    assert article.text[start : start + 10] == path.read_text(encoding="utf-8")[start : start + 10]


def test_example_article(peskov_text: str) -> None:
    article = _only(list(iter_articles([str(PESKOV_TXT)])))
    assert isinstance(article, Article)
    assert (article.id, article.text) == ("kremlin-peskov-interview.txt", peskov_text)


def test_html_file(peskov_paragraphs: list[str]) -> None:
    article = _only(list(iter_articles([str(PESKOV_HTML)])))
    assert isinstance(article, Article)
    assert peskov_paragraphs[5] in article.text
    assert article.metadata.outlet == "World Dispatch"
    assert article.id == "peskov-news-page.html"


def test_html_saved_as_txt_is_read_as_html(
    tmp_path: Path, peskov_html: str, peskov_paragraphs: list[str]
) -> None:
    path = tmp_path / "saved-page.txt"
    path.write_text(peskov_html, encoding="utf-8")
    article = _only(list(iter_articles([str(path)])))
    assert isinstance(article, Article)
    assert peskov_paragraphs[0] in article.text and "<p>" not in article.text


def test_cp1252_html_page_with_meta_charset(
    tmp_path: Path, peskov_html: str, peskov_paragraphs: list[str]
) -> None:
    path = tmp_path / "legacy.htm"
    page = peskov_html.replace('<meta charset="utf-8">', '<meta charset="windows-1252">')
    path.write_bytes(page.encode("cp1252"))
    article = _only(list(iter_articles([str(path)])))
    assert isinstance(article, Article)
    assert peskov_paragraphs[2] in article.text


def test_crlf_file_is_normalised(tmp_path: Path, peskov_text: str) -> None:
    path = tmp_path / "windows.txt"
    path.write_bytes(peskov_text.replace("\n", "\r\n").encode("utf-8"))
    article = _only(list(iter_articles([str(path)])))
    assert isinstance(article, Article) and article.text == peskov_text


def _make_news_dir(root: Path, peskov_text: str, peskov_html: str, peskov_paragraphs: list[str]) -> None:
    (root / "2022" / "03").mkdir(parents=True)
    (root / "2022" / "03" / "peskov.html").write_text(peskov_html, encoding="utf-8")
    (root / "2022" / "peskov.md").write_text(peskov_text, encoding="utf-8")
    (root / "a-peskov.txt").write_text(peskov_text, encoding="utf-8")
    (root / "b-broken.txt").write_bytes(b"\x00\x01\x02PK garbage" * 20)  # binary, named .txt
    wire = [json.dumps({"text": p}, ensure_ascii=False) for p in peskov_paragraphs[:2]]
    (root / "wire.jsonl").write_text("\n".join(wire) + "\n", encoding="utf-8")
    (root / "photo.jpg").write_bytes(b"\xff\xd8\xff\xe0" + b"\x00" * 32)  # not an article type
    (root / ".draft.txt").write_text(peskov_text, encoding="utf-8")  # hidden file
    (root / ".cache").mkdir()
    (root / ".cache" / "old.txt").write_text(peskov_text, encoding="utf-8")  # hidden folder


def test_directory_with_one_broken_file(
    tmp_path: Path, peskov_text: str, peskov_html: str, peskov_paragraphs: list[str]
) -> None:
    _make_news_dir(tmp_path, peskov_text, peskov_html, peskov_paragraphs)
    results = list(iter_articles([str(tmp_path)]))
    articles = [r for r in results if isinstance(r, Article)]
    failures = [r for r in results if isinstance(r, InputFailure)]
    # Sorted by relative path, folders at their place among the files.
    assert [a.id for a in articles] == [
        "2022/03/peskov.html",
        "2022/peskov.md",
        "a-peskov.txt",
        "wire:1",
        "wire:2",
    ]
    assert len(failures) == 1
    assert failures[0].code == "E002"
    assert failures[0].input == str(tmp_path / "b-broken.txt")
    assert str(tmp_path / "b-broken.txt") in failures[0].message
    assert results.index(failures[0]) == 3  # in place, between a-peskov.txt and wire.jsonl
    assert articles[1].metadata.source_file == str(tmp_path / "2022" / "peskov.md")
    assert articles[3].metadata.source_file == f"{tmp_path / 'wire.jsonl'}:1"


def test_empty_directory(tmp_path: Path) -> None:
    (tmp_path / "notes.docx").write_bytes(b"PK\x03\x04")
    failure = _failure([str(tmp_path)])
    assert failure.code == "E001" and str(tmp_path) in failure.message


def test_missing_path_and_the_rest_go_on(tmp_path: Path) -> None:
    missing = str(tmp_path / "no-such-article.txt")
    results = list(iter_articles([missing, str(PESKOV_TXT)]))
    assert isinstance(results[0], InputFailure)
    assert (results[0].code, results[0].input) == ("E008", missing)
    assert missing in results[0].message
    assert isinstance(results[1], Article)


def test_empty_file(tmp_path: Path) -> None:
    path = tmp_path / "empty.txt"
    path.write_bytes(b"")
    failure = _failure([str(path)])
    assert failure.code == "E001" and str(path) in failure.message


def test_binary_file(tmp_path: Path) -> None:
    path = tmp_path / "scan.txt"
    path.write_bytes(b"%PDF-1.4\n" + bytes(range(256)))
    failure = _failure([str(path)])
    assert failure.code == "E002" and str(path) in failure.message


def test_undecodable_file(tmp_path: Path) -> None:
    path = tmp_path / "garbled.txt"
    path.write_bytes(bytes((i * 167 + 13) % 255 + 1 for i in range(4000)))
    failure = _failure([str(path)])
    assert failure.code == "E003" and str(path) in failure.message


def test_html_without_body(tmp_path: Path) -> None:
    path = tmp_path / "index.html"
    path.write_text("<!DOCTYPE html><html><head><title>World Dispatch</title></head><body></body></html>")
    failure = _failure([str(path)])
    assert failure.code == "E004" and str(path) in failure.message


def test_file_over_the_cap_is_refused_without_reading_it(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = tmp_path / "huge.txt"
    path.write_bytes(PESKOV_TXT.read_bytes())
    opened: list[Path] = []
    real_open = Path.open

    def spy_open(self: Path, *args: Any, **kwargs: Any) -> Any:
        opened.append(self)
        return real_open(self, *args, **kwargs)

    monkeypatch.setattr(Path, "open", spy_open)
    failure = _failure([str(path)], Options(max_bytes=1000))
    assert failure.code == "E005" and str(path) in failure.message
    assert opened == []


def test_file_at_the_cap_is_read(tmp_path: Path) -> None:
    path = tmp_path / "exact.txt"
    path.write_bytes(PESKOV_TXT.read_bytes())
    article = _only(list(iter_articles([str(path)], Options(max_bytes=path.stat().st_size))))
    assert isinstance(article, Article)


def test_stdin_text(peskov_text: str) -> None:
    stdin = io.BytesIO(peskov_text.encode("utf-8"))
    article = _only(list(iter_articles(["-"], stdin=stdin)))
    assert isinstance(article, Article)
    assert (article.id, article.text, article.metadata.source_file) == ("stdin", peskov_text, "<stdin>")


def test_stdin_html(peskov_paragraphs: list[str]) -> None:
    article = _only(list(iter_articles(["-"], stdin=io.BytesIO(PESKOV_HTML.read_bytes()))))
    assert isinstance(article, Article)
    assert peskov_paragraphs[1] in article.text and article.metadata.outlet == "World Dispatch"


def test_stdin_over_the_cap_reads_at_most_cap_plus_one(peskov_text: str) -> None:
    stdin = io.BytesIO(peskov_text.encode("utf-8"))
    failure = _only(list(iter_articles(["-"], Options(max_bytes=500), stdin=stdin)))
    assert isinstance(failure, InputFailure)
    assert (failure.code, failure.input) == ("E005", "<stdin>")
    assert stdin.tell() == 501


def test_stdin_empty() -> None:
    failure = _only(list(iter_articles(["-"], stdin=io.BytesIO(b""))))
    assert isinstance(failure, InputFailure) and failure.code == "E001" and "<stdin>" in failure.message


def test_jsonl_bad_line_among_good(tmp_path: Path, peskov_paragraphs: list[str]) -> None:
    path = tmp_path / "dump.jsonl"
    lines = [json.dumps({"text": peskov_paragraphs[0]}), "not json at all", json.dumps({"html": 3})]
    path.write_text("\n".join(lines), encoding="utf-8")
    results = list(iter_articles([str(path)]))
    assert isinstance(results[0], Article) and results[0].id == "dump:1"
    assert [(r.code, r.input) for r in results[1:] if isinstance(r, InputFailure)] == [
        ("E007", f"{path}:2"),
        ("E007", f"{path}:3"),
    ]


def test_results_come_in_input_order(tmp_path: Path) -> None:
    missing = str(tmp_path / "gone.txt")
    results = list(iter_articles([str(PESKOV_HTML), missing, str(PESKOV_TXT)]))
    assert [r.id if isinstance(r, Article) else r.code for r in results] == [
        "peskov-news-page.html",
        "E008",
        "kremlin-peskov-interview.txt",
    ]


def test_unlistable_subfolder_is_reported_and_the_walk_goes_on(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, peskov_text: str
) -> None:
    (tmp_path / "a-locked").mkdir()
    (tmp_path / "a-locked" / "secret.txt").write_text(peskov_text, encoding="utf-8")
    (tmp_path / "b-open.txt").write_text(peskov_text, encoding="utf-8")
    real_scandir = os.scandir

    def scandir(path: Any) -> Any:
        if Path(path).name == "a-locked":  # chmod does not stop root, so refuse the listing here
            raise PermissionError(13, "Permission denied")
        return real_scandir(path)

    monkeypatch.setattr(os, "scandir", scandir)
    results = list(iter_articles([str(tmp_path)]))
    assert isinstance(results[0], InputFailure)
    assert (results[0].code, results[0].input) == ("E008", str(tmp_path / "a-locked"))
    assert "Permission denied" in results[0].message
    assert isinstance(results[1], Article) and results[1].id == "b-open.txt"


def test_published_dates_only_articles_whose_input_gives_no_date(tmp_path: Path) -> None:
    text_file = tmp_path / "plain.txt"
    text_file.write_text("The minister said on Friday that talks would resume.", encoding="utf-8")
    dump = tmp_path / "dated.jsonl"
    dump.write_text(json.dumps({"id": "d", "text": "Talks resumed.", "published": "2024-05-08"}) + "\n")
    read = list(iter_articles([str(text_file), str(dump)], Options(published="2022-03-05")))
    assert [a.metadata.published for a in read if isinstance(a, Article)] == ["2022-03-05", "2024-05-08"]
    assert all(isinstance(a, Article) for a in read)
