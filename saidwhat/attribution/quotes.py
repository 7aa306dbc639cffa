"""Find quotations in raw text: quote marks of every style, paired robustly.

Works on the article text itself (no normalised copy), so every offset is an offset into the
article. Marks are paired within a paragraph, so a stray or unbalanced mark can at worst lose the
quotation it belongs to, never the article's other quotations. A paragraph that ends inside an open
quotation continues it only when the next paragraph opens with a quote mark (the newspaper
convention for multi-paragraph quotes). Apostrophes (don't, Kiev’s, ’90s) are never quote marks.
Doubled marks (''…'' and ``…'', from typewriter and Penn-Treebank-style sources) are one mark each.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

# Each family pairs only with itself; single marks inside double ones are nested quotations.
DOUBLE_MARKS = frozenset('"“”„‟«»〝〞＂')
SINGLE_MARKS = frozenset("'‘’‚‛‹›")
_OPENERS = frozenset("“„‟«〝‘‚‛‹")
_CLOSERS = frozenset("”»〞’›")
_LOW_OPENERS = frozenset("„‚")
_LOW_CLOSERS = frozenset("“‘")
_REVERSIBLE = frozenset("»›")
_LEFT_CONTEXT_OPEN = frozenset(" \t\n([{—–-/")
_RIGHT_CONTEXT_CLOSE = frozenset(" \t\n.,;:!?)]}—–-/…")
_PARAGRAPH = re.compile(r"[^\n]+")
_DOUBLED = re.compile(r"''|``")


@dataclass(frozen=True, slots=True)
class Quotation:
    """A quotation from its opening mark to just after its closing mark (``end`` exclusive)."""

    start: int
    end: int
    #: True when this paragraph's quotation was left open and the next paragraph reopens it.
    continues: bool = False
    #: Characters in each quote mark: 2 for ''…''.
    mark: int = 1

    @property
    def inner(self) -> tuple[int, int]:
        return self.start + self.mark, self.end - self.mark


def find_quotations(text: str) -> list[Quotation]:
    """Every top-level quotation in ``text``, in order. Quotations nested inside another are dropped."""
    quotations: list[Quotation] = []
    paragraphs = list(_PARAGRAPH.finditer(text))
    for index, paragraph in enumerate(paragraphs):
        next_opens = index + 1 < len(paragraphs) and _opens_with_quote(paragraphs[index + 1].group())
        quotations.extend(_paragraph_quotations(text, paragraph.start(), paragraph.end(), next_opens))
    return _drop_nested(quotations)


def _opens_with_quote(paragraph: str) -> bool:
    stripped = paragraph.lstrip()
    return (
        bool(stripped) and stripped[0] in DOUBLE_MARKS | SINGLE_MARKS and stripped[0] not in _CLOSERS - {"»"}
    )


def _paragraph_quotations(text: str, start: int, end: int, next_opens: bool) -> list[Quotation]:
    found = _pair_doubled(text, start, end, next_opens)
    for family in (DOUBLE_MARKS, SINGLE_MARKS):
        found.extend(_pair(text, start, end, family, next_opens))
    return found


def _finder(family: frozenset[str]) -> re.Pattern[str]:
    return re.compile("[" + "".join(re.escape(char) for char in sorted(family)) + "]")


#: Where the marks of each family are: the pairing looks at those characters only, not at every one.
_MARK_FINDERS = {family: _finder(family) for family in (DOUBLE_MARKS, SINGLE_MARKS)}


def _pair_doubled(text: str, start: int, end: int, next_opens: bool) -> list[Quotation]:
    """''…'' and ``…'': a doubled mark opens after a space and closes after a word, like "."""
    pairs: list[Quotation] = []
    open_at: int | None = None
    for match in _DOUBLED.finditer(text, start, end):
        position = match.start()
        before = text[position - 1] if position > start else " "
        opens = match.group() == "``" or (open_at is None and not before.isalnum())
        if opens:
            open_at = position
        elif open_at is not None:
            pairs.append(Quotation(open_at, position + 2, mark=2))
            open_at = None
    if open_at is not None and next_opens and end - open_at > 2:
        pairs.append(Quotation(open_at, end, continues=True, mark=2))
    return pairs


def _in_doubled(text: str, position: int) -> bool:
    return text[position : position + 2] in ("''", "``") or text[position - 1 : position + 1] in ("''", "``")


def _pair(text: str, start: int, end: int, family: frozenset[str], next_opens: bool) -> list[Quotation]:
    """Pair the marks of one family left to right; an opener with no closer is a stray and is dropped."""
    pairs: list[Quotation] = []
    open_at: int | None = None
    for match in _MARK_FINDERS[family].finditer(text, start, end):
        position = match.start()
        char = text[position]
        if _is_apostrophe(text, position, open_at is not None):
            continue
        if char in "'`" and position > 0 and _in_doubled(text, position):
            continue
        role = _role(text, position, None if open_at is None else text[open_at])
        if role == "open":
            open_at = position  # a second opener means the first was stray
        elif role == "close" and open_at is not None:
            pairs.append(Quotation(open_at, position + 1))
            open_at = None
    if open_at is not None and next_opens and end - open_at > 1:
        pairs.append(Quotation(open_at, end, continues=True))
    return pairs


def _role(text: str, position: int, open_mark: str | None) -> str:
    """'open' or 'close': from the glyph's direction where it has one, else from its surroundings."""
    char = text[position]
    if (open_mark in _LOW_OPENERS and char in _LOW_CLOSERS) or (
        open_mark in _REVERSIBLE and char in "«‹"
    ):  # German „…“ and ‚…‘
        return "close"
    if char in _REVERSIBLE and open_mark is None:  # German »…« opens with the "closing" guillemet
        return "open"
    if char in _OPENERS:
        return "open"
    if char in _CLOSERS:
        return "close"
    before = text[position - 1] if position > 0 else " "
    after = text[position + 1] if position + 1 < len(text) else " "
    looks_open = before in _LEFT_CONTEXT_OPEN and not after.isspace()
    looks_close = not before.isspace() and (
        after in _RIGHT_CONTEXT_CLOSE or after in DOUBLE_MARKS | SINGLE_MARKS
    )
    if looks_open != looks_close:
        return "open" if looks_open else "close"
    return "close" if open_mark is not None else "open"


def _is_apostrophe(text: str, position: int, quote_is_open: bool) -> bool:
    char = text[position]
    if char not in "'’‛":
        return False
    before = text[position - 1] if position > 0 else " "
    after = text[position + 1] if position + 1 < len(text) else " "
    if before.isalnum() and after.isalnum():  # don't, Kiev’s, rock’n’roll
        return True
    if not before.isalnum() and after.isdigit():  # ’90s
        return True
    # A plural possessive (the leaders’ demands) only closes a quotation that is actually open.
    return before in "sSzZ" and not after.isalnum() and not quote_is_open


def _drop_nested(quotations: list[Quotation]) -> list[Quotation]:
    ordered = sorted(quotations, key=lambda q: (q.start, -q.end))
    top: list[Quotation] = []
    for quotation in ordered:
        if top and quotation.start < top[-1].end:
            continue
        top.append(quotation)
    return top
