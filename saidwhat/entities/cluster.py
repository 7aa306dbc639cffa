"""Group mentions into one entity per real-world referent, in order of first mention."""

from __future__ import annotations

import bisect
from collections import Counter
from dataclasses import dataclass, field

from spacy.tokens import Doc

from saidwhat.entities.lexicon import Gender, lexicon
from saidwhat.entities.mentions import Mention, find_mentions
from saidwhat.entities.names import (
    PersonName,
    first_name_gender,
    given_names_agree,
    parse_name,
    strip_possessive,
)
from saidwhat.model import Entity, EntityType


@dataclass
class _Cluster:
    """Mentions of one referent. Add them with :meth:`add`, which keeps the indices below up to date, so
    that matching a mention against a cluster never rescans all its mentions (an article-length cost)."""

    mentions: list[Mention] = field(default_factory=list)
    names: list[PersonName] = field(default_factory=list)  # person clusters only, one per mention
    starts: list[int] = field(default_factory=list)  # the mentions' first tokens, sorted
    full_names: dict[PersonName, None] = field(default_factory=dict)  # distinct full names, in order
    surnames: set[str] = field(default_factory=set)
    full_surnames: set[str] = field(default_factory=set)
    genders: set[Gender] = field(default_factory=set)

    def add(self, mention: Mention, name: PersonName | None = None) -> None:
        self.mentions.append(mention)
        bisect.insort(self.starts, mention.start)
        if name is None:
            return
        self.names.append(name)
        self.surnames.add(name.surname)
        if name.is_full:
            self.full_names[name] = None
            self.full_surnames.add(name.surname)
        if name.gender:
            self.genders.add(name.gender)

    @property
    def first(self) -> int:
        return self.starts[0]

    def last_before(self, token: int) -> int:
        index = bisect.bisect_left(self.starts, token)
        return self.starts[index - 1] if index else -1

    def gender(self) -> Gender | None:
        return next(iter(self.genders)) if len(self.genders) == 1 else None


def find_entities(doc: Doc) -> list[Entity]:
    """The people, organisations, places and groups the article names, one entity per referent."""
    mentions = find_mentions(doc)
    people = _cluster_people(doc, [m for m in mentions if m.type == EntityType.PERSON])
    others = _cluster_others(doc, [m for m in mentions if m.type != EntityType.PERSON], people)
    people = _add_untagged_surnames(doc, people)
    clusters = sorted(people + others, key=lambda cluster: cluster.first)
    return [_entity(doc, cluster, f"E{i}") for i, cluster in enumerate(clusters, start=1)]


def _cluster_people(doc: Doc, mentions: list[Mention]) -> list[_Cluster]:
    """Full names first (namesakes stay apart by first name), then surname-only mentions."""
    clusters: list[_Cluster] = []
    parsed = [(mention, parse_name(mention.name_text(doc))) for mention in mentions]
    for mention, name in (item for item in parsed if item[1].is_full):
        match = next((c for c in clusters if _same_person(c, name)), None)
        _join(clusters, match, mention, name)
    for mention, name in (item for item in parsed if not item[1].is_full):
        _join(clusters, _surname_cluster(clusters, mention, name), mention, name)
    return clusters


def _same_person(cluster: _Cluster, name: PersonName) -> bool:
    full = cluster.full_names  # distinct names: the same name repeated agrees or not the same way
    return all(other.surname == name.surname and given_names_agree(other, name) for other in full)


def _join(clusters: list[_Cluster], cluster: _Cluster | None, mention: Mention, name: PersonName) -> None:
    if cluster is None:
        cluster = _Cluster()
        clusters.append(cluster)
    cluster.add(mention, name)


def _surname_cluster(clusters: list[_Cluster], mention: Mention, name: PersonName) -> _Cluster | None:
    """The person a surname-only mention ("Peskov", "Mrs. Hill") refers to.

    Among people sharing the surname, an honorific's gender decides; failing that, the one mentioned
    most recently before, as news writing re-introduces a person by full name when the referent changes.
    """
    same = [c for c in clusters if name.surname in c.surnames]
    if name.gender is not None:
        same = [c for c in same if c.gender() in (None, name.gender)] or same
    if not same:
        return _first_name_cluster(clusters, name)
    return max(same, key=lambda c: (c.last_before(mention.start), -c.first))


