"""Bytes to text: encodings, refusals, and the promise not to touch the text."""

from __future__ import annotations

import codecs

import pytest

from saidwhat.errors import BinaryInputError, DecodeError, EmptyInputError
from saidwhat.ingest import decode_bytes, normalize_newlines

QUOTE = "“We do not aim to divide Ukrainian territory into parts,” the Kremlin spokesman stated."


def test_utf8_with_bom_decodes_and_drops_the_bom(peskov_text: str) -> None:
    assert decode_bytes(codecs.BOM_UTF8 + peskov_text.encode("utf-8"), "a.txt") == peskov_text


def test_plain_utf8_decodes_unchanged(peskov_text: str) -> None:
    assert decode_bytes(peskov_text.encode("utf-8"), "a.txt") == peskov_text


def test_cp1252_article_decodes(peskov_text: str) -> None:
    assert decode_bytes(peskov_text.encode("cp1252"), "a.txt") == peskov_text


def test_short_cp1252_text_decodes_as_cp1252() -> None:
    # Short Western text is where detectors confuse cp1252 with cp1257/cp1250 ("déją vu").
    text = "Peskov said the talks were “constructive” — and Macron’s café visit was “déjà vu”."
    assert decode_bytes(text.encode("cp1252"), "a.txt") == text


@pytest.mark.parametrize(
    ("encoding", "bom"),
    [
        ("utf-16-le", codecs.BOM_UTF16_LE),
        ("utf-16-be", codecs.BOM_UTF16_BE),
        ("utf-32-le", codecs.BOM_UTF32_LE),
        ("utf-32-be", codecs.BOM_UTF32_BE),
    ],
)
def test_utf16_and_utf32_with_bom_decode(peskov_text: str, encoding: str, bom: bytes) -> None:
    assert decode_bytes(bom + peskov_text.encode(encoding), "a.txt") == peskov_text


def test_utf16_as_windows_saves_it_decodes(peskov_text: str) -> None:
    # Notepad's "Unicode": UTF-16-LE with a BOM and CRLF line endings.
    data = peskov_text.replace("\n", "\r\n").encode("utf-16")
    assert decode_bytes(data, "a.txt") == peskov_text


def test_declared_charset_is_used() -> None:
    text = "«Мы не стремимся разделить территорию Украины», — заявил Дмитрий Песков."
    assert decode_bytes(text.encode("cp1251"), "https://example.com/a", declared="windows-1251") == text


def test_html_meta_charset_is_used() -> None:
    page = '<!doctype html><html><head><meta charset="windows-1251"></head><body><p>Песков заявил.</p>'
    assert decode_bytes(page.encode("cp1251"), "page.html") == page


def test_latin1_label_means_windows_1252() -> None:
    # Pages labelled ISO-8859-1 use 0x93/0x94 for curly quotes, as browsers assume.
    assert decode_bytes(QUOTE.encode("cp1252"), "a.html", declared="ISO-8859-1") == QUOTE


def test_wrong_declaration_falls_back_to_detection() -> None:
    assert decode_bytes(QUOTE.encode("utf-8"), "a.html", declared="ascii") == QUOTE


def test_unknown_declared_charset_is_ignored() -> None:
    assert decode_bytes(QUOTE.encode("utf-8"), "a.html", declared="x-no-such-charset") == QUOTE


def test_text_is_not_altered_beyond_line_endings() -> None:
    text = "Peskov\u00a0said:\t“no  partition”  ‘ever’ – really…\n\n  indented\r\nwindows\rold mac\n"
    decoded = decode_bytes(text.encode("utf-8"), "a.txt")
    assert decoded == text.replace("\r\n", "\n").replace("\r", "\n")
    assert "\u00a0" in decoded and "  " in decoded and "“" in decoded and "\t" in decoded


def test_normalize_newlines() -> None:
    assert normalize_newlines("a\r\nb\rc\n\r\n") == "a\nb\nc\n\n"


@pytest.mark.parametrize("data", [b"", b"   \n\t\r\n", codecs.BOM_UTF8 + b"  \n"])
def test_empty_input_is_refused(data: bytes) -> None:
    with pytest.raises(EmptyInputError) as info:
        decode_bytes(data, "empty.txt")
    assert info.value.code == "E001"
    assert "empty.txt" in str(info.value)


def test_nul_bytes_are_binary(peskov_text: str) -> None:
    data = peskov_text.encode("utf-8")[:200] + b"\x00\x01\x02" + b"\x00" * 50
    with pytest.raises(BinaryInputError) as info:
        decode_bytes(data, "dump.bin")
    assert info.value.code == "E002"
    assert "dump.bin" in str(info.value)


def test_pdf_is_binary_and_named() -> None:
    with pytest.raises(BinaryInputError, match=r"report\.pdf.*PDF"):
        decode_bytes(b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n1 0 obj", "report.pdf")


def test_control_characters_are_binary() -> None:
    data = bytes(range(1, 9)) * 40 + b"Peskov said"
    with pytest.raises(BinaryInputError) as info:
        decode_bytes(data, "weird.txt")
    assert info.value.code == "E002"


def test_undecodable_bytes_are_a_decode_error() -> None:
    # Bytes from a compressed stream: no NULs, but no encoding makes text of them.
    data = bytes((i * 167 + 13) % 255 + 1 for i in range(4000))
    with pytest.raises(DecodeError) as info:
        decode_bytes(data, "garbled.txt")
    assert info.value.code == "E003"
    assert "garbled.txt" in str(info.value)
