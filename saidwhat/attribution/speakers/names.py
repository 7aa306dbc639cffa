"""Sources that are names: full names, surnames (and namesakes), names the entity stage missed."""

from __future__ import annotations

from functools import cached_property

from spacy.tokens import Span as TokenSpan
from spacy.tokens import Token

from saidwhat.attribution.speakers.base import PENDING_ID, ResolverBase
from saidwhat.attribution.speakers.parameters import (
    BARE_NAME,
    BARE_NAME_WORDS,
    EXACT_NAME,
    GROUP_SUBSET,
    NAMED_ACTOR,
    NAMED_GROUP,
    PARTIAL_NAME,
    SURNAME,
    UNTAGGED_NAME,
)
from saidwhat.attribution.speakers.resolution import Resolution
from saidwhat.attribution.speakers.salience import Scored
from saidwhat.attribution.speakers.syntax import (
    FEMALE_FORMS,
    MALE_FORMS,
    NAME_CONNECTORS,
    PROPER_TAGS,
    is_organization_noun,
    name_key,
    text_words,
)
from saidwhat.entities.lexicon import Gender
from saidwhat.entities.names import first_name_gender, opens_with_first_name, parse_name
from saidwhat.entities.nominals import Nominal, is_human_noun
from saidwhat.entities.roles import role_class
from saidwhat.model import Entity, EntityType, Span


