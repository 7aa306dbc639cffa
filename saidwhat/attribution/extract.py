"""Find the attributions and scare quotes in a parsed article and resolve each speaker.

The rules in ``rules.py`` propose drafts; here they are settled so that every token belongs to at
most one attribution (PolNeAR's univocal convention: an attribution nested inside another's content
is part of that content), follow-on quotations are attached to the previous speaker, the speakers
are resolved in text order, and the quotations no one is reported to have said become scare quotes.
"""

from __future__ import annotations

import bisect
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field, replace

from spacy.tokens import Doc

from saidwhat.attribution.cues import load_cue_lexicon
from saidwhat.attribution.occupancy import any_marked, mark, mask_of
from saidwhat.attribution.quotes import Quotation, find_quotations
from saidwhat.attribution.rules import Draft, Range, Rules, RuleSettings
from saidwhat.attribution.scoring import draft_features, load_scorer
from saidwhat.attribution.speakers import MIN_CONFIDENCE, Resolution, SpeakerResolver
from saidwhat.model import Attribution, AttributionKind, Entity, ScareQuote, Span

#: Which rule wins when two equally probable drafts claim the same words: the more specific
#: construction first. The scorer's probability decides before it (see ``select_drafts``).
PRECEDENCE = {
    "according": 0,
    "clausal": 1,
    "wh": 1,
    "parenthetical": 1,
    "adjectival": 2,
    "nominal": 2,
    "quote_after": 3,
    "quote_before": 3,
    "colon": 4,
    "turn": 4,
    "dash": 4,
    "object": 5,
    "topic": 5,
}

#: '“…,” Clinton said in a statement on Tuesday. “…”': the words between a quotation's attribution and a
#: second quotation it goes on with, at most (chosen on PolNeAR train, held-out part).
MAX_GAP_BETWEEN_QUOTATIONS = 120
#: ... and at most this many words of a new sentence before the second quotation ('He added: “…”').
MAX_WORDS_OPENING_NEXT_SENTENCE = 3

#: A draft this probable keeps the attributions nested in its content inside it (see ``_nested_below_outer``).
OUTER_MIN_PROBABILITY = 0.5
#: How many earlier-starting likely drafts are checked as a draft's possible outer one.
NESTING_LOOKBACK = 8

#: A follow-on quotation is trusted a little less than the attribution it continues.
FOLLOW_ON_DISCOUNT = 0.9


@dataclass
class AttributionResult:
    attributions: list[Attribution] = field(default_factory=list)
    scare_quotes: list[ScareQuote] = field(default_factory=list)
    #: The input entities plus any the speaker resolver created (e.g. "the leaders of the republics").
    entities: list[Entity] = field(default_factory=list)


def extract_attributions(
    doc: Doc, entities: list[Entity], settings: RuleSettings | None = None
) -> AttributionResult:
    """All attributions and scare quotes in ``doc``, in text order."""
    text = doc.text  # spaCy joins the tokens on every access: read it once
    quotations = find_quotations(text)
    lexicon = load_cue_lexicon()
    rules = Rules(doc, quotations, lexicon, settings or RuleSettings())
    scorer = load_scorer()
    drafts = candidate_drafts(rules)
    for draft in drafts:
        draft.probability = scorer.score(draft, draft_features(draft, doc, lexicon))
    kept = select_drafts(drafts, text, quotations, scorer.threshold)
    resolver = SpeakerResolver(doc, entities, quotations)
    attributions = _resolve(text, kept, resolver)
    covered = mask_of(len(text), ((span.start, span.end) for a in attributions for span in a.content))
    scare_quotes = list(_scare_quotes(doc, text, quotations, covered, rules.settings.scare_quote_words))
    return AttributionResult(attributions, scare_quotes, resolver.entities)


def candidate_drafts(rules: Rules) -> list[Draft]:
    """Every draft any rule proposes, before scoring."""
    return [
        *rules.according_to(),
        *rules.viewpoint(),
        *rules.clausal(),
        *rules.parenthetical(),
        *rules.as_report(),
        *rules.adjectival(),
        *rules.nominal(),
        *rules.quoted(),
        *rules.dash_signoff(),
        *rules.headline_colon(),
        *rules.speaker_turns(),
        *rules.objects(),
        *rules.passive(),
    ]


