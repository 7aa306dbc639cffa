"""Salience: how much the story is about each entity at a point of the text.

Recent speakers count more than recent subjects, which count more than other mentions; each sentence back
halves an event's weight, a name inside a quotation counts less from outside it, and in a live blog each
entry boundary between an event and the point nearly resets it. Pronouns and descriptions go to the most
salient entity that fits them (:class:`saidwhat.attribution.speakers.resolver.SpeakerResolver`).
"""

from __future__ import annotations

import bisect
import re
from collections.abc import Callable
from dataclasses import dataclass

from spacy.tokens import Doc, Token

from saidwhat.attribution.occupancy import mask_of
from saidwhat.attribution.quotes import Quotation
from saidwhat.model import Entity

# Salience weights: recent speakers > recent subjects > recent mentions; decay per sentence back.
SPEAKER_WEIGHT = 3.0
SUBJECT_WEIGHT = 2.0
MENTION_WEIGHT = 1.0
#: A subject earlier in the pronoun's own sentence ("Trump netted …, but his campaign said"; "Fallon
#: fired back: “…,” he wrote") is its usual antecedent, ahead of the previous sentences' speakers.
SAME_SENTENCE_SUBJECT = 2.0
EMBEDDED_SUBJECT_WEIGHT = 1.0
#: The speaker of a relative clause ("Govs. Jeb Bush and Chris Christie, who say…") is not what the next
#: sentence is about, as the subject of a relative clause is not: it weighs as a mention.
EMBEDDED_SPEAKER_WEIGHT = 1.0
IN_QUOTE = 0.3  # a name inside a quotation is rarely who is quoted
DECAY = 0.5
REPEAT_BONUS = 0.1  # each further event adds a tenth of its weight


#: A live blog ("The Latest: …", entries headed "6:01 p.m." and parted by "___") starts a new story with each
#: entry: an event in an earlier entry counts this much per entry boundary between it and the source, so
#: "he" in an entry refers to someone in that entry, not to the speaker of the one before.
ENTRY_RESET = 0.05
_ENTRY_HEADER = re.compile(
    r"^[ \t]*(?:\d{1,2}[ \t]*:[ \t]*\d{2}[ \t]*[ap]\.?[ \t]*m\.?[ \t]*:?|_{3,}\.?)[ \t]*$",
    re.IGNORECASE | re.MULTILINE,
)

#: Salience ignores events whose summed weight is below this fraction of the total. Each sentence back
#: halves an event's weight, so this bounds how far back a resolution looks (about 40 sentences), which
#: keeps resolving linear in article length; the result changes by at most this relative amount.
SALIENCE_TOLERANCE = 1e-12


#: A factor a ranking multiplies each entity's salience by (how well it fits the reference).
Factor = Callable[[Entity], float]


@dataclass(frozen=True, slots=True)
class _MentionEvent:
    """A mention, precomputed once for salience: ``end`` filters it, the rest weighs it."""

    end: int
    last_sentence: int  # the sentence of its last character: no earlier event is nearer to a cue
    sentence: int  # the sentence of its root token, which the decay counts from
    weight: float
    quoted: bool
    subject: bool  # the subject of a clause, main or embedded


@dataclass
class Scored:
    """An entity and its score in a ranking."""

    entity: Entity
    score: float


