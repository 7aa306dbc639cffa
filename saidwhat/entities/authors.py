"""The article's author, where the text credits one: a by-line, a book excerpt's credit, a bio line.

Op-eds and book excerpts speak in the first person outside any quotation ("I learned", "I told the
judge"): that "I" is the author. Metadata gives the author when the input carries it (HTML pages,
JSONL records); a plain text often credits its author in a line of its own, which is read here:

- a by-line near the top or bottom: "By Jane Smith";
- a book excerpt's credit at the bottom: "From STEALING AMERICA by Dinesh D’Souza.";
- a bio line closing the article: "Joel B. Pollak is Senior Editor-at-Large at Breitbart News …" (the
  line must name a writing trade, so that a closing "Donald Trump is scheduled to speak" is no author).
"""

from __future__ import annotations

import re
from functools import lru_cache

_NAME = r"[A-Z][\w.'’-]*(?:[ \xa0]+(?:[A-Z][\w.'’-]*|de|van|von|del|la|le)){1,4}"
_BYLINE = re.compile(rf"^\s*By[ \xa0]+({_NAME})\s*$")
_BOOK_CREDIT = re.compile(rf"\bFrom\b[^\n]{{1,160}}?\bby[ \xa0]+({_NAME})[.,]")
_BIO = re.compile(rf"^\s*({_NAME}) is (?:a |an |the )?[^\n]{{0,300}}$")
_WRITING_TRADES = re.compile(
    r"\b(?:author|co-author|editor|writer|columnist|contributor|correspondent|reporter|journalist|"
    r"commentator|blogger|host of)\b",
    re.IGNORECASE,
)
#: How many lines from the top and the bottom a credit may stand on.
_EDGE_LINES = 6


def credited_authors(text: str) -> list[str]:
    """The names the text credits as its author, in text order, without repeats."""
    return list(_credited(text))


@lru_cache(maxsize=4)  # the entity stage and the speaker resolver both ask, for the same article
def _credited(text: str) -> tuple[str, ...]:
    lines = [line for line in text.splitlines() if line.strip()]
    top, bottom = lines[:_EDGE_LINES], lines[-_EDGE_LINES:]
    found = [m.group(1) for line in top + bottom if (m := _BYLINE.match(line))]
    found += [m.group(1) for line in bottom if (m := _BOOK_CREDIT.search(line))]
    last = lines[-1] if lines else ""
    bio = _BIO.match(last)
    if bio is not None and _WRITING_TRADES.search(last):
        found.append(bio.group(1))
    return tuple(dict.fromkeys(name.strip(" .,") for name in found))