def select_drafts(
    drafts: list[Draft], text: str, quotations: list[Quotation], threshold: float
) -> list[Draft]:
    """The scored drafts worth keeping, settled, with their continuations, in text order."""
    candidates = [d for d in drafts if d.probability >= threshold]
    rank = _nested_below_outer(candidates)
    likely = sorted(
        candidates,
        # The more probable draft wins the words it shares with another, whatever its rule: a rule's
        # specificity is already one of the scorer's features (5-fold CV on PolNeAR train: F1@0.3 up
        # against ranking by rule first).
        key=lambda d: (-rank.get(id(d), d.probability), PRECEDENCE.get(d.rule, 9)),
    )
    kept = sorted(settle(likely, len(text)), key=lambda d: d.content_range)
    _extend_with_second_quotations(text, quotations, kept)
    follow_ons = _follow_ons(text, quotations, kept)
    return sorted([*kept, *follow_ons], key=_position)


def _nested_below_outer(drafts: list[Draft]) -> dict[int, float]:
    """PolNeAR's univocal convention: an attribution reported inside another's content is part of
    that content. A draft whose cue, source and content all lie in the content of a draft at least
    :data:`OUTER_MIN_PROBABILITY` probable ranks just below that outer draft, whatever its own score
    ('"PENCE: … Donald Trump's tweet was really mocking …"' is Pence's turn, not the tweet's)."""
    outers = sorted(
        (d for d in drafts if d.probability >= OUTER_MIN_PROBABILITY), key=lambda d: d.content_range
    )
    starts = [d.content_range[0] for d in outers]
    rank: dict[int, float] = {}
    for draft in drafts:
        low, high = _extent(draft)
        index = bisect.bisect_right(starts, low) - 1
        for outer in outers[max(0, index - NESTING_LOOKBACK) : index + 1]:
            if outer is not draft and _inside_content(outer, low, high):
                rank[id(draft)] = min(rank.get(id(draft), draft.probability), outer.probability - 1e-9)
    return rank


def _extent(draft: Draft) -> Range:
    ranges = _ranges(draft)
    return min(r[0] for r in ranges), max(r[1] for r in ranges)


def _inside_content(outer: Draft, low: int, high: int) -> bool:
    return any(start <= low and high <= end for start, end in outer.content)


def settle(drafts: Iterable[Draft], text_length: int) -> list[Draft]:
    """Keep drafts in order of precedence, dropping any that would share a character with a kept one,
    or whose cue sits inside a kept draft's content (a nested attribution). Coordinated cues share
    their subject ("He went on to allege…, and insisted…"), so sources may overlap each other.

    Occupancy is marked per character, so settling costs time linear in the article's length."""
    words = bytearray(text_length)  # characters of kept cues and contents
    sources = bytearray(text_length)  # characters of kept sources
    cue_tokens: set[int] = set()
    kept: list[Draft] = []
    for draft in drafts:
        own = _ranges(draft, with_source=False)
        if draft.cue_token in cue_tokens or any(
            any_marked(words, *r) or any_marked(sources, *r) for r in own
        ):
            continue
        if draft.source is not None and any_marked(words, *draft.source):
            continue
        kept.append(draft)
        if draft.cue_token is not None:
            cue_tokens.add(draft.cue_token)
        for start, end in own:
            mark(words, start, end)
        if draft.source is not None:
            mark(sources, *draft.source)
    return kept


def _ranges(draft: Draft, *, with_source: bool = True) -> list[Range]:
    ranges = [draft.cue] if draft.cue is not None else []
    if with_source and draft.source is not None:
        ranges.append(draft.source)
    return ranges + draft.content


def _position(draft: Draft) -> int:
    return draft.cue[0] if draft.cue is not None else draft.content_range[0]


def _extend_with_second_quotations(text: str, quotations: list[Quotation], drafts: list[Draft]) -> None:
    """'“…,” he said. “…”': a quotation that follows an attribution in the same paragraph, with no
    attribution of its own, is more of the same content (a discontinuous content span)."""
    for quotation, previous in _unclaimed_with_previous(text, quotations, drafts):
        gap = text[_end(previous) : quotation.start]
        short = len(gap.strip(" .,;:")) <= MAX_GAP_BETWEEN_QUOTATIONS
        if short and "\n" not in gap and _no_new_sentence(gap):
            previous.content.append((quotation.start, quotation.end))


def _no_new_sentence(gap: str) -> bool:
    """'“…,” he said. “…”' goes on; '“…” It came after requests for “aid”' starts something new."""
    last_stop = max(gap.rfind(". "), gap.rfind("? "), gap.rfind("! "))
    return last_stop == -1 or len(gap[last_stop + 2 :].split()) <= MAX_WORDS_OPENING_NEXT_SENTENCE


