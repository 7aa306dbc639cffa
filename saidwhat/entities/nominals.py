"""Nominal mentions: "the Kremlin spokesman", "the leaders of the republics", "Donald Trump's campaign"."""

from __future__ import annotations

from dataclasses import dataclass

from spacy.tokens import Doc, Token

from saidwhat.entities.lexicon import lexicon
from saidwhat.entities.roles import Role, noun_phrase_role
from saidwhat.model import Span

_PLURAL_TAGS = frozenset({"NNS", "NNPS"})
_NOUN_TAGS = frozenset({"NN", "NNS", "NNP", "NNPS"})
_INDEFINITE = frozenset({"a", "an", "one", "another", "some", "several", "many"})


@dataclass(frozen=True)
class Nominal:
    """A noun phrase at tokens [start, end) headed by ``head``."""

    start: int
    end: int
    head: int
    role: Role | None
    plural: bool
    human: bool
    person: bool  # one person: a singular human noun that is no collective ("a woman", not "the family")
    organization_noun: bool
    definite: bool
    possessor: int | None  # the token of a possessive modifier ("Trump" in "Trump's campaign")
    artefact: bool = False  # a poll, report, statement…: it speaks for whoever issued it
    artefact_kind: str | None = None  # "poll", "statement" … (artefact_nouns.txt)
    pronoun_possessor: int | None = None  # the token of a possessive pronoun ("his" in "his campaign")
    example: int | None = (
        None  # the head of a named example ("Gene Sperling" in "advisers like Gene Sperling")
    )

    @property
    def owned(self) -> bool:
        """Whether someone's ("Adelson's spokesman", "his spokesman"): then it is not that someone."""
        return self.possessor is not None or self.pronoun_possessor is not None

    def span(self, doc: Doc) -> Span:
        tokens = doc[self.start : self.end]
        return Span(start=tokens.start_char, end=tokens.end_char, text=tokens.text)


def is_human_noun(token: Token) -> bool:
    """A noun for people: a role noun ("leaders") or a group noun ("residents", "sides")."""
    lemma = token.lemma_.lower()
    return (
        lemma in lexicon().group_nouns
        or token.lower_ in lexicon().group_nouns
        or (noun_phrase_role(token) is not None)
    )


def _is_collective(head: Token) -> bool:
    collective = lexicon().collective_nouns
    return head.lemma_.lower() in collective or head.lower_ in collective


def noun_phrase_extent(head: Token) -> tuple[int, int]:
    """The tokens of the NP headed by ``head``: its left modifiers and any "of" phrase, no other clauses.

    "the leaders of the republics for assistance …" gives "the leaders of the republics".
    """
    start, end = head.left_edge.i, head.i + 1
    for token in head.doc[start : head.i]:
        if "\n" in token.text:  # a noun phrase never runs over a line break ("7:10 p.m.\n\nThe campaign")
            start = token.i + 1
    for prep in head.rights:
        if prep.dep_ == "prep" and prep.lower_ == "of" and prep.i == end:
            objects = [t for t in prep.children if t.dep_ == "pobj"]
            if objects:
                end = objects[0].i + 1
    return start, end


def nominal(doc: Doc, head: Token) -> Nominal:
    """The nominal headed by ``head``, described for resolving who it refers to."""
    start, end = noun_phrase_extent(head)
    determiners = [t.lower_ for t in head.lefts if t.dep_ in ("det", "predet", "nummod")]
    possessor = next((t.i for t in head.lefts if t.dep_ == "poss" and t.tag_ not in ("PRP$",)), None)
    if possessor is None:
        possessor = _marked_possessor(doc, start, head.i)
    pronoun = next((t.i for t in head.lefts if t.dep_ == "poss" and t.tag_ == "PRP$"), None)
    kind = artefact_kind_of(head)
    plural, human = head.tag_ in _PLURAL_TAGS, is_human_noun(head)
    return Nominal(
        start=start,
        end=end,
        head=head.i,
        role=noun_phrase_role(head),
        plural=plural,
        human=human,
        person=human and not plural and not _is_collective(head),
        organization_noun=head.lower_ in lexicon().org_nouns or head.lemma_.lower() in lexicon().org_nouns,
        definite=not any(word in _INDEFINITE for word in determiners),
        possessor=possessor,
        artefact=kind is not None,
        artefact_kind=kind,
        pronoun_possessor=pronoun,
        example=_named_example(head),
    )


_POSSESSIVE_MARKS = frozenset({"'s", "’s", "'", "’"})


def _marked_possessor(doc: Doc, start: int, head: int) -> int | None:
    """A proper noun marked possessive before the head that the parse did not attach as ``poss``
    ("7:10 p.m.\n\nBernie Sanders’ campaign" parses Sanders as an apposition)."""
    found = None
    for token in doc[start:head]:
        if (
            token.tag_ in ("NNP", "NNPS")
            and token.i + 1 < head
            and doc[token.i + 1].text in _POSSESSIVE_MARKS
        ):
            found = token.i
    return found


def artefact_kind_of(head: Token) -> str | None:
    """The kind of artefact a noun names ("poll", "statement"), or None (artefact_nouns.txt)."""
    kinds = lexicon().artefact_kinds
    return kinds.get(head.lower_) or kinds.get(head.lemma_.lower())


def _named_example(head: Token) -> int | None:
    """The proper noun a "like", "such as" or "including" phrase gives as an example of the NP ("advisers
    like Gene Sperling", "critics, including economist Paul Krugman"): the example is who speaks when the
    NP is a source."""
    for prep in head.rights:
        if prep.dep_ != "prep" or prep.lower_ not in ("like", "as", "including"):
            continue
        if prep.lower_ == "as" and (prep.i == 0 or prep.doc[prep.i - 1].lower_ != "such"):
            continue
        objects = [t for t in prep.children if t.dep_ == "pobj" and t.tag_ in ("NNP", "NNPS")]
        if len(objects) == 1 and not any(t.dep_ == "conj" for t in objects[0].children):
            return objects[0].i
    return None


def plural_human_heads(doc: Doc, start: int, end: int) -> list[Token]:
    """Heads of plural noun phrases for people in tokens [start, end), the antecedents "they" can take."""
    return [
        token
        for token in doc[start:end]
        if token.tag_ in _PLURAL_TAGS and is_human_noun(token) and token.ent_type_ == ""
    ]


def is_noun(token: Token) -> bool:
    return token.tag_ in _NOUN_TAGS
