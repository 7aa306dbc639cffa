"""Descriptions: roles ("the Kremlin spokesman") to who holds them, organisation and place nouns,
relatives, and a referent of its own when no one named fits."""

from __future__ import annotations

from functools import cached_property

from spacy.tokens import Token

from saidwhat.attribution.speakers.artefacts import ArtefactRules
from saidwhat.attribution.speakers.facts import with_broader
from saidwhat.attribution.speakers.names import NameRules
from saidwhat.attribution.speakers.parameters import (
    APPOSED_NAME,
    CAMPAIGN,
    CATAPHOR,
    CATAPHOR_SENTENCES,
    GENERIC_ORGANIZATION_HEADS,
    KIN,
    LATER_ROLE_HOLDER,
    LATER_ROLE_SENTENCES,
    NAMED_ACTOR,
    NEW_NOMINAL,
    NEW_ROLE_HOLDER,
    NON_HOLDER,
    NON_HOLDER_FLOOR,
    ORGANIZATION_HEADS,
    ORGANIZATION_SPEAKER,
    POSSESSOR_ACTOR,
    ROLE_ONLY,
    ROLE_WITH_ORGANIZATION,
    ROLES_HELD_WITH_OTHERS,
    SALIENT_DESCRIPTION,
    SALIENT_DESCRIPTION_FLOOR,
    SERVING_ROLES,
    UNKNOWN_ORGANIZATION,
)
from saidwhat.attribution.speakers.pronouns import PronounRules
from saidwhat.attribution.speakers.resolution import MIN_CONFIDENCE, Resolution, speaker_of
from saidwhat.attribution.speakers.salience import Factor, Scored, is_subject
from saidwhat.attribution.speakers.syntax import POSSESSIVE, PROPER_TAGS, nominal_kind
from saidwhat.entities.lexicon import Gender, lexicon
from saidwhat.entities.names import parse_name
from saidwhat.entities.nominals import Nominal, nominal, noun_phrase_extent
from saidwhat.entities.roles import (
    Role,
    canonical_organization,
    noun_phrase_role,
    organizations_compatible,
    party_keys,
    role_gender,
)
from saidwhat.model import Entity, EntityType, Span, SpeakerCandidate


