"""The tense of the clause a date expression sits in, which decides which "Friday" it means.

"Peskov said on Friday" is the Friday before the publication, "talks will resume on Friday" the one
after. The clause is the nearest verb above the expression in the dependency parse; a participle or
infinitive without auxiliaries of its own ("Speaking … on Friday, Peskov set out") takes the tense of the
verb it depends on.
"""

from __future__ import annotations

from enum import StrEnum

from spacy.tokens import Doc, Token

# "can" and "must" look ahead too: "a candidate who can win in November", "must decide by Friday"
_FUTURE_MODALS = frozenset(
    {"will", "shall", "'ll", "’ll", "wo", "would", "could", "might", "may", "should", "can", "ca", "must"}
)
# Heads that put the verb they govern in the future: "is going to", "plans to", "is due to", "is set to".
_FUTURE_HEADS = frozenset({"go", "plan", "expect", "due", "set", "schedule", "intend", "aim", "prepare"})
_PAST_TAGS = frozenset({"VBD"})
_PRESENT_TAGS = frozenset({"VBZ", "VBP"})
_AUX_DEPS = frozenset({"aux", "auxpass"})


class Tense(StrEnum):
    PAST = "past"  # said, had said, was ordered
    PERFECT = "perfect"  # has said, have been tortured: past, reaching up to now
    PRESENT = "present"  # says, is meeting
    FUTURE = "future"  # will meet, is going to meet, would resume
    UNKNOWN = "unknown"  # no verb above the expression (a headline, a caption)


def tense_at(doc: Doc, start: int, end: int) -> Tense:
    """The tense of the clause that the characters [start, end) belong to."""
    span = doc.char_span(start, end, alignment_mode="expand")
    if span is None:
        return Tense.UNKNOWN
    verb = _governing_verb(span.root)
    while verb is not None:
        tense = verb_tense(verb)
        if tense is not None:
            return tense
        verb = _governing_verb(verb.head) if verb.head.i != verb.i else None
    return Tense.UNKNOWN


def _governing_verb(token: Token) -> Token | None:
    """The nearest verb at or above ``token`` (None at the top of the sentence without one)."""
    while token.pos_ not in ("VERB", "AUX") or token.dep_ in _AUX_DEPS:
        if token.head.i == token.i:  # the root: spaCy makes a new Token object per access
            return None
        token = token.head
    return token


def verb_tense(verb: Token) -> Tense | None:
    """The tense a verb shows by itself and its auxiliaries, or None for a participle or infinitive
    that shows none ("Speaking", "to protect")."""
    auxes = [child for child in verb.children if child.dep_ in _AUX_DEPS]
    words = {aux.lower_ for aux in auxes}
    if words & _FUTURE_MODALS and not any(aux.lemma_ == "have" for aux in auxes):
        return Tense.FUTURE  # "would have said" is past: caught below
    if _governed_by_future_head(verb):
        return Tense.FUTURE
    if any(aux.lemma_ == "have" and aux.tag_ in _PRESENT_TAGS for aux in auxes):
        return Tense.PERFECT
    if verb.tag_ in _PAST_TAGS or any(aux.tag_ in _PAST_TAGS or aux.lemma_ == "have" for aux in auxes):
        return Tense.PAST
    if verb.tag_ in _PRESENT_TAGS or any(aux.tag_ in _PRESENT_TAGS for aux in auxes):
        return Tense.PRESENT
    return None


def _governed_by_future_head(verb: Token) -> bool:
    """ "is going to meet", "plans to meet", "are due to meet": the meeting is ahead. So is it in "were
    going to meet", a future seen from the past, read as future like "would meet": news reports it
    when it is still to come."""
    head = verb.head
    return verb.dep_ == "xcomp" and head.i != verb.i and head.lemma_ in _FUTURE_HEADS