def _follow_ons(text: str, quotations: list[Quotation], drafts: list[Draft]) -> list[Draft]:
    """Paragraphs made of a quotation with no cue, continuing the attribution just before them."""
    follow_ons: list[Draft] = []
    last: Draft | None = None
    for quotation, previous in _unclaimed_with_previous(text, quotations, drafts):
        if last is not None and _end(last) > _end(previous):
            previous = last
        paragraph_start = text.rfind("\n", 0, quotation.start) + 1
        paragraph_end = text.find("\n", quotation.end)
        paragraph_end = len(text) if paragraph_end == -1 else paragraph_end
        opens_paragraph = not text[paragraph_start : quotation.start].strip()
        paragraph = text[paragraph_start:paragraph_end].strip()
        fills_paragraph = quotation.end - quotation.start >= 0.8 * len(paragraph)
        if opens_paragraph and fills_paragraph and _within_paragraphs(text, previous, quotation, 2):
            follow_on = Draft(AttributionKind.FOLLOW_ON, None, None, [(quotation.start, quotation.end)])
            follow_on.continues = previous.continues or previous
            follow_ons.append(follow_on)
            last = follow_on
    return follow_ons


def _unclaimed_with_previous(
    text: str, quotations: list[Quotation], drafts: list[Draft]
) -> Iterator[tuple[Quotation, Draft]]:
    """Each quotation no draft touches, with the draft that ends last before it (one pass over both)."""
    claimed = mask_of(len(text), (r for draft in drafts for r in _ranges(draft)))
    by_end = sorted(drafts, key=_end)
    index = -1
    for quotation in quotations:
        while index + 1 < len(by_end) and _end(by_end[index + 1]) <= quotation.start:
            index += 1
        if index >= 0 and not any_marked(claimed, quotation.start, quotation.end):
            yield quotation, by_end[index]


def _end(draft: Draft) -> int:
    return max(end for _, end in _ranges(draft))


def _within_paragraphs(text: str, draft: Draft, quotation: Quotation, paragraphs: int) -> bool:
    between = text[draft.content_range[1] : quotation.start]
    return between.count("\n") <= paragraphs * 2 and len(between.strip()) < 400


def _resolve(text: str, drafts: list[Draft], resolver: SpeakerResolver) -> list[Attribution]:
    attributions: list[Attribution] = []
    ids: dict[int, str] = {}
    resolutions: dict[int, Resolution] = {}
    for number, draft in enumerate(drafts, start=1):
        ids[id(draft)] = f"A{number}"
        continued = resolutions.get(id(draft.continues)) if draft.continues is not None else None
        if continued is not None:
            confidence = continued.confidence * FOLLOW_ON_DISCOUNT
            resolution = replace(
                continued,
                speaker=continued.speaker if confidence >= MIN_CONFIDENCE else None,
                confidence=confidence,
                explanation=f"continues the previous quotation: {continued.explanation}",
                mention=None,  # a follow-on quotation has no source mention of its own
            )
        else:
            source = Span.of(text, *draft.source) if draft.source is not None else None
            resolution = resolver.resolve(source, at=_position(draft))
        resolutions[id(draft)] = resolution
        continues = ids.get(id(draft.continues)) if draft.continues is not None else None
        attributions.append(_attribution(text, ids[id(draft)], draft, resolution, continues))
    return attributions


def _attribution(
    text: str, identifier: str, draft: Draft, resolution: Resolution, continues: str | None
) -> Attribution:
    return Attribution(
        id=identifier,
        kind=draft.kind,
        cue=Span.of(text, *draft.cue) if draft.cue is not None else None,
        source=resolution.mention or (Span.of(text, *draft.source) if draft.source is not None else None),
        content=[Span.of(text, start, end) for start, end in draft.content],
        speaker=resolution.speaker,
        confidence=round(resolution.confidence, 3),
        candidates=resolution.candidates,
        resolution=resolution.explanation,
        continues=continues,
    )


def _scare_quotes(
    doc: Doc, text: str, quotations: list[Quotation], covered: bytearray, max_words: int
) -> Iterable[ScareQuote]:
    for quotation in quotations:
        if all(covered[quotation.start : quotation.end]):  # inside an attribution's content
            continue
        quoted = text[quotation.start : quotation.end]
        if len(quoted.split()) > max_words:
            continue
        if not any(char.isalpha() for char in quoted):  # an id or number in markup ('tweet-id="66…"')
            continue
        token_span = doc.char_span(quotation.start, quotation.end, alignment_mode="expand")
        if token_span is None:
            continue
        sentence = token_span[0].sent
        start, end = min(sentence.start_char, quotation.start), max(sentence.end_char, quotation.end)
        while end > quotation.end and text[end - 1].isspace():
            end -= 1
        yield ScareQuote(
            span=Span.of(text, quotation.start, quotation.end), sentence=Span.of(text, start, end)
        )