class DescriptionRules(ArtefactRules, PronounRules, NameRules):
    """Resolving a source that describes its referent rather than naming it."""

    def _resolve_nominal(self, source: Span, described: Nominal) -> Resolution:
        place = self._place_by_kind(described)
        if place is not None:
            return self._sure(place, NAMED_ACTOR, f"{source.text!r} names {place.name!r}", "named_actor")
        example = self._mention_with(described.example) if described.example is not None else None
        if example is not None and example.type == EntityType.PERSON:
            explanation = f"{source.text!r} names {example.name!r} as its example"
            return self._sure(example, APPOSED_NAME, explanation, "named_example")
        possessor = self._possessor(described)
        owner, owner_confidence = possessor, 1.0
        if owner is None and described.pronoun_possessor is not None:
            owner, owner_confidence = self._pronoun_owner(described.pronoun_possessor)
        if owner is None and described.possessor is not None and described.artefact:
            owner, owner_confidence = self._described_owner(described.possessor)
        if described.artefact:
            resolution = self._resolve_artefact(source, described, owner, owner_confidence)
            if resolution is not None:
                return resolution
        if owner is not None and owner.type == EntityType.PERSON and self._is_campaign(described):
            return self._campaign(source, owner, CAMPAIGN * owner_confidence)
        if owner is None and self._is_campaign(described) and described.definite:
            salient = self._salient_campaign(source)  # "The campaign says the average donation was $27"
            if salient is not None:
                return salient
        if described.role is not None and not described.plural:
            return self._resolve_role(source, described)
        if possessor is not None and possessor.type != EntityType.PERSON:
            explanation = f"{source.text!r} acts for {possessor.name!r}"
            return self._sure(possessor, POSSESSOR_ACTOR, explanation, "possessor_actor")
        named = self._described_name(source) or self._missed_organization_name(source, described)
        if named is not None:
            return named
        if self._organization_description(described) and owner is None:
            salient = self._salient_organization(source, self._doc[described.head].lemma_.lower())
            if salient is not None:
                return salient
        kin = self._kin(source, described, possessor)
        if kin is not None:
            return kin
        if described.human or described.organization_noun or possessor is not None:
            kind = nominal_kind(described)
            if not described.definite and not described.plural and possessor is None:
                named = self._cataphor(source, described, kind)
                if named is not None:
                    return named
            entity = self._keep(self._nominal_entity(described, kind))
            explanation = f"{source.text!r} is a referent of its own ({kind.value})"
            return self._sure(entity, NEW_NOMINAL, explanation, "new_nominal")
        return self._resolve_name_text(source)

    def _place_by_kind(self, described: Nominal) -> Entity | None:
        """ "The city of Phoenix", "the state of Ohio": the place named after its kind."""
        head = self._doc[described.head]
        if head.lemma_.lower() not in lexicon().place_nouns:
            return None
        for prep in (t for t in head.rights if t.dep_ == "prep" and t.lower_ == "of"):
            for named in (self._mention_with(t.i) for t in prep.children if t.dep_ == "pobj"):
                if named is not None and named.type == EntityType.PLACE:
                    return named
        return None

    def _cataphor(self, source: Span, described: Nominal, kind: EntityType) -> Resolution | None:
        """ "A major Muslim civil rights group says … The Council on American-Islamic Relations …": an
        indefinite description that the next sentence names, as the subject, by an entity of its kind
        that the article has not mentioned before."""
        wanted = EntityType.PERSON if described.role is not None or kind == EntityType.GROUP else kind
        named = self._introduced_next(source, {wanted})
        if named is None:
            return None
        marked = role_gender(self._doc[described.head].text)
        if marked is not None and self._facts.genders.get(named.id, marked) != marked:
            return None  # "A woman … said" is not the man named next
        if marked is not None:
            self._facts.genders.setdefault(named.id, marked)
        explanation = f"{source.text!r} is named in the next sentence: {named.name!r}"
        return self._sure(named, CATAPHOR, explanation, "cataphor")

    def _introduced_next(self, source: Span, kinds: set[EntityType]) -> Entity | None:
        """The first main-clause subject in the :data:`CATAPHOR_SENTENCES` sentences after ``source``'s
        that is an entity of ``kinds`` first mentioned there (a news lede names its "woman who…" a
        sentence or two later)."""
        first = self._salience.sentence_of(source.end - 1) + 1
        for sentence in range(first, min(first + CATAPHOR_SENTENCES, len(self._salience.sentence_starts))):
            start = self._salience.sentence_starts[sentence]
            if self._salience.entry_factor(source.start, start) < 1.0:
                return None  # the next live-blog entry is another story
            end = (
                self._salience.sentence_starts[sentence + 1]
                if sentence + 1 < len(self._salience.sentence_starts)
                else len(self._doc.text)
            )
            tokens = self._doc.char_span(start, end, alignment_mode="expand")
            for token in tokens if tokens is not None else []:
                subject = token.head if token.dep_ == "appos" else token  # '"…, Mr. President," Rep. Cohen'
                if subject.dep_ not in ("nsubj", "nsubjpass") or subject.head.dep_ not in ("ROOT", "conj"):
                    continue  # only what the sentence is about, not an embedded clause's subject
                entity = self._mention_with(token.i)
                first_mention = min((m.start for m in entity.mentions), default=-1) if entity else -1
                if entity is not None and entity.type in kinds and first_mention >= start:
                    return entity
        return None

    def _kin(self, source: Span, described: Nominal, possessor: Entity | None) -> Resolution | None:
        """ "Donald Trump's wife", "his son": the relative of a named person, when the article names a
        person of the same surname (other than the possessor) in the next sentence or before."""
        head = self._doc[described.head]
        if head.lemma_.lower() not in lexicon().kin_nouns or described.plural:
            return None
        owner = possessor
        if owner is None and described.pronoun_possessor is not None:
            owner, _ = self._pronoun_owner(described.pronoun_possessor)
        if owner is None or owner.type != EntityType.PERSON:
            return None
        surname = parse_name(owner.name).surname
        gender = role_gender(head.text)
        relatives = [
            p
            for p in self._people()
            if p.id != owner.id and parse_name(p.name).surname == surname and self._fits_gender(p, gender)
        ]
        if len(relatives) != 1:
            return None
        explanation = f"{source.text!r} is {owner.name!r}'s relative {relatives[0].name!r}"
        return self._sure(relatives[0], KIN, explanation, "kin")

    def _organization_description(self, described: Nominal) -> bool:
        """ "The group", "the nation's largest gun group": a definite singular organisation noun (or
        "group") with no name in it, so a description, not "The Carson campaign"."""
        head = self._doc[described.head]
        if not described.definite or described.plural or head.lemma_.lower() == "campaign":
            return False
        if not (described.organization_noun or head.lemma_.lower() in ORGANIZATION_HEADS):
            return False
        words = self._doc[described.start : described.end]
        return not any(t.tag_ in PROPER_TAGS or self._mention_with(t.i) is not None for t in words)

    def _salient_organization(self, source: Span, head: str) -> Resolution | None:
        """ "The group", "the nation's largest gun group": a definite organisation noun with no owner refers
        to the organisation the story is about, when one was a subject or speaker just before; one of its
        kind: "the court" is no foundation ("National Golf Foundation") nor a party ("GOP")."""
        organizations = [
            e
            for e in self.entities
            if e.type == EntityType.ORGANIZATION and e.id not in self._nominal_ids and _of_kind(e.name, head)
        ]
        ranked = self._salience.rank(organizations, source.start, lambda e: 1.0)
        if not ranked or ranked[0].score < SALIENT_DESCRIPTION_FLOOR:
            return None
        name = ranked[0].entity.name
        explanation = f"{source.text!r}: the organisation the story is about, {name!r}"
        return self._decide(ranked, SALIENT_DESCRIPTION, explanation, "salient_organization")

    def _pronoun_owner(self, token: int) -> tuple[Entity | None, float]:
        """Whom a possessive pronoun ("his" in "his campaign") refers to, and how sure that is."""
        pronoun = self._doc[token]
        span = Span.of(self._doc.text, pronoun.idx, pronoun.idx + len(pronoun.text))
        resolution = self._resolve_pronoun(span, POSSESSIVE.get(pronoun.lower_, pronoun.lower_))
        return self._owner_of(resolution)

    def _described_owner(self, token: int) -> tuple[Entity | None, float]:
        """Whom a possessive description refers to ("The campaign's" in "The campaign's statement")."""
        start, end = noun_phrase_extent(self._doc[token])
        words = self._doc[start:end]
        if len(words) and words[-1].tag_ == "POS":
            words = words[:-1]
        if not len(words):
            return None, 0.0
        span = Span(start=words.start_char, end=words.end_char, text=words.text)
        resolution = self._dispatch(span, span.start)
        return self._owner_of(resolution)

    def _owner_of(self, resolution: Resolution) -> tuple[Entity | None, float]:
        """The entity an owner's resolution names, and how sure it is (none: 0)."""
        if resolution.speaker is None:
            return None, 0.0
        return self._resolved_entity(resolution), resolution.raw_confidence

    def _resolve_role(self, source: Span, described: Nominal) -> Resolution:
        role = described.role
        assert role is not None
        wanted = role.role_class
        gender = role_gender(role.text)
        # "A district judge ruled": an indefinite description introduces someone, it does not point back
        # "his spokesman", "Adelson's spokesman": someone else than the owner, never the salient person
        owner = self._possessor(described)
        holders = (
            [p for p in self._people(source.start) if self._holds(p, wanted, role, gender) and p is not owner]
            if described.definite
            else []
        )
        ranked = self._salience.rank(holders, source.start, _organization_factor(role), floor=0.1)
        if ranked and described.definite and not described.plural and not described.owned:
            ranked = self._with_salient_people(ranked, source.start, gender, role)
        if ranked:
            best = ranked[0].entity
            both = (
                role.organization is not None
                and best.organization is not None
                and canonical_organization(role.organization) == canonical_organization(best.organization)
            )
            base, rule = (
                (ROLE_WITH_ORGANIZATION, "role_with_organization") if both else (ROLE_ONLY, "role_only")
            )
            resolution = self._decide(ranked, base, _role_explanation(source, role, best), rule)
            return self._learn_role(resolution, wanted)
        return self._role_fallback(source, described, role)

    def _with_salient_people(
        self, holders: list[Scored], before: int, gender: Gender | None, role: Role
    ) -> list[Scored]:
        """Holders of a role plus the people the story is about right now whom no one said hold it: "the
        Vermont senator" just after "Democratic presidential candidate Bernie Sanders" is Sanders, not a
        senator introduced entries before. A non-holder counts :data:`NON_HOLDER` of its salience."""
        held = {s.entity.id for s in holders}
        others = [
            p
            for p in self._people(before)
            if p.id not in held
            and p.id not in self._nominal_ids
            and self._fits_gender(p, gender)
            and self._may_also_hold(p, role)
            and organizations_compatible(role.organization, p.organization)
        ]
        ranked = self._salience.rank(others, before, lambda e: 1.0)
        salient = [Scored(s.entity, s.score * NON_HOLDER) for s in ranked if s.score >= NON_HOLDER_FLOOR]
        return sorted(holders + salient, key=lambda s: -s.score)

    def _may_also_hold(self, person: Entity, role: Role) -> bool:
        """Whether ``person``, not known to hold ``role``, may hold it too: a senator may be "the
        candidate"; a senator is not "the governor"."""
        classes = self._facts.roles.get(person.id, set())
        return role.role_class in ROLES_HELD_WITH_OTHERS or classes <= ROLES_HELD_WITH_OTHERS

    def _holds(self, person: Entity, wanted: str | None, role: Role, gender: Gender | None) -> bool:
        classes = self._facts.roles.get(person.id, set())
        if wanted is None or wanted not in classes:
            return False
        if gender is not None and self._facts.genders.get(person.id) not in (None, gender):
            return False
        if role.organization is not None and person.organization is None and person.role is None:
            # a role learnt from resolving "the governor" says nothing of where: "The Ohio governor" is not
            # the New Jersey governor someone's "the governor" was resolved to
            return False
        return organizations_compatible(role.organization, person.organization)

    def _role_fallback(self, source: Span, described: Nominal, role: Role) -> Resolution:
        """No one introduced with that role: the salient speaker of that organisation, else a new entity.
        "A Democratic senator" introduces someone new, never the Democrat speaking before."""
        if role.organization is not None and described.definite:
            gender = role_gender(role.text)  # "The New York businessman" is no New York woman
            members = [
                p
                for p in self._speaking_people()
                if _same_organization(p, role.organization)
                and self._fits_gender(p, gender)
                and self._may_also_hold(p, role)  # "the Florida senator" is not the Florida governor
            ]
            ranked = self._salience.rank(members, source.start, lambda e: 1.0)
            if ranked:
                name = ranked[0].entity.name
                explanation = (
                    f"{source.text!r}: no one introduced as {role.text!r}; speaker of {role.organization!r}"
                )
                explanation = f"{explanation} {name!r}"
                resolution = self._decide(ranked, ORGANIZATION_SPEAKER, explanation, "organization_speaker")
                return self._learn_role(resolution, role.role_class)
        bare = self._doc[described.start].tag_ not in ("DT", "PRP$", "WP$")  # a headline's "top aide"
        if (bare or not described.definite) and not described.plural:
            # "one lawmaker … Rep. Cohen"; "Donald Trump's campaign manager says … Corey Lewandowski"
            named = self._cataphor(source, described, EntityType.PERSON)
            if named is not None:
                return self._learn_role(named, role.role_class)
        serving = role.role_class in SERVING_ROLES
        if described.definite and not described.plural and not described.owned:
            later = self._later_role_holder(source, role)
            if later is not None:
                return later
        if described.definite and not described.plural and not described.owned and not serving:
            salient = self._salient_person(source, role)
            if salient is not None:
                return self._learn_role(salient, role.role_class)
        alternatives = self._salience.rank(self._people(), source.start, lambda e: 1.0)
        entity = self._keep(self._nominal_entity(described, EntityType.PERSON))
        if role.role_class is not None:  # "the senator" later refers back to this unnamed senator
            self._facts.roles.setdefault(entity.id, set()).update(with_broader(role.role_class))
        # An indefinite description ("a senior official") introduces someone new by definition.
        raw, rule = (
            (NEW_NOMINAL, "new_nominal") if not described.definite else (NEW_ROLE_HOLDER, "new_role_holder")
        )
        confidence = self._calibrated(rule, raw)
        speaker = speaker_of(entity)
        candidates = [SpeakerCandidate(speaker=speaker, score=confidence)]
        candidates += self._candidates(alternatives, confidence / 2)[:3]
        explanation = f"{source.text!r}: no named person introduced as {role.text!r}; an unnamed person"
        if confidence < MIN_CONFIDENCE:
            return Resolution(None, confidence, candidates, explanation, rule, raw)
        return Resolution(speaker, confidence, candidates, explanation, rule, raw)

    def _later_role_holder(self, source: Span, role: Role) -> Resolution | None:
        """A definite role no one held before, held by exactly one person the article names with that
        role word in the next :data:`LATER_ROLE_SENTENCES` sentences, in the same live-blog entry: "The
        judge rubbed his chin … here was Judge Berman professing…" (not "The nurse" … "Ben Carson, the
        only doctor", a role of the same class; not "The GOP nominee" … "in 2012 … GOP nominee Mitt
        Romney", pages later)."""
        gender = role_gender(role.text)
        word = role.text.split()[-1].lower()
        last = self._salience.sentence_of(source.start) + LATER_ROLE_SENTENCES
        holders = [
            p
            for p in self._people(source.start)
            if self._holds(p, role.role_class, role, gender)
            and word in (p.role or "").lower().split()
            and (first := min(m.start for m in p.mentions)) >= source.end
            and self._salience.sentence_of(first) <= last
            and self._salience.entry_factor(source.start, first) == 1.0
        ]
        if len(holders) != 1:
            return None
        name = holders[0].name
        explanation = f"{source.text!r}: the one person the article names later as {role.text!r}, {name!r}"
        return self._sure(holders[0], LATER_ROLE_HOLDER, explanation, "later_role_holder")

    def _salient_person(self, source: Span, role: Role) -> Resolution | None:
        """A definite description no one was introduced with ("the billionaire businessman", "the Kentucky
        Republican") is news-style variation for whoever the story is about: the most salient person of a
        compatible gender and organisation, when someone was the subject or speaker just before."""
        gender = role_gender(role.text)
        people = [
            p
            for p in self._people(source.start)
            # no organisation test: "the Republican presidential candidate" may be "Texas Sen. Ted Cruz";
            # but not someone of another party ("Libertarian presidential candidate Gary Johnson"), nor
            # the president of a firm ("Chuck Rocha, president of Solidarity Strategies")
            if self._fits_gender(p, gender)
            and p.id not in self._nominal_ids
            and not _other_parties(role.organization, p.organization)
            and not self._of_another_organization(role.organization, p.organization)
        ]
        ranked = self._salience.rank(people, source.start, lambda e: 1.0)
        if not ranked or ranked[0].score < SALIENT_DESCRIPTION_FLOOR:
            return None
        name = ranked[0].entity.name
        about = f"the person the story is about, {name!r}"
        explanation = f"{source.text!r}: no one introduced as {role.text!r}; {about}"
        return self._decide(ranked, SALIENT_DESCRIPTION, explanation, "salient_description")

    def _note_described_subjects(self, before: int) -> None:
        """Give salience, up to ``before``, each definite role description that is a clause's subject and
        names no one ("Asked later, the admiral chuckled."): it mentions the one person introduced with
        that role as a name would, so the "he" after it is that person, not whoever was named last."""
        subjects = self._described_subjects
        while self._described_noted < len(subjects) and subjects[self._described_noted].idx < before:
            head = subjects[self._described_noted]
            self._described_noted += 1
            holder = self._sole_holder(nominal(self._doc, head), head.idx)
            if holder is not None:
                self._salience.record_mention(holder, head)

    @cached_property
    def _described_subjects(self) -> list[Token]:
        """The heads of role descriptions that are (or own) a clause's subject outside quotations."""
        return [
            token
            for token in self._doc
            if token.pos_ == "NOUN"
            and is_subject(token)
            and not self._salience.in_quote(token.idx)
            and self._mention_with(token.i) is None
            and noun_phrase_role(token) is not None
        ]

    def _sole_holder(self, described: Nominal, at: int) -> Entity | None:
        """The one person introduced before ``at`` with the role of a definite singular description."""
        role = described.role
        if role is None or not described.definite or described.plural or described.owned:
            return None
        gender = role_gender(role.text)
        holders = [
            person
            for person in self._people(at)
            if person.mentions[0].start < at and self._holds(person, role.role_class, role, gender)
        ]
        return holders[0] if len(holders) == 1 else None

    def _of_another_organization(self, party: str | None, organization: str | None) -> bool:
        """Whether a party's role ("the GOP nominee") cannot be someone introduced as a member of
        ``organization``: an organisation of this article other than a party (a state, as in "Texas
        Sen.", says nothing about a party)."""
        if party is None or organization is None or canonical_organization(party) not in party_keys():
            return False
        key = canonical_organization(organization)
        if key in party_keys():
            return False
        organizations = (e for e in self.entities if e.type == EntityType.ORGANIZATION)
        return any(canonical_organization(e.name) == key for e in organizations)


