"""Group mentions into one entity per real-world referent, in order of first mention."""

from __future__ import annotations

import bisect
import re
from collections import Counter
from dataclasses import dataclass, field, replace

from spacy.tokens import Doc, Token

from saidwhat.entities.lexicon import Gender, lexicon
from saidwhat.entities.mentions import Mention, find_mentions
from saidwhat.entities.names import (
    PersonName,
    first_name_gender,
    given_names_agree,
    is_particle,
    opens_with_first_name,
    parse_name,
    strip_possessive,
    suffixes_agree,
)
from saidwhat.entities.normalise import canonical_name, entity_country, is_country_name
from saidwhat.entities.roles import title_before
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
    mentions = [_person_if_named_like_one(doc, mention) for mention in find_mentions(doc)]
    mentions = _one_type_per_name(doc, mentions)
    mentions = _headline_names_trimmed(doc, mentions)
    mentions = _families_as_groups(doc, mentions)
    people = _cluster_people(doc, [m for m in mentions if m.type == EntityType.PERSON])
    others = _cluster_others(doc, [m for m in mentions if m.type != EntityType.PERSON], people)
    people = _add_untagged_surnames(doc, people)
    others = _add_untagged_acronyms(doc, others, people)
    clusters = sorted(people + others, key=lambda cluster: cluster.first)
    return [_entity(doc, cluster, f"E{i}") for i, cluster in enumerate(clusters, start=1)]


def _person_if_named_like_one(doc: Doc, mention: Mention) -> Mention:
    """An organisation mention that reads as a person's full name ("Carly Fiorina" tagged ORG) is a person.

    Two or three capitalised words, the first a known first name and the last not one (so "Morgan Stanley"
    stays a company), and no word an organisation noun or a place.
    """
    if mention.type != EntityType.ORGANIZATION or not 2 <= mention.end - mention.start <= 3:
        return mention
    words = [token.text for token in doc[mention.start : mention.end]]
    if not all(word[:1].isupper() and word.isalpha() and not word.isupper() for word in words):
        return mention
    lex = lexicon()
    if not opens_with_first_name(words):
        return mention
    if is_particle(words[0]):  # "Le Pen": a surname, which the surname step joins to its person
        return mention
    last = doc[mention.end - 1]
    titled = title_before(doc, mention.start) is not None  # "GOP presidential candidate Carly Fiorina"
    if last.dep_ == "compound" and last.head.i >= mention.end and not titled:
        return mention  # "Florida Latino voters": a modifier
    if any(w.lower() in lex.org_nouns or w.lower() in lex.places or lex.country_of(w) for w in words):
        return mention
    return replace(mention, type=EntityType.PERSON)


def _one_type_per_name(doc: Doc, mentions: list[Mention]) -> list[Mention]:
    """The same words tagged as a person and as something else in one article name one thing: a person
    if they open with a known first name ("Marco Rubio", tagged once as a place), else the organisation
    ("Latino Decisions", tagged once as a person)."""
    types: dict[str, set[EntityType]] = {}
    for mention in mentions:
        types.setdefault(_text(doc, mention), set()).add(mention.type)
    fixed = []
    for mention in mentions:
        text = _text(doc, mention)
        seen = types[text]
        words = text.split()
        # one word ("Trump" tagged a person here, an organisation there) is left to the surname rules,
        # which choose between namesakes ("Clinton")
        if EntityType.PERSON in seen and len(seen) > 1 and len(words) > 1:
            if first_name_gender(words[0]) is not None:
                mention = replace(mention, type=EntityType.PERSON)
            elif EntityType.ORGANIZATION in seen:
                mention = replace(mention, type=EntityType.ORGANIZATION)
        fixed.append(mention)
    return fixed


def _headline_names_trimmed(doc: Doc, mentions: list[Mention]) -> list[Mention]:
    """A name in the first line (a title-case headline) with words fused on after it ("Donald Trump
    Ties Hillary Clinton", "Howard Dean Tells Democratic Convention") is cut to the longest leading part
    that the article names as a person elsewhere ("Donald Trump", "Howard Dean"), and is that person
    whatever the model took the whole for ("Bernie Sanders Promises Action On Immigration In", an
    organisation)."""
    line_end = doc.text.find("\n")
    if line_end == -1:
        return mentions
    known = {_text(doc, m) for m in mentions if m.type == EntityType.PERSON and doc[m.start].idx > line_end}
    trimmed = []
    for mention in mentions:
        if doc[mention.start].idx < line_end:
            for end in range(mention.end - 1, mention.start, -1):
                if _text(doc, replace(mention, end=end)) in known:
                    mention = replace(mention, end=end, type=EntityType.PERSON)
                    break
        trimmed.append(mention)
    return trimmed


