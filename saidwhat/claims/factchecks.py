"""Read fact-checks from the formats fact-checkers publish: ClaimReview JSON / JSON-LD, CSV and JSONL.

Accepted inputs (by file suffix; ``.json``/``.jsonld`` and ``.jsonl`` are also told apart by content):

- **ClaimReview** (https://schema.org/ClaimReview) as JSON or JSON-LD: one object, a list, an ``@graph``,
  a ``DataFeed`` of ``DataFeedItem``\\ s (the public ClaimReview feeds), or the Fact Check Tools API shape
  (``{"claims": [{"text", "claimant", "claimReview": [...]}]}``);
- **HTML pages** (``.html``/``.htm``): every ClaimReview inside ``<script type="application/ld+json">``;
- **JSONL**: one record a line, either a ClaimReview or a flat record (below), including the CheckThat!
  Snopes / PolitiFact files of ``../shared/data/factchecks`` (``vclaim``, ``truth_label``, ``speaker``…);
- **CSV** with a header row naming the flat fields.

Flat records name their fields in any of the usual ways (case-insensitive): claim (``claim``, ``text``,
``claimReviewed``, ``vclaim``), verdict (``verdict``, ``rating``, ``textualRating``, ``truth_label``,
``label``), checker (``checker``, ``fact_checker``, ``factchecker``, ``publisher``, ``source``), ``url``,
date (``date``, ``reviewDate``, ``datePublished``, ``published``) and claimant (``claimant``, ``speaker``).

A record without a claim, or a line that is not JSON, is reported as an ``[E007]`` problem naming the
file and line (or record number) and skipped; the other records are still read.
"""

from __future__ import annotations

import csv
import json
import re
from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from html.parser import HTMLParser
from pathlib import Path
from typing import Any

from saidwhat.claims.retrieval.text import parse_date
from saidwhat.errors import InputNotFoundError, MalformedRecordError
from saidwhat.model import FactCheck

CLAIM_KEYS = ("claim", "claimreviewed", "claim_reviewed", "vclaim", "text", "statement")
VERDICT_KEYS = ("verdict", "rating", "textualrating", "textual_rating", "truth_label", "label", "ruling")
CHECKER_KEYS = ("checker", "fact_checker", "factchecker", "fact-checker", "publisher", "source", "site")
URL_KEYS = ("url", "review_url", "link")
DATE_KEYS = ("date", "reviewdate", "review_date", "datepublished", "date_published", "published")
CLAIMANT_KEYS = ("claimant", "speaker", "author_of_claim")
# The CheckThat! 2021 Task 2 files name their checker only in the record id and give PolitiFact URLs
# relative to the site.
CHECKTHAT_CHECKERS = {"vclaim-sno-": "Snopes", "vclaim-pol-": "PolitiFact"}
POLITIFACT = "https://www.politifact.com"
_URL_DATE = re.compile(r"/(\d{4})/([a-z]{3})/(\d{1,2})/")
_MONTHS = {
    m: i
    for i, m in enumerate(
        ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"), 1
    )
}
SUFFIXES = (".json", ".jsonld", ".jsonl", ".ndjson", ".csv", ".html", ".htm")


HEADLINE_KEYS = ("title", "headline")


@dataclass(frozen=True, slots=True)
class Record:
    """One fact-check read from a file, with the fact-check's headline (used for lexical matching)."""

    fact_check: FactCheck
    headline: str | None = None


@dataclass(frozen=True, slots=True)
class Problem:
    """A record that could not be read, and why; ``where`` is ``file:line`` or ``file#record``."""

    where: str
    problem: str

    def error(self) -> MalformedRecordError:
        return MalformedRecordError(self.where, self.problem)

    def __str__(self) -> str:
        return str(self.error())


def read_factchecks(path: Path) -> Iterator[Record | Problem]:
    """Every fact-check in ``path``, in file order, with a :class:`Problem` for each unreadable record."""
    if not path.is_file():
        raise InputNotFoundError(str(path), "no such file")
    suffix = path.suffix.lower()
    if suffix not in SUFFIXES:
        problem = f"unknown fact-check format {suffix!r}; expected one of {', '.join(SUFFIXES)}"
        raise MalformedRecordError(str(path), problem)
    if suffix == ".csv":
        yield from _read_csv(path)
    elif suffix in (".html", ".htm"):
        yield from _read_html(path)
    else:
        text = path.read_text(encoding="utf-8-sig")
        if suffix in (".jsonl", ".ndjson") or not _is_one_json_document(text):
            yield from _read_jsonl(path, text)
        else:
            yield from _from_document(json.loads(text), str(path))