def _of_kind(name: str, head: str) -> bool:
    """Whether an organisation named ``name`` can be "the ``head``": a name ending in another organisation
    noun ("… Foundation" for "the court") or naming a party (for anything but "the party") cannot, and
    "the party" is only a party."""
    last = name.lower().split()[-1] if name.split() else ""
    if last in lexicon().org_nouns and last != head and head not in GENERIC_ORGANIZATION_HEADS:
        return False
    if head == "party":  # "The party announced": a party, not the committee the story is about
        return canonical_organization(name) in party_keys() or last == "party"
    if head in ("administration", "government"):  # the White House, "the Obama administration"
        return head in name.lower() or lexicon().country_of(name) is not None
    return name.lower() not in lexicon().parties


def _other_parties(first: str | None, second: str | None) -> bool:
    """Whether both name a political party, and not the same one ("GOP" and "Libertarian")."""
    if first is None or second is None:
        return False
    one, other = canonical_organization(first), canonical_organization(second)
    return one in party_keys() and other in party_keys() and one != other


def _same_organization(person: Entity, organization: str) -> bool:
    """Whether ``person`` was introduced as a member of ``organization`` itself: speaking for the GOP
    takes more than a non-party organisation, which a role would merely not contradict."""
    if person.organization is None:
        return False
    return canonical_organization(person.organization) == canonical_organization(organization)


def _role_explanation(source: Span, role: Role, person: Entity) -> str:
    introduced = f"introduced as {person.role!r}" if person.role else "earlier resolved to that role"
    return f"role {source.text!r} ≈ {role.role_class} → {person.name!r} ({introduced})"


def _organization_factor(role: Role) -> Factor:
    """For a role with an organisation ("the Indiana governor"), a holder introduced with that organisation
    outweighs one introduced with none (incompatible ones are not holders at all)."""
    if role.organization is None:
        return lambda entity: 1.0
    return lambda entity: 1.0 if entity.organization is not None else UNKNOWN_ORGANIZATION