class Salience:
    """Salience over one article, its events indexed once so that no query rereads the article.

    The resolver tells it, in text order, who spoke where (:meth:`record_speaker`): a speaker is the
    most salient event.
    """

    def __init__(self, doc: Doc, quotations: list[Quotation]) -> None:
        self._doc = doc
        self._quoted = mask_of(
            max((q.end for q in quotations), default=0), ((q.start, q.end) for q in quotations)
        )
        self.sentence_starts = _sentence_starts(doc)
        self._entry_starts = entry_starts(doc.text)
        self._mention_events: dict[int, tuple[Entity, list[_MentionEvent]]] = {}
        self._spoken: dict[str, list[int]] = {}  # entity id → sorted offsets where it was the speaker
        self._relative_sources: set[int] = set()  # those offsets where the source was "who", "which"

    def record_speaker(self, entity_id: str, at: int, *, relative: bool = False) -> None:
        """``entity_id`` spoke through a source at character ``at`` (``relative``: a "who", "which")."""
        bisect.insort(self._spoken.setdefault(entity_id, []), at)
        if relative:
            self._relative_sources.add(at)

    def record_mention(self, entity: Entity, head: Token) -> None:
        """``head`` mentions ``entity`` though no entity mention covers it ("the admiral chuckled")."""
        bisect.insort(self._events_of(entity), self._event(head, head.idx + len(head)), key=lambda e: e.end)

    def has_spoken(self, entity_id: str) -> bool:
        return entity_id in self._spoken

    def rank(self, entities: list[Entity], before: int, factor: Factor, floor: float = 0.0) -> list[Scored]:
        """Entities mentioned before ``before``, scored by salience × ``factor``, best first."""
        scored = []
        for entity in entities:
            salience = self.score(entity, before)
            if salience > 0:
                scored.append(Scored(entity, (salience + floor) * factor(entity)))
        return sorted(scored, key=lambda s: -s.score)

    def score(self, entity: Entity, before: int) -> float:
        """The strongest recent event (speaking, being a subject, being mentioned), plus a bit for the rest.

        Mostly the maximum rather than the sum, so that a person named often long ago does not outweigh
        the one who spoke in the previous sentence.
        """
        sentence = self.sentence_of(before)
        mentions = self._events_of(entity)
        reduced = IN_QUOTE if not self.in_quote(before) else 1.0

        def mention_term(i: int) -> tuple[int, float]:
            event = mentions[i]
            weight = event.weight * reduced if event.quoted else event.weight
            if event.sentence == sentence and event.subject and not event.quoted:
                weight *= SAME_SENTENCE_SUBJECT
            weight *= self.entry_factor(event.end - 1, before)
            return event.last_sentence, weight * DECAY ** (sentence - event.sentence)

        offsets = self._spoken.get(entity.id, [])

        def speaker_term(i: int) -> tuple[int, float]:
            spoken = self.sentence_of(offsets[i])
            base = EMBEDDED_SPEAKER_WEIGHT if offsets[i] in self._relative_sources else SPEAKER_WEIGHT
            weight = base * self.entry_factor(offsets[i], before)
            return spoken, weight * DECAY ** (sentence - spoken)

        found = [
            _recent_sum(
                mention_term,
                bisect.bisect_right(mentions, before, key=lambda e: e.end),
                sentence,
                max(SUBJECT_WEIGHT, MENTION_WEIGHT),
            ),
            _recent_sum(speaker_term, bisect.bisect_left(offsets, before), sentence, SPEAKER_WEIGHT),
        ]
        if not any(count for _, _, count in found):
            return 0.0
        strongest = max(top for top, _, count in found if count)
        return strongest + REPEAT_BONUS * (sum(total for _, total, _ in found) - strongest)

    def _events_of(self, entity: Entity) -> list[_MentionEvent]:
        """The entity's mentions as salience events, sorted by end; computed on first use."""
        cached = self._mention_events.get(id(entity))
        if cached is not None:
            return cached[1]
        events = []
        for mention in entity.mentions:
            tokens = self._doc.char_span(mention.start, mention.end, alignment_mode="expand")
            if tokens is not None:
                events.append(self._event(tokens.root, mention.end))
        events.sort(key=lambda e: e.end)
        self._mention_events[id(entity)] = (entity, events)  # the entity is kept so its id stays unique
        return events

    def _event(self, root: Token, end: int) -> _MentionEvent:
        return _MentionEvent(
            end=end,
            last_sentence=self.sentence_of(end - 1),
            sentence=self.sentence_of(root.idx),
            weight=_mention_weight(root),
            quoted=self.in_quote(root.idx),
            subject=_subject_token(root) is not None,
        )

    def entry_factor(self, earlier: int, later: int) -> float:
        """:data:`ENTRY_RESET` for each live-blog entry boundary between two offsets (1.0 if none)."""
        if not self._entry_starts:
            return 1.0
        crossed = bisect.bisect_right(self._entry_starts, later) - bisect.bisect_right(
            self._entry_starts, earlier
        )
        return float(ENTRY_RESET**crossed)

    def weight(self, token: Token, weight: float, before: int) -> float:
        if self.in_quote(token.idx) and not self.in_quote(before):
            weight *= IN_QUOTE
        weight *= self.entry_factor(token.idx, before)
        return weight * DECAY ** self._distance(token.idx, before)

    def _distance(self, earlier: int, later: int) -> int:
        return self.sentence_of(later) - self.sentence_of(earlier)

    def sentence_of(self, char: int) -> int:
        return max(0, bisect.bisect_right(self.sentence_starts, char) - 1)

    def in_quote(self, char: int) -> bool:
        return 0 <= char < len(self._quoted) and self._quoted[char] == 1


