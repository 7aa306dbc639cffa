"""The resolver's state and what every rule shares: the entities and where they are mentioned, the
entities made for descriptions, committing to a speaker or withholding it."""

from __future__ import annotations

import abc
import bisect
from functools import cached_property
from typing import NamedTuple

from spacy.tokens import Doc, Token

from saidwhat.attribution.calibration import SpeakerCalibration, load_calibration
from saidwhat.attribution.quotes import Quotation, find_quotations
from saidwhat.attribution.speakers.facts import Facts, with_broader
from saidwhat.attribution.speakers.resolution import (
    MIN_CANDIDATE_SCORE,
    MIN_CONFIDENCE,
    Resolution,
    speaker_of,
)
from saidwhat.attribution.speakers.salience import Salience, Scored
from saidwhat.attribution.speakers.syntax import PROPER_TAGS, WHEN_LABELS
from saidwhat.entities.authors import credited_authors
from saidwhat.entities.lexicon import Gender, lexicon
from saidwhat.entities.names import given_names_agree, parse_name
from saidwhat.entities.nominals import Nominal
from saidwhat.entities.roles import is_role_word
from saidwhat.model import Entity, EntityType, Span, SpeakerCandidate

PENDING_ID = "pending"  # the id of a nominal entity not yet kept


class IndexedArtefact(NamedTuple):
    """An artefact the article names: its head token, first token, kind, named issuer (if any) and
    whether it is definite ("the ad" may refer back; "a congressional report" introduces one)."""

    token: int
    start: int
    kind: str
    issuer: Entity | None
    definite: bool


class Referent(NamedTuple):
    """What an artefact refers to: ``known`` is False when nothing before tells; ``issuer`` is None when
    it is an artefact no one is named as issuing."""

    known: bool
    issuer: Entity | None


