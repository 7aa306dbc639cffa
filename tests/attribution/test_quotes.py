"""Quotation finding: every quote-mark style, apostrophes, and stray marks that must not hide others."""

from __future__ import annotations

import pytest

from saidwhat.attribution.quotes import find_quotations


def quoted(text: str) -> list[str]:
    return [text[q.start : q.end] for q in find_quotations(text)]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (
            "“We want to free her from this ideology,” he claimed.",
            ["“We want to free her from this ideology,”"],
        ),
        ('"We do not aim to divide Ukraine," he said.', ['"We do not aim to divide Ukraine,"']),
        ("'It is a red line,' the minister said.", ["'It is a red line,'"]),
        ("‘It is a red line,’ the minister said.", ["‘It is a red line,’"]),
        ("« Nous ne voulons pas la guerre », a-t-il dit.", ["« Nous ne voulons pas la guerre »"]),
        ("„Wir wollen keinen Krieg“, sagte er.", ["„Wir wollen keinen Krieg“"]),
        ("»Wir wollen keinen Krieg«, sagte er.", ["»Wir wollen keinen Krieg«"]),
        ("‚Nein‘, sagte sie.", ["‚Nein‘"]),
        # Typewriter and Penn-Treebank-style doubled marks, as in PolNeAR's New York Times texts.
        (
            "''Bombast doesn't cut it. Inexperience doesn't cut it,'' Mr. Kasich said.",
            ["''Bombast doesn't cut it. Inexperience doesn't cut it,''"],
        ),
        ("He said ``no deal'' twice.", ["``no deal''"]),
    ],
)
def test_quotes_every_style(text: str, expected: list[str]) -> None:
    assert quoted(text) == expected


@pytest.mark.parametrize(
    "text",
    [
        "Kiev’s incorporation into the military bloc is what Moscow won’t accept.",
        "Kiev's forces don't retreat; the leaders' demands stand.",
        "Rock ’n’ roll was big in the ’90s, and the republics’ leaders know it.",
    ],
)
def test_quotes_apostrophes_are_not_quote_marks(text: str) -> None:
    assert quoted(text) == []


def test_quotes_single_inside_double_is_one_quotation() -> None:
    text = "“He told me ‘never again’ and left,” she said."
    assert quoted(text) == ["“He told me ‘never again’ and left,”"]


def test_quotes_stray_mark_keeps_the_other_quotations() -> None:
    text = (
        'The 5" gun was loud. “We will respond,” he said.\n'
        "Moscow called it a “red line.” Another stray ” mark.\n"
        "“The talks will go on,” the minister added."
    )
    assert quoted(text) == ["“We will respond,”", "“red line.”", "“The talks will go on,”"]


def test_quotes_unclosed_quotation_does_not_swallow_the_next_paragraph() -> None:
    text = "“This quotation never closes, he said.\nPeskov said “the talks are over.”"
    assert quoted(text) == ["“the talks are over.”"]


def test_quotes_multi_paragraph_quotation_continues() -> None:
    text = "“The first paragraph of the statement.\n“The second paragraph,” he said."
    quotations = find_quotations(text)
    assert [text[q.start : q.end] for q in quotations] == [
        "“The first paragraph of the statement.",
        "“The second paragraph,”",
    ]
    assert quotations[0].continues and not quotations[1].continues


def test_quotes_offsets_point_into_the_original_text() -> None:
    text = "Peskov said: “Ukraine has become influenced by Nazi ideology.”"
    (quotation,) = find_quotations(text)
    assert text[quotation.start] == "“" and text[quotation.end - 1] == "”"


def test_quotes_doubled_marks_have_two_character_marks() -> None:
    text = "''It's over,'' she said."
    (quotation,) = find_quotations(text)
    start, end = quotation.inner
    assert text[start:end] == "It's over,"
