"""When the parse gave no usable source: the subject a cue's verb shares, or the name next to the cue."""

from __future__ import annotations

from spacy.tokens import Token

from saidwhat.attribution.cues import is_addressed, subject_of
from saidwhat.attribution.speakers.base import ResolverBase
from saidwhat.attribution.speakers.parameters import (
    CUE_NEIGHBOUR,
    CUE_NEIGHBOUR_WINDOW,
    IMPLICIT_SUBJECT,
    IMPLICIT_SUBJECT_STEPS,
    INVERTED_CUES,
)
from saidwhat.attribution.speakers.resolution import MIN_CONFIDENCE, Resolution
from saidwhat.attribution.speakers.syntax import (
    FEMALE,
    FIRST_PERSON,
    MALE,
    PLURAL,
    PROPER_TAGS,
    SHARED_SUBJECT,
    clause_boundary,
    holder_of_purpose,
    recipient_of_purpose,
    short_quotation_ending,
)
from saidwhat.entities.names import honorific_gender
from saidwhat.entities.nominals import is_human_noun, noun_phrase_extent
from saidwhat.entities.roles import is_role_word
from saidwhat.model import Entity, EntityType, Span


class SourceRecovery(ResolverBase):
    """Finding the speaker's mention when the attribution has none, or one that names no one."""

    def _implicit_subject(self, at: int) -> tuple[Span, Resolution] | None:
        """For a cue with no source, the subject its verb shares with the clause it hangs on: "Trump
        gestured, then boomed", "Netanyahu rallied supporters by warning that…". Climbs at most
        :data:`IMPLICIT_SUBJECT_STEPS` links (conjunct, adverbial, complement or preposition) to a verb
        with a subject of its own."""
        cue = self._token_at(at)
        if cue is None:
            return None
        if cue.dep_ == "aux" and cue.lower_ == "to":  # the cue "to paint": its verb
            cue = cue.head
        if cue.pos_ not in ("VERB", "AUX"):
            return None
        subject = subject_of(cue, through=SHARED_SUBJECT, steps=IMPLICIT_SUBJECT_STEPS)
        holder = holder_of_purpose(cue) if subject is None else None
        if holder is not None:
            subject = subject_of(holder, through=SHARED_SUBJECT, steps=IMPLICIT_SUBJECT_STEPS)
        if subject is None or subject.dep_ == "csubj":  # a clausal subject names no one
            return None
        if subject.tag_ in ("WP", "WDT") or subject.lower_ in FIRST_PERSON:
            return None
        if "\n" in self._doc.text[subject.idx : cue.idx]:
            return None  # the parse reached into another paragraph
        first = subject.left_edge.i if subject.tag_ in PROPER_TAGS else subject.i
        words = self._doc[first : subject.i + 1]
        span = Span(start=words.start_char, end=words.end_char, text=words.text)
        inner = self._dispatch(span, at)
        if inner.speaker is None:
            return None
        shares = f"no source mention; {span.text!r}, the subject {cue.text!r} shares"
        return span, self._derived(inner, IMPLICIT_SUBJECT, "implicit_subject", shares)

    def _derived(self, inner: Resolution, factor: float, rule: str, how: str) -> Resolution:
        """``inner``'s speaker found through a source of our own, trusted ``factor`` as much, as ``rule``."""
        raw = round(inner.confidence * factor, 3)
        confidence = self._calibrated(rule, raw)
        speaker = inner.speaker if confidence >= MIN_CONFIDENCE else None
        candidates = [c.model_copy(update={"score": round(c.score * factor, 3)}) for c in inner.candidates]
        return Resolution(speaker, confidence, candidates, f"{how}: {inner.explanation}", rule, raw)

    def _cue_neighbour(self, at: int, why: str) -> tuple[Span, Resolution] | None:
        """A named person or organisation in the speaker's slot next to the cue, when the parse gave no
        usable source: "Robert Shrum, a veteran Democratic strategist, said", "Sen. Chuck Grassley, facing
        a spirited challenge, said", "said Mr. Trump". Before the cue, the first name in its clause (back
        to a quote mark, a sentence mark or a line break) that opens the clause, or ends right before a
        comma or the cue and is no object; else a name right after a cue that news inverts ("said")."""
        cue = self._token_at(at)
        if cue is None:
            return None
        verb = cue.head if cue.dep_ in ("aux", "auxpass", "neg") else cue
        if any(is_addressed(child) for child in verb.children):
            return None  # "Trump was asked, “…”": the name next to the cue is who was asked
        recipient = recipient_of_purpose(verb)
        if recipient is not None:  # "Trump gave Clinton a chance to respond": Clinton responds
            return self._phrase_resolution(recipient, at, why)
        first = cue.i
        limit = max(0, cue.i - CUE_NEIGHBOUR_WINDOW)
        while first > limit:
            if clause_boundary(self._doc[first - 1]):
                # '…, wearing “Ted Cruz” campaign pins, said': a short quotation inside the clause
                quoted = short_quotation_ending(self._doc, first - 1, limit)
                if quoted is None:
                    break
                first = quoted
                continue
            first -= 1
        adjacent = cue.i
        while adjacent > first and self._doc[adjacent - 1].tag_ in ("RB", "MD"):
            adjacent -= 1  # "Paul Manafort, bluntly suggested", "Fallon also said"
        opening_paren = self._parenthesis_before(adjacent, first)
        if opening_paren is not None:
            adjacent = opening_paren  # "Rep. Paul Ryan (R-WI) said": the affiliation is an aside
        opening = first
        while opening < cue.i and is_role_word(self._doc[opening]):
            opening += 1  # "Sen. Chuck Grassley, …": the name opens the clause after its title
        for i in range(first, cue.i):
            entity = self._mention_with(i)
            if entity is None or entity.type not in (EntityType.PERSON, EntityType.ORGANIZATION):
                continue
            if self._mention_with(i + 1) is entity:
                continue  # not the mention's last token
            opens = self._mention_with(opening) is entity
            if opens and self._doc[i].dep_ == "poss":  # "Bernie Sanders’ campaign says": the campaign
                return self._phrase_resolution(self._doc[i].head, at, why)
            slot = self._doc[i + 1].text == "," or i + 1 == adjacent
            # "Secretary of Defense," or "in Iowa," is an object in an aside, not the speaker's slot
            aside = self._doc[i].dep_ in ("pobj", "dobj", "poss") and not self._misparsed_subject(
                i, entity, adjacent
            )
            if not opens and (not slot or aside):
                continue
            found = self._neighbour_resolution(i, entity, at, why)
            if found is not None:
                return found
        before = self._doc[adjacent - 1] if adjacent > first else None
        if before is not None and before.tag_ == "PRP" and before.lower_ in MALE | FEMALE | PLURAL:
            # '“…,” he wrote' with the quotation taken for the source: the pronoun is the speaker
            pronoun = Span(start=before.idx, end=before.idx + len(before.text), text=before.text)
            return self._resolved_neighbour(pronoun, at, why)
        after = cue.i + 1
        while after < len(self._doc) - 1 and (
            honorific_gender(self._doc[after].text)[0] or is_role_word(self._doc[after])
        ):
            after += 1  # "asked Mr. Manafort", "said Sen. Ted Cruz"
        if after < len(self._doc) and cue.lemma_.lower() in INVERTED_CUES:
            entity = self._mention_with(after)
            if entity is not None and entity.type == EntityType.PERSON:
                return self._neighbour_resolution(after, entity, at, why)
        return None

    def _governor_neighbour(self, at: int) -> tuple[Span, Resolution] | None:
        """For a cue hanging on a speech verb whose speaker the parse took for an object, that verb's
        speaker next to it: "''…?'' asked Mr. Manafort, referring to the candidate's assault"; for a verb
        coordinated with another, the speaker next to that one ("62-year-old Brenda Johnson also railed
        against immigrants, and explained …")."""
        cue = self._token_at(at)
        if cue is None or cue.dep_ not in ("advcl", "conj") or cue.head.i == cue.i:
            return None
        governor = cue.head
        if governor.lemma_.lower() not in INVERTED_CUES and not (
            cue.dep_ == "conj" and governor.pos_ == "VERB"
        ):
            return None
        return self._cue_neighbour(governor.idx, f"no source mention; the speaker of {governor.text!r}")

    def _phrase_resolution(self, head: Token, at: int, why: str) -> tuple[Span, Resolution] | None:
        start, end = noun_phrase_extent(head)
        words = self._doc[start:end]
        return self._resolved_neighbour(
            Span(start=words.start_char, end=words.end_char, text=words.text), at, why
        )

    def _parenthesis_before(self, end: int, first: int) -> int | None:
        """The opening bracket of a parenthesis ending right before token ``end`` (and after ``first``)."""
        if end - 1 <= first or self._doc[end - 1].text != ")":
            return None
        opening = next((i for i in range(end - 2, first - 1, -1) if self._doc[i].text in "()"), None)
        return opening if opening is not None and self._doc[opening].text == "(" else None

    def _misparsed_subject(self, token: int, entity: Entity, adjacent: int) -> bool:
        """A person named right before the cue that the parse made a prepositional object ("At a June
        event in St. Clairsville, Ohio, 62-year-old Brenda Johnson also railed"): the speaker, unless the
        preposition hangs on a person ("a spokesman for Donald Trump said")."""
        word = self._doc[token]
        if token + 1 != adjacent or entity.type != EntityType.PERSON or word.dep_ != "pobj":
            return False
        owner = word.head.head
        return not is_human_noun(owner) and self._mention_with(owner.i) is None

    def _neighbour_resolution(
        self, token: int, entity: Entity, at: int, why: str
    ) -> tuple[Span, Resolution] | None:
        offset = self._doc[token].idx
        mention = next((m for m in entity.mentions if m.start <= offset < m.end), None)
        if mention is None:
            return None
        return self._resolved_neighbour(mention, at, why)

    def _resolved_neighbour(self, mention: Span, at: int, why: str) -> tuple[Span, Resolution] | None:
        inner = self._dispatch(mention, at)
        if inner.speaker is None:
            return None
        how = f"{why}; {mention.text!r} is named next to the cue"
        return mention, self._derived(inner, CUE_NEIGHBOUR, "cue_neighbour", how)
