"""Paragraph breaks end sentences: the parser alone runs a quotation's closing mark and a blank line into
the next paragraph's sentence ("… with momentum.”\\n\\nJoe Bateman … says"), which then looks like one
sentence to every stage that counts sentences (speaker salience, cataphora, voice)."""

from __future__ import annotations

import re
from typing import cast

from spacy.attrs import SENT_START
from spacy.tokens import Doc
from thinc.types import Ints2d

_BLANK_LINE = re.compile(r"\n[^\S\n]*\n")
#: spaCy's SENT_START values as its uint64 arrays hold them: 1 a start, -1 ("not a start") wrapped around.
_START, _NOT_START = 1, 2**64 - 1


def mark_paragraph_breaks(doc: Doc) -> Doc:
    """Start a sentence at the first token after each blank line, and never at a lower-case word ("…
    a “long road ahead” but he feels confident" is one sentence); the parser keeps preset starts.

    The marks are written as one array: setting ``Token.is_sent_start`` checks the whole document's
    annotation on every call, which made this step quadratic in the article's length."""
    starts = cast(Ints2d, doc.to_array([SENT_START]).reshape(-1, 1))  # one column: SENT_START
    for token in doc[:-1]:
        if token.is_space and _BLANK_LINE.search(token.text):
            starts[token.i + 1, 0] = _START
    for token in doc[1:]:
        if token.is_alpha and token.is_lower and not doc[token.i - 1].is_space:
            starts[token.i, 0] = _NOT_START
    doc.from_array([SENT_START], starts)
    return doc
