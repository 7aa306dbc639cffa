"""The resolver: dispatches each source, by its form, to its rule family."""

from __future__ import annotations

from dataclasses import replace

from spacy.tokens import Span as TokenSpan
from spacy.tokens import Token

from saidwhat.attribution.calibration import NO_RULE, rule_tag
from saidwhat.attribution.speakers.descriptions import DescriptionRules
from saidwhat.attribution.speakers.parameters import (
    APPOSED_NAME,
    FRONTED_POSSESSIVE,
    GENERIC_ORGANIZATION_HEADS,
    RELATIVE_CLIMB_STEPS,
)
from saidwhat.attribution.speakers.recovery import SourceRecovery
from saidwhat.attribution.speakers.resolution import Resolution
from saidwhat.attribution.speakers.syntax import (
    FEMALE_FORMS,
    MALE_FORMS,
    POSSESSIVE,
    artefact_a_part_is_of,
    before_cue,
    is_organization_noun,
    is_party_member,
    last_line,
    names_no_one,
    of_objects,
    opening_phrase,
    without_time,
)
from saidwhat.entities.lexicon import Gender, lexicon
from saidwhat.entities.nominals import is_human_noun, nominal, noun_phrase_extent
from saidwhat.entities.roles import Role, noun_phrase_role
from saidwhat.model import Entity, EntityType, Span