def _first_name_cluster(clusters: list[_Cluster], name: PersonName) -> _Cluster | None:
    """The one person whose full name starts with a lone known first name ("Hillary" → Hillary Clinton).

    Only a word the first-name list knows, and only when exactly one person in the article has it.
    """
    if name.honorific_gender is not None or first_name_gender(name.surname) is None:
        return None
    owners = [c for c in clusters if any(n.first == name.surname for n in c.full_names)]
    return owners[0] if len(owners) == 1 else None


def _key(doc: Doc, mention: Mention) -> str:
    """Mentions with the same key name the same organisation, place or group ("Kiev" and "Kyiv")."""
    words = strip_possessive(mention.text(doc)).split()
    text = " ".join(words[1:] if words and words[0].lower() == "the" else words)
    return lexicon().places.get(text.lower(), text).lower()


def _cluster_others(doc: Doc, mentions: list[Mention], people: list[_Cluster]) -> list[_Cluster]:
    """Group non-person mentions by key; a mislabelled surname ("Peskov" as ORG) joins its person."""
    by_key: dict[str, _Cluster] = {}
    for mention in mentions:
        key = _key(doc, mention)
        person = _person_with_surname(people, key) if _may_be_surname(mention, key) else None
        if person is not None:
            person.add(mention, parse_name(mention.name_text(doc)))
        else:
            by_key.setdefault(key, _Cluster()).add(mention)
    return list(by_key.values())


def _may_be_surname(mention: Mention, key: str) -> bool:
    known = key in lexicon().places or lexicon().country_of(key) is not None
    return mention.type == EntityType.ORGANIZATION and not known


def _person_with_surname(people: list[_Cluster], surname: str) -> _Cluster | None:
    return next((c for c in people if surname in c.full_surnames), None)


def _add_untagged_surnames(doc: Doc, people: list[_Cluster]) -> list[_Cluster]:
    """Proper nouns the model missed that repeat a known person's surname."""
    covered = {i for cluster in people for m in cluster.mentions for i in range(m.start, m.end)}
    covered |= {i for ent in doc.ents for i in range(ent.start, ent.end)}
    for token in doc:
        if token.i in covered or token.tag_ != "NNP":
            continue
        name = parse_name(token.text)
        owners = [c for c in people if name.surname in c.full_surnames]
        if owners:
            cluster = max(owners, key=lambda c: c.last_before(token.i))
            cluster.add(Mention(token.i, token.i + 1, EntityType.PERSON), name)
    for cluster in people:
        cluster.mentions.sort(key=lambda mention: mention.start)
    return people


def _entity_type(cluster: _Cluster) -> EntityType:
    if cluster.names:
        return EntityType.PERSON
    votes = Counter(mention.type for mention in cluster.mentions)
    return max(votes, key=lambda kind: (votes[kind], -_first_of_type(cluster, kind)))


def _first_of_type(cluster: _Cluster, kind: EntityType) -> int:
    return min(m.start for m in cluster.mentions if m.type == kind)


def _canonical_name(doc: Doc, cluster: _Cluster) -> str:
    """The fullest form: the most words, then the earliest."""
    forms = [strip_possessive(m.text(doc)) for m in sorted(cluster.mentions, key=lambda m: m.start)]
    # max keeps the first of equal keys, so the earliest fullest form wins without any forms.index().
    return max(forms, key=lambda form: len(form.split()))


def _entity(doc: Doc, cluster: _Cluster, entity_id: str) -> Entity:
    mentions = sorted(cluster.mentions, key=lambda mention: mention.start)
    role = next((m.role for m in mentions if m.role is not None), None)
    return Entity(
        id=entity_id,
        name=_canonical_name(doc, cluster),
        type=_entity_type(cluster),
        mentions=[mention.span(doc) for mention in mentions],
        role=_role_text(role.text) if role else None,
        organization=role.organization if role else None,
    )


def _role_text(text: str) -> str:
    """A role without its determiner ("a doctor" → "doctor")."""
    words = text.split()
    return " ".join(words[1:]) if len(words) > 1 and words[0].lower() in ("a", "an", "the") else text
