"""Cue stance: what the reporting words signal about the outlet's stance toward the reported content.

The lexicon is ``data/cue_stance.tsv`` (hand-assigned; classes and sources in ``docs/framing.md``).
A cue is read in the parse of the article, not as a string, so that

* a multi-word cue is read at its lexical verb: "went on to allege" is "allege", "has repeatedly
  called" is "call", "According to" is "accord";
* a phrasal verb is read with its particle: "pointed out" (endorsing) is not "pointed to" (neutral);
* negation changes the stance through the lexicon's ``negated`` column: "did not claim" is neutral,
  "did not deny" endorsing; a negating governor counts as negation ("refused to deny");
* an adverb or phrase on the cue overrides the verb: "falsely said" is distancing, "angrily denied"
  emphatic, "claimed without evidence" distancing.
"""

from __future__ import annotations

import csv
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from enum import StrEnum
from functools import lru_cache
from importlib.resources import files

from spacy.tokens import Doc, Token
from spacy.tokens import Span as TokenSpan

from saidwhat.model import Attribution, Stance

LEXICON_FILE = "data/cue_stance.tsv"

#: Dependencies by which a cue word completes another verb of the same cue phrase ("went on to allege",
#: "refused to deny", "are not convinced"), as ``attribution.cues.cue_range`` builds the phrase: the
#: lexical word is the completing one.
_COMPLETING = frozenset({"xcomp", "advcl", "acomp"})
#: Particles that make a phrasal reporting verb ("lash out", "hit back", "double down", "weigh in").
_PARTICLES = frozenset({"out", "back", "down", "in", "off", "up"})


class Role(StrEnum):
    CUE = "cue"
    NEGATOR = "negator"  # a governing verb that negates the cue it governs: "refused to deny"
    MODIFIER = "modifier"  # an adverb or phrase on the cue that overrides its stance: "falsely claimed"


@dataclass(frozen=True, slots=True)
class StanceEntry:
    word: str
    role: Role
    stance: Stance
    negated: Stance | None  # None for modifiers, which carry no negated form
    why: str


@dataclass(frozen=True, slots=True)
class CueReading:
    """How a cue's stance was read: the lexicon entry used, and what changed it."""

    stance: Stance | None
    word: str | None  # the lexicon word the stance comes from (None when the cue word is unknown)
    negated: bool = False
    modifier: str | None = None


class StanceLexicon:
    def __init__(self, entries: Iterable[StanceEntry]) -> None:
        self._entries = {entry.word: entry for entry in entries}

    def word(self, word: str) -> StanceEntry | None:
        return self._entries.get(word)

    def __len__(self) -> int:
        return len(self._entries)

    def __iter__(self) -> Iterator[StanceEntry]:
        return iter(self._entries.values())

    def read(self, cue: TokenSpan) -> CueReading:
        """The stance of the cue whose tokens are ``cue``."""
        lexical = _lexical(cue)
        entry = self._entry(lexical)
        if entry is None:
            return CueReading(None, None)
        if self._negated(lexical, cue):
            return CueReading(entry.negated, entry.word, negated=True)
        modifier = self._modifier(lexical)
        if modifier is not None:
            return CueReading(modifier.stance, entry.word, modifier=modifier.word)
        return CueReading(entry.stance, entry.word)

    def _negated(self, token: Token, cue: TokenSpan) -> bool:
        """Whether an odd number of negations bear on the cue word: its own ("did not deny"), a
        governor's in the cue phrase ("did not go on to claim") or a negating governor ("refused to
        deny"), which may sit outside the cue phrase when it takes the cue as its complement."""
        negations = 0
        for _ in range(4):  # cue phrases chain a few verbs at most ("would not go on to say")
            negations += sum(1 for child in token.children if child.dep_ == "neg")
            head = token.head
            in_phrase = cue.start <= head.i < cue.end and token.dep_ in _COMPLETING
            if head.i == token.i or not (in_phrase or token.dep_ == "xcomp"):
                break
            token = head
            entry = self.word(token.lemma_.lower())
            negations += entry is not None and entry.role is Role.NEGATOR
        return negations % 2 == 1

    def _entry(self, token: Token) -> StanceEntry | None:
        lemma = token.lemma_.lower()
        for child in token.rights:
            if child.dep_ in {"prt", "advmod"} and child.lower_ in _PARTICLES:
                phrasal = self.word(f"{lemma} {child.lower_}")
                if phrasal is not None:
                    return phrasal
        return self.word(lemma) or self.word(token.lower_)

    def _modifier(self, token: Token) -> StanceEntry | None:
        for child in token.children:
            keys = [child.lemma_.lower(), child.lower_]
            if child.dep_ == "prep":  # "claimed, without evidence, that…"
                keys = [f"{child.lower_} {o.lemma_.lower()}" for o in child.children if o.dep_ == "pobj"]
            for key in keys:
                entry = self.word(key)
                if entry is not None and entry.role is Role.MODIFIER:
                    return entry
        return None


def _lexical(cue: TokenSpan) -> Token:
    """The word of a cue phrase that carries its meaning: the last verb it completes within the phrase
    ("went on to allege" is "allege", "has repeatedly called" is "called")."""
    token = cue.root
    while True:
        following = next(
            (c for c in token.rights if c.dep_ in _COMPLETING and cue.start <= c.i < cue.end), None
        )
        if following is None:
            return token
        token = following


@lru_cache(maxsize=1)
def load_stance_lexicon() -> StanceLexicon:
    raw = files("saidwhat.framing").joinpath(LEXICON_FILE).read_text(encoding="utf-8")
    return StanceLexicon(parse_lexicon(raw))


def parse_lexicon(raw: str) -> Iterator[StanceEntry]:
    """The entries of a cue-stance TSV (``#`` lines are comments; the first other line is the header)."""
    lines = [line for line in raw.splitlines() if line and not line.startswith("#")]
    for row in csv.DictReader(lines, delimiter="\t", quoting=csv.QUOTE_NONE):
        negated = row["negated"]
        yield StanceEntry(
            word=row["word"],
            role=Role(row["role"]),
            stance=Stance(row["stance"]),
            negated=None if negated == "-" else Stance(negated),
            why=row["class"],
        )


def cue_stances(doc: Doc, attributions: list[Attribution], lexicon: StanceLexicon) -> list[Stance | None]:
    """The stance of each attribution, in order. A follow-on quotation has no cue of its own and is
    still presented under the cue of the attribution it continues, so it takes that stance."""
    stances: dict[str, Stance | None] = {}
    for attribution in attributions:
        if attribution.continues is not None:
            stances[attribution.id] = stances.get(attribution.continues)
        else:
            stances[attribution.id] = read_cue(doc, attribution, lexicon).stance
    return [stances[attribution.id] for attribution in attributions]


def read_cue(doc: Doc, attribution: Attribution, lexicon: StanceLexicon) -> CueReading:
    if attribution.cue is None:
        return CueReading(None, None)
    tokens = doc.char_span(attribution.cue.start, attribution.cue.end, alignment_mode="expand")
    if tokens is None or not len(tokens):
        return CueReading(None, None)
    return lexicon.read(tokens)
