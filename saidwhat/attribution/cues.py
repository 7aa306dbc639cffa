"""The reporting-cue lexicon learned from PolNeAR train, and the cue and source spans around a cue word.

``data/cues.json`` is produced by ``scripts/learn_cues.py``: for each lemma and part of speech, how
often it heads a gold cue in PolNeAR train and how often it occurs. The ratio of the two is the
cue's *reliability*: "say" heads a cue 85 % of the time, "see" 18 %, so rules ask more context of
an unreliable cue before they accept it.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from functools import cache, lru_cache
from importlib.resources import files

from spacy.tokens import Token

from saidwhat.nlp.datelines import dateline_at

_SUBJECTS = frozenset({"nsubj", "nsubjpass", "csubj"})
_CUE_MODIFIERS = frozenset({"aux", "auxpass", "neg"})
_DATELINE_TOKENS = 12  # the longest dateline, in tokens: "KYIV, Ukraine (AP) -" is 7
# Dependencies through which a verb without a subject of its own shares its governor's subject:
# "He went on to allege…, and insisted…", "Peskov went on, arguing that…".
_SHARED_SUBJECT = frozenset({"conj", "xcomp", "advcl", "acomp", "pcomp", "prep"})


@dataclass(frozen=True, slots=True)
class CueEntry:
    cue: int
    total: int

    @property
    def reliability(self) -> float:
        return self.cue / self.total if self.total else 0.0


class CueLexicon:
    """Cue lemmas by part of speech, with their reliability."""

    def __init__(self, entries: dict[str, CueEntry]) -> None:
        self._entries = entries

    def reliability(self, token: Token) -> float:
        entry = self._entries.get(f"{token.lemma_.lower()}/{token.pos_}")
        return entry.reliability if entry else 0.0

    def count(self, token: Token) -> int:
        entry = self._entries.get(f"{token.lemma_.lower()}/{token.pos_}")
        return entry.cue if entry else 0

    def __len__(self) -> int:
        return len(self._entries)


@lru_cache(maxsize=1)
def load_cue_lexicon() -> CueLexicon:
    raw = json.loads(files("saidwhat.attribution").joinpath("data/cues.json").read_text(encoding="utf-8"))
    return CueLexicon({key: CueEntry(value["cue"], value["total"]) for key, value in raw["cues"].items()})


def cue_range(token: Token) -> tuple[int, int]:
    """The cue phrase around a cue word: its auxiliaries and negation ("has not said"), adverbs between
    them ("has repeatedly called"), a particle ("pointed out"), and a governing verb it completes
    ("went on to allege")."""
    anchor = _governor(token) or token
    modifiers = [child for child in anchor.lefts if child.dep_ in _CUE_MODIFIERS]
    first = modifiers[0] if modifiers else anchor
    last = token
    for child in token.rights:
        if child.dep_ == "prt" and child.i == last.i + 1:
            last = child
    return first.idx, last.idx + len(last)


def _governor(token: Token) -> Token | None:
    """The verb a cue completes when they form one phrase ("went on to allege", "continued to insist",
    "are not convinced")."""
    head = token.head
    if token.dep_ not in {"xcomp", "advcl", "acomp"} or head.i >= token.i or head.pos_ not in {"VERB", "AUX"}:
        return None
    between = token.doc[head.i + 1 : token.i]
    if all(t.head in (head, token) and t.dep_ in {"prt", "aux", "advmod", "neg"} for t in between):
        return head
    return None


def subject_of(token: Token, through: frozenset[str] = _SHARED_SUBJECT, steps: int = 4) -> Token | None:
    """The grammatical subject of a cue word, looking through coordinated and controlled verbs: at most
    ``steps`` links up, along the dependencies in ``through``."""
    current = token
    for _ in range(steps):
        subjects = [child for child in current.children if child.dep_ in _SUBJECTS and not _compared(child)]
        if subjects:
            # Two subjects are a misparse, mostly of a fronted phrase ("Speaking in Salem, New
            # Hampshire, Trump went after Bush"): the one nearest the verb is its subject.
            subject = min(subjects, key=lambda child: abs(current.i - child.i))
            dash = _dateline_dash(subject)
            return subject if dash is None else _apposition_after(subject, dash)
        if current.dep_ not in through or current.head.i == current.i:
            return None
        current = current.head
    return None


def _compared(subject: Token) -> bool:
    """A "subject" the parser took from a comparison: "Hunter …, and like Trump has spoken about…"."""
    before = subject.left_edge.i - 1
    return (
        before >= 0
        and subject.doc[before].lower_ in ("like", "unlike")
        and subject.doc[before].tag_ in ("IN", "UH")
    )


@cache
def word_list(name: str) -> frozenset[str]:
    """A word list shipped in ``attribution/data`` (one lower-case word a line, ``#`` comments):
    ``light_verbs.txt``, verbs whose cue-noun object is their subject's report; ``addressee_verbs.txt``,
    verbs whose passive subject is who was addressed."""
    text = files("saidwhat.attribution").joinpath(f"data/{name}").read_text(encoding="utf-8")
    return frozenset(line.strip() for line in text.splitlines() if line.strip() and not line.startswith("#"))


def is_addressed(subject: Token) -> bool:
    """Whether ``subject`` is the passive subject of a verb of addressing ("Trump was asked, “…”"): the
    one addressed, not the speaker (``addressee_verbs.txt``)."""
    return subject.dep_ == "nsubjpass" and subject.head.lemma_.lower() in word_list("addressee_verbs.txt")


def implicit_subject(cue: Token) -> Token | None:
    """Who does a participle cue ("remarking", "calling") whose subject the parse lost: the subject of the
    nearest clause above it in its sentence ("He tweeted when Clinton ended the debate with a reference
    to the film, remarking, '…'" → Clinton), else, for a participle opening its sentence, the name or
    pronoun its clause's comma leads to ("Addressing the gala Thursday, Trump described…")."""
    if cue.tag_ != "VBG":
        return None
    return _subject_above(cue) or _subject_after_opening(cue)


def _subject_above(cue: Token, steps: int = 5) -> Token | None:
    current = cue
    for _ in range(steps):
        if current.head.i == current.i:
            return _name_taken_for_root(current)
        current = current.head
        subjects = [child for child in current.children if child.dep_ in _SUBJECTS and child.i < cue.i]
        if subjects and current.pos_ in ("VERB", "AUX"):
            return max(subjects, key=lambda child: child.i)
    return None


def _name_taken_for_root(root: Token) -> Token | None:
    """A name opening its sentence that the parser made the root, its verb a modifier of the object:
    "Trump defended eminent domain, calling…" (Trump/ROOT, defended/amod of domain)."""
    following = root.doc[root.i + 1] if root.i + 1 < len(root.doc) else None
    if root.i != root.sent.start or not root.is_title or root.pos_ not in ("NOUN", "PROPN"):
        return None
    return root if following is not None and following.tag_ in ("VBD", "VBN", "VBZ") else None


def _subject_after_opening(cue: Token) -> Token | None:
    sentence = cue.sent
    if cue.i != sentence.start:
        return None
    comma = next((t for t in sentence if t.text == "," and t.i > cue.i), None)
    if comma is None or comma.i + 1 >= sentence.end:
        return None
    first = cue.doc[comma.i + 1]
    if first.tag_ == "PRP" and first.lower_ in ("he", "she", "they", "we", "i"):
        return first
    if first.pos_ != "PROPN":
        return None
    last = first
    while last.i + 1 < sentence.end and cue.doc[last.i + 1].pos_ == "PROPN":
        last = cue.doc[last.i + 1]
    return last


def _dateline_dash(token: Token) -> int | None:
    """The index of the dash after ``token`` when it is the place of a dateline opening its paragraph,
    "Philadelphia (AFP) – US President Barack Obama said…", which the parser takes for the subject."""
    doc = token.doc
    first = token.i
    while first > 0 and "\n" not in doc[first - 1].text_with_ws:
        first -= 1
        if token.i - first >= _DATELINE_TOKENS:
            return None  # too far into its paragraph to be in a dateline
    # Only the paragraph's opening tokens are read: ``doc.text`` is rebuilt on every access, and this
    # runs for every subject found.
    opening = doc[first : first + _DATELINE_TOKENS + 2]
    match = dateline_at(opening.text, 0)
    dash = opening.start_char + match.start("dash") if match is not None else -1
    if token.idx >= dash:
        return None
    return next((t.i for t in opening if t.idx >= dash), None)


def _apposition_after(place: Token, dash: int) -> Token | None:
    """The subject the parser hung on a dateline's place as an apposition after its dash, if any."""
    return next((child for child in place.rights if child.dep_ == "appos" and child.i > dash), None)


def agent_of(token: Token, *, nested: bool = False) -> Token | None:
    """The agent of a passive cue ("was announced by the ministry").

    With ``nested``, also a "by" phrase the parser hung on a prepositional phrase of the verb rather than
    on the verb itself: "conducted for the networks by Edison Research"."""
    for child in token.rights:
        if child.dep_ == "agent":
            for grandchild in child.children:
                if grandchild.dep_ == "pobj":
                    return grandchild
    return _nested_agent(token) if nested else None


def _nested_agent(verb: Token) -> Token | None:
    for token in verb.subtree:
        if token.lower_ != "by" or token.dep_ not in ("agent", "prep") or token.i < verb.i:
            continue
        link = token.head
        while link.i != verb.i and link.dep_ in ("prep", "pobj", "conj", "agent"):
            link = link.head
        if link.i == verb.i:
            return next((child for child in token.children if child.dep_ == "pobj"), None)
    return None
