"""Wire datelines opening a paragraph: "MOSCOW (Reuters) —", "KYIV, Ukraine (AP) -", "WASHINGTON —",
"Philadelphia (AFP) –".

A dateline is the place a story was filed from, not part of its first sentence: the outlet asserts
nothing with it (the voice stage leaves it out) and it is no subject (the parser takes "Philadelphia"
for the subject of "Philadelphia (AFP) – US President Barack Obama said"). One pattern serves both.
"""

from __future__ import annotations

import re

_PLACE_IN_CAPITALS = r"[A-Z][A-Z.'’-]{2,}(?: [A-Z][A-Z.'’-]+)*"  # "MOSCOW", "ST. LOUIS"
_PLACE = r"(?!The )[A-Z][\w.'’-]*(?: [A-Z][\w.'’-]*){0,2}"  # "Philadelphia", "New York"
_REGION = r"(?:, [A-Z][\w.]*(?: [A-Z][\w.]*)*)?"  # ", Ukraine"
_AGENCY = r" \((?![RDI]-)[^()\n]{1,40}\)"  # " (Reuters)"; not a party and state, "(R-S.C.)"

#: A place in capitals with an optional agency, or any capitalised place with its agency; then a dash.
#: Without the agency, a capitalised word and a dash open many ordinary paragraphs ("Trump – who…").
DATELINE = re.compile(
    rf"(?:{_PLACE_IN_CAPITALS}{_REGION}(?:{_AGENCY})?|{_PLACE}{_REGION}{_AGENCY})"
    r" ?(?P<dash>[—–-]{1,2}) "
)


def dateline_at(text: str, start: int) -> re.Match[str] | None:
    """The dateline opening the paragraph at ``start`` (an offset just after a line break, or 0)."""
    return DATELINE.match(text, start)
