"""Pronouns: "he"/"she" by gender and salience, "it" and "they" to organisations and groups, "I" to the
credited author."""

from __future__ import annotations

from saidwhat.attribution.speakers.base import PENDING_ID, ResolverBase
from saidwhat.attribution.speakers.parameters import (
    AUTHOR,
    GENDER_PRIOR_WEIGHT,
    ORGANIZATION_AS_THEY,
    PLURAL_NP_WEIGHT,
    PLURAL_PRONOUN,
    PRONOUN_GENDER_KNOWN,
    PRONOUN_GENDER_UNKNOWN,
    REPLY_VERBS,
    UNKNOWN_GENDER_FIT,
)
from saidwhat.attribution.speakers.resolution import Resolution
from saidwhat.attribution.speakers.salience import Scored, best_per_entity
from saidwhat.attribution.speakers.syntax import FEMALE, FIRST_PERSON, MALE, PLURAL, SINGULAR_FIRST_PERSON
from saidwhat.entities.lexicon import Gender
from saidwhat.entities.names import gender_prior, parse_name
from saidwhat.entities.nominals import nominal, plural_human_heads
from saidwhat.model import Entity, EntityType, Span


class PronounRules(ResolverBase):
    """Resolving a pronoun source."""

    def _resolve_pronoun(self, source: Span, word: str) -> Resolution:
        if word in FIRST_PERSON:
            quoted = self._salience.in_quote(source.start)
            author = self._author if word in SINGULAR_FIRST_PERSON and not quoted else None
            if author is not None:
                explanation = f"first-person {source.text!r} outside quotations: the author, {author.name!r}"
                return self._sure(author, AUTHOR, explanation, "author")
            where = "inside a quotation" if quoted else "outside quotations (the author, not credited)"
            return Resolution(None, 0.0, [], f"first-person pronoun {source.text!r} {where} is not a source")
        if word in MALE or word in FEMALE:
            return self._resolve_he_she(source, "male" if word in MALE else "female")
        if word in PLURAL:
            return self._resolve_they(source)
        if word == "it":
            return self._resolve_it(source)
        return Resolution(None, 0.0, [], f"pronoun {source.text!r} is not resolved")

    def _resolve_he_she(self, source: Span, gender: Gender) -> Resolution:
        askers = self._askers(source)
        people = [
            p for p in self._people(source.start) if self._fits_gender(p, gender) and p.id not in askers
        ]
        ranked = self._salience.rank(people, source.start, lambda e: self._gender_fit(e, gender))
        if not ranked:
            return Resolution(None, 0.0, [], f"pronoun {source.text!r}: no {gender} person mentioned before")
        best = ranked[0].entity
        known = best.id in self._facts.genders
        base = PRONOUN_GENDER_KNOWN if known else PRONOUN_GENDER_UNKNOWN
        rule = "pronoun_gender_known" if known else "pronoun_gender_unknown"
        kind = f"{gender} person" if known else "person of unknown gender"
        resolution = self._decide(
            ranked, base, f"pronoun {source.text!r} → most salient {kind} {best.name!r}", rule
        )
        if resolution.speaker is not None:
            self._facts.genders.setdefault(best.id, gender)  # later pronouns can rely on it
        return resolution

    def _gender_fit(self, person: Entity, gender: Gender) -> float:
        """How well ``person`` fits a "he" or "she" of ``gender`` (already known not to contradict it): 1
        when the article shows the gender; for a first name neither gender dominates, its census share,
        shrunk toward even by :data:`GENDER_PRIOR_WEIGHT` ("Chris" fits "he" better than "she"); else even."""
        if person.id in self._facts.genders:
            return 1.0
        given = parse_name(person.name).given
        prior = gender_prior(given[0], gender) if given else None
        if prior is None:
            return UNKNOWN_GENDER_FIT
        return UNKNOWN_GENDER_FIT + (prior - 0.5) * GENDER_PRIOR_WEIGHT

    def _askers(self, source: Span) -> set[str]:
        """Who asked, in this sentence or the one before, when the pronoun replies: "A reporter asked
        Sanders how he's feeling. He replied: …" is not the reporter."""
        tokens = self._doc.char_span(source.start, source.end, alignment_mode="expand")
        if tokens is None or tokens.root.head.lemma_.lower() not in REPLY_VERBS:
            return set()
        return {asker.id for asker in self._recent_subjects(source.start, 1, "ask")}

    def _resolve_it(self, source: Span) -> Resolution:
        # a place that has spoken ("The city of Phoenix is demanding…") acts as an organisation
        organizations = [
            e
            for e in self.entities
            if e.type == EntityType.ORGANIZATION
            or (e.type == EntityType.PLACE and self._salience.has_spoken(e.id))
        ]
        ranked = self._salience.rank(organizations, source.start, lambda e: 1.0)
        if not ranked:
            return Resolution(None, 0.0, [], "pronoun 'it': no organisation mentioned before")
        name = ranked[0].entity.name
        return self._decide(
            ranked, PRONOUN_GENDER_UNKNOWN, f"pronoun 'it' → most salient organisation {name!r}", "pronoun_it"
        )

    def _resolve_they(self, source: Span) -> Resolution:
        groups = [e for e in self.entities if e.type in (EntityType.ORGANIZATION, EntityType.GROUP)]
        factor = {e.id: (1.0 if e.type == EntityType.GROUP else ORGANIZATION_AS_THEY) for e in groups}
        ranked = self._salience.rank(groups, source.start, lambda e: factor[e.id])
        ranked = best_per_entity(ranked + self._plural_noun_phrases(source))
        if not ranked:
            return Resolution(
                None, 0.0, [], f"pronoun {source.text!r}: no group or plural noun phrase before"
            )
        best = ranked[0].entity
        explanation = f"pronoun {source.text!r} → most salient group {best.name!r}"
        described = best.id == PENDING_ID or best.id in self._nominal_ids  # "the protesters", no name
        rule = "plural_pronoun_phrase" if described else "plural_pronoun"
        return self._decide(ranked, PLURAL_PRONOUN, explanation, rule)

    def _plural_noun_phrases(self, source: Span) -> list[Scored]:
        """Plural NPs for people in the source's sentence and the two before it, as candidate entities."""
        sentence = self._salience.sentence_of(source.start)
        first = self._doc.char_span(
            self._salience.sentence_starts[max(0, sentence - 2)], source.start, alignment_mode="expand"
        )
        if first is None:
            return []
        scored = []
        for head in plural_human_heads(self._doc, first.start, first.end):
            candidate = nominal(self._doc, head)
            if candidate.end > first.end or self._mention_with(head.i) is not None:
                continue
            weight = self._salience.weight(head, PLURAL_NP_WEIGHT, source.start)
            scored.append(Scored(self._nominal_entity(candidate, EntityType.GROUP), weight))
        return scored
