"""The article text cut into flat, highlighted segments: shared by the HTML report and the web app.

Spans overlap and nest (a cue inside a sentence whose content holds a scare quote and three entity
mentions), which nested ``<span>`` elements cannot express in general. So the text is cut at every
span boundary into flat segments, and each segment gets the classes of all spans covering it. The
renderers escape each segment's text themselves; nothing here produces markup.

Every mark may carry a ``ref``, a short id built from counters only (``a3`` for the third attribution,
``t1`` for the first technique, ``o2`` for the outlet's second assertion, ``q1`` for a scare quote),
never from the untrusted article, so that a renderer can link a segment to a row describing it.
"""

from __future__ import annotations

import itertools
from collections import defaultdict
from collections.abc import Iterable, Iterator
from dataclasses import dataclass

from saidwhat.framing.quotes import partial_quotations_of
from saidwhat.model import Analysis, Attribution, Span, Voice
from saidwhat.render.common import KIND_LABELS, attribution_numbers, technique_user

#: Speaker colour classes defined in the stylesheets (``.spk-0`` … ``.spk-11``); reused cyclically.
PALETTE_SIZE = 12


@dataclass(frozen=True, slots=True)
class Mark:
    """One highlighted span: the CSS classes it adds and the tooltip it contributes."""

    start: int
    end: int
    classes: tuple[str, ...]
    note: str
    #: Larger wins when two marks set the same property (the speaker colour): inner spans rank higher.
    rank: int = 0
    #: What the span is, for a renderer to link to (built from counters only; see the module doc).
    ref: str | None = None


@dataclass(frozen=True, slots=True)
class Segment:
    start: int
    end: int
    marks: tuple[Mark, ...]

    def classes(self) -> list[str]:
        """The CSS classes of every covering mark; only the innermost content's speaker colour applies."""
        classes: list[str] = []
        for mark in sorted(self.marks, key=lambda m: m.rank):
            if "content" in mark.classes:
                classes = [c for c in classes if not c.startswith("spk-")]
            classes.extend(c for c in mark.classes if c not in classes)
        return classes

    def note(self) -> str:
        """The covering marks' notes, once each, for a tooltip."""
        return " · ".join(dict.fromkeys(mark.note for mark in self.marks))

    def refs(self) -> list[str]:
        return list(dict.fromkeys(mark.ref for mark in self.marks if mark.ref is not None))


def segment(length: int, marks: Iterable[Mark]) -> Iterator[Segment]:
    """Cut ``[0, length)`` at every mark boundary; each piece lists the marks that cover it.

    A sweep over boundary events: at each boundary the marks ending there leave the active set and the
    marks starting there join it, so the cost is linear in text length plus marks (times the depth).
    """
    opening: dict[int, list[Mark]] = defaultdict(list)
    closing: dict[int, list[Mark]] = defaultdict(list)
    for mark in marks:
        if 0 <= mark.start < mark.end <= length:  # empty or out-of-text marks have nothing to show
            opening[mark.start].append(mark)
            closing[mark.end].append(mark)
    boundaries = sorted({0, length, *opening, *closing})
    active: list[Mark] = []
    for start, end in itertools.pairwise(boundaries):
        active = [mark for mark in active if mark not in closing[start]] + opening[start]
        yield Segment(start, end, tuple(active))


