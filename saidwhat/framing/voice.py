"""Voice: whose voice each sentence, or each clause of a sentence that mixes voices, is in.

Three kinds of segment come out, in text order, never crossing a sentence or a line break:

* **reported** (``Voice.REPORTED``, ``attribution`` = its id): inside an attribution's content;
* **reporting frame** (``Voice.OUTLET``, ``attribution`` = the id of the attribution it introduces):
  the outlet asserting that someone said something ("he claimed", "Peskov went on, arguing",
  "According to the Kremlin,"). It is the outlet's voice, but what it asserts is a speech event, not
  a claim about the world, and it is checked by checking the attribution;
* **outlet assertion** (``Voice.OUTLET``, no attribution): the outlet stating something in its own
  voice, unattributed — what a fact-checker reads first.

Outside attribution contents, each word is assigned by climbing its dependency heads: reaching a cue
word makes it part of that cue's frame, reaching a clause with its own subject that is not a cue
makes it part of an outlet assertion ("…, the Kremlin has claimed, *as Moscow continues to attack its
neighbor*"). A participle or prepositional phrase on the cue ("Speaking to Sky News on Friday,
Peskov said…") stays in the frame: it tells where the words were said. Punctuation joins the words
before it (or after it, at the start of a sentence). Datelines ("MOSCOW (Reuters) —") are left out:
they label the story, they neither report nor assert. A headline is a sentence like any other.
"""

from __future__ import annotations

from array import array
from collections.abc import Iterator
from dataclasses import dataclass

from spacy.tokens import Doc, Token

from saidwhat.model import Attribution, Span, Voice, VoiceSegment
from saidwhat.nlp.datelines import dateline_at

_SUBJECTS = frozenset({"nsubj", "nsubjpass", "csubj", "csubjpass", "expl"})
#: The dependents a verb may have and still be only part of a reporting frame when it governs a cue
#: ("Peskov went on, arguing that…", "Moscow then added…"): nothing it asserts on its own.
_FRAME_DEPS = _SUBJECTS | {"aux", "auxpass", "neg", "advmod", "prt", "punct", "cc", "mark"}
_GOVERNS_CUE = frozenset({"xcomp", "advcl", "conj", "ccomp", "parataxis", "dep"})

NO_ATTRIBUTION = -1


@dataclass(frozen=True, slots=True)
class Label:
    voice: Voice
    attribution: str | None

    @property
    def is_assertion(self) -> bool:
        return self.voice is Voice.OUTLET and self.attribution is None


ASSERTION = Label(Voice.OUTLET, None)


