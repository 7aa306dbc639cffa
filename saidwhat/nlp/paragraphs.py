"""Paragraph breaks end sentences: the parser alone runs a quotation's closing mark and a blank line into
the next paragraph's sentence ("… with momentum.”\\n\\nJoe Bateman … says"), which then looks like one
sentence to every stage that counts sentences (speaker salience, cataphora, voice)."""

from __future__ import annotations

import re

from spacy.tokens import Doc

_BLANK_LINE = re.compile(r"\n[^\S\n]*\n")


def mark_paragraph_breaks(doc: Doc) -> Doc:
    """Start a sentence at the first token after each blank line, and never at a lower-case word ("…
    a “long road ahead” but he feels confident" is one sentence); the parser keeps preset starts."""
    for token in doc[:-1]:
        if token.is_space and _BLANK_LINE.search(token.text):
            doc[token.i + 1].is_sent_start = True
    for token in doc[1:]:
        if token.is_alpha and token.is_lower and not doc[token.i - 1].is_space:
            token.is_sent_start = False
    return doc
