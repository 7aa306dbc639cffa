"""Bytes to text, and nothing more.

The decoded text is the article text every span offset refers to, so decoding must not "clean" it:
quote marks, dashes, non-breaking spaces and runs of whitespace are kept exactly as they are. The
only change is line endings: ``\\r\\n`` and lone ``\\r`` become ``\\n``, so that an article saved on
Windows and the same article saved on Linux have the same text and the same offsets. A byte order
mark is an encoding signature, not text, and is removed.

The encoding is chosen in this order: byte order mark, the charset the caller was told (an HTTP
``Content-Type`` header), the charset an HTML page declares in its first kilobytes, strict UTF-8,
then charset-normalizer's detection.
"""

from __future__ import annotations

import codecs
import re

import charset_normalizer

from saidwhat.errors import BinaryInputError, DecodeError, EmptyInputError

# Longest signature first: the UTF-32-LE BOM starts with the UTF-16-LE one.
_BOMS: tuple[tuple[bytes, str], ...] = (
    (codecs.BOM_UTF32_LE, "utf-32-le"),
    (codecs.BOM_UTF32_BE, "utf-32-be"),
    (codecs.BOM_UTF8, "utf-8"),
    (codecs.BOM_UTF16_LE, "utf-16-le"),
    (codecs.BOM_UTF16_BE, "utf-16-be"),
)

# Signatures of formats people plausibly pass by mistake, so the message can say what the file is.
_BINARY_SIGNATURES: tuple[tuple[bytes, str], ...] = (
    (b"%PDF-", "a PDF document"),
    (b"PK\x03\x04", "a ZIP archive (or a .docx/.odt document)"),
    (b"\x1f\x8b", "a gzip archive"),
    (b"\x89PNG", "a PNG image"),
    (b"\xff\xd8\xff", "a JPEG image"),
    (b"GIF8", "a GIF image"),
    (b"\xd0\xcf\x11\xe0", "an old Microsoft Office document"),
    (b"{\\rtf", "an RTF document"),
)

# WHATWG: browsers decode pages labelled Latin-1 or ASCII as windows-1252, and so do publishers'
# pages rely on it (curly quotes in 0x91-0x94). Decoding as real Latin-1 would turn them into C1
# control characters.
_WHATWG_ALIASES = {"iso-8859-1": "cp1252", "latin-1": "cp1252", "latin1": "cp1252", "ascii": "cp1252"}
_WHATWG_ALIASES.update({"us-ascii": "cp1252", "iso8859-1": "cp1252", "l1": "cp1252"})

_META_CHARSET = re.compile(rb"""<meta[^>]+charset\s*=\s*["']?\s*([A-Za-z0-9._:-]+)""", re.IGNORECASE)
_META_SNIFF_BYTES = 4096

# Control characters that never occur in prose; many of them mean the input is not text at all.
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0e-\x1f\x7f]")
_MAX_CONTROL_RATIO = 0.01

_CP1252_CHAOS_MARGIN = 0.1

_NEWLINES = re.compile(r"\r\n?")


def decode_bytes(data: bytes, source: str, declared: str | None = None) -> str:
    """Decode the bytes of one input to text, changing only line endings.

    Args:
        data: The raw bytes of the input.
        source: The file, URL or stream the bytes came from, named in any error.
        declared: A charset the transport declared (e.g. from an HTTP ``Content-Type`` header).

    Returns:
        The text, with ``\\r\\n`` and ``\\r`` turned into ``\\n`` and any byte order mark removed.

    Raises:
        EmptyInputError: The input has no bytes, or only whitespace.
        BinaryInputError: The input is not text (NUL bytes, a known binary signature, control codes).
        DecodeError: The bytes are not valid in any encoding saidwhat can identify.
    """
    if not data.strip():
        raise EmptyInputError(source, "the input is empty; pass a file that contains the article text")
    text = _text_of(data, source, declared)
    _refuse_control_characters(text, source)
    if not text.strip():
        raise EmptyInputError(source, "the input holds only whitespace; pass a file with the article text")
    return normalize_newlines(text)


def normalize_newlines(text: str) -> str:
    """Turn ``\\r\\n`` and lone ``\\r`` into ``\\n``; every other character is kept."""
    return _NEWLINES.sub("\n", text)


def _text_of(data: bytes, source: str, declared: str | None) -> str:
    bom = _bom(data)
    if bom is not None:
        signature, encoding = bom
        return _decode(data[len(signature) :], source, encoding)
    _refuse_binary(data, source)
    return _decode(data, source, _declared_encoding(declared) or _declared_encoding(_meta_charset(data)))


def _bom(data: bytes) -> tuple[bytes, str] | None:
    for signature, encoding in _BOMS:
        if data.startswith(signature):
            return signature, encoding
    return None


def _refuse_binary(data: bytes, source: str) -> None:
    for signature, what in _BINARY_SIGNATURES:
        if data.startswith(signature):
            raise BinaryInputError(
                source, f"this is {what}, not text; convert it to plain text or HTML first"
            )
    if b"\x00" in data:
        raise BinaryInputError(
            source,
            "the input contains NUL bytes, so it is binary or UTF-16/32 without a byte order mark; "
            "pass a text or HTML file (saved as UTF-8 if it is UTF-16)",
        )


def _meta_charset(data: bytes) -> str | None:
    match = _META_CHARSET.search(data[:_META_SNIFF_BYTES])
    return match.group(1).decode("ascii") if match else None


def _declared_encoding(label: str | None) -> str | None:
    """The Python codec for a declared charset label, or None if Python does not know it."""
    if not label:
        return None
    label = label.strip().strip("\"'").lower()
    try:
        name = codecs.lookup(_WHATWG_ALIASES.get(label, label)).name
    except LookupError:
        return None
    # A page that says UTF-16 in a meta tag that we could read as ASCII is not UTF-16 (WHATWG rule).
    return "utf-8" if name.startswith(("utf-16", "utf-32")) else name


def _decode(data: bytes, source: str, encoding: str | None) -> str:
    if encoding is not None:
        try:
            return data.decode(encoding)
        except UnicodeDecodeError:
            pass  # a wrong declaration is common; fall through to detection
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError:
        pass
    return _detect(data, source)


def _detect(data: bytes, source: str) -> str:
    """Decode with charset-normalizer's guess, leaning to windows-1252 when it fits about as well.

    On a few hundred bytes of Western-European text, single-byte code pages are nearly
    indistinguishable (cp1257 and cp1252 differ only in a few accented letters), and
    charset-normalizer picks among them almost at random. windows-1252 is by far the most common
    legacy encoding of news text (and what browsers assume), so it wins a near tie.
    """
    matches = list(charset_normalizer.from_bytes(data))
    if not matches:
        raise DecodeError(
            source, "the bytes are not valid UTF-8 and no text encoding fits them; re-save the file as UTF-8"
        )
    best = matches[0]
    for match in matches:
        if match.encoding == "cp1252" and match.chaos <= best.chaos + _CP1252_CHAOS_MARGIN:
            return str(match)
    return str(best)


def _refuse_control_characters(text: str, source: str) -> None:
    sample = text[:65536]
    if len(_CONTROL.findall(sample)) > max(1, len(sample) * _MAX_CONTROL_RATIO):
        raise BinaryInputError(
            source, "the input is mostly control characters, not text; pass a text or HTML file"
        )
