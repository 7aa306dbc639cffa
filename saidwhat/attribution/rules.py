"""Attribution rules over the dependency parse. Each rule proposes :class:`Draft` attributions;
``extract.py`` settles overlaps between them, resolves speakers and assigns ids.

Rules, in order of precedence:
- clausal cues: a cue word with a clausal complement ("said that…", "“…,” he claimed", "argued that “…”");
- nominal cues: "the claim by X that…", "X's assertion that…";
- "according to X, …";
- reporting clauses opened by "as": "As BuzzFeed News first reported, …", "…, as Breitbart reported";
- viewpoints: "To X, …", "For X, …" (what X holds, fronted);
- object cues: a reliable cue with a nominal object ("called Kiev’s incorporation a “red line”");
- quotations whose cue sits beside them but outside the parse's reach (a colon or the next clause);
- follow-on quotations: a paragraph that is a quotation with no cue continues the previous speaker.
"""

from __future__ import annotations

import bisect
import re
from collections.abc import Iterator
from dataclasses import dataclass

from spacy.tokens import Doc, Token

from saidwhat.attribution.cues import (
    CueLexicon,
    agent_of,
    cue_range,
    implicit_subject,
    is_addressed,
    subject_of,
    word_list,
)
from saidwhat.attribution.quotes import Quotation
from saidwhat.entities.labels import speaker_labels
from saidwhat.entities.nominals import artefact_kind_of, is_human_noun
from saidwhat.model import AttributionKind

Range = tuple[int, int]
_TRIM = " \t\n,;:—–-"
_CLAUSAL = frozenset({"ccomp", "parataxis"})
_NOMINAL_CLAUSE = frozenset({"acl", "ccomp", "relcl"})
_OBJECTS = frozenset({"dobj", "attr", "oprd", "xcomp", "dative"})
_WH_OBJECTS = frozenset({"what", "whatever"})
_SIGN_OFF = re.compile(r"[^\S\n]*([—–―]|--?)[^\S\n]*(?=\w)")  # no-break spaces too
_ACTOR_ENTITIES = frozenset({"PERSON", "ORG", "NORP", "GPE"})
_OBJECT_COMPLEMENTS = frozenset({"prep", "advmod", "npadvmod"})
_CLAUSE_TAIL = frozenset({"advcl", "prep", "npadvmod", "advmod"})
_TOPIC_PREPOSITIONS = frozenset({"about", "on", "over", "for", "against"})
#: Passive subjects that stand for no content ("it was reported that…" is the clausal rule's).
_EXPLETIVES = frozenset({"it", "there"})
#: Fronted prepositions that introduce whose view a sentence gives ("To Sexton, …", "For many, …").
_VIEWPOINT_PREPOSITIONS = frozenset({"to", "for"})
#: Pronouns that can hold a view ("To them, …", "For many, …").
_VIEWPOINT_PRONOUNS = frozenset({"him", "her", "them", "us", "me", "many", "some", "others", "most"})
_PLACES = frozenset({"GPE", "LOC", "FAC"})
#: Prepositions whose object can be what a verb reports ("pointed to", "sided with", "lashed out at").
_OBJECT_PREPOSITIONS = _TOPIC_PREPOSITIONS | {"to", "with", "at", "behind", "of", "into", "toward", "towards"}


@dataclass(frozen=True, slots=True)
class RuleSettings:
    """How generous the rules are. They propose; the scorer (``scoring.py``) decides, so the
    thresholds on a cue's learned reliability (see ``cues.py``) only keep out hopeless drafts."""

    clausal_cue: float = 0.0
    quote_cue: float = 0.0
    object_cue: float = 0.05
    nominal_cue: float = 0.05
    min_count: int = 2
    #: A cue this reliable ("said", "told", "wrote") reports speech whatever its object.
    speech_verb: float = 0.6
    #: A verb this reliable inside a complement starts a report of its own (", noting that…").
    embedded_cue: float = 0.3
    #: Quotations of at most this many words with no speaker are scare quotes, not attributions.
    scare_quote_words: int = 5


@dataclass(slots=True)
class Draft:
    kind: AttributionKind
    cue: Range | None
    source: Range | None
    content: list[Range]
    cue_token: int | None = None
    #: The rule that proposed it (a feature of the scorer).
    rule: str = ""
    #: Probability that this is a real attribution, from the scorer (``scoring.py``).
    probability: float = 1.0
    #: For a follow-on quotation, the draft it continues.
    continues: Draft | None = None

    @property
    def content_range(self) -> Range:
        return self.content[0][0], self.content[-1][1]


