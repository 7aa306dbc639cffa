"""Candidate claims: the clauses of an article that assert something, and who asserts them.

Two sources, read from the framing stage's voice segments:

* **reported**: each attribution's content, cut at sentence ends (a quotation of two sentences makes two
  claims); the claimant is the attribution's resolved speaker ('unknown' when unresolved);
* **outlet**: the outlet's own assertions (voice segments in the outlet's voice that introduce no
  attribution: "Moscow has issued more than 700,000 Russian passports…"); the claimant is 'outlet'.
  Reporting frames ("he claimed", "Peskov went on, arguing") are not claims: what they assert is that
  someone spoke, which the attribution already records.

Each candidate is trimmed to the words that carry the claim: surrounding quote marks, punctuation, a
leading "that" and a dangling "and" go. Fragments of fewer than :data:`MIN_WORDS` words, or with no
verb, assert nothing checkable on their own and are dropped.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from dataclasses import dataclass

from spacy.tokens import Doc, Token
from spacy.tokens import Span as TokenSpan

from saidwhat.model import Attribution, Voice, VoiceSegment

MIN_WORDS = 3
OUTLET = "outlet"
UNKNOWN = "unknown"
#: Edge tokens that do not belong to the claim: conjunctions and the complementiser left over from
#: cutting a sentence at an attribution's cue ("…, and insisted", "that Kiev had…").
EDGE_DEPS = frozenset({"cc", "mark"})


@dataclass(frozen=True, slots=True)
class Candidate:
    """A clause that may be a claim: its tokens, its claimant and the attribution that reports it."""

    span: TokenSpan
    claimant: str
    claimant_name: str | None
    attribution: str | None


def find_candidates(
    doc: Doc, attributions: Sequence[Attribution], voice: Sequence[VoiceSegment] | None
) -> list[Candidate]:
    """The candidate claims of a parsed doc, in text order, none overlapping another."""
    by_id = {a.id: a for a in attributions}
    found: list[Candidate] = []
    for segment_start, segment_end, attribution in _claim_segments(doc, attributions, voice):
        holder = by_id.get(attribution) if attribution is not None else None
        for start, end in _within_sentences(doc, segment_start, segment_end):
            span = _trim(doc, start, end)
            if span is None:
                continue
            found.append(_candidate(span, holder))
    return _without_overlaps(found)


def _claim_segments(
    doc: Doc, attributions: Sequence[Attribution], voice: Sequence[VoiceSegment] | None
) -> Iterator[tuple[int, int, str | None]]:
    """Character ranges holding claims and the attribution reporting each (None: the outlet's voice)."""
    if voice is None:  # the framing stage did not run: contents are reported, other sentences the outlet's
        yield from _segments_without_voice(doc, attributions)
        return
    for segment in voice:
        if segment.voice is Voice.REPORTED:
            yield segment.span.start, segment.span.end, segment.attribution
        elif segment.attribution is None:
            yield segment.span.start, segment.span.end, None


def _segments_without_voice(
    doc: Doc, attributions: Sequence[Attribution]
) -> Iterator[tuple[int, int, str | None]]:
    taken: list[tuple[int, int]] = []
    for attribution in attributions:
        for part in attribution.content:
            taken.append((part.start, part.end))
            yield part.start, part.end, attribution.id
        taken.extend((s.start, s.end) for s in (attribution.cue, attribution.source) if s is not None)
    for sentence in doc.sents:
        if not any(s < sentence.end_char and sentence.start_char < e for s, e in taken):
            yield sentence.start_char, sentence.end_char, None


def _within_sentences(doc: Doc, start: int, end: int) -> Iterator[tuple[int, int]]:
    """``[start, end)`` cut at the sentence boundaries inside it."""
    span = doc.char_span(start, end, alignment_mode="expand")
    if span is None:
        return
    cut = start
    for token in span[1:]:
        if token.is_sent_start and cut < token.idx < end:
            yield cut, token.idx
            cut = token.idx
    yield cut, end


def _trim(doc: Doc, start: int, end: int) -> TokenSpan | None:
    """The tokens of ``[start, end)`` without edge punctuation, quote marks, conjunctions or "that"."""
    span = doc.char_span(start, end, alignment_mode="contract")
    if span is None:
        return None
    first, last = span.start, span.end
    while first < last and _edge(doc[first], leading=True):
        first += 1
    while last > first and _edge(doc[last - 1], leading=False):
        last -= 1
    words = [t for t in doc[first:last] if not (t.is_punct or t.is_space)]
    if len(words) < MIN_WORDS or not any(t.pos_ in {"VERB", "AUX"} for t in words):
        return None
    return doc[first:last]


def _edge(token: Token, *, leading: bool) -> bool:
    if token.is_space or token.is_punct or token.is_quote:
        # A closing "?" or "%" is part of what is said; a trailing full stop or comma is not.
        return leading or token.text not in {"?", "!", "%", ")", "]"}
    return token.dep_ in EDGE_DEPS and token.lower_ in {"and", "but", "or", "that", "whether", "as"}


def _candidate(span: TokenSpan, holder: Attribution | None) -> Candidate:
    if holder is None:
        return Candidate(span, OUTLET, "the outlet", None)
    if holder.speaker is None:
        return Candidate(span, UNKNOWN, holder.source.text if holder.source else None, holder.id)
    return Candidate(span, holder.speaker.id, holder.speaker.name, holder.id)


def _without_overlaps(candidates: list[Candidate]) -> list[Candidate]:
    """Keep the first of any candidates sharing tokens (overlapping attribution contents)."""
    kept: list[Candidate] = []
    for candidate in sorted(candidates, key=lambda c: (c.span.start, -len(c.span))):
        if kept and candidate.span.start < kept[-1].span.end:
            continue
        kept.append(candidate)
    return kept
