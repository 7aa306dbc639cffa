"""The one dateline pattern the voice and attribution stages share."""

from __future__ import annotations

import pytest

from saidwhat.nlp.datelines import dateline_at


@pytest.mark.parametrize(
    ("text", "dateline"),
    [
        ("MOSCOW (Reuters) — The ruble fell.", "MOSCOW (Reuters) — "),
        ("KYIV, Ukraine (AP) - Shelling resumed.", "KYIV, Ukraine (AP) - "),
        ("WASHINGTON — The Senate passed the bill.", "WASHINGTON — "),
        ("ST. LOUIS -- Voters lined up early.", "ST. LOUIS -- "),
        ("Philadelphia (AFP) – US President Barack Obama said", "Philadelphia (AFP) – "),
        ("New York (AP) — Mayor Bill de Blasio said", "New York (AP) — "),
    ],
)
def test_a_dateline_is_found(text: str, dateline: str) -> None:
    match = dateline_at(text, 0)
    assert match is not None and match.group(0) == dateline


@pytest.mark.parametrize(
    "text",
    [
        "Trump – who has never held office – said he would win.",  # a name and a dash: no agency
        "The Senate (narrowly) — passed the bill.",  # no place opens with "The"
        "Sen. Lindsey Graham (R-S.C.) — who ran for president — said no.",  # a party, not an agency
        "US President Barack Obama said on Wednesday.",
    ],
)
def test_an_ordinary_paragraph_has_none(text: str) -> None:
    assert dateline_at(text, 0) is None


def test_a_dateline_opens_a_later_paragraph() -> None:
    text = "Obama to frame election.\n\nPhiladelphia (AFP) – US President Barack Obama said."
    start = text.index("Philadelphia")
    match = dateline_at(text, start)
    assert match is not None and text[match.start("dash")] == "–"
