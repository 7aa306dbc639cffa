"""Canonical names and countries: the same string for the same entity in every article."""

from __future__ import annotations

import json
from importlib import resources
from pathlib import Path

import pytest

import saidwhat
from saidwhat.entities.lexicon import lexicon
from saidwhat.entities.normalise import canonical_name, country_of, entity_country, fold, gazetteer
from saidwhat.model import Analysis, Article, ArticleMetadata, Entity, EntityType

EXAMPLE = Path(__file__).resolve().parents[2] / "examples" / "kremlin-peskov-interview.txt"
PLACE, PERSON, ORG, GROUP = EntityType.PLACE, EntityType.PERSON, EntityType.ORGANIZATION, EntityType.GROUP


def data(name: str) -> str:
    return resources.files("saidwhat.entities").joinpath("data", name).read_text(encoding="utf-8")


@pytest.mark.parametrize(
    ("name", "canonical"),
    [
        # Curated preferred spellings (place_preferred.tsv, places.json).
        ("Kiev", "Kyiv"),
        ("Kyiv", "Kyiv"),
        ("Lugansk", "Luhansk"),
        ("Donbass", "Donbas"),
        ("Kharkov", "Kharkiv"),
        ("Odessa", "Odesa"),
        ("Mykolayiv", "Mykolaiv"),  # GeoNames' name, overridden by the curated spelling
        ("Czech Republic", "Czechia"),
        ("Türkiye", "Turkey"),
        ("US", "United States"),
        ("Burma", "Myanmar"),
        # From the gazetteers only (GeoNames alternate names, countryinfo spellings).
        ("Moskau", "Moscow"),
        ("Kiyev", "Kyiv"),
        ("Nikolaev", "Mykolaiv"),
        ("Zaporozhye", "Zaporizhzhia"),
        ("Washington D.C.", "Washington"),
        ("Federal Republic of Germany", "Germany"),
        # A curated spelling inside a longer name; typographic apostrophes made plain.
        ("Lugansk People’s Republics", "Luhansk People's Republics"),
        ("the Kremlin", "Kremlin"),
        ("Kiev’s", "Kyiv"),
        # Unknown names stay as they are; translations that name something else are not mapped.
        ("Sky News Arabia", "Sky News Arabia"),
        ("White House", "White House"),  # a GeoNames alternate name of Casablanca
        ("Leningrad", "Leningrad"),  # an English word-list name: not taken from GeoNames
    ],
)
def test_place_and_organisation_canonicals(name: str, canonical: str) -> None:
    assert canonical_name(name, PLACE) == canonical
    assert canonical_name(name, ORG) == canonical


@pytest.mark.parametrize(
    ("name", "canonical"),
    [
        ("Vladimir Putin", "Vladimir Putin"),
        ("Russian President Vladimir Putin", "Vladimir Putin"),
        ("Press Secretary Dmitry Peskov", "Dmitry Peskov"),
        ("Kremlin spokesman Dmitri Peskov", "Dmitry Peskov"),
        ("Former Deputy Prime Minister Nick Clegg", "Nick Clegg"),
        ("Sen. Elizabeth Warren", "Elizabeth Warren"),
        ("Mr. Zelensky", "Zelenskyy"),  # a surname alone gets the preferred surname, not a full name
        ("Vladimir Zelensky", "Volodymyr Zelenskyy"),
        ("Volodymyr Zelenskiy", "Volodymyr Zelenskyy"),
        ("Muammar al-Qaddafi", "Muammar Gaddafi"),
        ("Erdogan", "Erdoğan"),
        ("Peskov", "Peskov"),
        ("King Charles", "King Charles"),  # a title is only dropped when two words remain
        ("Hugh Hill", "Hugh Hill"),
    ],
)
def test_person_canonicals(name: str, canonical: str) -> None:
    assert canonical_name(name, PERSON) == canonical


