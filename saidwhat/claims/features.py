"""Interpretable features of a claim, read from spaCy's parse: what makes a sentence worth checking.

Each feature is a number (most are 0/1) and the words that triggered it, so the scorer can say why a
claim ranks where it does. The same function runs on the article's parse at run time and on the parsed
training sentences in ``scripts/train_checkworthiness.py``, so the two cannot drift apart.
"""

from __future__ import annotations

import bisect
import json
import math
from collections.abc import Sequence
from dataclasses import dataclass, field
from functools import lru_cache
from importlib.resources import files

from spacy.tokens import Doc, Token
from spacy.tokens import Span as TokenSpan

#: The feature names, in the order of the scorer's weights.
FEATURES: tuple[str, ...] = (
    "number",
    "quantity",
    "comparison",
    "named_entity",
    "date",
    "causal_connective",
    "past_event",
    "future_or_modal",
    "first_person",
    "second_person",
    "intent_or_wish",
    "hedge",
    "opinion_word",
    "negation",
    "question",
    "imperative",
    "short",
    "length",
)

NAME_TYPES = frozenset({"PERSON", "NORP", "FAC", "ORG", "GPE", "LOC", "PRODUCT", "EVENT", "LAW"})
AMOUNT_TYPES = frozenset({"PERCENT", "MONEY", "QUANTITY"})
TIME_TYPES = frozenset({"DATE", "TIME"})
FIRST_PERSON = frozenset({"i", "we", "me", "us", "my", "our", "myself", "ourselves", "mine", "ours"})
SECOND_PERSON = frozenset({"you", "your", "yours", "yourself", "yourselves"})
FUTURE_MODALS = frozenset({"will", "shall", "'ll", "would", "should", "must", "going"})
SHORT_WORDS = 6
COMPARATIVE_TAGS = frozenset({"JJR", "RBR", "JJS", "RBS"})


@dataclass(frozen=True, slots=True)
class Lexicon:
    """The word lists of ``data/cue_words.json``: each entry a tuple of lemmas."""

    lists: dict[str, tuple[tuple[str, ...], ...]]
    # Per list, its entries by first lemma (with their place in the list): one dict look-up per lemma
    # instead of a scan of every entry at every position, which made features the claims stage's cost.
    _by_first: dict[str, dict[str, list[tuple[int, tuple[str, ...]]]]] = field(init=False, repr=False)

    def __post_init__(self) -> None:
        index: dict[str, dict[str, list[tuple[int, tuple[str, ...]]]]] = {}
        for name, entries in self.lists.items():
            by_first = index.setdefault(name, {})
            for place, entry in enumerate(entries):
                if entry:
                    by_first.setdefault(entry[0], []).append((place, entry))
        object.__setattr__(self, "_by_first", index)

    def matches(self, name: str, lemmas: Sequence[str]) -> list[str]:
        """The entries of list ``name`` found in ``lemmas`` (consecutive lemmas for a multi-word entry),
        in the list's order."""
        by_first = self._by_first[name]
        found: dict[int, tuple[str, ...]] = {}
        for i, lemma in enumerate(lemmas):
            for place, entry in by_first.get(lemma, ()):
                if place not in found and tuple(lemmas[i : i + len(entry)]) == entry:
                    found[place] = entry
        return [" ".join(found[place]) for place in sorted(found)]


@lru_cache(maxsize=1)
def load_lexicon() -> Lexicon:
    raw = json.loads((files("saidwhat.claims") / "data" / "cue_words.json").read_text(encoding="utf-8"))
    lists = {
        name: tuple(tuple(entry.split()) for entry in entries)
        for name, entries in raw.items()
        if not name.startswith("_")
    }
    return Lexicon(lists)


@dataclass(frozen=True, slots=True)
class Features:
    """One claim's feature values (in :data:`FEATURES` order) and, per feature, what triggered it."""

    values: tuple[float, ...]
    details: dict[str, str]

    def value(self, name: str) -> float:
        return self.values[FEATURES.index(name)]


class DocEntities:
    """A doc's named entities, read once. spaCy rebuilds ``doc.ents`` from the token tags on every access
    (``span.ents`` too, then filters them), which made it most of the cost of a claim's features."""

    def __init__(self, doc: Doc) -> None:
        self.ents = list(doc.ents)
        self.starts = [ent.start for ent in self.ents]

    def within(self, span: TokenSpan) -> list[TokenSpan]:
        """What ``span.ents`` gives: the entities from the first one starting inside ``span``, up to the
        first that ends after it."""
        found = []
        for index in range(bisect.bisect_left(self.starts, span.start), len(self.ents)):
            ent = self.ents[index]
            if ent.end > span.end:
                break
            found.append(ent)
        return found