class SpeakerColours:
    """One colour class per resolved speaker, in order of first appearance in the article."""

    def __init__(self, attributions: Iterable[Attribution]) -> None:
        self._index: dict[str, int] = {}
        for attribution in attributions:
            if attribution.speaker is not None:
                self._index.setdefault(attribution.speaker.id, len(self._index))

    def css_class(self, attribution: Attribution) -> str:
        if attribution.speaker is None:
            return "spk-none"
        return self.of_speaker(attribution.speaker.id)

    def of_speaker(self, speaker_id: str) -> str:
        """The colour class of a speaker by entity id ("spk-none" for one who is never resolved)."""
        index = self._index.get(speaker_id)
        return "spk-none" if index is None else f"spk-{index % PALETTE_SIZE}"

    def legend(self, attributions: Iterable[Attribution]) -> list[tuple[str, str]]:
        """(colour class, speaker name) for each resolved speaker, once each."""
        seen: dict[str, tuple[str, str]] = {}
        for attribution in attributions:
            if attribution.speaker is not None:
                seen.setdefault(
                    attribution.speaker.id, (self.css_class(attribution), attribution.speaker.name)
                )
        return list(seen.values())


def attribution_marks(analysis: Analysis, colours: SpeakerColours) -> Iterator[Mark]:
    for number, attribution in enumerate(analysis.attributions, start=1):
        who = attribution.speaker.name if attribution.speaker else "unresolved speaker"
        kind = KIND_LABELS[attribution.kind]
        ref = f"a{number}"
        for span in attribution.content:
            # Shorter content spans rank higher so a quotation nested in another keeps its own colour.
            yield Mark(
                span.start,
                span.end,
                ("content", colours.css_class(attribution)),
                f"#{number} {kind}: {who}",
                rank=-(span.end - span.start),
                ref=ref,
            )
        if attribution.cue is not None:
            yield simple_mark(attribution.cue, "cue", f"cue of #{number}", ref)
        if attribution.source is not None:
            yield simple_mark(attribution.source, "source", f"source of #{number}: {who}", ref)


def other_marks(analysis: Analysis, *, entities: bool) -> Iterator[Mark]:
    for number, quote in enumerate(analysis.scare_quotes, start=1):
        yield simple_mark(quote.span, "scare", "scare quote", f"q{number}")
    if entities:
        for entity in analysis.entities:
            for mention in entity.mentions:
                yield simple_mark(mention, "entity", f"{entity.name} ({entity.type.value})")


def framing_marks(analysis: Analysis) -> Iterator[Mark]:
    """Outlet assertions and reporting frames, partial quotations, techniques and dates."""
    numbers = attribution_numbers(analysis)
    assertion = 0
    for voice_segment in analysis.voice:
        if voice_segment.voice is Voice.REPORTED:
            continue  # already coloured as its attribution's content
        if voice_segment.attribution is None:
            assertion += 1
            note = f"outlet assertion O{assertion}"
            yield simple_mark(voice_segment.span, "outlet", note, f"o{assertion}")
        else:
            number = numbers.get(voice_segment.attribution)
            note = f"reporting frame of #{number or '?'}"
            yield simple_mark(voice_segment.span, "frame", note, f"a{number}" if number else None)
    for partial in partial_quotations_of(analysis):
        who = partial.attribution.speaker.name if partial.attribution.speaker else "unresolved speaker"
        number = numbers[partial.attribution.id]
        note = f"partial quotation of #{number}: {who}"
        yield simple_mark(partial.span, "partial", note, f"a{number}")
    for number, technique in enumerate(analysis.techniques, start=1):
        note = (
            f"{technique.technique.value} ({technique.confidence:.2f}, {technique_user(analysis, technique)})"
        )
        yield simple_mark(technique.span, "tech", note, f"t{number}")
    for date in analysis.dates:
        yield simple_mark(date.span, "date", f"date: {date.value or 'unresolved'} ({date.granularity.value})")


def simple_mark(span: Span, css_class: str, note: str, ref: str | None = None) -> Mark:
    return Mark(span.start, span.end, (css_class,), note, ref=ref)


def analysis_marks(analysis: Analysis, *, entities: bool = True) -> list[Mark]:
    """Every mark of the analysis: attributions, scare quotes, entities (optional) and framing."""
    colours = SpeakerColours(analysis.attributions)
    return [
        *attribution_marks(analysis, colours),
        *other_marks(analysis, entities=entities),
        *framing_marks(analysis),
    ]