def _is_one_json_document(text: str) -> bool:
    try:
        json.loads(text)
    except json.JSONDecodeError:
        return False
    return True


def _read_jsonl(path: Path, text: str) -> Iterator[Record | Problem]:
    for number, line in enumerate(text.splitlines(), 1):
        if not line.strip():
            continue
        where = f"{path}:{number}"
        try:
            record = json.loads(line)
        except json.JSONDecodeError as exc:
            yield Problem(where, f"not JSON ({exc.msg} at column {exc.colno})")
            continue
        yield from _from_document(record, where, numbered=False)


def _read_csv(path: Path) -> Iterator[Record | Problem]:
    with path.open(encoding="utf-8-sig", newline="") as handle:
        reader = csv.DictReader(handle)
        if not reader.fieldnames or not _pick(dict.fromkeys(reader.fieldnames, "x"), CLAIM_KEYS):
            yield Problem(f"{path}:1", f"the header names no claim column (one of {', '.join(CLAIM_KEYS)})")
            return
        for row in reader:
            # line_num is the physical line the row ended on: right for one-line rows.
            yield _from_flat(row, f"{path}:{reader.line_num}")


def _read_html(path: Path) -> Iterator[Record | Problem]:
    parser = _JsonLdScripts()
    parser.feed(path.read_text(encoding="utf-8", errors="replace"))
    found = False
    for line, body in parser.scripts:
        where = f"{path}:{line}"
        try:
            document = json.loads(body)
        except json.JSONDecodeError as exc:
            yield Problem(where, f"a ld+json script that is not JSON ({exc.msg})")
            continue
        for item in _from_document(document, where, numbered=False, only_reviews=True):
            found = True
            yield item
    if not found:
        yield Problem(str(path), "no ClaimReview in the page's application/ld+json scripts")