def claim_features(
    span: TokenSpan, lexicon: Lexicon | None = None, *, entities: DocEntities | None = None
) -> Features:
    """The features of a claim's tokens (a sentence or a clause of a parsed doc). Pass the doc's
    ``entities`` when computing the features of many claims of one doc."""
    lexicon = lexicon or load_lexicon()
    ents = span.ents if entities is None else entities.within(span)
    found, lemmas, words, last = _token_features(span)
    found["quantity"] = _dedupe(found["quantity"] + lexicon.matches("quantity_words", lemmas))
    found["comparison"] = _dedupe(found["comparison"] + lexicon.matches("comparison", lemmas))
    found["named_entity"] = [e.text for e in ents if e.label_ in NAME_TYPES]
    found["date"] = [e.text for e in ents if e.label_ in TIME_TYPES]
    for name, entries in (
        ("causal_connective", "causal"),
        ("intent_or_wish", "intent"),
        ("hedge", "hedge"),
        ("opinion_word", "opinion"),
    ):
        found[name] = lexicon.matches(entries, lemmas)
    found["question"] = ["?"] if last == "?" else []
    values = []
    details: dict[str, str] = {}
    for name in FEATURES:
        if name == "short":
            values.append(1.0 if words < SHORT_WORDS else 0.0)
            if values[-1]:
                details[name] = f"{words} words"
        elif name == "length":
            values.append(math.log1p(words))
            details[name] = f"{words} words"
        else:
            hits = _dedupe(found[name])
            # Counts saturate: a second entity adds less than the first, a tenth almost nothing.
            values.append(math.log1p(len(hits)) if name == "named_entity" else float(bool(hits)))
            if hits:
                details[name] = ", ".join(hits[:4])
    return Features(values=tuple(values), details=details)


def _token_features(span: TokenSpan) -> tuple[dict[str, list[str]], list[str], int, str]:
    """The token-level features in one pass over the span (each token attribute read once: spaCy builds
    a string on every access): the words that trigger each, the lower-cased lemmas, the number of words
    (tokens that are neither space nor punctuation) and the last token's text."""
    found: dict[str, list[str]] = {
        name: []
        for name in (
            "number",
            "quantity",
            "comparison",
            "past_event",
            "future_or_modal",
            "first_person",
            "second_person",
            "negation",
            "imperative",
        )
    }
    lemmas: list[str] = []
    n_words, last = 0, ""
    for token in span:
        if token.is_space:
            continue
        text, lower, tag, entity, dep = token.text, token.lower_, token.tag_, token.ent_type_, token.dep_
        lemmas.append((token.lemma_ or text).lower())
        n_words += not token.is_punct
        last = text
        if entity not in TIME_TYPES and token.like_num and lower not in {"one", "a"}:
            found["number"].append(text)
        if entity in AMOUNT_TYPES:
            found["quantity"].append(text)
        if tag in COMPARATIVE_TAGS:
            found["comparison"].append(text)
        if tag in {"VBD", "VBN"} and _is_past_event(token):
            found["past_event"].append(text)
        if tag == "MD" or (lower == "going" and _is_going_to(token)):
            found["future_or_modal"].append(text)
        if lower in FIRST_PERSON:
            found["first_person"].append(text)
        if lower in SECOND_PERSON:
            found["second_person"].append(text)
        if dep == "neg":
            found["negation"].append(text)
        if dep == "ROOT" and tag == "VB" and _is_imperative(token):
            found["imperative"].append(text)
    return found, lemmas, n_words, last


def _is_past_event(token: Token) -> bool:
    """A verb in the past or perfect: something happened or was done."""
    if token.tag_ == "VBD" and token.pos_ in {"VERB", "AUX"}:
        return token.lemma_ not in {"be", "do"} or token.dep_ == "ROOT"
    return token.tag_ == "VBN" and any(child.lemma_ == "have" for child in token.children)


def _is_going_to(token: Token) -> bool:
    return token.lower_ == "going" and token.nbor(1).lower_ == "to" if token.i + 1 < len(token.doc) else False


def _is_imperative(token: Token) -> bool:
    """A clause's root verb in the base form with no subject ("Let's balance the budget")."""
    return (
        token.dep_ == "ROOT"
        and token.tag_ == "VB"
        and not any(child.dep_ in {"nsubj", "nsubjpass", "expl", "aux"} for child in token.children)
    )


def _dedupe(items: list[str]) -> list[str]:
    return list(dict.fromkeys(items))