@pytest.mark.parametrize(
    ("name", "kind", "organization", "country"),
    [
        ("Vladimir Putin", PERSON, "Russia", "Russia"),  # "Russian President": the title's organisation
        ("Dmitry Peskov", PERSON, "Kremlin", "Russia"),
        ("Hugh Hill", PERSON, None, None),
        ("Ukrainian forces", GROUP, None, "Ukraine"),
        ("Russians", GROUP, None, "Russia"),
        ("Israelis", GROUP, None, "Israel"),
        ("South Korean officials", GROUP, None, "South Korea"),
        ("Kremlin", ORG, None, "Russia"),
        ("White House", ORG, None, "United States"),
        ("Russia’s Defence Ministry", ORG, None, "Russia"),
        ("NATO", ORG, None, None),  # not a country
        ("European Union", ORG, None, None),
        ("Kiev", PLACE, None, "Ukraine"),  # a capital stands for its country's government
        ("Moscow", PLACE, None, "Russia"),
        ("Belarus", PLACE, None, "Belarus"),
        ("Kharkiv", PLACE, None, None),  # a city that is no seat of government
        ("Sky News Arabia", ORG, None, None),
    ],
)
def test_entity_country(name: str, kind: EntityType, organization: str | None, country: str | None) -> None:
    assert entity_country(name, kind, organization) == country


def test_country_of_demonyms_from_the_gazetteer() -> None:
    assert country_of("Kazakhstani") == "Kazakhstan"  # countryinfo, not the curated list
    assert country_of("Channel Islander") is None  # Guernsey's and Jersey's: left out
    assert country_of("Congolese") == "Democratic Republic of the Congo"  # over 10 times the Republic's size
    assert country_of(None) is None


def test_fold() -> None:
    assert fold("Zaporizhzhia-Oblast’s") == fold("zaporizhzhia oblast's")
    assert fold("Türkiye") == "turkiye"


def test_every_curated_spelling_is_in_the_generated_table() -> None:
    """place_variants.tsv is generated; a curated edit without re-running the script fails here."""
    for group in json.loads(data("places.json"))["groups"]:
        for variant in group:
            assert canonical_name(variant, PLACE) == group[0], variant
    for line in data("place_preferred.tsv").splitlines():
        if line.strip() and not line.startswith("#"):
            variant, preferred = line.split("\t")
            assert canonical_name(variant, PLACE) == preferred, variant


def test_curated_demonyms_and_seats_give_countries() -> None:
    countries = set(gazetteer().countries.values())
    for term, country in {**lexicon().demonyms, **lexicon().metonyms}.items():
        expected = country if country in countries else None  # "NATO", "European Union"
        assert country_of(term) == expected, term


@pytest.fixture(scope="module")
def example() -> Analysis:
    article = Article(
        id="kremlin",
        text=EXAMPLE.read_text(encoding="utf-8"),
        metadata=ArticleMetadata(published="2022-03-05"),
    )
    return saidwhat.analyze(article, stages=("entities", "attribution"))


def entity(analysis: Analysis, name: str) -> Entity:
    matches = [e for e in analysis.entities if e.name == name]
    assert len(matches) == 1, [e.name for e in analysis.entities]
    return matches[0]


@pytest.mark.parametrize(
    ("name", "canonical", "country"),
    [
        ("Kiev", "Kyiv", "Ukraine"),
        ("Dmitry Peskov", "Dmitry Peskov", None),  # his title here is "Press Secretary", of no country
        ("Vladimir Putin", "Vladimir Putin", "Russia"),  # "Russian President Vladimir Putin"
        ("Donbass", "Donbas", None),
        ("Lugansk People’s Republics", "Luhansk People's Republics", None),
        ("Russians", "Russians", "Russia"),  # "ethnic Russians"
        ("Kremlin", "Kremlin", "Russia"),
        ("Moscow", "Moscow", "Russia"),
        ("US", "United States", "United States"),
        ("NATO", "NATO", None),
    ],
)
def test_example_entities_are_normalised(
    example: Analysis, name: str, canonical: str, country: str | None
) -> None:
    found = entity(example, name)
    assert (found.canonical, found.country) == (canonical, country)


def test_kiev_and_kyiv_share_a_canonical_across_articles() -> None:
    kiev = saidwhat.analyze("Officials in Kiev said the city was calm.", stages=("entities",))
    kyiv = saidwhat.analyze("Troops left Kyiv on Monday.", stages=("entities",))
    assert [e.canonical for e in kiev.entities if e.type == PLACE] == ["Kyiv"]
    assert [e.canonical for e in kyiv.entities if e.type == PLACE] == ["Kyiv"]


def test_peskov_spellings_share_a_canonical_across_articles() -> None:
    texts = (
        "Kremlin spokesman Dmitri Peskov declined to comment.",
        "Dmitry Peskov, the Kremlin spokesman, said no.",
    )
    canonicals = [
        [e.canonical for e in saidwhat.analyze(text, stages=("entities",)).entities if e.type == PERSON]
        for text in texts
    ]
    assert canonicals == [["Dmitry Peskov"], ["Dmitry Peskov"]]