class VoiceLabeller:
    """Labels the words of one parsed article, given its attributions."""

    def __init__(self, doc: Doc, attributions: list[Attribution]) -> None:
        self._doc = doc
        self._ids = [a.id for a in attributions]
        text = self._text = doc.text  # spaCy joins the tokens on every access: read it once
        self._content = _owner_mask(
            len(text), ((i, s) for i, a in enumerate(attributions) for s in a.content)
        )
        self._cue_tokens = self._tokens_of(((i, a.cue) for i, a in enumerate(attributions)))
        self._source_tokens = self._tokens_of(((i, a.source) for i, a in enumerate(attributions)))
        self._datelines = _datelines(text)
        self._memo: dict[int, Label] = {}

    def segments(self) -> list[VoiceSegment]:
        segments: list[VoiceSegment] = []
        for sentence in _lines_of_sentences(self._doc):
            segments.extend(self._sentence_segments(sentence))
        return segments

    def _sentence_segments(self, tokens: list[Token]) -> Iterator[VoiceSegment]:
        words = [t for t in tokens if not t.is_space and not self._in_dateline(t)]
        labels = self._labels(words)
        text = self._text
        start = 0
        for end in range(1, len(words) + 1):
            if end == len(words) or labels[end] != labels[start]:
                first, last = words[start], words[end - 1]
                label = labels[start]
                span = Span.of(text, first.idx, last.idx + len(last.text))
                yield VoiceSegment(span=span, voice=label.voice, attribution=label.attribution)
                start = end

    def _labels(self, words: list[Token]) -> list[Label]:
        """Each word's label. Punctuation outside contents joins a neighbouring frame or assertion (the
        word before it, else the word after it), so no segment is punctuation alone."""
        labels: list[Label | None] = [
            None if t.is_punct and self._owner(t) == NO_ATTRIBUTION else self._label(t) for t in words
        ]
        resolved: list[Label] = []
        for index, label in enumerate(labels):
            if label is None:
                before = resolved[-1] if resolved else None
                after = next((x for x in labels[index + 1 :] if x is not None), None)
                label = _neighbour(before, after)
            resolved.append(label)
        return resolved

    def _label(self, token: Token) -> Label:
        owner = self._owner(token)
        if owner != NO_ATTRIBUTION:
            return Label(Voice.REPORTED, self._ids[owner])
        if token.i not in self._memo:
            self._memo[token.i] = self._climb(token)
        return self._memo[token.i]

    def _climb(self, token: Token) -> Label:
        """The label of a word outside every content: that of the first cue or clause above it."""
        if token.i in self._cue_tokens:
            return self._frame(self._cue_tokens[token.i])
        framed = self._framed_cue(token)
        if framed is not None:  # "Peskov went on, arguing…": the verb only carries the cue
            return self._frame(framed)
        if self._asserts(token):
            return ASSERTION
        head = token.head
        source = self._source_tokens.get(token.i)
        if head.i == token.i:  # the root, neither a cue nor a clause: a fragment ("Kerry: …")
            return self._frame(source) if source is not None else ASSERTION
        if self._owner(head) != NO_ATTRIBUTION:
            # Hung by the parser inside a reported clause but outside its content: the outlet's words
            # ("It came after requests from… [in combatting what they claimed was…]").
            return ASSERTION
        if source is not None and self._source_tokens.get(head.i) != source:
            # The source's own head: a source is in its cue's frame unless it is the subject of an
            # assertion of the outlet's ("the two sides met in Belarus and discussed…").
            above = self._label(head)
            return above if above.is_assertion and self._asserts(head) else self._frame(source)
        return self._label(head)

    def _asserts(self, token: Token) -> bool:
        """A clause the outlet asserts: a verb with a subject of its own, or a predicate coordinated
        with a cue ("Moscow has opposed…, and embarked on a mission…"), that is not a cue."""
        if token.i in self._cue_tokens or token.pos_ not in {"VERB", "AUX"}:
            return False
        if any(c.dep_ in _SUBJECTS for c in token.children):
            return True
        return token.dep_ == "conj" and token.head.i in self._cue_tokens

    def _framed_cue(self, token: Token) -> int | None:
        """The attribution whose cue ``token`` governs when its subject is that attribution's source
        and it asserts nothing else: "Peskov went on, arguing…", "He then added…"."""
        if token.pos_ not in {"VERB", "AUX"}:
            return None
        cues = [
            self._cue_tokens[c.i]
            for c in token.children
            if c.i in self._cue_tokens and c.dep_ in _GOVERNS_CUE
        ]
        subjects = {self._source_tokens.get(c.i) for c in token.children if c.dep_ in _SUBJECTS}
        others = [c for c in token.children if c.i not in self._cue_tokens and c.dep_ not in _FRAME_DEPS]
        return cues[0] if cues and cues[0] in subjects and not others else None

    def _frame(self, attribution: int) -> Label:
        return Label(Voice.OUTLET, self._ids[attribution])

    def _owner(self, token: Token) -> int:
        return self._content[token.idx]

    def _in_dateline(self, token: Token) -> bool:
        return any(start <= token.idx < end for start, end in self._datelines)

    def _tokens_of(self, spans: Iterator[tuple[int, Span | None]]) -> dict[int, int]:
        tokens: dict[int, int] = {}
        for index, span in spans:
            if span is None:
                continue
            token_span = self._doc.char_span(span.start, span.end, alignment_mode="expand")
            for token in token_span or ():
                tokens.setdefault(token.i, index)
        return tokens


def _neighbour(before: Label | None, after: Label | None) -> Label:
    for candidate in (before, after):
        if candidate is not None and candidate.voice is Voice.OUTLET:
            return candidate
    return before or after or ASSERTION


def voice_segments(doc: Doc, attributions: list[Attribution]) -> list[VoiceSegment]:
    """The voice of every sentence of ``doc`` (clause by clause where it mixes voices), in text order."""
    return VoiceLabeller(doc, attributions).segments()


def _owner_mask(length: int, spans: Iterator[tuple[int, Span]]) -> array[int]:
    """For each character, the index of the attribution whose content holds it (settled contents
    never overlap), or NO_ATTRIBUTION."""
    mask = array("i", [NO_ATTRIBUTION]) * length
    for index, span in spans:
        mask[span.start : span.end] = array("i", [index]) * (span.end - span.start)
    return mask


def _lines_of_sentences(doc: Doc) -> Iterator[list[Token]]:
    """The sentences of ``doc``, cut again at line breaks (the parser sometimes runs a sentence on
    over a paragraph break; a paragraph never shares a sentence with the next)."""
    for sentence in doc.sents:
        line: list[Token] = []
        for token in sentence:
            if token.is_space and "\n" in token.text:
                if line:
                    yield line
                line = []
            else:
                line.append(token)
        if line:
            yield line


def _datelines(text: str) -> list[tuple[int, int]]:
    """Datelines at the start of a paragraph among the first three."""
    found: list[tuple[int, int]] = []
    start = 0
    for _ in range(3):
        match = dateline_at(text, start)
        if match is not None:
            found.append((match.start(), match.end()))
        start = text.find("\n", start) + 1
        if start == 0:
            break
    return found