class SpeakerResolver(SourceRecovery, DescriptionRules):
    """Resolves sources to entities, called once per attribution in text order.

    It only looks at the text before the attribution's cue plus the source's own sentence, and remembers
    the speakers it resolved for salience ("he" most likely refers to whoever was speaking).
    """

    def resolve(self, source: Span | None, *, at: int) -> Resolution:
        """The speaker ``source`` refers to, given the attribution's cue at character ``at``."""
        given = source
        self._note_described_subjects(source.start if source is not None else at)
        if source is None:
            implicit = (
                self._implicit_subject(at)
                or self._cue_neighbour(at, "no source mention")
                or self._governor_neighbour(at)
            )
            if implicit is None:
                return Resolution(None, 0.0, [], f"no source mention {rule_tag(NO_RULE, 0.0, 0.0)}")
            source, resolution = implicit
        else:
            source = before_cue(last_line(source), at, self._doc.text)
            resolution = self._dispatch(source, at)
            if resolution.speaker is None and not resolution.candidates and names_no_one(source.text):
                # "12:15 p.m", a quotation, "That": the source found is not a mention of anyone
                neighbour = self._cue_neighbour(at, f"source {source.text!r} names no one")
                if neighbour is not None:
                    source, resolution = neighbour
        if source is not given:
            resolution = replace(resolution, mention=source)
        top = resolution.speaker or (resolution.candidates[0].speaker if resolution.candidates else None)
        unnamed = top is not None and top.id in self._nominal_ids
        tag = rule_tag(resolution.rule, resolution.raw_confidence, resolution.confidence, unnamed=unnamed)
        resolution = replace(resolution, explanation=f"{resolution.explanation} {tag}")
        if resolution.speaker is not None:
            relative = self._is_relative_pronoun(source)
            self._salience.record_speaker(resolution.speaker.id, source.start, relative=relative)
        return resolution

    def _is_relative_pronoun(self, source: Span) -> bool:
        tokens = self._doc.char_span(source.start, source.end, alignment_mode="expand")
        return tokens is not None and len(tokens) == 1 and tokens[0].tag_ in ("WP", "WDT", "WP$")

    def _dispatch(self, source: Span, at: int) -> Resolution:
        tokens = self._doc.char_span(source.start, source.end, alignment_mode="expand")
        if tokens is None or len(tokens) == 0:
            return Resolution(None, 0.0, [], f"source {source.text!r} is not on token boundaries")
        timed = without_time(tokens)
        if len(timed) < len(tokens):
            tokens = timed
            source = Span(start=tokens.start_char, end=tokens.end_char, text=tokens.text)
        head = tokens.root
        several = self._several_referents(tokens, head)
        if several:
            names = ", ".join(repr(text) for text in several)
            return Resolution(None, 0.0, [], f"{source.text!r} names several speakers ({names})", "several")
        word = head.lower_
        if len(tokens) == 1 and head.tag_ in {"WP", "WDT"}:  # "the senator, who said…"
            return self._resolve_relative(source, head, at)
        if len(tokens) == 1 and head.tag_ == "PRP":
            return self._resolve_pronoun(source, word)
        if len(tokens) == 1 and head.tag_ == "PRP$" and word in POSSESSIVE:  # "his" in "his suggestion"
            return self._fronted_possessive(source, head) or self._resolve_pronoun(source, POSSESSIVE[word])
        whose = next((t for t in head.children if t.dep_ == "poss" and t.tag_ == "WP$"), None)
        if whose is not None and not is_human_noun(head):
            owner = self._resolve_relative(source, whose, at)  # "the League …, whose political arm said"
            if owner.speaker is not None and owner.speaker.type == EntityType.ORGANIZATION:
                return replace(owner, explanation=f"{source.text!r} acts for its owner: {owner.explanation}")
        named = self._mention_with(head.i)
        if (
            named is not None
            and named.name.lower() in lexicon().org_nouns
            and not nominal(self._doc, head).definite
        ):
            named = None  # "A super PAC supporting Ted Cruz": a kind of organisation, not one named "PAC"
        if named is not None and named.type == EntityType.GROUP and is_party_member(head):
            return self._resolve_party_member(source, head)
        if named is not None:
            return self._resolve_named(source, named)
        modified = self._organization_modifying(head) if is_organization_noun(head) else None
        if modified is not None:
            explanation = f"{source.text!r} names {modified.name!r} as its modifier"
            return self._sure(modified, APPOSED_NAME, explanation, "apposed_name")
        apposed = (
            self._apposed_entity(head, tokens.start, tokens.end)
            or self._described_in_apposition(head)
            or self._name_after_title(head, tokens.end)
        )
        if apposed is not None:
            explanation = f"{source.text!r} names {apposed.name!r} in apposition"
            resolution = self._sure(apposed, APPOSED_NAME, explanation, "apposed_name")
            role = noun_phrase_role(head)  # "his spokesman, Andy Abboud": a later "his spokesman" is Abboud
            return self._learn_role(resolution, role.role_class if role is not None else None)
        whole = artefact_a_part_is_of(head)
        if whole is not None:
            return self._resolve_part(source, whole, at)
        return self._resolve_nominal(source, nominal(self._doc, head))

    def _several_referents(self, tokens: TokenSpan, head: Token) -> list[str]:
        """The referents a coordinated source names, when it names more than one: "Mr. Effron and Mr.
        Pruzan", "Mr. Rubio and his advisers", "Neither Cruz nor Christie", "Trump, and others". No one
        of them is the speaker. A conjunct inside the head's own name ("Procter and Gamble") or a
        singular description of the same person ("a businessman and TV star") does not count."""
        if not self._another_referent(head):
            return []  # "a state and Cruz": a misparse
        own = self._mention_with(head.i)
        others = [
            conjunct
            for conjunct in head.conjuncts
            if tokens.start <= conjunct.i < tokens.end
            and (own is None or self._mention_with(conjunct.i) is not own)
            and self._another_referent(conjunct)
            and not self._in_long_name(head, conjunct)
        ]
        if not others or self._name_after_title(head, tokens.end) is not None:
            return []  # "Vice President for news and talk Dave Gorab": the name ends the title
        return [self._doc[start:end].text for start, end in map(noun_phrase_extent, [head, *others])]

    def _in_long_name(self, head: Token, conjunct: Token) -> bool:
        """Whether a conjunct continues an organisation's name past a preposition, which the model often
        tags in pieces: "the Department of Health and Human Services", "the Committee on Civil
        Liberties, Justice and Home Affairs" (a person is no part of a name: "Sen. Cruz of Texas and Sen.
        Paul")."""
        named = self._mention_with(head.i)
        other = self._mention_with(conjunct.i)
        if named is None or named.type != EntityType.ORGANIZATION:
            return False
        if other is not None and other.type == EntityType.PERSON:
            return False
        between = self._doc[head.i + 1 : conjunct.i]
        if not any(t.dep_ == "prep" and t.head.i == head.i for t in between):
            return False
        return all(t.pos_ in ("PROPN", "PUNCT", "CCONJ", "ADP") for t in between)

    def _another_referent(self, conjunct: Token) -> bool:
        """Whether a conjunct names a referent of its own: an entity, a pronoun, "others", a plural or
        owned common noun ("his advisers", "her campaign"); a capitalised word no entity covers is more
        likely part of a name ("the Committee on Civil Liberties, Justice and Home Affairs")."""
        if self._mention_with(conjunct.i) is not None or conjunct.pos_ == "PRON":
            return True
        if conjunct.pos_ != "NOUN":
            return False
        return conjunct.tag_ == "NNS" or any(child.dep_ == "poss" for child in conjunct.children)

    def _fronted_possessive(self, source: Span, pronoun: Token) -> Resolution | None:
        """ "In his assessment of the magnate, Calderon intimated …": a possessive inside a prepositional
        phrase opening its sentence is the person named right after that phrase's comma, when the
        pronoun's gender fits (the usual antecedent search looks only backwards, where the magnate is).
        Read from the surface, as the parse often misreads such sentences."""
        word = pronoun.lower_
        gender: Gender | None = "male" if word in MALE_FORMS else "female" if word in FEMALE_FORMS else None
        opening = opening_phrase(pronoun.sent)
        if gender is None or opening is None or not opening[0].start < pronoun.i < opening[0].end:
            return None  # "In Washington, his aides said": the pronoun is past the opening phrase
        person = self._mention_with(opening[1].i)
        if person is None or person.type != EntityType.PERSON or not self._fits_gender(person, gender):
            return None
        explanation = f"{source.text!r} opens its sentence before {person.name!r} is named"
        return self._sure(person, FRONTED_POSSESSIVE, explanation, "fronted_possessive")

    def _resolve_part(self, source: Span, whole: Token, at: int) -> Resolution:
        """A part or copy of an artefact speaks for the artefact's issuer: "excerpts of his speech
        released by the White House" → whoever "his" is."""
        start, end = noun_phrase_extent(whole)
        words = self._doc[start:end]
        resolution = self._dispatch(Span(start=words.start_char, end=words.end_char, text=words.text), at)
        return replace(
            resolution, explanation=f"{source.text!r} is part of {words.text!r}: {resolution.explanation}"
        )

    def _resolve_party_member(self, source: Span, head: Token) -> Resolution:
        """ "The Wisconsin Republican", "a Democrat": one member of a party, a person, not the party."""
        described = nominal(self._doc, head)
        words = [t.text for t in self._doc[described.start : described.end] if t.dep_ != "det"]
        role = Role(text=" ".join(words))
        return self._role_fallback(source, replace(described, role=role), role)

    def _resolve_relative(self, source: Span, pronoun: Token, at: int) -> Resolution:
        """A relative pronoun speaks for the noun phrase its clause modifies."""
        clause = pronoun
        while clause.dep_ != "relcl" and clause.head.i != clause.i:
            clause = clause.head
        if clause.dep_ != "relcl":
            return Resolution(
                None, 0.0, [], f"relative pronoun {source.text!r} has no antecedent in the parse"
            )
        antecedent = self._actor_before(pronoun, clause.head)
        start = antecedent.left_edge.idx
        end = antecedent.idx + len(antecedent)
        phrase = Span(start=start, end=end, text=self._doc[antecedent.left_edge.i : antecedent.i + 1].text)
        resolution = self._dispatch(phrase, at)
        return replace(
            resolution, explanation=f"{source.text!r} refers to {phrase.text!r}: {resolution.explanation}"
        )

    def _actor_before(self, pronoun: Token, antecedent: Token) -> Token:
        """The antecedent a relative clause that reports speech modifies: the parse attaches "which
        ruled" in "a favorable decision from the Illinois Board of Elections, which ruled" to the
        decision; a thing that names no one cannot speak, so the named actor just before the pronoun,
        inside the antecedent's phrase, does. "Who" is said of people: hung on an organisation inside a
        person's description ("Matt Duss, the president of the Foundation for Middle East Peace, who
        criticizes…"), it is that person's."""
        named = self._mention_with(antecedent.i)
        kinds = (EntityType.ORGANIZATION, EntityType.PLACE)  # "a senior analyst at Jefferies, who"
        if pronoun.lower_ in ("who", "whom") and named is not None and named.type in kinds:
            return self._person_above(antecedent) or antecedent
        if named is not None or is_human_noun(antecedent):
            return antecedent
        if is_organization_noun(antecedent) or antecedent.lemma_.lower() in GENERIC_ORGANIZATION_HEADS:
            return antecedent
        before = pronoun.nbor(-1) if pronoun.i > 0 else pronoun
        if before.is_punct and before.i > 0:
            before = before.nbor(-1)
        named = self._mention_with(before.i)
        inside = antecedent.left_edge.i <= before.i <= antecedent.right_edge.i
        if named is None or not inside or named.type not in (EntityType.PERSON, EntityType.ORGANIZATION):
            return antecedent
        return before

    def _person_above(self, token: Token) -> Token | None:
        """The person mention or human noun whose phrase ``token`` is part of, through "of"/"for" phrases
        and appositions ("the president of the Foundation for Middle East Peace" → president)."""
        current = token
        for _ in range(RELATIVE_CLIMB_STEPS):
            if current.dep_ not in ("pobj", "prep", "compound", "appos") or current.head.i == current.i:
                return None
            current = current.head
            named = self._mention_with(current.i)
            if named is not None and named.type == EntityType.PERSON:
                return current
            if is_human_noun(current):
                # "Howard Rubel, a senior analyst at Jefferies, who": the analyst is the person named
                apposed = self._mention_with(current.head.i) if current.dep_ == "appos" else None
                person = apposed is not None and apposed.type == EntityType.PERSON
                return current.head if person else current
        return None

    def _apposed_entity(self, head: Token, start: int, end: int) -> Entity | None:
        """The one person a descriptive source names in apposition to its head ("The chief, Paul Smith,"),
        or the one organisation an organisation noun names ("The Israeli newspaper Haaretz")."""
        kinds = {EntityType.PERSON}
        if is_organization_noun(head) or head.lemma_.lower() in GENERIC_ORGANIZATION_HEADS:
            kinds |= {EntityType.ORGANIZATION, EntityType.GROUP}  # "One group, Occupy DNC Convention,"
        # "The director of the European Centre, Ina Kirsch": the parse hangs the name on the "of" object
        of_heads = {o.i for o in of_objects(head)} if noun_phrase_role(head) is not None else set()
        # "The other man, his cousin James York,": the name is in apposition to a description in apposition
        described = {c.i for c in head.children if c.dep_ == "appos" and c.pos_ == "NOUN"}
        found: dict[str, Entity] = {}
        for token in self._doc[start:end]:
            if token.dep_ != "appos" or (token.head.i != head.i and token.head.i not in of_heads | described):
                continue
            entity = self._mention_with(token.i)
            if entity is None or entity.type not in kinds:
                continue
            if token.head.i == head.i or entity.type == EntityType.PERSON:
                found[entity.id] = entity
        return next(iter(found.values())) if len(found) == 1 else None

    def _organization_modifying(self, head: Token) -> Entity | None:
        """The one organisation or group named by compound words of an organisation noun ("the Global
        Times tabloid", "the NeverTrump faction"); a person's name there ("the Clinton campaign") is
        the campaign's owner, not the speaker."""
        found = {
            entity.id: entity
            for child in head.lefts
            if child.dep_ == "compound"
            and (entity := self._mention_with(child.i)) is not None
            and entity.type in (EntityType.ORGANIZATION, EntityType.GROUP)
        }
        return next(iter(found.values())) if len(found) == 1 else None

    def _name_after_title(self, head: Token, end: int) -> Entity | None:
        """The person whose name ends a role description, however the parse hung the name: "Sirius XM
        Vice President for news and talk Dave Gorab" (the name a conjunct of "President"). Not a name
        reached through a preposition: "the lawyer for Donald Trump" is not Trump."""
        last = self._doc[end - 1]
        person = self._mention_with(last.i)
        if person is None or person.type != EntityType.PERSON or noun_phrase_role(head) is None:
            return None
        named = self._doc[last.i : last.i + 1]
        while named.start > head.i + 1 and self._mention_with(named.start - 1) is person:
            named = self._doc[named.start - 1 : end]
        others = {
            entity.id
            for token in self._doc[head.i : named.start]
            if (entity := self._mention_with(token.i)) is not None and entity.type == EntityType.PERSON
        }
        if others or named.start <= head.i:
            return None
        token = named.root
        while token.i != head.i:
            if token.dep_ in ("prep", "pobj", "poss") or token.head.i == token.i:
                return None
            token = token.head
        return person

    def _described_in_apposition(self, head: Token) -> Entity | None:
        """The organisation a description stands in apposition to: "Right to Rise, a super PAC supporting
        Bush," (the source the parse gives is the description)."""
        kind_noun = is_organization_noun(head) or head.lemma_.lower() in GENERIC_ORGANIZATION_HEADS
        if head.dep_ != "appos" or not kind_noun:
            return None
        named = self._mention_with(head.head.i)
        return named if named is not None and named.type == EntityType.ORGANIZATION else None