class ResolverBase(abc.ABC):
    """State and shared steps of :class:`saidwhat.attribution.speakers.SpeakerResolver`; the rule families
    (names, pronouns, descriptions, artefacts, source recovery) are mixins over it."""

    def __init__(
        self,
        doc: Doc,
        entities: list[Entity],
        quotations: list[Quotation] | None = None,
        calibration: SpeakerCalibration | None = None,
    ) -> None:
        """``calibration`` defaults to the shipped table (:func:`load_calibration`)."""
        self._doc = doc
        self._calibration = calibration if calibration is not None else load_calibration()
        self._nominal_ids: set[str] = set()  # entities made from a description: unnamed referents
        self._descriptions: set[tuple[int, int]] = set()  # spans of the descriptions made into entities
        self._entities = list(entities)
        self._facts = Facts.of(doc, entities)
        found = quotations if quotations is not None else find_quotations(doc.text)
        self._salience = Salience(doc, found)
        self._created: dict[tuple[int, int], Entity] = {}
        # Lookups by position, built once, so that no resolution scans the whole article.
        self._token_starts = [token.idx for token in doc]
        self._named_at: dict[int, Entity] = {}
        for entity in entities:
            self._index_mentions(entity)
        self._artefacts: list[IndexedArtefact] | None = None  # artefacts named, built on first use
        self._referents: list[Referent] | None = None  # what each refers to, built on first use
        self._campaigns: dict[str, Entity] = {}  # candidate id → their campaign
        self._described_noted = 0  # role-description subjects given to salience so far

    @property
    def entities(self) -> list[Entity]:
        """The input entities plus those created for nominal sources with no named antecedent."""
        return self._entities + list(self._created.values())

    def _token_at(self, at: int) -> Token | None:
        """The token that character ``at`` falls in (or the last before it); None in an empty text."""
        if not self._token_starts:
            return None
        return self._doc[max(0, bisect.bisect_right(self._token_starts, at) - 1)]

    def _mention_with(self, token: int) -> Entity | None:
        """The first entity (input entities, then created ones) with a mention covering ``token``."""
        return self._named_at.get(self._doc[token].idx)

    def _index_mentions(self, entity: Entity) -> None:
        """Map the start of each token inside ``entity``'s mentions to it, unless an earlier entity has it."""
        for mention in entity.mentions:
            first = bisect.bisect_left(self._token_starts, mention.start)
            last = bisect.bisect_left(self._token_starts, mention.end)
            for start in self._token_starts[first:last]:
                self._named_at.setdefault(start, entity)

    def _fits_gender(self, person: Entity, gender: Gender | None) -> bool:
        """Whether nothing known of ``person`` contradicts ``gender`` (None: any person fits)."""
        return gender is None or self._facts.genders.get(person.id) in (None, gender)

    def _sure(self, entity: Entity, confidence: float, explanation: str, rule: str) -> Resolution:
        """``entity`` with no competitor: committed unless its calibrated confidence is below 0.5."""
        speaker = speaker_of(entity)
        calibrated = self._calibrated(rule, confidence)
        candidates = [SpeakerCandidate(speaker=speaker, score=calibrated)]
        if calibrated < MIN_CONFIDENCE:
            explanation = f"{explanation}; too unreliable a rule to commit"
            return Resolution(None, calibrated, candidates, explanation, rule, confidence)
        return Resolution(speaker, calibrated, candidates, explanation, rule, confidence)

    def _calibrated(self, rule: str, raw: float) -> float:
        return round(self._calibration.calibrate(rule, raw), 3)

    def _recent_subjects(self, until: int, back: int, lemma: str) -> list[Entity]:
        """The named subjects of the verb ``lemma`` from ``back`` sentences before offset ``until``'s
        sentence up to ``until``, the latest first."""
        since = self._salience.sentence_starts[max(0, self._salience.sentence_of(until) - back)]
        tokens = self._doc.char_span(since, until, alignment_mode="contract")
        verbs = [t for t in tokens or [] if t.pos_ in ("VERB", "AUX") and t.lemma_.lower() == lemma]
        subjects = (c for verb in reversed(verbs) for c in verb.children if c.dep_ == "nsubj")
        return [entity for subject in subjects if (entity := self._mention_with(subject.i)) is not None]

    def _resolved_entity(self, resolution: Resolution) -> Entity | None:
        return self._entity_by_id(resolution.speaker.id) if resolution.speaker is not None else None

    def _entity_by_id(self, entity_id: str) -> Entity | None:
        return next((e for e in self.entities if e.id == entity_id), None)

    def _untagged_run(self, start: int, end: int) -> tuple[int, int] | None:
        """The last run of capitalised proper nouns in tokens [start, end) that no entity covers."""
        last = None
        i = end - 1
        while i >= start and not self._is_untagged_name(self._doc[i]):
            i -= 1
        if i >= start:
            first = i
            while first - 1 >= start and self._is_untagged_name(self._doc[first - 1]):
                first -= 1
            last = (first, i + 1)
        return last

    def _is_untagged_name(self, token: Token) -> bool:
        """A capitalised proper noun, or a noun capitalised inside ("RealClearPolitics"), no entity covers."""
        proper = token.tag_ in PROPER_TAGS or (token.tag_.startswith("NN") and not token.text[1:].islower())
        return (
            proper
            and token.text[:1].isupper()
            and self._mention_with(token.i) is None
            and token.ent_type_ not in WHEN_LABELS  # "A Feb. 1 letter"
            and token.lower_ not in lexicon().demonyms
            and not is_role_word(token)
        )

    def _named_entity(self, run: tuple[int, int], kind: EntityType) -> Entity:
        tokens = self._doc[run[0] : run[1]]
        span = Span(start=tokens.start_char, end=tokens.end_char, text=tokens.text)
        existing = self._created.get((span.start, span.end))
        if existing is not None:
            return existing
        return Entity(id=PENDING_ID, name=span.text, type=kind, mentions=[span])

    def _possessor(self, described: Nominal) -> Entity | None:
        return self._mention_with(described.possessor) if described.possessor is not None else None

    def _nominal_entity(self, described: Nominal, kind: EntityType) -> Entity:
        span = described.span(self._doc)
        existing = self._created.get((span.start, span.end))
        if existing is not None:
            return existing
        role = described.role if kind == EntityType.PERSON else None  # a group's name already says it
        self._descriptions.add((span.start, span.end))
        return Entity(
            id=PENDING_ID,
            name=span.text,
            type=kind,
            mentions=[span],
            role=role.text if role else None,
            organization=role.organization if role else None,
        )

    def _keep(self, entity: Entity) -> Entity:
        """A new nominal entity, given the next free id and kept; any other entity as it is."""
        if entity.id != PENDING_ID:
            return entity
        key = (entity.mentions[0].start, entity.mentions[0].end)
        if key not in self._created:
            entity_id = f"E{len(self._entities) + len(self._created) + 1}"
            self._created[key] = entity.model_copy(update={"id": entity_id})
            self._index_mentions(self._created[key])
            if entity.name == entity.mentions[0].text and key in self._descriptions:
                self._nominal_ids.add(entity_id)
        return self._created[key]

    @cached_property
    def _author(self) -> Entity | None:
        """The one person the article names who is its credited author (metadata or a credit line)."""
        given = self._doc._.saidwhat_authors if Doc.has_extension("saidwhat_authors") else None
        names = list(dict.fromkeys([*(given or []), *credited_authors(self._doc.text)]))
        people = {p.id: p for name in names for p in self._people() if _names_agree(p.name, name)}
        return next(iter(people.values())) if len(people) == 1 else None

    def _people(self, third_person_at: int | None = None) -> list[Entity]:
        """The people; for a third-person reference ("he", "the judge") at ``third_person_at`` outside
        quotations, without the credited author, who writes of themself as "I"."""
        people = [e for e in self.entities if e.type == EntityType.PERSON]
        if third_person_at is None or self._author is None or self._salience.in_quote(third_person_at):
            return people
        return [p for p in people if p.id != self._author.id]

    def _speaking_people(self) -> list[Entity]:
        return [p for p in self._people() if self._salience.has_spoken(p.id)]

    def _learn_role(self, resolution: Resolution, wanted: str | None) -> Resolution:
        if resolution.speaker is not None and wanted is not None:
            self._facts.roles.setdefault(resolution.speaker.id, set()).update(with_broader(wanted))
        return resolution

    def _decide(self, ranked: list[Scored], base: float, explanation: str, rule: str) -> Resolution:
        """The best candidate if its calibrated confidence, lowered by the runner-up's relative score,
        reaches 0.5."""
        best = ranked[0]
        ratio = ranked[1].score / best.score if len(ranked) > 1 and best.score > 0 else 0.0
        raw = round(base * (1 - 0.6 * ratio), 3)
        confidence = self._calibrated(rule, raw)
        if confidence < MIN_CONFIDENCE:
            names = " vs ".join(repr(s.entity.name) for s in ranked[:2])
            why = f"too close to call ({names})" if ratio > 0 else "too unreliable a rule to commit"
            shown = [Scored(self._keep(s.entity), s.score) for s in ranked[:5]]  # alternatives need real ids
            candidates = self._candidates(shown, confidence)
            return Resolution(None, confidence, candidates, f"{explanation}; {why}", rule, raw)
        chosen = Scored(self._keep(best.entity), best.score)
        shown = [chosen] + [s for s in ranked[1:5] if s.entity.id != PENDING_ID]  # no entity made for a loser
        return Resolution(
            speaker_of(chosen.entity), confidence, self._candidates(shown, confidence), explanation, rule, raw
        )

    @staticmethod
    def _candidates(ranked: list[Scored], top: float) -> list[SpeakerCandidate]:
        if not ranked:
            return []
        best = ranked[0].score or 1.0
        scores = [(s.entity, round(min(1.0, top * s.score / best), 3)) for s in ranked[:5]]
        return [
            SpeakerCandidate(speaker=speaker_of(entity), score=score)
            for i, (entity, score) in enumerate(scores)
            if i == 0 or score >= MIN_CANDIDATE_SCORE
        ]

    @abc.abstractmethod
    def _dispatch(self, source: Span, at: int) -> Resolution:
        """Resolve ``source`` by its form (name, pronoun, description…): see ``SpeakerResolver``."""


def _names_agree(person: str, credited: str) -> bool:
    """Whether a credited author's name is this person's ("Dinesh D’Souza" for "Dinesh D’Souza")."""
    a, b = parse_name(person), parse_name(credited)
    return a.surname == b.surname and bool(a.given) and given_names_agree(a, b)
