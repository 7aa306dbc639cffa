"""Read the PolNeAR corpus (Newell et al., LREC 2018) in place, as gold documents.

Layout: ``<root>/data/<split>/text/<outlet>_<YYYY-MM-DD>_<slug>.txt`` and
``<root>/data/<split>/attributions/<outlet>_<YYYY-MM-DD>_<slug>_<annotator>.ann`` (brat standoff).

Offsets are Unicode code-point offsets into the ``.txt`` file read as UTF-8 *without* newline
translation (the files have no BOM and no ``\\r``, but ``read_text`` would silently shift every offset
after a ``\\r\\n`` if one ever appeared, so the reader decodes the raw bytes). Brat writes the text of
a discontinuous span as its fragments joined by one space, and a span's text may contain newlines, so
one annotation can run over several lines of the ``.ann`` file. Every span is checked against the text
when it is read: an offset that does not reproduce the annotated text raises :class:`PolnearFormatError`.

A few articles (the agreement checks) were annotated by several annotators; by default each article
is read once, with the annotator whose file name sorts first, so an article never counts twice.
"""

from __future__ import annotations

import os
import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import date
from enum import StrEnum
from pathlib import Path

CharRange = tuple[int, int]

#: Where ``saidwhat eval polnear`` and ``saidwhat bench`` look when ``--data`` is not given.
DEFAULT_DATA = Path("../shared/data/polnear")
DATA_ENV = "SAIDWHAT_POLNEAR"

_NAME = re.compile(r"^(?P<outlet>[a-z-]+)_(?P<date>\d{4}-\d{2}-\d{2})_(?P<slug>.*)_(?P<annotator>[0-9a-z]+)$")
# An annotation line starts with an id such as T12, E3, #1 or *; anything else continues the previous
# line's text field (a span whose text contains a newline).
_ANNOTATION_START = re.compile(r"^(?:[TRAEMN#]\d+|\*)\t")
_ROLES = {"Cue": "cue", "Source": "source", "Content": "content", "Content2": "content"}


class Split(StrEnum):
    DEV = "dev"
    TRAIN = "train"


class PolnearFormatError(ValueError):
    """A PolNeAR file that does not parse or whose offsets do not match its text."""


@dataclass(frozen=True, slots=True)
class GoldAttribution:
    """One annotated attribution; each role is a list of ``(start, end)`` character ranges."""

    id: str
    cue: list[CharRange]
    source: list[CharRange]
    content: list[CharRange]


@dataclass(frozen=True, slots=True)
class GoldDocument:
    id: str  # the .ann file name without extension: article name plus annotator
    text: str
    outlet: str
    published: date
    annotator: str
    attributions: list[GoldAttribution] = field(default_factory=list)


@dataclass(frozen=True, slots=True)
class _TextBound:
    label: str
    ranges: list[CharRange]
    text: str


def resolve_data_root(data: Path | None) -> Path:
    """The PolNeAR root: ``data`` if given, else ``../shared/data/polnear``, else ``$SAIDWHAT_POLNEAR``.

    Raises FileNotFoundError naming every place it looked.
    """
    candidates = [data] if data is not None else [DEFAULT_DATA]
    if data is None and (env := os.environ.get(DATA_ENV)):
        candidates.append(Path(env))
    for candidate in candidates:
        if _split_dir(candidate, Split.DEV).is_dir() or _split_dir(candidate, Split.TRAIN).is_dir():
            return candidate
    looked = ", ".join(str(c) for c in candidates)
    raise FileNotFoundError(f"no PolNeAR data at {looked}; pass --data PATH or set {DATA_ENV}")


def _split_dir(root: Path, split: Split) -> Path:
    # Accept both the corpus root (holding data/) and the data/ directory itself.
    nested = root / "data" / split.value
    return nested if nested.is_dir() else root / split.value


