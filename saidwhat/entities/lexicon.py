"""The entity lexicons shipped in ``saidwhat/entities/data/`` (see its README for provenance), loaded once."""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from functools import cached_property, lru_cache
from importlib import resources
from typing import Any, Literal

Gender = Literal["male", "female"]
_GENDER_CODES: dict[str, Gender | None] = {"m": "male", "f": "female", "?": None}


def _read(name: str) -> str:
    return resources.files("saidwhat.entities").joinpath("data", name).read_text(encoding="utf-8")


def _json(name: str) -> Any:
    return json.loads(_read(name))


def _lines(name: str) -> list[str]:
    return [line.strip() for line in _read(name).splitlines() if line.strip() and not line.startswith("#")]


@dataclass(frozen=True)
class Lexicon:
    """Every lexicon, keyed in lower case."""

    first_names: dict[str, Gender | None]  # None: listed, but neither gender dominates
    male_shares: dict[str, float]  # male share of the ambiguous names, and of US births for names not listed
    honorifics: dict[str, Gender | None]
    role_classes: dict[str, str]  # role phrase → its synonym class
    role_genders: dict[str, Gender]
    role_modifiers: frozenset[str]
    title_abbreviations: dict[str, str]
    places: dict[str, str]  # place spelling → canonical spelling
    demonyms: dict[str, str]  # nationality adjective → country
    metonyms: dict[str, str]  # government seat or capital → country
    organizations: frozenset[str]
    group_nouns: frozenset[str]
    collective_nouns: frozenset[str]  # group nouns that name a body, not a person, when singular
    org_nouns: frozenset[str]
    artefact_kinds: dict[str, str] = field(default_factory=dict)  # artefact noun → its kind ("poll")
    parties: dict[str, str] = field(default_factory=dict)  # party name or adjective → the party ("GOP")
    broader_roles: dict[str, str] = field(default_factory=dict)  # role class → the class it is a kind of
    kin_nouns: frozenset[str] = frozenset()  # "wife", "son": a named person's relative
    issuing_verbs: frozenset[str] = frozenset()  # "release", "conduct": the subject issues the object
    place_nouns: frozenset[str] = frozenset()  # "city", "state": "the city of Phoenix" is Phoenix
    day_names: frozenset[str] = frozenset()  # "super tuesday": "Super" names a day, not a place
    part_nouns: frozenset[str] = frozenset()  # "excerpts of his speech" speak for the speech's issuer

    @cached_property
    def artefact_nouns(self) -> frozenset[str]:
        return frozenset(self.artefact_kinds)

    @cached_property
    def of_roles(self) -> tuple[tuple[str, ...], ...]:
        """Role phrases with "of" inside ("secretary of state"), as words, longest first."""
        phrases = (tuple(phrase.split()) for phrase in self.role_classes if " of " in phrase)
        return tuple(sorted(phrases, key=len, reverse=True))

    @cached_property
    def longest_role(self) -> int:
        """The most words in one role phrase (asked for every title word: computed once)."""
        return max(len(phrase.split()) for phrase in self.role_classes)

    def country_of(self, text: str) -> str | None:
        """The country a demonym, capital or government seat stands for ("Kremlin" → Russia)."""
        key = text.lower()
        return self.demonyms.get(key) or self.metonyms.get(key)


def _first_names() -> tuple[dict[str, Gender | None], dict[str, float]]:
    """First name → the gender it marks, and for the ambiguous ones ("Chris\t?\t0.89") the male share."""
    names: dict[str, Gender | None] = {}
    shares: dict[str, float] = {}
    for file in ("first_names.txt", "first_names_extra.txt"):
        for line in _lines(file):
            name, code, *share = line.split("\t")
            names[name.lower()] = _GENDER_CODES[code]
            if share:
                shares[name.lower()] = float(share[0])
    for line in _lines("first_name_shares.tsv"):  # US births, for names the census lacks: a prior only
        name, share_text = line.split("\t")
        shares.setdefault(name.lower(), float(share_text))
    return names, shares


def _role_classes(classes: dict[str, list[str]]) -> dict[str, str]:
    return {phrase: cls for cls, phrases in classes.items() for phrase in phrases}


def _places(groups: list[list[str]]) -> dict[str, str]:
    return {variant.lower(): group[0] for group in groups for variant in group}


@lru_cache(maxsize=1)
def lexicon() -> Lexicon:
    """The lexicons, read from the package data on first use."""
    roles = _json("roles.json")
    countries = _json("demonyms.json")
    first_names, male_shares = _first_names()
    return Lexicon(
        first_names=first_names,
        male_shares=male_shares,
        honorifics=_json("honorifics.json")["honorifics"],
        role_classes=_role_classes(roles["classes"]),
        role_genders=roles["gender"],
        role_modifiers=frozenset(roles["modifiers"]),
        title_abbreviations=roles["title_abbreviations"],
        places=_places(_json("places.json")["groups"]),
        demonyms=countries["demonyms"],
        metonyms=countries["metonyms"],
        organizations=frozenset(name.lower() for name in countries["organizations"]),
        group_nouns=frozenset(_lines("group_nouns.txt")),
        collective_nouns=frozenset(_lines("collective_nouns.txt")),
        org_nouns=frozenset(_lines("org_nouns.txt")),
        artefact_kinds=dict(line.split("\t") for line in _lines("artefact_nouns.txt")),
        parties=countries.get("parties", {}),
        broader_roles=roles.get("broader", {}),
        kin_nouns=frozenset(roles.get("kin", [])),
        issuing_verbs=frozenset(_lines("issuing_verbs.txt")),
        place_nouns=frozenset(_lines("place_nouns.txt")),
        day_names=frozenset(line.lower() for line in _lines("day_names.txt")),
        part_nouns=frozenset(_lines("part_nouns.txt")),
    )