def _recent_sum(
    term: Callable[[int], tuple[int, float]], size: int, sentence: int, heaviest: float
) -> tuple[float, float, int]:
    """The largest, the sum and the count of the salience terms ``term(size - 1)`` back to ``term(0)``.

    Each term comes with the latest sentence it or any older term can be in, so once even ``heaviest``
    decayed from there, times the terms left, is negligible beside the sum (and below the largest), the
    older terms are skipped: this is what keeps a resolution from rereading the whole article.
    """
    strongest = total = 0.0
    count = 0
    for i in range(size - 1, -1, -1):
        latest, value = term(i)
        bound = heaviest * DECAY ** (sentence - latest)
        if count and (bound == 0.0 or (bound < strongest and bound * (i + 1) < SALIENCE_TOLERANCE * total)):
            break
        strongest = max(strongest, value)
        total += value
        count += 1
    return strongest, total, count


def entry_starts(text: str) -> list[int]:
    """Where each live-blog entry starts (its time-stamp or separator line), if the article is a live blog:
    at least two such lines. Empty otherwise."""
    starts = [match.start() for match in _ENTRY_HEADER.finditer(text)]
    return starts if len(starts) >= 2 else []


def _sentence_starts(doc: Doc) -> list[int]:
    """Where each sentence starts; a doc without sentence boundaries is one sentence."""
    if not doc.has_annotation("SENT_START"):
        return [0]
    return [sentence.start_char for sentence in doc.sents]


def _mention_weight(token: Token) -> float:
    """Subjects are more salient; so is each conjunct of a subject ("Smith and Jones met"), and a person
    introduced with a description in apposition ("courtesy of Wes Nakagiri, a delegate from Michigan"):
    news introduces someone so just before quoting them."""
    if any(child.dep_ == "appos" for child in token.children):
        return SUBJECT_WEIGHT
    subject = _subject_token(token)
    if subject is None:
        return MENTION_WEIGHT
    # the subject of a reported or relative clause ("says Obama is acting …") is less the topic than
    # the subject of the sentence
    return SUBJECT_WEIGHT if subject.head.dep_ in ("ROOT", "conj") else EMBEDDED_SUBJECT_WEIGHT


def is_subject(token: Token) -> bool:
    """Whether ``token`` is, is a conjunct of, or owns a clause's subject (see :func:`_subject_token`)."""
    return _subject_token(token) is not None


def _subject_token(token: Token) -> Token | None:
    """The subject ``token`` heads, is a conjunct of ("Smith and Jones met"), names in apposition
    ("Elliott's father, the Rev. Charles Elliott Jr., knew") or owns ("Trump's campaign said", "One of
    Trump's jeremiads came": the owner is what the sentence is about, unless an apposition names who the
    subject is), or None."""
    while token.dep_ == "conj" and token.head.i != token.i:
        token = token.head
    if token.dep_ == "appos":
        token = token.head
    elif token.dep_ == "poss":
        token = token.head
        if any(child.dep_ == "appos" for child in token.children):
            return None
        if token.dep_ == "pobj" and token.head.lower_ == "of" and token.head.head.i != token.head.i:
            token = token.head.head
    return token if token.dep_ in ("nsubj", "nsubjpass") else None


def best_per_entity(scored: list[Scored]) -> list[Scored]:
    """One score per entity (its best), best first; pending entities are told apart by their span."""
    best: dict[tuple[str, int], Scored] = {}
    for item in scored:
        key = (item.entity.id, item.entity.mentions[0].start)
        if key not in best or best[key].score < item.score:
            best[key] = item
    return sorted(best.values(), key=lambda s: -s.score)