class Rules:
    """The rules for one parsed article."""

    def __init__(
        self, doc: Doc, quotations: list[Quotation], lexicon: CueLexicon, settings: RuleSettings
    ) -> None:
        self.doc = doc
        self.text = doc.text
        self.quotations = quotations
        self._quotation_starts = [q.start for q in quotations]
        self.lexicon = lexicon
        self.settings = settings

    # -- helpers -----------------------------------------------------------------------------------

    def trim(self, start: int, end: int) -> Range | None:
        """Strip outer whitespace and clause punctuation, then widen to whole quotations it cuts."""
        while start < end and self.text[start] in _TRIM:
            start += 1
        while end > start and self.text[end - 1] in _TRIM + ".":
            end -= 1
        if end <= start:
            return None
        for quotation in self.overlapping(start, end):
            start, end = min(start, quotation.start), max(end, quotation.end)
        return (start, end) if end > start else None

    def overlapping(self, start: int, end: int) -> list[Quotation]:
        """The quotations overlapping [start, end), found by bisection: quotations do not overlap
        one another, so this stays linear in the article's length overall."""
        found: list[Quotation] = []
        index = bisect.bisect_left(self._quotation_starts, end) - 1
        while index >= 0 and self.quotations[index].end > start:
            found.append(self.quotations[index])
            index -= 1
        return found[::-1]

    def subtree(self, token: Token) -> Range | None:
        return self.trim(token.left_edge.idx, token.right_edge.idx + len(token.right_edge))

    def kind_of(self, content: Range) -> AttributionKind:
        inside = [q for q in self.overlapping(*content) if content[0] <= q.start and q.end <= content[1]]
        if not inside:
            return AttributionKind.INDIRECT
        quoted = sum(q.end - q.start for q in inside)
        bare = self.text[content[0] : content[1]]
        # "that “…”" is still a direct quote: only a few words stand outside the marks.
        if quoted >= len(bare.strip()) - 6:
            return AttributionKind.DIRECT
        return AttributionKind.MIXED

    def source_range(self, cue: Token) -> Range | None:
        outer = self._speech_verb_before(cue) or self._outer_report(cue)
        verb = outer or cue
        subject = subject_of(verb)
        if subject is not None and subject.head.i == verb.i and is_addressed(subject):
            subject = None  # "Trump was asked, “…”": who was asked, not who asked (but "…, and said")
        if subject is not None and subject.dep_ == "nsubjpass" and subject.head.i == cue.i:
            # "Clinton has been attacked on the speeches by Bernie Sanders": the one attacked is what
            # was talked about; the agent, wherever the parse hung its "by", is who spoke.
            subject = agent_of(cue, nested=True) or subject
        subject = subject or agent_of(cue)
        if subject is None:
            modified = self._modified_noun(cue)
            subject = implicit_subject(cue) if modified is None else None
            if subject is None:
                return modified
        return self._subject_range(subject, cue)

    def _subject_range(self, subject: Token, cue: Token) -> Range | None:
        # A name the parser made the sentence's root heads the whole sentence: the source is the name.
        last = subject if subject.dep_ == "ROOT" else subject.right_edge
        end = last.idx + len(last)
        for clause in subject.rights:
            # "Weaver, who said business executives often fail…": the relative clause reports speech
            # of its own, so it is an attribution (source "who"), not part of this source.
            if clause.dep_ == "relcl" and self._reports_speech(clause):
                end = min(end, clause.left_edge.idx)
        return self.trim(*self._within_paragraph(subject.left_edge.idx, end, cue))

    def _speech_verb_before(self, cue: Token) -> Token | None:
        """The speech verb a participle cue follows after a comma, whose subject it shares whatever the
        parse hung it on: "She had struggled her whole life, Cruz explained, recalling the time…"."""
        if cue.tag_ != "VBG" or cue.i < 2 or cue.doc[cue.i - 1].text != ",":
            return None
        verb = cue.doc[cue.i - 2]
        if verb.pos_ != "VERB" or self.lexicon.reliability(verb) < self.settings.speech_verb:
            return None
        return verb if any(child.dep_ in ("nsubj", "nsubjpass") for child in verb.children) else None

    def _modified_noun(self, cue: Token) -> Range | None:
        """The noun a participle cue modifies speaks: "a Donald Trump tweet attacking a former Miss
        Universe", "a statement saying…" (the noun and its modifiers before it, not the participle)."""
        head = cue.head
        if cue.dep_ != "acl" or cue.tag_ != "VBG" or head.i > cue.i or not self._can_speak(head):
            return None
        # An English NP opens with its determiner: what the parser hangs before it is no part of it.
        determiners = [child for child in head.lefts if child.dep_ in {"det", "poss"}]
        first = determiners[0] if determiners else head.left_edge
        return self.trim(*self._within_paragraph(first.idx, head.idx + len(head), cue))

    @staticmethod
    def _can_speak(noun: Token) -> bool:
        """A name, a person or group ("protesters"), or an artefact that speaks for its issuer ("tweet")."""
        if noun.pos_ == "PROPN" or noun.ent_type_ in _ACTOR_ENTITIES:
            return True
        return noun.pos_ == "NOUN" and (is_human_noun(noun) or artefact_kind_of(noun) is not None)

    def _within_paragraph(self, start: int, end: int, cue: Token) -> Range:
        """The part of a source in its cue's paragraph: the parser sometimes takes a quotation or a
        live-blog time stamp in the paragraph before as the start of the subject ("“…”\n\nSanders,
        who…, said")."""
        if start < cue.idx:
            start = max(start, self.text.rfind("\n", 0, cue.idx) + 1)
        if end > cue.idx:
            paragraph_end = self.text.find("\n", cue.idx)
            end = end if paragraph_end == -1 else min(end, paragraph_end)
        return start, end

    def _reports_speech(self, verb: Token) -> bool:
        return self.lexicon.reliability(verb) >= self.settings.embedded_cue and any(
            child.dep_ in _CLAUSAL for child in verb.children
        )

    def reliable(self, token: Token, threshold: float) -> bool:
        return (
            self.lexicon.count(token) >= self.settings.min_count
            and self.lexicon.reliability(token) >= threshold
        )

    # -- rules -------------------------------------------------------------------------------------

    def clausal(self) -> Iterator[Draft]:
        for token in self.doc:
            if token.pos_ not in {"VERB", "AUX"} or not self.reliable(token, self.settings.clausal_cue):
                continue
            complements = [c for c in token.children if c.dep_ in _CLAUSAL] + _misparsed_complements(token)
            if complements:
                # '“It's our bad luck,” he said, “that both men…”': every complement is content.
                pieces = [p for c in complements if (p := self._complement(token, c)) is not None]
                pieces = [p for p in pieces if not p[0] <= token.idx < p[1] and self._before_break(p, token)]
                pieces = [p for p in map(self._one_sentence, pieces, [token] * len(pieces)) if p is not None]
                if pieces:
                    yield self._draft(token, sorted(pieces), "clausal")
            elif (wh_pieces := self._wh_content(token)) is not None:
                yield self._draft(token, wh_pieces, "wh")

    def _before_break(self, piece: Range, cue: Token) -> bool:
        """False for a complement in another paragraph than its cue: the parser sometimes hangs a
        paragraph on the next or previous one's verb, but a reported clause does not cross a
        paragraph break to reach its cue (25 of 19,831 PolNeAR train cues before the content, all
        multi-paragraph quotations, which the follow-on rule attaches instead)."""
        if piece[1] <= cue.idx:
            return "\n" not in self.text[piece[1] : cue.idx]
        return piece[0] <= cue.idx or "\n" not in self.text[cue.idx : piece[0]]

    def _one_sentence(self, piece: Range, cue: Token) -> Range | None:
        """A complement before its cue starts in the sentence it ends in, and one after it ends in
        its paragraph: the parser sometimes hangs the sentence before on the cue ("So even
        economists… agree that… ''On a blackboard, the VAT's a great tax,'' said…"). A quotation the
        cut falls inside is kept whole (``trim``)."""
        start, end = piece
        if end <= cue.idx:
            last = self.doc.char_span(start, end, alignment_mode="contract")
            if last is not None and len(last):
                start = max(start, last[-1].sent.start_char)
        else:
            paragraph_end = self.text.find("\n", start)
            end = end if paragraph_end == -1 else min(end, paragraph_end)
        return self.trim(start, end)

    def _complement(self, cue: Token, complement: Token) -> Range | None:
        """A clausal complement, extended over what the parser hung on the cue after it
        ("experts said money is needed to develop a vaccine, educate the public…")."""
        last = complement
        if complement.i > cue.i:
            for child in cue.rights:
                if child.i <= complement.i:
                    continue
                if (
                    child.dep_ not in _CLAUSE_TAIL
                    or self.lexicon.reliability(child) >= self.settings.object_cue
                ):
                    break  # ", noting that…" is an attribution of its own
                last = child
        end = last.right_edge.idx + len(last.right_edge)
        if (embedded := self._embedded_cue(cue, complement)) is not None:
            end = min(end, embedded)
        return self.trim(complement.left_edge.idx, end)

    def _outer_report(self, cue: Token) -> Token | None:
        """The cue whose complement the parser wrongly hung this one inside (see ``_embedded_cue``):
        the two share the outer cue's subject ("Lewandowski said that …, noting that …")."""
        if cue.dep_ not in {"advcl", "conj"}:
            return None
        for ancestor in cue.ancestors:
            if ancestor.dep_ in _CLAUSAL and self.reliable(ancestor.head, self.settings.clausal_cue):
                start = self._embedded_cue(ancestor.head, ancestor)
                return ancestor.head if start is not None and start <= cue.idx else None
        return None

    def _embedded_cue(self, cue: Token, complement: Token) -> int | None:
        """Where a second report that the parser hung inside the complement begins: "said that the
        candidate was not contradicting his stance, noting that…", "said she admires his determination
        and highlighted…" are two attributions in PolNeAR, the second with a cue of its own."""
        for token in complement.subtree:
            if token.i <= complement.i or token.pos_ != "VERB":
                continue
            if self.lexicon.reliability(token) < self.settings.embedded_cue:
                continue
            participle = token.dep_ == "advcl" and token.tag_ == "VBG"
            coordinated = token.dep_ == "conj" and token.tag_ == cue.tag_
            if participle or coordinated:
                first = token.left_edge
                while first.i > complement.i and (first.nbor(-1).is_punct or first.nbor(-1).dep_ == "cc"):
                    first = first.nbor(-1)
                return first.idx
        return None

    def _wh_content(self, token: Token) -> list[Range] | None:
        """'what they claimed was an uptick…': the wh-object and the clause after the cue (two pieces,
        since the source and cue sit between them)."""
        objects = [c for c in token.children if c.dep_ == "dobj" and c.lower_ in _WH_OBJECTS]
        if not objects:
            return None
        rights = [c for c in token.rights if c.dep_ not in {"punct", "prt"}]
        following = token.nbor(1) if token.i + 1 < len(self.doc) else None
        if rights:  # "what he calls corruption in politics"
            rest = self.trim(rights[0].left_edge.idx, rights[-1].right_edge.idx + len(rights[-1].right_edge))
        elif following is not None and following.pos_ in {
            "AUX",
            "VERB",
        }:  # "what they claimed was an uptick…"
            rest = self.trim(following.idx, following.right_edge.idx + len(following.right_edge))
        else:
            return None
        wh = objects[0]
        if rest is None or rest[0] <= token.idx < rest[1] or self.overlapping(wh.idx, token.idx + len(token)):
            return None  # speech reported inside a quotation belongs to the quotation
        return [(wh.idx, wh.idx + len(wh)), rest]

    def parenthetical(self) -> Iterator[Draft]:
        """'But the years that followed, he said, brought a shift': the cue is parenthetical to the
        clause it reports, which becomes the content (in two pieces around the cue)."""
        for token in self.doc:
            if (
                token.dep_ != "parataxis"
                or token.pos_ != "VERB"
                or not self.reliable(token, self.settings.clausal_cue)
            ):
                continue
            head = token.head
            pieces = self._around(token, head.left_edge.idx, head.right_edge.idx + len(head.right_edge))
            if pieces:
                yield self._draft(token, pieces, "parenthetical")

    def as_report(self) -> Iterator[Draft]:
        """'As BuzzFeed News first reported, Mr. Trump voiced support…', '…, as Breitbart reported a few
        weeks ago': a reporting clause opened by "as", with a subject, hung on the clause it reports,
        which becomes the content (in up to two pieces around the "as" clause, within the sentence)."""
        for token in self.doc:
            if (
                token.dep_ != "advcl"
                or token.pos_ != "VERB"
                or not any(child.dep_ == "mark" and child.lower_ == "as" for child in token.children)
                or subject_of(token, through=frozenset()) is None
                or not self.reliable(token, self.settings.clausal_cue)
            ):
                continue
            head, sentence = token.head, token.sent
            outer_start = max(head.left_edge.idx, sentence.start_char)
            outer_end = min(head.right_edge.idx + len(head.right_edge), sentence.end_char)
            pieces = self._around(token, outer_start, outer_end)
            if pieces:
                yield self._draft(token, pieces, "as_report")

    def _around(self, cue: Token, outer_start: int, outer_end: int) -> list[Range]:
        """The reported clause [outer_start, outer_end) less the cue's own clause: the pieces before and
        after it, trimmed, none holding the cue."""
        inner_start = cue.left_edge.idx
        inner_end = cue.right_edge.idx + len(cue.right_edge)
        return [
            piece
            for piece in (self.trim(outer_start, inner_start), self.trim(inner_end, outer_end))
            if piece is not None and not (piece[0] <= cue.idx < piece[1])
        ]

    def adjectival(self) -> Iterator[Draft]:
        """'Her advisers are not convinced that…', 'They aren't sure they've cracked the case'."""
        for token in self.doc:
            if token.pos_ != "ADJ" or token.dep_ != "acomp":
                continue
            complements = [c for c in token.rights if c.dep_ in {"ccomp", "xcomp"}]
            if not complements:
                continue
            content = self.subtree(complements[0])
            if content is not None:
                yield self._draft(token, [content], "adjectival")

    def nominal(self) -> Iterator[Draft]:
        for token in self.doc:
            if token.pos_ != "NOUN" or not self.reliable(token, self.settings.nominal_cue):
                continue
            clause = next(
                (
                    c
                    for c in token.rights
                    if c.dep_ in _NOMINAL_CLAUSE and any(g.lower_ == "that" for g in c.lefts)
                ),
                None,
            )
            rule = "nominal"
            # "concerns about police brutality", "his attacks on Clinton": with no that-clause, what
            # the noun is about, learned per preposition by the scorer.
            about = clause if clause is not None else self._prepositional_object(token)
            if about is None:
                continue
            if clause is None:
                rule = f"nominal_prep:{about.head.lower_}"
            content = self.subtree(about)
            source = self._nominal_source(token, about)
            if content is not None:
                yield Draft(
                    self.kind_of(content),
                    (token.idx, token.idx + len(token)),
                    source,
                    [content],
                    token.i,
                    rule,
                )

    @staticmethod
    def _prepositional_object(noun: Token) -> Token | None:
        for child in noun.rights:
            if child.dep_ == "prep" and child.lower_ in _OBJECT_PREPOSITIONS:
                objects = [g for g in child.children if g.dep_ in {"pobj", "pcomp"}]
                if objects:
                    return objects[0]
        return None

    def _nominal_source(self, noun: Token, content: Token) -> Range | None:
        for child in noun.children:
            if child.i == content.head.i:  # spaCy makes a new Token object per access: never `is`
                continue
            if child.dep_ == "poss":
                return self.trim(child.left_edge.idx, child.idx + len(child))
            if child.dep_ == "prep" and child.lower_ in {"by", "from", "of"}:
                objects = [g for g in child.children if g.dep_ == "pobj"]
                if objects:
                    return self.subtree(objects[0])
            if child.dep_ == "compound" and child.i == noun.i - 1 and child.text[:1].isupper():
                # "the Kremlin claim that …"; and "Trump predicts that …", which the small model
                # reads as a noun phrase
                return self.trim(child.left_edge.idx, child.idx + len(child))
        return self._light_verb_subject(noun)

    def _light_verb_subject(self, noun: Token) -> Range | None:
        """A cue noun that is the object of a light verb is its subject's: "It makes no mention of
        Clinton", "his speech carried little mention of them" (light_verbs.txt)."""
        if noun.dep_ != "dobj" or noun.head.lemma_.lower() not in word_list("light_verbs.txt"):
            return None
        subject = subject_of(noun.head)
        return self._subject_range(subject, noun) if subject is not None else None

    def according_to(self) -> Iterator[Draft]:
        for token in self.doc:
            if token.lower_ != "according" or token.i + 1 >= len(self.doc) or token.nbor(1).lower_ != "to":
                continue
            to = token.nbor(1)
            objects = [c for c in to.children if c.dep_ == "pobj"]
            source = self.subtree(objects[0]) if objects else None
            prep_end = to.right_edge.idx + len(to.right_edge)
            sentence = token.sent
            before = self.trim(sentence.start_char, token.idx)
            after = self.trim(prep_end, sentence.end_char)
            content = [r for r in (before, after) if r is not None]
            if content:
                yield Draft(
                    AttributionKind.ACCORDING_TO,
                    (token.idx, to.idx + len(to)),
                    source,
                    content,
                    token.i,
                    "according",
                )

    def viewpoint(self) -> Iterator[Draft]:
        """ "To Sexton, Tuesday marked a turning point", "For most Democrats, the Clinton years remain the
        good old days": a fronted "to" or "for" phrase naming who holds the view, then a comma, then the
        view. The phrase opens its sentence (after at most a conjunction: "But for Republicans, …"), and
        its object is an actor: a person, organisation or group named, a human noun, or a pronoun."""
        for token in self.doc:
            if token.lower_ not in _VIEWPOINT_PREPOSITIONS or token.dep_ != "prep":
                continue
            opening = token.sent.start
            if token.i > opening and not (token.i == opening + 1 and token.nbor(-1).pos_ == "CCONJ"):
                continue
            holder = next((c for c in token.children if c.dep_ == "pobj"), None)
            if holder is None or not self._viewpoint_holder(holder):
                continue
            comma = token.right_edge.i + 1
            if comma >= len(self.doc) or self.doc[comma].text != ",":
                continue
            content = self.trim(self.doc[comma].idx + 1, token.sent.end_char)
            source = self.subtree(holder)
            if content is None or source is None:
                continue
            yield Draft(
                self.kind_of(content),
                (token.idx, token.idx + len(token)),
                source,
                [content],
                token.i,
                "viewpoint",
            )

    @staticmethod
    def _viewpoint_holder(holder: Token) -> bool:
        """Whether a "to"/"for" object can hold a view: an actor named, a human noun, a pronoun."""
        if holder.ent_type_ in _ACTOR_ENTITIES:
            return True
        return is_human_noun(holder) or holder.lower_ in _VIEWPOINT_PRONOUNS

    def objects(self) -> Iterator[Draft]:
        """'called Kiev’s incorporation a “red line”', 'criticized Trump', 'discussed creating corridors'."""
        for token in self.doc:
            if token.pos_ != "VERB" or not self.reliable(token, self.settings.object_cue):
                continue
            if any(c.dep_ in _CLAUSAL for c in token.children):
                continue
            rights = [c for c in token.rights if c.dep_ in _OBJECTS]
            topic = self._topic(token) if not rights else None
            if topic is not None:
                preposition, about = topic
                # "talks about Trump" is the classic topic; "pointed to China", "weighed in with her
                # support" are learned per preposition by the scorer.
                rule = "topic" if preposition.lower_ in _TOPIC_PREPOSITIONS else f"prep:{preposition.lower_}"
                said = self._before_agent(token, about)
                if said is None:
                    continue
                draft = self._draft(token, [said], rule)
                if draft.cue is not None and preposition.idx == draft.cue[1] + 1:
                    draft.cue = (draft.cue[0], preposition.idx + len(preposition))  # "talks about"
                yield draft
                continue
            if not rights:
                continue
            # "polls show Sanders within two points of Clinton": the object and what completes it, up
            # to the first clause of another kind ("issued a statement after Trump told a town hall …,
            # compared to …": the statement, not Trump's words).
            last = rights[0]
            for child in token.rights:
                if child.i <= rights[0].i or child.dep_ == "punct":
                    continue
                if child.dep_ not in _OBJECT_COMPLEMENTS | _OBJECTS:
                    break
                last = child
            said = self.trim(rights[0].left_edge.idx, last.right_edge.idx + len(last.right_edge))
            if said is None:
                continue
            reliable = self.lexicon.reliability(token) >= self.settings.speech_verb
            # An object that cannot be speech ("issued 700,000 passports") is still proposed, under its
            # own rule name, so the scorer learns from train how often such objects are attributed.
            communicative = reliable or self._communicative(rights, said)
            # "Moscow continues to attack its neighbor": for a place acting, a clause object is what
            # it does, not what it says, unless the verb reports speech.
            nominal = [r for r in rights if r.dep_ != "xcomp"]
            if self._place_acting(token) and not (reliable or self._communicative(nominal, said)):
                continue
            yield self._draft(token, [said], "object" if communicative else "object_act")

    def passive(self) -> Iterator[Draft]:
        """'His comments were quickly derided (by Democrats)': the passive subject is what was
        reported on, the agent (if any) the source."""
        for token in self.doc:
            if token.pos_ != "VERB" or not self.reliable(token, self.settings.object_cue):
                continue
            if any(c.dep_ in _CLAUSAL for c in token.children):
                continue  # "it was reported that …" is the clausal rule's
            subjects = [c for c in token.lefts if c.dep_ == "nsubjpass" and c.lower_ not in _EXPLETIVES]
            content = self.subtree(subjects[0]) if subjects else None
            if content is None:
                continue
            agent = agent_of(token, nested=True)
            source = self.subtree(agent) if agent is not None else None
            yield Draft(self.kind_of(content), cue_range(token), source, [content], token.i, "passive")

    def _before_agent(self, verb: Token, content: Range) -> Range | None:
        """``content`` up to the "by" of the passive verb's agent when the parse hung it inside ("was
        attacked on the speeches by Bernie Sanders": the agent is the source, not what was said)."""
        agent = agent_of(verb, nested=True)
        if agent is None or not content[0] <= agent.head.idx < content[1]:
            return content
        return self.trim(content[0], agent.head.idx)

    @staticmethod
    def _place_acting(verb: Token) -> bool:
        """A country or city doing something to a thing that is not speech ("Moscow has issued 700,000
        passports", "Moscow continues to attack its neighbor") reports an act of state, not what
        anyone said; PolNeAR, all US campaign news, has too few such sentences to teach the scorer."""
        subject = subject_of(verb)
        return subject is not None and subject.ent_type_ in _PLACES

    def _topic(self, token: Token) -> tuple[Token, Range] | None:
        """'talks about Trump', 'asked about the deportations': what the talk was about."""
        for child in token.rights:
            if child.dep_ == "prep" and child.lower_ in _OBJECT_PREPOSITIONS:
                objects = [g for g in child.children if g.dep_ in {"pobj", "pcomp"}]
                content = self.subtree(objects[0]) if objects else None
                if content is not None:
                    return child, content
            if child.dep_ == "advcl" and (clause := self._for_clause(child)) is not None:
                return clause
        return None

    def _for_clause(self, clause: Token) -> tuple[Token, Range] | None:
        """'is calling for the United States to step up its efforts': the parser makes "for" the mark
        of an infinitive clause; what was called for is the clause after it."""
        mark = clause.left_edge
        if mark.dep_ != "mark" or mark.head != clause or mark.lower_ not in _TOPIC_PREPOSITIONS:
            return None
        content = self.trim(mark.idx + len(mark), clause.right_edge.idx + len(clause.right_edge))
        return (mark, content) if content is not None else None

    def _communicative(self, objects: list[Token], content: Range) -> bool:
        """Whether an object can be what someone said or thought, rather than what they did:
        a quotation, a clause ("discussed creating corridors"), someone judged ("criticized Trump"),
        or an utterance noun ("issued a statement" — nouns that head cues in PolNeAR train).
        "Moscow has issued more than 700,000 passports" reports an act, not speech."""
        if any(content[0] <= q.start and q.end <= content[1] for q in self.overlapping(*content)):
            return True
        for head in objects:
            if head.pos_ in {"VERB", "AUX"} or head.ent_type_ in _ACTOR_ENTITIES:
                return True
            if head.pos_ in {"PRON", "PROPN"} and head.lower_ not in {"it", "this", "that", "them"}:
                return True
            if head.pos_ == "NOUN" and self.lexicon.count(head) >= self.settings.min_count:
                return True
        return False

    def quoted(self) -> Iterator[Draft]:
        """Quotations with a cue just after or before them, outside the parse's reach."""
        for quotation in self.quotations:
            after = self._cue_after(quotation)
            cue = after or self._cue_before(quotation)
            if cue is not None:
                yield self._draft(
                    cue, [(quotation.start, quotation.end)], "quote_after" if after else "quote_before"
                )

    def dash_signoff(self) -> Iterator[Draft]:
        """'“We will not surrender.” — Volodymyr Zelensky': a quotation signed with a dash and a name."""
        for quotation in self.quotations:
            match = _SIGN_OFF.match(self.text, quotation.end)
            if match is None:
                continue
            line_end = self.text.find("\n", match.end())
            after = self.doc.char_span(
                match.end(), len(self.text) if line_end == -1 else line_end, alignment_mode="contract"
            )
            names = []
            ends_line = True  # a sign-off is the name, then at most a comma and a description
            for token in after or []:
                if token.pos_ != "PROPN":
                    ends_line = token.text in {",", "("}
                    break
                names.append(token)
            dash = self.doc.char_span(*match.span(1), alignment_mode="expand")
            if names and ends_line and dash is not None:
                source = (names[0].idx, names[-1].idx + len(names[-1]))
                content = [(quotation.start, quotation.end)]
                yield Draft(AttributionKind.DIRECT, match.span(1), source, content, dash[0].i, "dash")

    def _cue_after(self, quotation: Quotation) -> Token | None:
        """'“…,” he claimed' / '“…,” said Peskov': a cue within the clause after the closing mark."""
        span = self.doc.char_span(
            quotation.end, min(len(self.text), quotation.end + 80), alignment_mode="contract"
        )
        if span is None or self._ends_sentence(quotation):
            return None
        for token in span:
            if (token.is_sent_start and token.i != span.start) or token.text in {".", "“", '"'}:
                return None
            if "\n" in token.text:
                return None  # a cue never reaches over a paragraph break
            if token.pos_ == "VERB" and self.reliable(token, self.settings.quote_cue):
                return token
        return None

    def _ends_sentence(self, quotation: Quotation) -> bool:
        """'“… the total vote gap.” Trump has also announced…': a quotation closed by a full stop and
        followed by a capitalised word ends its sentence, so the verb after it is not its cue (the
        parser does not always start a sentence there). '“Why not?” Trump asked' keeps its cue."""
        inner_end = quotation.inner[1]
        if inner_end <= quotation.start or self.text[inner_end - 1] != ".":
            return False
        following = self.text[quotation.end : quotation.end + 40].lstrip(" \t")
        return following[:1].isupper()

    def _cue_before(self, quotation: Quotation) -> Token | None:
        """'The minister said: “…”': a cue ending just before the opening mark with a colon or comma."""
        span = self.doc.char_span(max(0, quotation.start - 80), quotation.start, alignment_mode="contract")
        tokens = list(span) if span is not None else []
        # "Cruz continued:\n\n“…”": a colon may close the paragraph before the quotation's
        breaks = bool(tokens) and tokens[-1].is_space and "\n" in tokens[-1].text
        while tokens and tokens[-1].is_space:
            tokens.pop()
        if not tokens or tokens[-1].text not in ({":"} if breaks else {":", ","}):
            return None
        for token in reversed(tokens):
            if token.text in {".", "\n", "”", '"'}:
                return None
            if token.pos_ == "VERB" and self.reliable(token, self.settings.quote_cue):
                return token
        return None

    def speaker_turns(self) -> Iterator[Draft]:
        """'"PENCE: Well, look, …': a transcript's turn, its speaker's label to the paragraph's end.
        The turn's words are the speaker's own, whether or not the outlet put them in quote marks."""
        for label in speaker_labels(self.doc):
            colon = self.doc.char_span(label.colon, label.colon + 1)
            line_end = self.text.find("\n", label.colon)
            content = self._turn_content(label.colon + 1, len(self.text) if line_end == -1 else line_end)
            if colon is None or content is None:
                continue
            cue = (label.colon, label.colon + 1)
            yield Draft(AttributionKind.DIRECT, cue, (label.start, label.end), [content], colon.start, "turn")

    def _turn_content(self, start: int, end: int) -> Range | None:
        while start < end and self.text[start].isspace():
            start += 1
        while end > start and self.text[end - 1].isspace():
            end -= 1
        return (start, end) if end > start else None

    def headline_colon(self) -> Iterator[Draft]:
        """'Kerry: Refugee Numbers Will Rise' — a short name, a colon, and the rest of the line.
        A line in capitals before its colon is a transcript's turn or a heading ("UPDATE:"), never
        a headline's speaker: :meth:`speaker_turns` takes the turns."""
        for token in self.doc:
            if token.text != ":" or token.i == 0:
                continue
            line_start = self.text.rfind("\n", 0, token.idx) + 1
            line_end = self.text.find("\n", token.idx)
            line_end = len(self.text) if line_end == -1 else line_end
            speaker = self.trim(line_start, token.idx)
            content = self.trim(token.idx + 1, line_end)
            if speaker is None or content is None:
                continue
            words = self.text[speaker[0] : speaker[1]].split()
            if self.text[speaker[0] : speaker[1]].isupper():
                continue
            tokens = list(self.doc.char_span(*speaker, alignment_mode="expand") or [])
            names = [t for t in tokens if self._name_word(t, headline=line_start == 0)]
            if (
                len(words) <= 4
                and len(names) == len(words)
                and len(self.text[content[0] : content[1]].split()) >= 3
            ):
                yield Draft(
                    self.kind_of(content), (token.idx, token.idx + 1), speaker, [content], token.i, "colon"
                )

    @staticmethod
    def _name_word(token: Token, *, headline: bool) -> bool:
        """A word of a name before a colon. The parser tags the names of a title-case headline
        ("Trump: Cruz Has ‘To Come a Long Way’") as common nouns, so there a capitalised noun counts."""
        if token.pos_ == "PROPN":
            return True
        return headline and token.pos_ == "NOUN" and token.text[:1].isupper()

    def _draft(self, cue: Token, content: list[Range], rule: str) -> Draft:
        whole = (content[0][0], content[-1][1])
        return Draft(self.kind_of(whole), cue_range(cue), self.source_range(cue), content, cue.i, rule)


def _misparsed_complements(cue: Token) -> list[Token]:
    """Clauses the parser hung as relative clauses on a prepositional object of the cue: "said in an
    editorial that Trump was a clown", "said during a news conference that he may wait". A relative
    clause has no complementiser "that" (its "that" is a pronoun), so one with it is the cue's
    complement (18 of 43 such clauses in PolNeAR train are annotated content)."""
    return [
        clause
        for prep in cue.children
        if prep.dep_ == "prep"
        for obj in prep.children
        if obj.dep_ == "pobj"
        for clause in obj.children
        if clause.dep_ == "relcl" and any(m.dep_ == "mark" and m.lower_ == "that" for m in clause.children)
    ]
