"""Canonical names shared across articles, and the country an entity is tied to.

An :class:`~saidwhat.model.Entity`'s ``name`` is the fullest form one article gives; its ``canonical``
is the same string in every article that names the same entity: a place's preferred modern spelling
("Kiev" and "Kyiv" both give "Kyiv"), a person's full name without titles, in the spelling of
``person_variants.tsv`` when the person is listed there. ``country`` is the country a demonym, a
country's name or a government seat in the entity's name or title ties it to ("Russian President
Vladimir Putin", "Ukrainian forces", "the Kremlin"). The tables are in ``data/`` (see its README).
"""

from __future__ import annotations

import unicodedata
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources

from saidwhat.entities.lexicon import lexicon
from saidwhat.entities.names import bare_word, strip_possessive
from saidwhat.entities.roles import role_class
from saidwhat.model import EntityType

_APOSTROPHES = str.maketrans({"’": "'", "‘": "'", "ʼ": "'", "`": "'"})


def fold(text: str) -> str:
    """The lookup key of a name: lower case, no diacritics, ASCII apostrophes, hyphens as spaces."""
    if not text.isascii():  # most names are ASCII: decomposing them all doubled the tables' load time
        decomposed = unicodedata.normalize("NFKD", text.translate(_APOSTROPHES))
        text = "".join(char for char in decomposed if not unicodedata.combining(char))
    return " ".join(text.lower().replace("-", " ").replace("`", "'").split())


def tidy(text: str) -> str:
    """A name as printed in a canonical form: ASCII apostrophes, single spaces, no possessive."""
    return " ".join(strip_possessive(text.strip()).translate(_APOSTROPHES).split())


@dataclass(frozen=True)
class Gazetteer:
    """The normalisation tables, keyed by :func:`fold`."""

    places: dict[str, str]  # any spelling → preferred spelling (gazetteers and curated choices)
    place_words: dict[str, str]  # curated one-word spellings, also replaced inside longer names
    countries: dict[str, str]  # country name, capital or demonym → country
    people: dict[str, str]  # full-name spelling → preferred full name
    surnames: dict[str, str]  # surname spelling → preferred surname


def _rows(name: str) -> list[list[str]]:
    text = resources.files("saidwhat.entities").joinpath("data", name).read_text(encoding="utf-8")
    return [line.split("\t") for line in text.splitlines() if line.strip() and not line.startswith("#")]


def _countries(country_names: set[str]) -> dict[str, str]:
    """Generated terms, then the curated demonyms and government seats, which win: "Brussels" stands for
    the European Union, no country, rather than for Belgium, whose capital it is."""
    countries = {fold(term): country for _, term, country in _rows("country_terms.tsv")}
    for term, country in {**lexicon().metonyms, **lexicon().demonyms}.items():
        if country in country_names:
            countries[fold(term)] = country
        else:
            countries.pop(fold(term), None)
    return countries


def _people() -> tuple[dict[str, str], dict[str, str]]:
    people: dict[str, str] = {}
    surnames: dict[str, str] = {}
    for preferred, given, family in _rows("person_variants.tsv"):
        spellings = family.split(",")
        for surname in spellings:
            surnames[fold(surname)] = spellings[0]
            people.update({fold(f"{first} {surname}"): preferred for first in given.split(",")})
    return people, surnames


@lru_cache(maxsize=1)
def gazetteer() -> Gazetteer:
    """The tables, read from the package data on first use."""
    variants = _rows("place_variants.tsv")
    country_names = {country for kind, _, country in _rows("country_terms.tsv") if kind == "country"}
    people, surnames = _people()
    return Gazetteer(
        places={fold(variant): preferred for variant, preferred, _ in variants},
        place_words={
            fold(variant): preferred
            for variant, preferred, source in variants
            if source == "curated" and " " not in variant
        },
        countries=_countries(country_names),
        people=people,
        surnames=surnames,
    )


def is_country_name(text: str) -> bool:
    """A country's name or a variant of it (GeoNames, via ``country_terms.tsv``), not a capital or demonym."""
    key = fold(text)
    country = gazetteer().countries.get(key)
    return country is not None and gazetteer().places.get(key, text) == country


def canonical_name(name: str, kind: EntityType) -> str:
    """The form of ``name`` shared across articles for an entity of type ``kind``."""
    if kind == EntityType.PERSON:
        return _canonical_person(name)
    return _canonical_other(name)


def _without_titles(words: list[str]) -> list[str]:
    """The words after the longest title in front that leaves two words ("Former Deputy Prime Minister"
    Nick Clegg; "King Charles" stays, as the title may be a name), then without honorifics ("Mr.")."""
    for length in range(len(words) - 2, 0, -1):
        if role_class(" ".join(words[:length])) is not None:
            words = words[length:]
            break
    while len(words) > 1 and bare_word(words[0]) in lexicon().honorifics:
        words = words[1:]
    return words


def _canonical_person(name: str) -> str:
    """The name without titles and honorifics in front ("Russian President Vladimir Putin" → "Vladimir
    Putin", "Mr. Zelensky" → "Zelensky"), then in its preferred spelling ("Zelenskyy")."""
    words = _without_titles(tidy(name).split())
    text = " ".join(words)
    tables = gazetteer()
    if len(words) == 1:
        return tables.surnames.get(fold(text), text)
    return tables.people.get(fold(text), text)


def _canonical_other(name: str) -> str:
    """A place's or organisation's preferred spelling, whole ("Kiev" → "Kyiv") or word by word for
    curated spellings inside a longer name ("Lugansk People's Republic" → "Luhansk People's Republic")."""
    text = tidy(name)
    if text.lower().startswith("the "):
        text = text[4:]
    tables = gazetteer()
    whole = tables.places.get(fold(text))
    if whole is not None:
        return whole
    return " ".join(tables.place_words.get(fold(word), word) for word in text.split())


def country_of(term: str | None) -> str | None:
    """The country a name, demonym, capital or government seat stands for ("Kremlin" → Russia)."""
    if not term:
        return None
    key = fold(canonical_name(term, EntityType.PLACE))
    countries = gazetteer().countries
    if key in countries:
        return countries[key]
    if key.endswith("s") and key[:-1] in countries:  # "Russians", "Israelis"
        return countries[key[:-1]]
    return None


def entity_country(name: str, kind: EntityType, organization: str | None) -> str | None:
    """The country an entity is tied to: a person through the organisation of their title; anything else
    through its whole name ("Kremlin", "Russians") or a leading country word ("Ukrainian forces")."""
    if kind == EntityType.PERSON:
        return country_of(organization)
    whole = country_of(name)
    if whole is not None:
        return whole
    words = tidy(name).split()
    if words and words[0].lower() == "the":
        words = words[1:]
    for length in (2, 1):  # "South Korean officials", "Russian Defence Ministry"
        if len(words) > length and (country := country_of(" ".join(words[:length]))) is not None:
            return country
    return None