def _families_as_groups(doc: Doc, mentions: list[Mention]) -> list[Mention]:
    """ "The Clintons", "the Obamas": a surname in the plural names a family, a group that "they" can
    refer to, not one person that "he" or "she" can."""
    names = [parse_name(m.name_text(doc)) for m in mentions if m.type == EntityType.PERSON]
    surnames = {name.surname.lower() for name in names if name.is_full}
    grouped = []
    for mention in mentions:
        word = _text(doc, mention)
        after_the = mention.start > 0 and doc[mention.start - 1].lower_ == "the"  # not "Williams said"
        plural = mention.end - mention.start == 1 and word.endswith("s") and word[:-1].lower() in surnames
        plural = plural and after_the
        grouped.append(
            replace(mention, type=EntityType.GROUP)
            if mention.type == EntityType.PERSON and plural
            else mention
        )
    return grouped


def _text(doc: Doc, mention: Mention) -> str:
    return strip_possessive(mention.text(doc))


def _cluster_people(doc: Doc, mentions: list[Mention]) -> list[_Cluster]:
    """Full names first (namesakes stay apart by first name), then surname-only mentions."""
    clusters: list[_Cluster] = []
    parsed = [(mention, parse_name(mention.name_text(doc))) for mention in mentions]
    for mention, name in (item for item in parsed if item[1].is_full):
        match = next((c for c in clusters if _same_person(c, name)), None)
        _join(clusters, match, mention, name)
    # Surnames with a gendered honorific first: "Mr. Obama" beside only "Michelle Obama" is someone else,
    # who must exist before an ungendered "President Obama" is placed among the namesakes.
    surnames = sorted(
        (item for item in parsed if not item[1].is_full), key=lambda item: item[1].honorific_gender is None
    )
    for mention, name in surnames:
        _join(clusters, _surname_cluster(clusters, mention, name), mention, name)
    return clusters


def _same_person(cluster: _Cluster, name: PersonName) -> bool:
    full = cluster.full_names  # distinct names: the same name repeated agrees or not the same way
    return all(
        other.surname == name.surname and given_names_agree(other, name) and suffixes_agree(other, name)
        for other in full
    )


def _join(clusters: list[_Cluster], cluster: _Cluster | None, mention: Mention, name: PersonName) -> None:
    if cluster is None:
        cluster = _Cluster()
        clusters.append(cluster)
    cluster.add(mention, name)


def _surname_cluster(clusters: list[_Cluster], mention: Mention, name: PersonName) -> _Cluster | None:
    """The person a surname-only mention ("Peskov", "Mrs. Hill") refers to.

    Among people sharing the surname, an honorific's gender decides (none of that gender: someone new);
    failing that, the one mentioned most recently before, as news writing re-introduces a person by full
    name when the referent changes.
    """
    same = [c for c in clusters if name.surname in c.surnames]
    if name.gender is not None:
        compatible = [c for c in same if c.gender() in (None, name.gender)]
        if same and not compatible:
            return None  # "Mr. Obama" where the article names only Michelle Obama: a namesake of their own
        same = compatible
    titled = _with_title(same, mention)
    if titled is not None:
        return titled
    if not same:
        return _first_name_cluster(clusters, name)
    return max(same, key=lambda c: (c.last_before(mention.start), -c.first))


def _with_title(same: list[_Cluster], mention: Mention) -> _Cluster | None:
    """Of namesakes, the one introduced with the title a surname mention carries ("President Clinton"
    after "Former President Bill Clinton" and "Hillary Clinton"), if exactly one was."""
    wanted = mention.role.role_class if mention.role is not None else None
    if wanted is None or len(same) < 2:
        return None
    holders = [c for c in same if any(m.role is not None and m.role.role_class == wanted for m in c.mentions)]
    return holders[0] if len(holders) == 1 else None


def _first_name_cluster(clusters: list[_Cluster], name: PersonName) -> _Cluster | None:
    """The one person whose full name starts with a lone word ("Hillary" → Hillary Clinton, "Bernie" →
    Bernie Sanders, "Shen" → Shen Xincheng, a surname written first).

    Only when no one has the word as a surname (the caller checks) and exactly one person in the article
    has it first. With an honorific ("Mr. Shen") only a word the first-name list does not know.
    """
    known = first_name_gender(name.surname) is not None
    if name.honorific_gender is not None and known:  # "Mr. Shen" is a surname first; "Mr. Hillary" is not
        return None
    owners = [c for c in clusters if any(n.first == name.surname for n in c.full_names)]
    return owners[0] if len(owners) == 1 else None


def _key(doc: Doc, mention: Mention) -> str:
    """Mentions with the same key name the same organisation, place or group ("Kiev" and "Kyiv"; the
    "GOP" and the "Republican Party", though not "Republicans", a group of people)."""
    words = strip_possessive(mention.text(doc)).split()
    text = " ".join(words[1:] if words and words[0].lower() == "the" else words)
    if mention.type == EntityType.ORGANIZATION and text.lower() in lexicon().parties:
        return lexicon().parties[text.lower()].lower()
    return lexicon().places.get(text.lower(), text).lower()


