"""Folding speaker names into comparable keys.

A *name key* is one distinct way a speaker was named: the folded name, role, organisation and type,
``"dmitry peskov|spokesman|kremlin|person"``. The store writes it on every attribution, entity and claim;
:mod:`saidwhat.corpus.identities` groups name keys into identities.
"""

from __future__ import annotations

import re
import unicodedata
from typing import NamedTuple

# Honorifics and short titles that precede a name but do not tell two people apart.
_HONORIFICS = frozenset(
    {
        "mr",
        "mrs",
        "ms",
        "miss",
        "dr",
        "prof",
        "sir",
        "dame",
        "rev",
        "sen",
        "senator",
        "rep",
        "gov",
        "governor",
        "president",
        "pres",
        "gen",
        "general",
        "col",
        "lt",
        "sgt",
        "capt",
        "adm",
        "judge",
        "justice",
        "secretary",
        "minister",
        "mayor",
    }
)
_POSSESSIVE = re.compile(r"['’]s\b")
_NON_WORD = re.compile(r"[^\w\s-]")
_SPACE = re.compile(r"[\s-]+")


def fold(value: str | None) -> str:
    """Lower case, no accents, no punctuation, single spaces: 'Dmitri  Peskov,' -> 'dmitri peskov'."""
    if not value:
        return ""
    decomposed = unicodedata.normalize("NFKD", value)
    plain = "".join(ch for ch in decomposed if not unicodedata.combining(ch))
    plain = _POSSESSIVE.sub("", plain)
    return _SPACE.sub(" ", _NON_WORD.sub("", plain.lower())).strip()


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
        while len(words) > 1 and words[0] in _HONORIFICS:
            words = words[1:]
        return words

    @property
    def surname(self) -> str:
        tokens = self.tokens
        return tokens[-1] if tokens else ""

    @property
    def given(self) -> str | None:
        """The first name, or None for a surname alone."""
        tokens = self.tokens
        return tokens[0] if len(tokens) > 1 else None


def parts(key: str) -> NameParts:
    name, role, organization, type_ = key.split("|", 3)
    return NameParts(name, role, organization, type_)
