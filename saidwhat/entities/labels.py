"""Speaker labels of a printed interview transcript: "WALLACE: …", "JAKE TAPPER: …".

Outlets print transcripts with each turn opened by the speaker's name in capitals and a colon, often
inside a quotation reopened at every paragraph ('"PENCE: Well, look…'). The parser reads such a label
as anything from a headline word to part of the sentence after it, so labels are found on the text.

A label is believed only when it names someone: one of its words is a word of a person the article
names elsewhere ("PENCE" beside "Mike Pence"), or the article is a transcript — at least two labels
that each open two turns or more ("TAPPER", "FALLIN") — and the label is one of them or shares a word
with one ("JAKE TAPPER"). "CORRECTION:", "UPDATE:" or "VIDEO:" name no one.
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass

from spacy.tokens import Doc

#: A paragraph's opening: whitespace and quote marks, then one to four words in capitals, a colon.
_LABEL = re.compile(r"^[ \t\"'“”‘’«„]*([A-Z][A-Z'’.\-]*(?: [A-Z][A-Z'’.\-]*){0,3})[ \t]*:", re.M)
#: Transcript labels counted as such once two of them each open this many turns.
MIN_TURNS = 2


@dataclass(frozen=True, slots=True)
class SpeakerLabel:
    """A label's characters [start, end) and the character of its colon."""

    start: int
    end: int
    colon: int
    text: str


def speaker_labels(doc: Doc) -> list[SpeakerLabel]:
    """The article's believed speaker labels, in text order (one regular expression over the text)."""
    return _believed(doc, _label_candidates(doc.text))


def _label_candidates(text: str) -> list[SpeakerLabel]:
    found = []
    for match in _LABEL.finditer(text):
        label = match.group(1).rstrip(".")
        if len(label.replace(" ", "")) < 2 or not any(char.isalpha() for char in label):
            continue
        start = match.start(1)
        found.append(SpeakerLabel(start, start + len(label), match.end() - 1, label))
    return found


def _believed(doc: Doc, candidates: list[SpeakerLabel]) -> list[SpeakerLabel]:
    if not candidates:
        return []
    turns = Counter(label.text for label in candidates)
    recurring = [text for text, count in turns.items() if count >= MIN_TURNS]
    named = _person_words(doc, candidates)
    if len(recurring) >= 2:  # a transcript: its recurring labels name its speakers
        named |= {word for text in recurring for word in _words(text)}
    return [label for label in candidates if named & _words(label.text)]


def _person_words(doc: Doc, labels: list[SpeakerLabel]) -> set[str]:
    """Words of the person names the model tagged outside the labels themselves."""
    inside = {char for label in labels for char in (label.start, label.end - 1)}
    words: set[str] = set()
    for ent in doc.ents:
        if ent.label_ == "PERSON" and ent.start_char not in inside and (ent.end_char - 1) not in inside:
            words |= _words(ent.text)
    return words


def _words(text: str) -> set[str]:
    return {word.strip(".'’").lower() for word in text.split() if len(word.strip(".'’")) > 1}
