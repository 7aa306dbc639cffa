"""What the resolver knows of each entity: the genders and roles the article gives, and those it learns
by resolving (a "he" resolved to a person of unknown gender makes that person male for later pronouns)."""

from __future__ import annotations

from dataclasses import dataclass, field

from spacy.tokens import Doc

from saidwhat.attribution.speakers.syntax import FEMALE, FEMALE_FORMS, MALE, MALE_FORMS, opening_phrase
from saidwhat.entities.lexicon import Gender, lexicon
from saidwhat.entities.names import honorific_gender, parse_name
from saidwhat.entities.roles import role_class, role_gender
from saidwhat.model import Entity, EntityType


@dataclass
class Facts:
    """Genders and role classes by entity id."""

    genders: dict[str, Gender] = field(default_factory=dict)
    roles: dict[str, set[str]] = field(default_factory=dict)

    @classmethod
    def of(cls, doc: Doc, entities: list[Entity]) -> Facts:
        """What the article itself says of ``entities``."""
        return cls(genders=known_genders(doc, entities), roles=known_roles(entities))


def known_genders(doc: Doc, entities: list[Entity]) -> dict[str, Gender]:
    """Genders the article gives: first names, honorifics before a mention, gendered role nouns, and
    failing those a pronoun the person's own clause binds ("Chris Christie added that he would…")."""
    genders: dict[str, Gender] = {}
    for entity in (e for e in entities if e.type == EntityType.PERSON):
        gender = _honorific_before(doc, entity) or parse_name(entity.name).gender
        gender = gender or (role_gender(entity.role) if entity.role else None)
        gender = gender or _bound_pronoun_gender(doc, entity) or _opening_possessive_gender(doc, entity)
        if gender is not None:
            genders[entity.id] = gender
    return genders


def _bound_pronoun_gender(doc: Doc, entity: Entity) -> Gender | None:
    """The gender of the "he" or "she" that is the subject of a clause hanging on a verb the person is
    the subject of and that has no object ("Stenberg said as she accepted", "Christie added that he
    would"), when all such pronouns agree: English reports speech that way far more often than about
    someone else."""
    found: set[Gender] = set()
    for mention in entity.mentions:
        tokens = doc.char_span(mention.start, mention.end, alignment_mode="expand")
        if tokens is None or tokens.root.dep_ not in ("nsubj", "nsubjpass"):
            continue
        verb = tokens.root.head
        if any(c.dep_ in ("dobj", "dative") for c in verb.children):
            continue  # "Tanden asked Eric Holder whether he had thoughts": he may be the one asked
        for clause in (c for c in verb.children if c.dep_ in ("ccomp", "advcl") and c.i > verb.i):
            subjects = [t for t in clause.children if t.dep_ == "nsubj" and t.lower_ in MALE | FEMALE]
            found.update("male" if t.lower_ in MALE else "female" for t in subjects)
    return found.pop() if len(found) == 1 else None


def _opening_possessive_gender(doc: Doc, entity: Entity) -> Gender | None:
    """The gender of "his" or "her" in a phrase opening a sentence the person is named right after ("In
    his statement Saturday, Sanders did go further"), when all such possessives agree."""
    found: set[Gender] = set()
    for mention in entity.mentions:
        tokens = doc.char_span(mention.start, mention.end, alignment_mode="expand")
        opening = opening_phrase(tokens[0].sent) if tokens is not None else None
        if tokens is None or opening is None or opening[1].i != tokens.start:
            continue
        words = {t.lower_ for t in opening[0] if t.tag_ == "PRP$"}
        found.update(["male"] if words & MALE_FORMS else [])
        found.update(["female"] if words & FEMALE_FORMS else [])
    return found.pop() if len(found) == 1 else None


def _honorific_before(doc: Doc, entity: Entity) -> Gender | None:
    for mention in entity.mentions:
        tokens = doc.char_span(mention.start, mention.end, alignment_mode="expand")
        if tokens is not None and tokens.start > 0:
            is_honorific, gender = honorific_gender(doc[tokens.start - 1].text)
            if is_honorific and gender is not None:
                return gender
    return None


def known_roles(entities: list[Entity]) -> dict[str, set[str]]:
    roles: dict[str, set[str]] = {}
    for entity in entities:
        cls = role_class(entity.role) if entity.role else None
        if cls is not None:
            roles[entity.id] = with_broader(cls)
    return roles


def with_broader(cls: str) -> set[str]:
    """A role class and the class it is a kind of: a secretary of state is also "the secretary"."""
    broader = lexicon().broader_roles.get(cls)
    return {cls, broader} if broader else {cls}
