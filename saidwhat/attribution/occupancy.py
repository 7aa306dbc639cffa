"""Per-character occupancy masks: which characters of an article a set of spans covers.

Marking costs the length of the span and a test the length of the range tested, so the stages that
ask "does this overlap anything taken?" for every draft or quotation stay linear in the article.
"""

from __future__ import annotations

from collections.abc import Iterable


def mark(mask: bytearray, start: int, end: int) -> None:
    """Mark characters ``start`` to ``end`` (exclusive) as taken."""
    mask[start:end] = b"\x01" * (end - start)


def any_marked(mask: bytearray, start: int, end: int) -> bool:
    return any(mask[start:end])


def mask_of(length: int, ranges: Iterable[tuple[int, int]]) -> bytearray:
    """A mask of ``length`` characters with every range marked."""
    mask = bytearray(length)
    for start, end in ranges:
        mark(mask, start, end)
    return mask