class NameRules(ResolverBase):
    """Resolving a source that is, or contains, a name."""

    def _resolve_named(self, source: Span, entity: Entity) -> Resolution:
        text = name_key(source.text)
        if entity.type == EntityType.GROUP and text != name_key(entity.name):
            explanation = f"{source.text!r} is a part of group {entity.name!r}, not the group acting"
            return self._sure(entity, GROUP_SUBSET, explanation, "group_subset")
        if entity.type == EntityType.GROUP:
            explanation = f"names group {entity.name!r}: the group acting, or an unnamed part of it"
            return self._sure(entity, NAMED_GROUP, explanation, "named_group")
        if entity.type != EntityType.PERSON:
            return self._sure(
                entity, NAMED_ACTOR, f"names {entity.type.value} {entity.name!r}", "named_actor"
            )
        if text == name_key(entity.name):
            return self._sure(entity, EXACT_NAME, f"exact name match {entity.name!r}", "exact_name")
        if text == parse_name(entity.name).surname:
            return self._surname(entity, parse_name(source.text).gender or self._clause_gender(source))
        return self._sure(entity, PARTIAL_NAME, f"part of the name {entity.name!r}", "partial_name")

    def _surname(self, entity: Entity, gender: Gender | None) -> Resolution:
        """A surname names its entity unless a namesake of a compatible gender shares it ("Mrs. Warren");
        a namesake of the gender the source shows wins over the nearer one of the other."""
        surname = parse_name(entity.name).surname

        namesakes = [
            e
            for e in self._people()
            if e.id != entity.id and parse_name(e.name).surname == surname and self._fits_gender(e, gender)
        ]
        if not self._fits_gender(entity, gender) and len(namesakes) == 1:
            entity, namesakes = namesakes[0], []
        if not namesakes:
            return self._sure(entity, SURNAME, f"surname match → {entity.name!r}", "surname")
        others = ", ".join(repr(e.name) for e in namesakes)
        ranked = [Scored(entity, 1.0)] + [Scored(e, 0.5) for e in namesakes]
        explanation = f"surname shared with {others}; the nearer is {entity.name!r}"
        return self._decide(ranked, SURNAME, explanation, "surname_shared")

    def _clause_gender(self, source: Span) -> Gender | None:
        """The gender of the first he/his/she/her… in the source's own clause, if no other name comes
        first: "Clinton has emerged to play a role in the campaign of his wife" is Bill, not Hillary."""
        tokens = self._doc.char_span(source.start, source.end, alignment_mode="expand")
        if tokens is None or tokens.root.dep_ not in ("nsubj", "nsubjpass"):
            return None
        clause = tokens.root.head
        for token in clause.subtree:
            if token.i < tokens.end or self._salience.in_quote(token.idx):
                continue
            if token.ent_type_ == "PERSON" or token.dep_ in ("nsubj", "nsubjpass"):
                return None  # "Clinton praised Obama for his work": the pronoun may be the other's
            if token.lower_ in MALE_FORMS:
                return "male"
            if token.lower_ in FEMALE_FORMS:
                return "female"
        return None

    def _resolve_name_text(self, source: Span) -> Resolution:
        """A source the entity stage did not tag: match its words against the entities' names."""
        text = name_key(source.text)
        if not any(word[:1].isupper() for word in text_words(source.text)):
            # "the bank" is a description, even where the model tagged some "Bank" as a name
            return Resolution(None, 0.0, [], f"no entity matches {source.text!r}")
        for entity in self.entities:
            if text == name_key(entity.name):
                return self._sure(entity, EXACT_NAME, f"exact name match {entity.name!r}", "exact_name")
        for person in self._people():
            if text == parse_name(person.name).surname:
                return self._surname(person, parse_name(source.text).gender)
        untagged = (
            self._untagged_person(source) or self._apposed_organization(source) or self._bare_name(source)
        )
        if untagged is not None:
            return untagged
        return Resolution(None, 0.0, [], f"no entity matches {source.text!r}")

    def _bare_name(self, source: Span) -> Resolution | None:
        """A source that is nothing but a short capitalised name no entity covers, inside a line rather
        than opening it (a headline word): "In 2014, Pew found", "As Vulture put it", "Chatwal also
        pleaded". The name is its own referent: a person where the text gives it after a first name
        ("Sant Singh Chatwal"), else an organisation."""
        tokens = self._doc.char_span(source.start, source.end, alignment_mode="expand")
        if tokens is None or not 1 <= len(tokens) <= BARE_NAME_WORDS:
            return None
        if not all(self._is_untagged_name(t) and t.tag_ in PROPER_TAGS for t in tokens):
            return None
        line_start = self._doc.text.rfind("\n", 0, source.start) + 1
        if not any(c.isalnum() for c in self._doc.text[line_start : source.start]):
            return None
        full = self._full_name_ending(tokens)
        if full is not None:
            span = Span(start=full.start_char, end=full.end_char, text=full.text)
            entity = Entity(id=PENDING_ID, name=full.text, type=EntityType.PERSON, mentions=[span, source])
            kind = "a person"
        else:
            entity = self._named_entity((tokens.start, tokens.end), EntityType.ORGANIZATION)
            kind = "an organisation, by guess"
        entity = self._keep(entity)
        explanation = f"{source.text!r} is a name the entity stage missed, {kind}: {entity.name!r}"
        return self._sure(entity, BARE_NAME, explanation, "bare_name")

    def _apposed_organization(self, source: Span) -> Resolution | None:
        """ "American Crossroads, a super PAC aligned with Karl Rove": a name the model missed, which its
        apposition says is an organisation."""
        tokens = self._doc.char_span(source.start, source.end, alignment_mode="expand")
        if tokens is None or not self._is_untagged_name(tokens.root):
            return None
        if not any(c.dep_ == "appos" and is_organization_noun(c) for c in tokens.root.children):
            return None
        first = tokens.root.i
        while first > tokens.start and self._in_missed_name(self._doc[first - 1]):
            first -= 1
        entity = self._keep(self._named_entity((first, tokens.root.i + 1), EntityType.ORGANIZATION))
        explanation = f"{source.text!r} names {entity.name!r}, an organisation by its apposition"
        return self._sure(entity, UNTAGGED_NAME, explanation, "untagged_name")

    def _untagged_person(self, source: Span) -> Resolution | None:
        """A person's full name the model did not tag ("Matthew Yglesias said"): two or three capitalised
        words, the first a known first name and the last not one (so "Morgan Stanley" is no one)."""
        words = source.text.split()
        if not opens_with_first_name(words):
            return None
        if not all(word[:1].isupper() and word.replace("'", "").replace("-", "").isalpha() for word in words):
            return None
        gender = first_name_gender(words[0])
        if gender is None:  # never, after opens_with_first_name; for the type checker
            return None
        entity = self._keep(
            Entity(id=PENDING_ID, name=source.text, type=EntityType.PERSON, mentions=[source])
        )
        self._facts.genders.setdefault(entity.id, gender)
        explanation = f"{source.text!r} is a person's name the entity stage missed"
        return self._sure(entity, UNTAGGED_NAME, explanation, "untagged_name")

    @cached_property
    def _positions_of_word(self) -> dict[str, list[int]]:
        """Token indices by token text, built on first use, so a name is looked up without a scan."""
        positions: dict[str, list[int]] = {}
        for token in self._doc:
            positions.setdefault(token.text, []).append(token.i)
        return positions

    def _full_name_ending(self, name: TokenSpan) -> TokenSpan | None:
        """The one longer run of untagged proper nouns in the article that ends in the words of ``name``
        ("Sant Singh Chatwal" for "Chatwal"): the name is a person's surname."""
        words = [t.text for t in name]
        found: dict[str, TokenSpan] = {}
        for start in self._positions_of_word.get(words[0], []):
            end = start + len(words)
            if [t.text for t in self._doc[start:end]] != words:
                continue
            first = start
            while first > 0 and first > start - 2 and self._is_untagged_name(self._doc[first - 1]):
                first -= 1
            if first < start and self._doc[first].tag_ in PROPER_TAGS:
                found[self._doc[first:end].text] = self._doc[first:end]
        return next(iter(found.values())) if len(found) == 1 else None

    def _described_name(self, source: Span) -> Resolution | None:
        """A description with a name the model missed: "the band Free", "the newspaper Haaretz"."""
        tokens = self._doc.char_span(source.start, source.end, alignment_mode="expand")
        if tokens is None:
            return None
        run = self._untagged_run(tokens.start, tokens.end)
        if run is None or run[1] != tokens.end or run[0] == tokens.start:
            return None
        before = run[0] - 1
        while before > tokens.start and self._doc[before].is_space:
            before -= 1  # "his friend\xa0Mahamat Saleh Oumar": a no-break space is a token of its own
        descriptor = self._doc[before]
        if is_organization_noun(descriptor):
            kind = EntityType.ORGANIZATION
        elif role_class(descriptor.text) is not None or is_human_noun(descriptor):
            kind = EntityType.PERSON  # "the senator Ann Ruiz", "his friend Mahamat Saleh Oumar"
        else:
            return None
        entity = self._keep(self._named_entity(run, kind))
        explanation = f"{source.text!r} names {entity.name!r}, a {kind.value} the entity stage missed"
        return self._sure(entity, UNTAGGED_NAME, explanation, "untagged_name")

    def _missed_organization_name(self, source: Span, described: Nominal) -> Resolution | None:
        """ "the Central and East European Coalition": capitalised words ending in an organisation noun,
        which the model left untagged or tagged in pieces ("Central" as a place), name an organisation.
        A name of a person or organisation in it ("the Trump Campaign") leaves it to the other rules."""
        words = [token for token in self._doc[described.start : described.head + 1] if not token.is_punct]
        if words and words[0].lower_ == "the":
            words = words[1:]
        if len(words) < 2 or not is_organization_noun(words[-1]):
            return None
        capitalised = [token for token in words if token.text[:1].isupper()]
        if words[0] not in capitalised or words[-1] not in capitalised:
            return None
        if any(token not in capitalised and token.lower_ not in NAME_CONNECTORS for token in words):
            return None
        named = (self._mention_with(token.i) for token in words)
        if any(e is not None and e.type in (EntityType.PERSON, EntityType.ORGANIZATION) for e in named):
            return None
        entity = self._keep(self._named_entity((words[0].i, words[-1].i + 1), EntityType.ORGANIZATION))
        explanation = f"{source.text!r} names {entity.name!r}, an organisation the entity stage missed"
        return self._sure(entity, UNTAGGED_NAME, explanation, "untagged_name")

    def _in_missed_name(self, token: Token) -> bool:
        """Part of a missed name before its head, a demonym too ("American" in "American Crossroads")."""
        return self._is_untagged_name(token) or (
            token.dep_ == "compound" and token.tag_ in PROPER_TAGS and self._mention_with(token.i) is None
        )