def _cluster_others(doc: Doc, mentions: list[Mention], people: list[_Cluster]) -> list[_Cluster]:
    """Group non-person mentions by key; a mislabelled surname ("Peskov" as ORG) joins its person."""
    by_key: dict[str, _Cluster] = {}
    by_word: dict[str, _Cluster] = {}  # organisation noun → the latest organisation whose name has it
    acronyms: dict[str, _Cluster] = {}  # initials → the first organisation with them
    national: dict[str, _Cluster] = {}  # an organisation's name without a leading country → it
    # the countries each such name comes with: "Russian" and "Ukrainian Defence Ministry" stay two
    countries: dict[str, set[str]] = {}
    for mention in mentions:
        if mention.type == EntityType.ORGANIZATION:
            base, country = _without_country(_key(doc, mention))
            if country:
                countries.setdefault(base, set()).add(country)
    previous: tuple[Mention, _Cluster] | None = None  # the last organisation mention and its cluster
    for mention in mentions:
        key = _key(doc, mention)
        person = _person_with_surname(people, key) if _may_be_surname(mention, key) else None
        if person is not None:
            person.add(mention, parse_name(mention.name_text(doc)))
            continue
        if previous is not None and key not in by_key and _defines_acronym(doc, previous[0], mention):
            acronyms.setdefault(key, previous[1])  # "the Swiss People's Party, or SVP"
        if key not in by_key and mention.type == EntityType.ORGANIZATION:
            # "the Committee" after "the EP Committee on Civil Liberties"; "FEC" after its full name
            short = by_word.get(key) if key in lexicon().org_nouns else acronyms.get(key)
            # "Department of Justice" and "U.S. Department of Justice", "American Crossroads" and
            # "Crossroads": one organisation, with and without its country
            base, _ = _without_country(key)
            short = short or (national.get(base) if len(countries.get(base, ())) <= 1 else None)
            if short is not None:
                by_key[key] = short
        cluster = by_key.setdefault(key, _Cluster())
        cluster.add(mention)
        if mention.type == EntityType.ORGANIZATION:
            national.setdefault(_without_country(key)[0], cluster)
        if mention.type == EntityType.ORGANIZATION and len(key.split()) > 1:
            _index_organization(key, cluster, by_word, acronyms)
        if mention.type == EntityType.ORGANIZATION:
            previous = (mention, cluster)
    return list({id(cluster): cluster for cluster in by_key.values()}.values())


#: What stands between an organisation's name and the acronym it introduces: "X (SVP)", "X, or SVP".
_ACRONYM_INTRODUCERS = (("(",), (",", "or"))


def _defines_acronym(doc: Doc, name: Mention, acronym: Mention) -> bool:
    """Whether ``acronym``, one all-capital word, is introduced right after the organisation ``name``."""
    if acronym.end - acronym.start != 1 or not doc[acronym.start].text.isupper():
        return False
    between = tuple(token.lower_ for token in doc[name.end : acronym.start])
    return name.end - name.start > 1 and between in _ACRONYM_INTRODUCERS


def _without_country(key: str) -> tuple[str, str]:
    """An organisation's key without a leading country name or nationality, and that country ("u.s.
    department of justice" → "department of justice", "United States"); a state or city stays ("iowa
    democratic party")."""
    words = key.split()
    for length in (2, 1):
        prefix = " ".join(words[:length])
        if len(words) > length and (prefix in lexicon().demonyms or is_country_name(prefix)):
            return " ".join(words[length:]), lexicon().country_of(prefix) or prefix
    return key, ""


def _index_organization(
    key: str, cluster: _Cluster, by_word: dict[str, _Cluster], acronyms: dict[str, _Cluster]
) -> None:
    for word in key.split():
        if word in lexicon().org_nouns:
            by_word[word] = cluster
    initials = _initials(key)
    if len(initials) >= 2:
        acronyms.setdefault(initials, cluster)


_ACRONYM_SKIPS = frozenset({"of", "on", "and", "for", "the", "&"})


def _initials(key: str) -> str:
    """The acronym of an organisation's name: "federal election commission" → "fec"."""
    return "".join(word[0] for word in key.split() if word not in _ACRONYM_SKIPS)