def read_polnear(
    root: Path, split: Split = Split.DEV, *, limit: int | None = None, all_annotators: bool = False
) -> Iterator[GoldDocument]:
    """The gold documents of ``split``, in file-name order; at most ``limit`` of them."""
    split_dir = _split_dir(root, split)
    seen: set[str] = set()
    count = 0
    for ann_path in sorted((split_dir / "attributions").glob("*.ann")):
        if limit is not None and count >= limit:
            return
        article = ann_path.stem.rsplit("_", 1)[0]
        if article in seen and not all_annotators:
            continue
        seen.add(article)
        yield read_document(ann_path, split_dir / "text" / f"{article}.txt")
        count += 1


def read_document(ann_path: Path, text_path: Path) -> GoldDocument:
    """One gold document from its ``.ann`` and ``.txt`` files, every span checked against the text."""
    match = _NAME.match(ann_path.stem)
    if match is None:
        raise PolnearFormatError(f"{ann_path}: name is not outlet_YYYY-MM-DD_slug_annotator")
    text = text_path.read_bytes().decode("utf-8")
    return GoldDocument(
        id=ann_path.stem,
        text=text,
        outlet=match["outlet"],
        published=date.fromisoformat(match["date"]),
        annotator=match["annotator"],
        attributions=parse_ann(ann_path.read_bytes().decode("utf-8"), text, source=str(ann_path)),
    )


def parse_ann(ann: str, text: str, *, source: str = "<ann>") -> list[GoldAttribution]:
    """The attributions of a brat ``.ann`` file, grounded in ``text``.

    Attributions with no content span (a handful of unfinished annotations) are left out: no
    prediction could ever match them.
    """
    bounds: dict[str, _TextBound] = {}
    events: list[tuple[str, list[tuple[str, str]]]] = []
    for line in _annotation_lines(ann):
        ident, body = line.split("\t", 1)
        if ident.startswith("T"):
            bounds[ident] = _parse_text_bound(body, text, f"{source}:{ident}")
        elif ident.startswith("E"):
            args = [tuple(arg.split(":", 1)) for arg in body.split()]
            events.append((ident, [(role, ref) for role, ref in args]))
    attributions = [_attribution(ident, args, bounds, source) for ident, args in events]
    return [a for a in attributions if a.content]


def _annotation_lines(ann: str) -> Iterator[str]:
    current: str | None = None
    for line in ann.split("\n"):
        if _ANNOTATION_START.match(line):
            if current is not None:
                yield current
            current = line
        elif current is not None:
            current += "\n" + line  # a newline inside the previous span's text
    if current is not None:
        yield current.rstrip("\n")


def _parse_text_bound(body: str, text: str, where: str) -> _TextBound:
    try:
        label_ranges, span_text = body.split("\t", 1)
        label, ranges_field = label_ranges.split(" ", 1)
        ranges = [(int(s), int(e)) for s, e in (part.split() for part in ranges_field.split(";"))]
    except ValueError as exc:
        raise PolnearFormatError(f"{where}: malformed text-bound annotation {body!r}") from exc
    # Brat joins the fragments of a discontinuous span with a single space.
    if " ".join(text[s:e] for s, e in ranges) != span_text:
        raise PolnearFormatError(f"{where}: offsets {ranges_field} do not give {span_text!r}")
    return _TextBound(label, ranges, span_text)


def _attribution(
    ident: str, args: list[tuple[str, str]], bounds: dict[str, _TextBound], source: str
) -> GoldAttribution:
    roles: dict[str, list[CharRange]] = {"cue": [], "source": [], "content": []}
    for role, ref in args:
        if role not in _ROLES:
            continue  # the Attribution trigger duplicates the cue
        if ref not in bounds:
            raise PolnearFormatError(f"{source}:{ident}: refers to missing {ref}")
        roles[_ROLES[role]].extend(bounds[ref].ranges)
    return GoldAttribution(
        ident, cue=sorted(roles["cue"]), source=sorted(roles["source"]), content=sorted(roles["content"])
    )
