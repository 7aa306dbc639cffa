"""Folding speaker names into comparable keys.

A *name key* is one distinct way a speaker was named: the folded name, role, organisation and type,
``"dmitry peskov|spokesman|kremlin|person"``. The store writes it on every attribution, entity and claim;
:mod:`saidwhat.corpus.identities` groups name keys into identities.
"""

from __future__ import annotations

import re
from functools import lru_cache
from typing import NamedTuple

from saidwhat.entities.lexicon import lexicon
from saidwhat.entities.names import strip_possessive
from saidwhat.entities.normalise import fold as fold_name

# Titles that precede a name in news copy but do not tell two people apart; the entities lexicon's
# honorifics (Mr, Dr, Sir, …) are added to them.
_TITLES = frozenset(
    {"sen", "senator", "rep", "gov", "governor", "president", "pres", "gen", "general", "col", "lt"}
    | {"sgt", "capt", "adm", "judge", "justice", "secretary", "minister", "mayor"}
)
_SUFFIXES = frozenset({"jr", "sr", "ii", "iii", "iv"})
_NON_WORD = re.compile(r"[^\w\s]")


def fold(value: str | None) -> str:
    """The entities' lookup fold (lower case, no accents, hyphens as spaces), without a possessive or
    punctuation: 'Dmitri  Peskov’s,' -> 'dmitri peskov'."""
    if not value:
        return ""
    return " ".join(_NON_WORD.sub("", fold_name(strip_possessive(value.strip().rstrip(",.;:")))).split())


def name_key(name: str, type_: str, role: str | None = None, organization: str | None = None) -> str:
    """The key of one way of naming a speaker."""
    return "|".join((fold(name), fold(role), fold(organization), type_))


class NameParts(NamedTuple):
    """A folded name key taken apart."""

    name: str
    role: str
    organization: str
    type: str

    @property
    def tokens(self) -> list[str]:
        """The name's words without honorifics: ['dmitry', 'peskov']."""
        words = self.name.split()
        while len(words) > 1 and words[0] in _honorifics():
            words = words[1:]
        return words

    @property
    def surname(self) -> str:
        """The last name; a generational suffix stays with it ('trump jr' is not 'trump')."""
        tokens = self.tokens
        if len(tokens) > 2 and tokens[-1] in _SUFFIXES:
            return f"{tokens[-2]} {tokens[-1]}"
        return tokens[-1] if tokens else ""

    @property
    def given(self) -> str | None:
        """The first name, or None for a surname alone."""
        tokens = self.tokens
        return tokens[0] if len(tokens) > len(self.surname.split()) else None


def parts(key: str) -> NameParts:
    name, role, organization, type_ = key.split("|", 3)
    return NameParts(name, role, organization, type_)


@lru_cache(maxsize=1)
def _honorifics() -> frozenset[str]:
    return _TITLES | frozenset(lexicon().honorifics)