class _JsonLdScripts(HTMLParser):
    """Collects the text of ``<script type="application/ld+json">`` elements with their line numbers."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.scripts: list[tuple[int, str]] = []
        self._line: int | None = None
        self._parts: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        kind = (dict(attrs).get("type") or "").lower()
        if tag == "script" and kind.split(";")[0].strip() == "application/ld+json":
            self._line = self.getpos()[0]
            self._parts = []

    def handle_data(self, data: str) -> None:
        if self._line is not None:
            self._parts.append(data)

    def handle_endtag(self, tag: str) -> None:
        if tag == "script" and self._line is not None:
            self.scripts.append((self._line, "".join(self._parts)))
            self._line = None


def _from_document(
    document: Any, where: str, *, numbered: bool = True, only_reviews: bool = False
) -> Iterator[Record | Problem]:
    """The fact-checks of one parsed JSON document (a record, a ClaimReview, a feed, a list...)."""
    items = list(_records(document))
    if not items:
        if not only_reviews:
            yield Problem(where, "no fact-check here (expected a ClaimReview or a record with a claim)")
        return
    for n, item in enumerate(items, 1):
        label = f"{where}#{n}" if numbered and len(items) > 1 else where
        if _is_review(item):
            yield _from_claim_review(item, label)
        elif "claimReview" in item:
            yield from (_from_tools_api(item, review, label) for review in _as_list(item["claimReview"]))
        elif not only_reviews:
            yield _from_flat(item, label)


def _records(document: Any) -> Iterator[dict[str, Any]]:
    """Flatten lists, ``@graph``, DataFeed items and the Fact Check Tools ``claims`` list."""
    if isinstance(document, list):
        for item in document:
            yield from _records(item)
        return
    if not isinstance(document, dict):
        return
    if "@graph" in document:
        yield from _records(document["@graph"])
    elif "dataFeedElement" in document:
        yield from _records(document["dataFeedElement"])
    elif _types(document) & {"DataFeedItem"} and "item" in document:
        yield from _records(document["item"])
    elif isinstance(document.get("claims"), list) and not _is_review(document):
        yield from _records(document["claims"])
    elif _is_review(document) or "claimReview" in document or not document.get("@type"):
        yield document


def _types(item: Mapping[str, Any]) -> set[str]:
    kinds = item.get("@type", [])
    return {str(k).rsplit("/", 1)[-1] for k in _as_list(kinds)}


def _is_review(item: Mapping[str, Any]) -> bool:
    return "ClaimReview" in _types(item)


def _as_list(value: Any) -> list[Any]:
    if value is None:
        return []
    return value if isinstance(value, list) else [value]


def _name(value: Any) -> str | None:
    """A schema.org Person/Organization (or a plain string, or a list of them) as a name."""
    for item in _as_list(value):
        if isinstance(item, str) and item.strip():
            return item.strip()
        if isinstance(item, dict):
            name = item.get("name") or item.get("alternateName") or item.get("url")
            if isinstance(name, str) and name.strip():
                return name.strip()
    return None


def _from_claim_review(review: Mapping[str, Any], where: str) -> Record | Problem:
    claim = _text(review.get("claimReviewed"))
    reviewed = next((i for i in _as_list(review.get("itemReviewed")) if isinstance(i, dict)), {})
    if not claim:
        claim = _text(reviewed.get("name")) or _text(reviewed.get("text"))
    if not claim:
        return Problem(where, "a ClaimReview without claimReviewed (the claim that was checked)")
    rating = next((r for r in _as_list(review.get("reviewRating")) if isinstance(r, dict)), {})
    verdict = _text(rating.get("alternateName")) or _text(rating.get("name"))
    if not verdict and rating.get("ratingValue") is not None:
        best = rating.get("bestRating")
        verdict = f"{rating['ratingValue']}/{best}" if best is not None else str(rating["ratingValue"])
    return _fact_check(
        claim=claim,
        verdict=verdict,
        checker=_name(review.get("author")) or _name(review.get("publisher")),
        url=_text(review.get("url")),
        date=_text(review.get("datePublished")) or _text(review.get("dateCreated")),
        claimant=_name(reviewed.get("author")),
        headline=_text(review.get("headline")) or _text(review.get("name")),
    )


def _from_tools_api(item: Mapping[str, Any], review: Any, where: str) -> Record | Problem:
    """One review of a Fact Check Tools API claim: ``{"text", "claimant", "claimReview": [...]}``."""
    claim = _text(item.get("text"))
    if not claim:
        return Problem(where, "a claim without its text")
    review = review if isinstance(review, dict) else {}
    return _fact_check(
        claim=claim,
        verdict=_text(review.get("textualRating")),
        checker=_name(review.get("publisher")),
        url=_text(review.get("url")),
        date=_text(review.get("reviewDate")),
        claimant=_text(item.get("claimant")),
        headline=_text(review.get("title")),
    )


def _from_flat(record: Mapping[str, Any], where: str) -> Record | Problem:
    fields = {str(k).lower(): v for k, v in record.items() if k is not None}
    claim = _pick(fields, CLAIM_KEYS)
    if not claim:
        return Problem(where, f"no claim (expected one of the fields {', '.join(CLAIM_KEYS)})")
    url = _pick(fields, URL_KEYS)
    checker = _pick(fields, CHECKER_KEYS)
    record_id = str(fields.get("vclaim_id") or "")
    for prefix, name in CHECKTHAT_CHECKERS.items():
        if record_id.startswith(prefix):
            checker = checker or name
    date = _pick(fields, DATE_KEYS)
    if checker == "PolitiFact" and url and url.startswith("/"):
        # CheckThat!'s PolitiFact "date" is when the claim was stated; the review date is in the URL.
        url = POLITIFACT + url
        date = _url_date(url) or date
    return _fact_check(
        claim=claim,
        verdict=_pick(fields, VERDICT_KEYS),
        checker=checker,
        url=url,
        date=date,
        claimant=_pick(fields, CLAIMANT_KEYS),
        headline=_pick(fields, HEADLINE_KEYS),
    )


def _pick(fields: Mapping[str, Any], keys: tuple[str, ...]) -> str | None:
    for key in keys:
        value = fields.get(key)
        text = _name(value) if isinstance(value, dict | list) else _text(value)
        if text:
            return text
    return None


def _text(value: Any) -> str | None:
    if isinstance(value, str | int | float) and not isinstance(value, bool):
        text = " ".join(str(value).split())
        return text or None
    return None


def _url_date(url: str) -> str | None:
    match = _URL_DATE.search(url)
    month = match.group(2).title() if match else ""
    if not match or month not in _MONTHS:
        return None
    return f"{match.group(1)}-{_MONTHS[month]:02d}-{int(match.group(3)):02d}"


def _fact_check(
    *,
    claim: str,
    verdict: str | None,
    checker: str | None,
    url: str | None,
    date: str | None,
    claimant: str | None,
    headline: str | None = None,
) -> Record:
    day = parse_date(date)
    check = FactCheck(
        claim=claim,
        verdict=verdict,
        checker=checker,
        url=url,
        date=day.isoformat() if day else None,
        claimant=claimant,
    )
    return Record(check, headline if headline != claim else None)