def _add_untagged_acronyms(doc: Doc, others: list[_Cluster], people: list[_Cluster]) -> list[_Cluster]:
    """All-capital proper nouns the model missed that abbreviate a named organisation ("FEC") or repeat
    an acronym it tagged before ("the SVP", then "the Eurosceptic SVP")."""
    acronyms: dict[str, _Cluster] = {}
    for cluster in others:
        for mention in cluster.mentions:
            if mention.type != EntityType.ORGANIZATION:
                continue
            if mention.end - mention.start > 1:
                acronyms.setdefault(_initials(_key(doc, mention)), cluster)
            elif doc[mention.start].text.isupper():
                acronyms.setdefault(doc[mention.start].lower_, cluster)
    covered = {i for c in others + people for m in c.mentions for i in range(m.start, m.end)}
    covered |= {i for ent in doc.ents for i in range(ent.start, ent.end)}
    for token in doc:
        if token.i in covered or token.tag_ != "NNP" or not token.text.isupper() or len(token.text) < 2:
            continue
        owner = acronyms.get(token.lower_)
        if owner is not None and token.i > owner.first:
            owner.add(Mention(token.i, token.i + 1, EntityType.ORGANIZATION))
    return others


def _may_be_surname(mention: Mention, key: str) -> bool:
    """An organisation, or a place or group no gazetteer knows ("Le Pen" tagged GPE, "Praeli" tagged as
    a nationality), may be a person's surname."""
    known = key in lexicon().places or lexicon().country_of(key) is not None
    known = known or key in lexicon().demonyms or key in lexicon().parties
    kinds = (EntityType.ORGANIZATION, EntityType.PLACE, EntityType.GROUP)
    return mention.type in kinds and not known


def _person_with_surname(people: list[_Cluster], surname: str) -> _Cluster | None:
    """The person with this surname in a full name, else the one person named by it alone ("Obama",
    tagged once as a place in an article that never gives his first name)."""
    full = next((c for c in people if surname in c.full_surnames), None)
    if full is not None:
        return full
    alone = [c for c in people if surname in c.surnames]
    return alone[0] if len(alone) == 1 else None


def _add_untagged_surnames(doc: Doc, people: list[_Cluster]) -> list[_Cluster]:
    """Proper nouns the model missed that repeat a known person's surname, or standing alone, the first
    name of exactly one person named in full ("I told Megyn Kelly …" … "Megyn was incredulous")."""
    covered = {i for cluster in people for m in cluster.mentions for i in range(m.start, m.end)}
    covered |= {i for ent in doc.ents for i in range(ent.start, ent.end)}
    for token in doc:
        if token.i in covered or token.tag_ != "NNP":
            continue
        name = parse_name(token.text)
        owners = [c for c in people if name.surname in c.full_surnames]
        if not owners and _stands_alone(token):
            owners = [c for c in people if any(n.first == name.surname for n in c.full_names)]
            owners = owners if len(owners) == 1 else []
        if owners:
            cluster = max(owners, key=lambda c: c.last_before(token.i))
            cluster.add(Mention(token.i, token.i + 1, EntityType.PERSON), name)
    for cluster in people:
        cluster.mentions.sort(key=lambda mention: mention.start)
    return people


def _stands_alone(token: Token) -> bool:
    """Whether a proper noun is a name of one word: no proper noun right before or after it."""
    doc = token.doc
    before = doc[token.i - 1] if token.i > 0 else None
    after = doc[token.i + 1] if token.i + 1 < len(doc) else None
    return all(t is None or t.tag_ not in ("NNP", "NNPS") for t in (before, after))


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
    if cluster.names:  # a transcript's "JAKE TAPPER" is Jake Tapper
        forms = [_uncapitalised(form) for form in forms]
    # max keeps the first of equal keys, so the earliest fullest form wins without any forms.index().
    return max(forms, key=lambda form: len(form.split()))


_LETTERS = re.compile(r"[^\W\d_]+")


def _uncapitalised(name: str) -> str:
    """A person's name printed in capitals, in title case; initials and acronyms ("JFK") stay."""
    words = name.split()
    if name.isupper() and all(any(char in "AEIOUY" for char in word) for word in words):
        return _LETTERS.sub(lambda run: run.group().capitalize(), name)  # "O'BRIEN" → "O'Brien"
    return name


def _entity(doc: Doc, cluster: _Cluster, entity_id: str) -> Entity:
    mentions = sorted(cluster.mentions, key=lambda mention: mention.start)
    role = next((m.role for m in mentions if m.role is not None), None)
    name, kind = _canonical_name(doc, cluster), _entity_type(cluster)
    organization = role.organization if role else None
    return Entity(
        id=entity_id,
        name=name,
        type=kind,
        mentions=[mention.span(doc) for mention in mentions],
        role=_role_text(role.text) if role else None,
        organization=organization,
        canonical=canonical_name(name, kind),  # the same string in every article (Kiev → Kyiv)
        country=entity_country(name, kind, organization),
    )


def _role_text(text: str) -> str:
    """A role without its determiner ("a doctor" → "doctor")."""
    words = text.split()
    return " ".join(words[1:]) if len(words) > 1 and words[0].lower() in ("a", "an", "the") else text
