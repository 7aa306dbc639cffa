"""Person names: honorifics, given names and surnames, and the gender a name marks."""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache

from nicknames import NickNamer

from saidwhat.entities.lexicon import Gender, lexicon

# Lower-case words that belong to a surname ("Ursula von der Leyen") rather than end the given names.
_PARTICLES = frozenset(
    {"van", "von", "der", "den", "de", "del", "della", "di", "da", "du", "la", "le", "bin", "al", "el"}
)
#: Particles that also open given names in English-language news ("Al Gore", "Van Jones", "Von Miller").
_GIVEN_NAME_PARTICLES = frozenset({"al", "van", "von", "del"})
_SUFFIXES = frozenset({"jr", "sr", "ii", "iii", "iv"})
_POSSESSIVES = ("’s", "'s", "’", "'")


def strip_possessive(text: str) -> str:
    """``text`` without a final possessive ("Kiev’s" → "Kiev")."""
    for ending in _POSSESSIVES:
        if text.endswith(ending) and len(text) > len(ending):
            return text[: -len(ending)]
    return text


def bare_word(word: str) -> str:
    """A word lower-cased and without a final full stop, the form the lexicons are keyed by."""
    return word.lower().rstrip(".")


def honorific_gender(word: str) -> tuple[bool, Gender | None]:
    """Whether ``word`` is an honorific, and the gender it marks."""
    key = bare_word(word)
    honorifics = lexicon().honorifics
    return key in honorifics, honorifics.get(key)


@dataclass(frozen=True)
class PersonName:
    """A person's name split for matching: "Mr. Dmitry S. Peskov" → given (dmitry, s.), surname peskov."""

    given: tuple[str, ...]
    surname: str
    honorific_gender: Gender | None = None
    suffix: str | None = None  # "jr", "iii": a father and son share the rest of the name

    @property
    def first(self) -> str | None:
        return self.given[0] if self.given else None

    @property
    def is_full(self) -> bool:
        return bool(self.given)

    @property
    def gender(self) -> Gender | None:
        """The gender the honorific or, failing that, the first name marks."""
        if self.honorific_gender is not None:
            return self.honorific_gender
        return first_name_gender(self.first) if self.first else None


def first_name_gender(first: str) -> Gender | None:
    """The gender a first name marks in the census lists, or, for a short form they lack ("Bernie"), the
    one gender all its listed full forms mark (Bernard); None when they disagree ("Pat", "Sandy")."""
    key = bare_word(first)
    listed = lexicon().first_names
    if key in listed or not key.isalpha():  # a listed ambiguous name ("Lindsey") is no short form
        return listed.get(key)
    return _short_form_gender(key)


def gender_prior(first: str, gender: Gender) -> float | None:
    """The share of people named ``first`` who are of ``gender``: for a name neither gender dominates in
    the census ("Chris": 0.89 male, "Lindsey": 0.10), or that the census lacks, its share of US births
    ("Megyn": 0.0 male); None for a name whose gender the census gives, or no first name at all."""
    share = lexicon().male_shares.get(bare_word(first))
    if share is None:
        return None
    return share if gender == "male" else 1.0 - share


@lru_cache(maxsize=4096)
def _short_form_gender(key: str) -> Gender | None:
    genders = {lexicon().first_names.get(full) for full in _nicknamer().canonicals_of(key)} - {None}
    return genders.pop() if len(genders) == 1 else None


def _words_without_honorifics(text: str) -> tuple[list[str], Gender | None, str | None]:
    """The name's words without honorifics and generational suffixes, the gender an honorific marks,
    and the name's last suffix ("jr"), when words remain besides it."""
    words = strip_possessive(text).split()
    gender: Gender | None = None
    while words:
        is_honorific, marked = honorific_gender(words[0])
        if not is_honorific or len(words) == 1:
            break
        gender = marked or gender
        words.pop(0)
    suffix: str | None = None
    while len(words) > 1 and (word := bare_word(words[-1]).rstrip(",")) in _SUFFIXES:
        suffix = suffix or word
        words.pop()
    return words, gender, suffix if len(words) > 1 else None


def is_particle(word: str) -> bool:
    """A lower-case surname particle ("von", "le"), in any case."""
    return word.lower() in _PARTICLES


def _surname_start(words: list[str]) -> int:
    start = len(words) - 1
    while start > 1 and words[start - 1].lower() in _PARTICLES:
        start -= 1
    if start == 1 and words[0].lower() in _PARTICLES - _GIVEN_NAME_PARTICLES:
        return 0  # "Le Pen", "De Blasio": no given name
    return start


@lru_cache(maxsize=8192)  # the resolver parses every person's name again for each surname it checks
def parse_name(text: str) -> PersonName:
    """Split a person mention into given names and surname, honorifics removed."""
    words, gender, suffix = _words_without_honorifics(text)
    if not words:
        return PersonName(given=(), surname=text.lower(), honorific_gender=gender)
    cut = _surname_start(words)
    surname = " ".join(words[cut:]).lower()
    given = tuple(word.lower() for word in words[:cut])
    return PersonName(given=given, surname=surname, honorific_gender=gender, suffix=suffix)


def suffixes_agree(a: PersonName, b: PersonName) -> bool:
    """Whether two names' generational suffixes allow one person ("Charles Elliott Jr." is not "Charles
    Elliott III"; a name without a suffix may be either)."""
    if a.suffix == b.suffix:
        return True
    # "Duncan Hunter Sr." is named so because a "Duncan Hunter" (the son) is the better known
    return None in (a.suffix, b.suffix) and "sr" not in (a.suffix, b.suffix)


def given_names_agree(a: PersonName, b: PersonName) -> bool:
    """Whether two names' given names can be the same person's ("J." agrees with "John")."""
    if not a.given or not b.given:
        return True
    first_a, first_b = a.given[0].rstrip("."), b.given[0].rstrip(".")
    if a.given[0].endswith(".") or b.given[0].endswith("."):
        return first_a[:1] == first_b[:1]
    return first_a == first_b or is_nickname_pair(first_a, first_b)


def opens_with_first_name(words: list[str]) -> bool:
    """Whether two or three words read as a person's full name: the first a known first name, the last
    not one (so "Morgan Stanley" is a company, not a person)."""
    return (
        2 <= len(words) <= 3
        and first_name_gender(words[0]) is not None
        and first_name_gender(words[-1]) is None
    )


def is_nickname_pair(a: str, b: str) -> bool:
    """Whether one given name is a usual short form of the other ("Sandy" of "Sandra", "Bill" of
    "William"), from the maintained ``nicknames`` package (Apache-2.0). Only a direct pair counts: two
    short forms of one name ("Bill", "Will") may be different people."""
    first, second = a.lower(), b.lower()
    return second in _nicknamer().nicknames_of(first) or first in _nicknamer().nicknames_of(second)


@lru_cache(maxsize=1)
def _nicknamer() -> NickNamer:
    return NickNamer()
