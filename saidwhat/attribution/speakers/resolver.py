"""The resolution rules: names, pronouns, descriptions, roles and artefacts, each with its base
confidence (see the package's docstring)."""

from __future__ import annotations

import bisect
from dataclasses import replace
from functools import cached_property

from spacy.tokens import Doc, Token
from spacy.tokens import Span as TokenSpan

from saidwhat.attribution.calibration import (
    NO_RULE,
    SpeakerCalibration,
    load_calibration,
    rule_tag,
)
from saidwhat.attribution.cues import agent_of, is_addressed, subject_of
from saidwhat.attribution.quotes import Quotation, find_quotations
from saidwhat.attribution.speakers.facts import Facts, with_broader
from saidwhat.attribution.speakers.resolution import (
    MIN_CANDIDATE_SCORE,
    MIN_CONFIDENCE,
    Resolution,
    speaker_of,
)
from saidwhat.attribution.speakers.salience import Factor, Salience, Scored, best_per_entity
from saidwhat.attribution.speakers.syntax import (
    FEMALE,
    FEMALE_FORMS,
    FIRST_PERSON,
    MALE,
    MALE_FORMS,
    PLURAL,
    POSSESSIVE,
    PROPER_TAGS,
    SINGULAR_FIRST_PERSON,
    WHEN_LABELS,
    artefact_a_part_is_of,
    artefacts_of_same_kind,
    clause_boundary,
    holder_of_purpose,
    is_organization_noun,
    is_party_member,
    last_line,
    name_key,
    names_no_one,
    nominal_kind,
    of_objects,
    of_phrases,
    short_quotation_ending,
    text_words,
    without_time,
)
from saidwhat.entities.authors import credited_authors
from saidwhat.entities.lexicon import Gender, lexicon
from saidwhat.entities.names import (
    first_name_gender,
    gender_prior,
    given_names_agree,
    honorific_gender,
    opens_with_first_name,
    parse_name,
)
from saidwhat.entities.nominals import (
    Nominal,
    artefact_kind_of,
    is_human_noun,
    nominal,
    noun_phrase_extent,
    plural_human_heads,
)
from saidwhat.entities.roles import (
    Role,
    canonical_organization,
    is_role_word,
    noun_phrase_role,
    organizations_compatible,
    party_keys,
    role_class,
    role_gender,
)
from saidwhat.model import Entity, EntityType, Span, SpeakerCandidate

# Base probabilities per rule, before competition.
EXACT_NAME = 0.97
SURNAME = 0.93
NAMED_ACTOR = 0.95  # an organisation or place named as the source ("the Kremlin", "Moscow")
#: "Republicans", "Democrats" as the source: the party acting, or (more often, in the train speaker gold:
#: 1 of 7) some unnamed Republicans, so stated low enough to be withheld with the group as candidate.
NAMED_GROUP = 0.6
PARTIAL_NAME = 0.9
PRONOUN_GENDER_KNOWN = 0.88
#: "I" outside quotations in an article that credits one author (by-line, book credit, bio line, metadata).
AUTHOR = 0.9
PRONOUN_GENDER_UNKNOWN = 0.75
PLURAL_PRONOUN = 0.85
ROLE_WITH_ORGANIZATION = 0.9
ROLE_ONLY = 0.85
ORGANIZATION_SPEAKER = 0.6
POSSESSOR_ACTOR = 0.8  # "Kiev's armed forces" act for Kiev
NEW_NOMINAL = 0.8  # "the leaders of the republics", "Donald Trump's campaign": a referent of its own
NEW_ROLE_HOLDER = 0.6  # "the senator" with no senator named before
LATER_ROLE_HOLDER = 0.7  # "the judge" with no judge named before and exactly one named later
LATER_ROLE_SENTENCES = 10  # how far after "the judge" the one judge may first be named
APPOSED_NAME = 0.9  # "The chief, Paul Manafort," or "Texas delegate Bill Eastland": the name says who
ARTEFACT_ISSUER = 0.85  # "A Bloomberg poll", "an NBC report", "Axelrod's memoir": whoever issued it
ARTEFACT_EARLIER = 0.8  # "the same poll", "The survey": the issuer of the last poll named before
ARTEFACT_SPEAKER = 0.75  # "the release", "The remarks" with no issuer named: whoever was speaking
ARTEFACT_LOOKBACK = 6  # sentences back that "the survey" looks for the poll it refers to (and ahead)
UNTAGGED_NAME = (
    0.85  # "The Israeli newspaper Haaretz", "the RealClearPolitics average": a name the model missed
)
BARE_NAME = 0.75  # "In 2014, Pew found": a capitalised name alone, untagged, its type a guess
BARE_NAME_WORDS = 3  # at most this many words
RELATIVE_CLIMB_STEPS = 6  # links "who" climbs from an organisation to the person it describes
UNKNOWN_ORGANIZATION = (
    0.5  # "the Indiana governor": a governor introduced with no state, beside one of Indiana
)
#: "the billionaire businessman" with no one introduced so: the most salient person, if that person was a
#: subject (weight 2) or speaker (3) within the last sentence or two.
SALIENT_DESCRIPTION = 0.8
SALIENT_DESCRIPTION_FLOOR = 0.5
#: A person not known to hold a role still competes for a definite role description ("the senator") with
#: this share of their salience, if their salience reaches the floor (a subject or speaker just before).
NON_HOLDER = 0.15
NON_HOLDER_FLOOR = 1.0
#: ... unless they were introduced with another office: a candidate may be "the senator", a senator is not
#: "the governor".
ROLES_HELD_WITH_OTHERS = frozenset({"candidate", "businessperson", "leader"})
#: Roles that serve someone else: the person a story is about is not its unintroduced "top aide".
SERVING_ROLES = frozenset({"spokesperson", "official", "campaign manager"})
#: Heads that name an organisation when singular, though the lexicon lists them as groups of people.
ORGANIZATION_HEADS = frozenset({"group", "organization", "organisation"})
#: Heads that can stand for an organisation of any kind ("the group" for the National Rifle Association).
GENERIC_ORGANIZATION_HEADS = ORGANIZATION_HEADS | {"company", "firm", "body", "institution", "outfit"}
CATAPHOR = 0.75  # "A major Muslim civil rights group says …" named as the next sentence's subject
CATAPHOR_SENTENCES = 2  # sentences after an indefinite description that may name it
KIN = 0.8  # "Donald Trump's wife" → the one other Trump the article names
UNKNOWN_GENDER_FIT = 0.5  # salience factor of a person of unknown gender for "he"/"she" (known: 1)
GENDER_PRIOR_WEIGHT = 0.5  # how far a census share moves that factor from even (1: all the way)
CAMPAIGN = 0.85  # "his campaign", "Donald Trump's campaign": the candidate's campaign organisation

IMPLICIT_SUBJECT = 0.9  # a cue with no source, spoken by the subject of the clause it hangs on
IMPLICIT_SUBJECT_STEPS = 4  # links climbed from such a cue to a verb with a subject
CUE_NEIGHBOUR = 0.85  # a name next to the cue when the source found names no one ("Shrum, a …, said")
CUE_NEIGHBOUR_WINDOW = 30  # tokens before the cue that its clause may span
#: Cues whose subject answers whoever asked just before, so is not the asker.
REPLY_VERBS = frozenset({"reply", "respond", "answer", "retort"})
#: Cues news puts before their speaker ("…,” said Mr. Trump").
INVERTED_CUES = frozenset({"say", "add", "ask", "write", "tell", "explain", "note", "continue", "reply"})

ORGANIZATION_AS_THEY = (
    0.3  # "they" for an organisation is possible (British usage) but rarer than a plural NP
)
PLURAL_NP_WEIGHT = 1.5
#: Lower-case words inside an organisation's name ("Council on Foreign Relations", "Bread and Roses").
_NAME_CONNECTORS = frozenset({"and", "of", "for", "on", "&", "the", "in"})
_PENDING = "pending"  # the id of a nominal entity not yet kept
#: Links along which a verb shares its head's subject: "gestured, then boomed", "rallied … by warning".
_SHARED_SUBJECT = frozenset({"conj", "advcl", "xcomp", "pcomp", "prep", "dep"})


class SpeakerResolver:
    """Resolves sources to entities, called once per attribution in text order.

    It only looks at the text before the attribution's cue plus the source's own sentence, and remembers
    the speakers it resolved for salience ("he" most likely refers to whoever was speaking).
    """

    def __init__(
        self,
        doc: Doc,
        entities: list[Entity],
        quotations: list[Quotation] | None = None,
        calibration: SpeakerCalibration | None = None,
    ) -> None:
        """``calibration`` defaults to the shipped table (:func:`load_calibration`)."""
        self._doc = doc
        self._calibration = calibration if calibration is not None else load_calibration()
        self._nominal_ids: set[str] = set()  # entities made from a description: unnamed referents
        self._descriptions: set[tuple[int, int]] = set()  # spans of the descriptions made into entities
        self._entities = list(entities)
        self._facts = Facts.of(doc, entities)
        found = quotations if quotations is not None else find_quotations(doc.text)
        self._salience = Salience(doc, found)
        self._created: dict[tuple[int, int], Entity] = {}
        # Lookups by position, built once, so that no resolution scans the whole article.
        self._token_starts = [token.idx for token in doc]
        self._named_at: dict[int, Entity] = {}
        for entity in entities:
            self._index_mentions(entity)
        self._artefacts: list[tuple[int, str, Entity]] | None = None  # issued artefacts, built on first use
        self._campaigns: dict[str, Entity] = {}  # candidate id → their campaign

    @property
    def entities(self) -> list[Entity]:
        """The input entities plus those created for nominal sources with no named antecedent."""
        return self._entities + list(self._created.values())

    def resolve(self, source: Span | None, *, at: int) -> Resolution:
        """The speaker ``source`` refers to, given the attribution's cue at character ``at``."""
        given = source
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
            source = last_line(source)
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

    # --- dispatch -----------------------------------------------------------------------------------

    def _dispatch(self, source: Span, at: int) -> Resolution:
        tokens = self._doc.char_span(source.start, source.end, alignment_mode="expand")
        if tokens is None or len(tokens) == 0:
            return Resolution(None, 0.0, [], f"source {source.text!r} is not on token boundaries")
        timed = without_time(tokens)
        if len(timed) < len(tokens):
            tokens = timed
            source = Span(start=tokens.start_char, end=tokens.end_char, text=tokens.text)
        head = tokens.root
        word = head.lower_
        if len(tokens) == 1 and head.tag_ in {"WP", "WDT"}:  # "the senator, who said…"
            return self._resolve_relative(source, head, at)
        if len(tokens) == 1 and head.tag_ == "PRP":
            return self._resolve_pronoun(source, word)
        if len(tokens) == 1 and head.tag_ == "PRP$" and word in POSSESSIVE:  # "his" in "his suggestion"
            return self._resolve_pronoun(source, POSSESSIVE[word])
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
        apposed = self._apposed_entity(head, tokens.start, tokens.end) or self._described_in_apposition(head)
        if apposed is not None:
            explanation = f"{source.text!r} names {apposed.name!r} in apposition"
            resolution = self._sure(apposed, APPOSED_NAME, explanation, "apposed_name")
            role = noun_phrase_role(head)  # "his spokesman, Andy Abboud": a later "his spokesman" is Abboud
            return self._learn_role(resolution, role.role_class if role is not None else None)
        whole = artefact_a_part_is_of(head)
        if whole is not None:
            return self._resolve_part(source, whole, at)
        return self._resolve_nominal(source, nominal(self._doc, head))

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
        subject = subject_of(cue, through=_SHARED_SUBJECT, steps=IMPLICIT_SUBJECT_STEPS)
        holder = holder_of_purpose(cue) if subject is None else None
        if holder is not None:
            subject = subject_of(holder, through=_SHARED_SUBJECT, steps=IMPLICIT_SUBJECT_STEPS)
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
            if not opens and (not slot or self._doc[i].dep_ in ("pobj", "dobj", "poss")):
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

    def _token_at(self, at: int) -> Token | None:
        """The token that character ``at`` falls in (or the last before it); None in an empty text."""
        if not self._token_starts:
            return None
        return self._doc[max(0, bisect.bisect_right(self._token_starts, at) - 1)]

    def _governor_neighbour(self, at: int) -> tuple[Span, Resolution] | None:
        """For a cue hanging on a speech verb whose speaker the parse took for an object, that verb's
        speaker next to it: "''…?'' asked Mr. Manafort, referring to the candidate's assault"."""
        cue = self._token_at(at)
        if cue is None or cue.dep_ not in ("advcl", "conj") or cue.head.i == cue.i:
            return None
        governor = cue.head
        if governor.lemma_.lower() not in INVERTED_CUES:
            return None
        return self._cue_neighbour(governor.idx, f"no source mention; the speaker of {governor.text!r}")

    def _phrase_resolution(self, head: Token, at: int, why: str) -> tuple[Span, Resolution] | None:
        start, end = noun_phrase_extent(head)
        words = self._doc[start:end]
        return self._resolved_neighbour(
            Span(start=words.start_char, end=words.end_char, text=words.text), at, why
        )

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
        if pronoun.lower_ in ("who", "whom") and named is not None and named.type == EntityType.ORGANIZATION:
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
            if (named is not None and named.type == EntityType.PERSON) or is_human_noun(current):
                return current
        return None

    def _apposed_entity(self, head: Token, start: int, end: int) -> Entity | None:
        """The one person a descriptive source names in apposition to its head ("The chief, Paul Smith,"),
        or the one organisation an organisation noun names ("The Israeli newspaper Haaretz")."""
        kinds = {EntityType.PERSON}
        if is_organization_noun(head):
            kinds |= {EntityType.ORGANIZATION, EntityType.GROUP}
        # "The director of the European Centre, Ina Kirsch": the parse hangs the name on the "of" object
        of_heads = {o.i for o in of_objects(head)} if noun_phrase_role(head) is not None else set()
        found: dict[str, Entity] = {}
        for token in self._doc[start:end]:
            if token.dep_ != "appos" or (token.head.i != head.i and token.head.i not in of_heads):
                continue
            entity = self._mention_with(token.i)
            if entity is None or entity.type not in kinds:
                continue
            if token.head.i == head.i or entity.type == EntityType.PERSON:
                found[entity.id] = entity
        return next(iter(found.values())) if len(found) == 1 else None

    def _described_in_apposition(self, head: Token) -> Entity | None:
        """The organisation a description stands in apposition to: "Right to Rise, a super PAC supporting
        Bush," (the source the parse gives is the description)."""
        kind_noun = is_organization_noun(head) or head.lemma_.lower() in GENERIC_ORGANIZATION_HEADS
        if head.dep_ != "appos" or not kind_noun:
            return None
        named = self._mention_with(head.head.i)
        return named if named is not None and named.type == EntityType.ORGANIZATION else None

    def _mention_with(self, token: int) -> Entity | None:
        """The first entity (input entities, then created ones) with a mention covering ``token``."""
        return self._named_at.get(self._doc[token].idx)

    def _index_mentions(self, entity: Entity) -> None:
        """Map the start of each token inside ``entity``'s mentions to it, unless an earlier entity has it."""
        for mention in entity.mentions:
            first = bisect.bisect_left(self._token_starts, mention.start)
            last = bisect.bisect_left(self._token_starts, mention.end)
            for start in self._token_starts[first:last]:
                self._named_at.setdefault(start, entity)

    # --- names --------------------------------------------------------------------------------------

    def _resolve_named(self, source: Span, entity: Entity) -> Resolution:
        text = name_key(source.text)
        if entity.type == EntityType.GROUP:
            explanation = f"names group {entity.name!r}, often an unnamed part of it"
            return self._sure(entity, NAMED_GROUP, explanation, "named_group")
        if entity.type != EntityType.PERSON:
            return self._sure(
                entity, NAMED_ACTOR, f"names {entity.type.value} {entity.name!r}", "named_actor"
            )
        if text == name_key(entity.name):
            return self._sure(entity, EXACT_NAME, f"exact name match {entity.name!r}", "exact_name")
        if text == parse_name(entity.name).surname:
            return self._surname(entity, parse_name(source.text).gender or self._clause_gender(source))
        return self._sure(entity, PARTIAL_NAME, f"part of the name {entity.name!r}", "partial_name")

    def _surname(self, entity: Entity, gender: Gender | None) -> Resolution:
        """A surname names its entity unless a namesake of a compatible gender shares it ("Mrs. Warren");
        a namesake of the gender the source shows wins over the nearer one of the other."""
        surname = parse_name(entity.name).surname

        namesakes = [
            e
            for e in self._people()
            if e.id != entity.id and parse_name(e.name).surname == surname and self._fits_gender(e, gender)
        ]
        if not self._fits_gender(entity, gender) and len(namesakes) == 1:
            entity, namesakes = namesakes[0], []
        if not namesakes:
            return self._sure(entity, SURNAME, f"surname match → {entity.name!r}", "surname")
        others = ", ".join(repr(e.name) for e in namesakes)
        ranked = [Scored(entity, 1.0)] + [Scored(e, 0.5) for e in namesakes]
        explanation = f"surname shared with {others}; the nearer is {entity.name!r}"
        return self._decide(ranked, SURNAME, explanation, "surname_shared")

    def _fits_gender(self, person: Entity, gender: Gender | None) -> bool:
        """Whether nothing known of ``person`` contradicts ``gender`` (None: any person fits)."""
        return gender is None or self._facts.genders.get(person.id) in (None, gender)

    def _clause_gender(self, source: Span) -> Gender | None:
        """The gender of the first he/his/she/her… in the source's own clause, if no other name comes
        first: "Clinton has emerged to play a role in the campaign of his wife" is Bill, not Hillary."""
        tokens = self._doc.char_span(source.start, source.end, alignment_mode="expand")
        if tokens is None or tokens.root.dep_ not in ("nsubj", "nsubjpass"):
            return None
        clause = tokens.root.head
        for token in clause.subtree:
            if token.i < tokens.end or self._salience.in_quote(token.idx):
                continue
            if token.ent_type_ == "PERSON" or token.dep_ in ("nsubj", "nsubjpass"):
                return None  # "Clinton praised Obama for his work": the pronoun may be the other's
            if token.lower_ in MALE_FORMS:
                return "male"
            if token.lower_ in FEMALE_FORMS:
                return "female"
        return None

    def _sure(self, entity: Entity, confidence: float, explanation: str, rule: str) -> Resolution:
        """``entity`` with no competitor: committed unless its calibrated confidence is below 0.5."""
        speaker = speaker_of(entity)
        calibrated = self._calibrated(rule, confidence)
        candidates = [SpeakerCandidate(speaker=speaker, score=calibrated)]
        if calibrated < MIN_CONFIDENCE:
            explanation = f"{explanation}; too unreliable a rule to commit"
            return Resolution(None, calibrated, candidates, explanation, rule, confidence)
        return Resolution(speaker, calibrated, candidates, explanation, rule, confidence)

    def _calibrated(self, rule: str, raw: float) -> float:
        return round(self._calibration.calibrate(rule, raw), 3)

    # --- pronouns -----------------------------------------------------------------------------------

    def _resolve_pronoun(self, source: Span, word: str) -> Resolution:
        if word in FIRST_PERSON:
            quoted = self._salience.in_quote(source.start)
            author = self._author if word in SINGULAR_FIRST_PERSON and not quoted else None
            if author is not None:
                explanation = f"first-person {source.text!r} outside quotations: the author, {author.name!r}"
                return self._sure(author, AUTHOR, explanation, "author")
            where = "inside a quotation" if quoted else "outside quotations (the author, not credited)"
            return Resolution(None, 0.0, [], f"first-person pronoun {source.text!r} {where} is not a source")
        if word in MALE or word in FEMALE:
            return self._resolve_he_she(source, "male" if word in MALE else "female")
        if word in PLURAL:
            return self._resolve_they(source)
        if word == "it":
            return self._resolve_it(source)
        return Resolution(None, 0.0, [], f"pronoun {source.text!r} is not resolved")

    def _resolve_he_she(self, source: Span, gender: Gender) -> Resolution:
        askers = self._askers(source)
        people = [
            p for p in self._people(source.start) if self._fits_gender(p, gender) and p.id not in askers
        ]
        ranked = self._salience.rank(people, source.start, lambda e: self._gender_fit(e, gender))
        if not ranked:
            return Resolution(None, 0.0, [], f"pronoun {source.text!r}: no {gender} person mentioned before")
        best = ranked[0].entity
        known = best.id in self._facts.genders
        base = PRONOUN_GENDER_KNOWN if known else PRONOUN_GENDER_UNKNOWN
        rule = "pronoun_gender_known" if known else "pronoun_gender_unknown"
        kind = f"{gender} person" if known else "person of unknown gender"
        resolution = self._decide(
            ranked, base, f"pronoun {source.text!r} → most salient {kind} {best.name!r}", rule
        )
        if resolution.speaker is not None:
            self._facts.genders.setdefault(best.id, gender)  # later pronouns can rely on it
        return resolution

    def _gender_fit(self, person: Entity, gender: Gender) -> float:
        """How well ``person`` fits a "he" or "she" of ``gender`` (already known not to contradict it): 1
        when the article shows the gender; for a first name neither gender dominates, its census share,
        shrunk toward even by :data:`GENDER_PRIOR_WEIGHT` ("Chris" fits "he" better than "she"); else even."""
        if person.id in self._facts.genders:
            return 1.0
        given = parse_name(person.name).given
        prior = gender_prior(given[0], gender) if given else None
        if prior is None:
            return UNKNOWN_GENDER_FIT
        return UNKNOWN_GENDER_FIT + (prior - 0.5) * GENDER_PRIOR_WEIGHT

    @cached_property
    def _author(self) -> Entity | None:
        """The one person the article names who is its credited author (metadata or a credit line)."""
        given = self._doc._.saidwhat_authors if Doc.has_extension("saidwhat_authors") else None
        names = list(dict.fromkeys([*(given or []), *credited_authors(self._doc.text)]))
        people = {p.id: p for name in names for p in self._people() if _names_agree(p.name, name)}
        return next(iter(people.values())) if len(people) == 1 else None

    def _askers(self, source: Span) -> set[str]:
        """Who asked, in this sentence or the one before, when the pronoun replies: "A reporter asked
        Sanders how he's feeling. He replied: …" is not the reporter."""
        tokens = self._doc.char_span(source.start, source.end, alignment_mode="expand")
        if tokens is None or tokens.root.head.lemma_.lower() not in REPLY_VERBS:
            return set()
        return {asker.id for asker in self._recent_subjects(source.start, 1, "ask")}

    def _recent_subjects(self, until: int, back: int, lemma: str) -> list[Entity]:
        """The named subjects of the verb ``lemma`` from ``back`` sentences before offset ``until``'s
        sentence up to ``until``, the latest first."""
        since = self._salience.sentence_starts[max(0, self._salience.sentence_of(until) - back)]
        tokens = self._doc.char_span(since, until, alignment_mode="contract")
        verbs = [t for t in tokens or [] if t.pos_ in ("VERB", "AUX") and t.lemma_.lower() == lemma]
        subjects = (c for verb in reversed(verbs) for c in verb.children if c.dep_ == "nsubj")
        return [entity for subject in subjects if (entity := self._mention_with(subject.i)) is not None]

    def _resolve_it(self, source: Span) -> Resolution:
        # a place that has spoken ("The city of Phoenix is demanding…") acts as an organisation
        organizations = [
            e
            for e in self.entities
            if e.type == EntityType.ORGANIZATION
            or (e.type == EntityType.PLACE and self._salience.has_spoken(e.id))
        ]
        ranked = self._salience.rank(organizations, source.start, lambda e: 1.0)
        if not ranked:
            return Resolution(None, 0.0, [], "pronoun 'it': no organisation mentioned before")
        name = ranked[0].entity.name
        return self._decide(
            ranked, PRONOUN_GENDER_UNKNOWN, f"pronoun 'it' → most salient organisation {name!r}", "pronoun_it"
        )

    def _resolve_they(self, source: Span) -> Resolution:
        groups = [e for e in self.entities if e.type in (EntityType.ORGANIZATION, EntityType.GROUP)]
        factor = {e.id: (1.0 if e.type == EntityType.GROUP else ORGANIZATION_AS_THEY) for e in groups}
        ranked = self._salience.rank(groups, source.start, lambda e: factor[e.id])
        ranked = best_per_entity(ranked + self._plural_noun_phrases(source))
        if not ranked:
            return Resolution(
                None, 0.0, [], f"pronoun {source.text!r}: no group or plural noun phrase before"
            )
        best = ranked[0].entity
        explanation = f"pronoun {source.text!r} → most salient group {best.name!r}"
        described = best.id == _PENDING or best.id in self._nominal_ids  # "the protesters", no name
        rule = "plural_pronoun_phrase" if described else "plural_pronoun"
        return self._decide(ranked, PLURAL_PRONOUN, explanation, rule)

    def _plural_noun_phrases(self, source: Span) -> list[Scored]:
        """Plural NPs for people in the source's sentence and the two before it, as candidate entities."""
        sentence = self._salience.sentence_of(source.start)
        first = self._doc.char_span(
            self._salience.sentence_starts[max(0, sentence - 2)], source.start, alignment_mode="expand"
        )
        if first is None:
            return []
        scored = []
        for head in plural_human_heads(self._doc, first.start, first.end):
            candidate = nominal(self._doc, head)
            if candidate.end > first.end or self._mention_with(head.i) is not None:
                continue
            weight = self._salience.weight(head, PLURAL_NP_WEIGHT, source.start)
            scored.append(Scored(self._nominal_entity(candidate, EntityType.GROUP), weight))
        return scored

    # --- nominals -----------------------------------------------------------------------------------

    def _resolve_nominal(self, source: Span, described: Nominal) -> Resolution:
        place = self._place_by_kind(described)
        if place is not None:
            return self._sure(place, NAMED_ACTOR, f"{source.text!r} names {place.name!r}", "named_actor")
        example = self._mention_with(described.example) if described.example is not None else None
        if example is not None and example.type == EntityType.PERSON:
            explanation = f"{source.text!r} names {example.name!r} as its example"
            return self._sure(example, APPOSED_NAME, explanation, "named_example")
        possessor = self._possessor(described)
        owner, owner_confidence = possessor, 1.0
        if owner is None and described.pronoun_possessor is not None:
            owner, owner_confidence = self._pronoun_owner(described.pronoun_possessor)
        if owner is None and described.possessor is not None and described.artefact:
            owner, owner_confidence = self._described_owner(described.possessor)
        if described.artefact:
            resolution = self._resolve_artefact(source, described, owner, owner_confidence)
            if resolution is not None:
                return resolution
        if owner is not None and owner.type == EntityType.PERSON and self._is_campaign(described):
            return self._campaign(source, owner, CAMPAIGN * owner_confidence)
        if owner is None and self._is_campaign(described) and described.definite:
            salient = self._salient_campaign(source)  # "The campaign says the average donation was $27"
            if salient is not None:
                return salient
        if described.role is not None and not described.plural:
            return self._resolve_role(source, described)
        if possessor is not None and possessor.type != EntityType.PERSON:
            explanation = f"{source.text!r} acts for {possessor.name!r}"
            return self._sure(possessor, POSSESSOR_ACTOR, explanation, "possessor_actor")
        named = self._described_name(source) or self._missed_organization_name(source, described)
        if named is not None:
            return named
        if self._organization_description(described) and owner is None:
            salient = self._salient_organization(source, self._doc[described.head].lemma_.lower())
            if salient is not None:
                return salient
        kin = self._kin(source, described, possessor)
        if kin is not None:
            return kin
        if described.human or described.organization_noun or possessor is not None:
            kind = nominal_kind(described)
            if not described.definite and not described.plural and possessor is None:
                named = self._cataphor(source, described, kind)
                if named is not None:
                    return named
            entity = self._keep(self._nominal_entity(described, kind))
            explanation = f"{source.text!r} is a referent of its own ({kind.value})"
            return self._sure(entity, NEW_NOMINAL, explanation, "new_nominal")
        return self._resolve_name_text(source)

    def _place_by_kind(self, described: Nominal) -> Entity | None:
        """ "The city of Phoenix", "the state of Ohio": the place named after its kind."""
        head = self._doc[described.head]
        if head.lemma_.lower() not in lexicon().place_nouns:
            return None
        for prep in (t for t in head.rights if t.dep_ == "prep" and t.lower_ == "of"):
            for named in (self._mention_with(t.i) for t in prep.children if t.dep_ == "pobj"):
                if named is not None and named.type == EntityType.PLACE:
                    return named
        return None

    def _cataphor(self, source: Span, described: Nominal, kind: EntityType) -> Resolution | None:
        """ "A major Muslim civil rights group says … The Council on American-Islamic Relations …": an
        indefinite description that the next sentence names, as the subject, by an entity of its kind
        that the article has not mentioned before."""
        wanted = EntityType.PERSON if described.role is not None or kind == EntityType.GROUP else kind
        named = self._introduced_next(source, {wanted})
        if named is None:
            return None
        marked = role_gender(self._doc[described.head].text)
        if marked is not None and self._facts.genders.get(named.id, marked) != marked:
            return None  # "A woman … said" is not the man named next
        if marked is not None:
            self._facts.genders.setdefault(named.id, marked)
        explanation = f"{source.text!r} is named in the next sentence: {named.name!r}"
        return self._sure(named, CATAPHOR, explanation, "cataphor")

    def _introduced_next(self, source: Span, kinds: set[EntityType]) -> Entity | None:
        """The first main-clause subject in the :data:`CATAPHOR_SENTENCES` sentences after ``source``'s
        that is an entity of ``kinds`` first mentioned there (a news lede names its "woman who…" a
        sentence or two later)."""
        first = self._salience.sentence_of(source.end - 1) + 1
        for sentence in range(first, min(first + CATAPHOR_SENTENCES, len(self._salience.sentence_starts))):
            start = self._salience.sentence_starts[sentence]
            if self._salience.entry_factor(source.start, start) < 1.0:
                return None  # the next live-blog entry is another story
            end = (
                self._salience.sentence_starts[sentence + 1]
                if sentence + 1 < len(self._salience.sentence_starts)
                else len(self._doc.text)
            )
            tokens = self._doc.char_span(start, end, alignment_mode="expand")
            for token in tokens if tokens is not None else []:
                subject = token.head if token.dep_ == "appos" else token  # '"…, Mr. President," Rep. Cohen'
                if subject.dep_ not in ("nsubj", "nsubjpass") or subject.head.dep_ not in ("ROOT", "conj"):
                    continue  # only what the sentence is about, not an embedded clause's subject
                entity = self._mention_with(token.i)
                first_mention = min((m.start for m in entity.mentions), default=-1) if entity else -1
                if entity is not None and entity.type in kinds and first_mention >= start:
                    return entity
        return None

    def _kin(self, source: Span, described: Nominal, possessor: Entity | None) -> Resolution | None:
        """ "Donald Trump's wife", "his son": the relative of a named person, when the article names a
        person of the same surname (other than the possessor) in the next sentence or before."""
        head = self._doc[described.head]
        if head.lemma_.lower() not in lexicon().kin_nouns or described.plural:
            return None
        owner = possessor
        if owner is None and described.pronoun_possessor is not None:
            owner, _ = self._pronoun_owner(described.pronoun_possessor)
        if owner is None or owner.type != EntityType.PERSON:
            return None
        surname = parse_name(owner.name).surname
        gender = role_gender(head.text)
        relatives = [
            p
            for p in self._people()
            if p.id != owner.id and parse_name(p.name).surname == surname and self._fits_gender(p, gender)
        ]
        if len(relatives) != 1:
            return None
        explanation = f"{source.text!r} is {owner.name!r}'s relative {relatives[0].name!r}"
        return self._sure(relatives[0], KIN, explanation, "kin")

    def _salient_campaign(self, source: Span) -> Resolution | None:
        ranked = self._salience.rank(list(self._campaigns.values()), source.start, lambda e: 1.0)
        if not ranked or ranked[0].score < SALIENT_DESCRIPTION_FLOOR:
            return None
        explanation = f"{source.text!r}: the campaign the story is about, {ranked[0].entity.name!r}"
        return self._decide(ranked, SALIENT_DESCRIPTION, explanation, "salient_organization")

    def _organization_description(self, described: Nominal) -> bool:
        """ "The group", "the nation's largest gun group": a definite singular organisation noun (or
        "group") with no name in it, so a description, not "The Carson campaign"."""
        head = self._doc[described.head]
        if not described.definite or described.plural or head.lemma_.lower() == "campaign":
            return False
        if not (described.organization_noun or head.lemma_.lower() in ORGANIZATION_HEADS):
            return False
        words = self._doc[described.start : described.end]
        return not any(t.tag_ in PROPER_TAGS or self._mention_with(t.i) is not None for t in words)

    def _salient_organization(self, source: Span, head: str) -> Resolution | None:
        """ "The group", "the nation's largest gun group": a definite organisation noun with no owner refers
        to the organisation the story is about, when one was a subject or speaker just before; one of its
        kind: "the court" is no foundation ("National Golf Foundation") nor a party ("GOP")."""
        organizations = [
            e
            for e in self.entities
            if e.type == EntityType.ORGANIZATION and e.id not in self._nominal_ids and _of_kind(e.name, head)
        ]
        ranked = self._salience.rank(organizations, source.start, lambda e: 1.0)
        if not ranked or ranked[0].score < SALIENT_DESCRIPTION_FLOOR:
            return None
        name = ranked[0].entity.name
        explanation = f"{source.text!r}: the organisation the story is about, {name!r}"
        return self._decide(ranked, SALIENT_DESCRIPTION, explanation, "salient_organization")

    def _pronoun_owner(self, token: int) -> tuple[Entity | None, float]:
        """Whom a possessive pronoun ("his" in "his campaign") refers to, and how sure that is."""
        pronoun = self._doc[token]
        span = Span.of(self._doc.text, pronoun.idx, pronoun.idx + len(pronoun.text))
        resolution = self._resolve_pronoun(span, POSSESSIVE.get(pronoun.lower_, pronoun.lower_))
        return self._owner_of(resolution)

    def _described_owner(self, token: int) -> tuple[Entity | None, float]:
        """Whom a possessive description refers to ("The campaign's" in "The campaign's statement")."""
        start, end = noun_phrase_extent(self._doc[token])
        words = self._doc[start:end]
        if len(words) and words[-1].tag_ == "POS":
            words = words[:-1]
        if not len(words):
            return None, 0.0
        span = Span(start=words.start_char, end=words.end_char, text=words.text)
        resolution = self._dispatch(span, span.start)
        return self._owner_of(resolution)

    def _owner_of(self, resolution: Resolution) -> tuple[Entity | None, float]:
        """The entity an owner's resolution names, and how sure it is (none: 0)."""
        if resolution.speaker is None:
            return None, 0.0
        return self._resolved_entity(resolution), resolution.raw_confidence

    def _resolved_entity(self, resolution: Resolution) -> Entity | None:
        return self._entity_by_id(resolution.speaker.id) if resolution.speaker is not None else None

    def _entity_by_id(self, entity_id: str) -> Entity | None:
        return next((e for e in self.entities if e.id == entity_id), None)

    def _resolve_artefact(
        self, source: Span, described: Nominal, owner: Entity | None, owner_confidence: float
    ) -> Resolution | None:
        """An artefact speaks for its issuer: its owner, a name in it, the issuer of the same kind of
        artefact named just before ("the same poll"), or for a statement or remarks, whoever was speaking."""
        issuer, confidence = owner, ARTEFACT_ISSUER * owner_confidence
        if issuer is None:
            head = self._doc[described.head]
            # "Early results of the exit poll conducted by Edison Research": the poll's issuer
            same = artefacts_of_same_kind(head)
            issuer = self._issuing_agent(head) or (self._issuing_agent(same[0]) if same else None)
            issuer = issuer or self._issuer_in(source) or self._issuing_subject(head)
            issuer, confidence = issuer or self._untagged_issuer(described), ARTEFACT_ISSUER
        if issuer is not None and issuer.type in (EntityType.PERSON, EntityType.ORGANIZATION):
            if confidence >= MIN_CONFIDENCE:
                explanation = f"{source.text!r} speaks for {issuer.name!r}"
                return self._issued(source, described, issuer, confidence, explanation, "artefact_issuer")
            return None
        if owner is not None:
            return None
        plural = described.plural and described.artefact_kind != "speech"  # "The remarks" are one speech
        earlier = self._earlier_artefact(described) if described.definite and not plural else None
        if earlier is None and (later := self._described_next(described)) is not None:
            explanation = f"{source.text!r}: a later sentence says who issued the {described.artefact_kind}"
            explanation = f"{explanation}, {later.name!r}"
            return self._issued(source, described, later, ARTEFACT_EARLIER, explanation, "artefact_earlier")
        doer = self._doer_of(described) if not plural else None
        if doer is not None:
            explanation = f"{source.text!r}: {doer.name!r} did what it names just before"
            return self._issued(source, described, doer, ARTEFACT_EARLIER, explanation, "artefact_earlier")
        if not described.definite or plural:
            return None  # "Some polls", "a report": not one the article named before
        if earlier is not None:
            explanation = f"{source.text!r} is the {described.artefact_kind} by {earlier.name!r} named before"
            return self._issued(source, described, earlier, ARTEFACT_EARLIER, explanation, "artefact_earlier")
        if described.artefact_kind in ("statement", "speech"):
            speakers = [e for e in self.entities if self._salience.has_spoken(e.id)]
            ranked = self._salience.rank(speakers, source.start, lambda e: 1.0)
            if ranked:
                name = ranked[0].entity.name
                explanation = f"{source.text!r} → the latest speaker {name!r}"
                return self._decide(ranked, ARTEFACT_SPEAKER, explanation, "artefact_speaker")
        return None

    def _issued(
        self, source: Span, described: Nominal, issuer: Entity, confidence: float, explanation: str, rule: str
    ) -> Resolution:
        """The artefact speaks for its issuer; a political ad a person put out speaks for their campaign
        ("Bernie Sanders is releasing a new 30-second ad … The ad says": the Sanders campaign), as the
        campaign committee is who makes and pays for it."""
        if described.artefact_kind == "ad" and issuer.type == EntityType.PERSON:
            campaign = self._campaign(source, issuer, confidence)
            return replace(campaign, explanation=f"{explanation}; an ad: {campaign.explanation}")
        return self._sure(issuer, confidence, explanation, rule)

    def _doer_of(self, described: Nominal) -> Entity | None:
        """Who did, in this sentence or the two before, the act the artefact is named after: "Dan Gross
        live tweeted as Obama spoke. An early tweet quoted the president" (tweet, report, poll, post…)."""
        head = self._doc[described.head]
        doers = self._recent_subjects(head.idx, 2, head.lemma_.lower())
        return next((d for d in doers if d.type in (EntityType.PERSON, EntityType.ORGANIZATION)), None)

    def _earlier_artefact(self, described: Nominal) -> Entity | None:
        """The issuer of the last artefact of the same kind named in the few sentences before."""
        artefacts = self._artefact_index()
        index = bisect.bisect_left(artefacts, described.start, key=lambda item: item[0]) - 1
        here = self._salience.sentence_of(self._doc[described.head].idx)
        while index >= 0:
            token, kind, issuer = artefacts[index]
            if here - self._salience.sentence_of(self._doc[token].idx) > ARTEFACT_LOOKBACK:
                return None
            if kind == described.artefact_kind:
                return issuer
            index -= 1
        return None

    def _artefact_index(self) -> list[tuple[int, str, Entity]]:
        """Every artefact the article attributes to a named issuer, by head token; built once."""
        if self._artefacts is None:
            self._artefacts = []
            for token in self._doc:
                kind = artefact_kind_of(token)
                if kind is None:
                    continue
                described = nominal(self._doc, token)
                issuer = self._possessor(described) or self._issuer_between(described.start, described.head)
                issuer = issuer or self._issuing_subject(token) or self._issuing_agent(token)
                if issuer is not None and issuer.type in (EntityType.PERSON, EntityType.ORGANIZATION):
                    self._artefacts.append((token.i, kind, issuer))
        return self._artefacts

    def _described_next(self, described: Nominal) -> Entity | None:
        """The issuer a later sentence gives an artefact with none of its own, as wire copy does after
        poll figures: "Early results of an entrance poll … are showing that … [more figures] … The
        survey was conducted for AP by Edison Research …". The next artefact of the same kind within
        :data:`ARTEFACT_LOOKBACK` sentences must refer back ("The survey was conducted by …"); "A new
        poll conducted by …" is another poll."""
        here = self._salience.sentence_of(self._doc[described.head].idx)
        index = bisect.bisect_right(self._artefact_index(), described.head, key=lambda item: item[0])
        for token, kind, issuer in self._artefact_index()[index:]:
            later = self._doc[token]
            if self._salience.sentence_of(later.idx) - here > ARTEFACT_LOOKBACK:
                return None
            if kind != described.artefact_kind:
                continue
            refers_back = later.dep_ == "nsubjpass" and any(
                child.dep_ == "det" and child.lower_ in ("the", "this", "that") for child in later.children
            )
            return issuer if refers_back and self._issuing_agent(later) is issuer else None
        return None

    def _issuing_agent(self, artefact: Token) -> Entity | None:
        """Who an artefact is issued by, in a passive: "a poll conducted by Edison Research", "The survey
        was conducted for AP by Edison Research" (issuing verbs only: "a letter obtained by the AP" names
        who handled it, not who wrote it)."""
        if artefact.dep_ == "nsubjpass":
            verb = artefact.head
        else:
            # "a poll of 400 Latino voters released by Latino Decisions": the parse hangs the participle
            # on the "of" object, but only an artefact is released, conducted or published
            nouns = [artefact, *of_objects(artefact)]
            participles = (c for noun in nouns for c in noun.children if c.dep_ == "acl" and c.tag_ == "VBN")
            verb = next(participles, artefact)
        if verb is artefact or verb.lemma_.lower() not in lexicon().issuing_verbs:
            return None
        agent = agent_of(verb, nested=True)
        entity = self._mention_with(agent.i) if agent is not None else None
        if entity is None or entity.type not in (EntityType.PERSON, EntityType.ORGANIZATION):
            return None
        return entity

    def _issuing_subject(self, artefact: Token) -> Entity | None:
        """Who issues an artefact named as the object of an issuing verb: "The Jeb Bush campaign is
        releasing a new online ad" → the Bush campaign; "the figures her campaign released" → her campaign."""
        verb = artefact.head
        if artefact.dep_ != "dobj":
            # "the figures her campaign released Friday": a relative clause with the issuing verb
            clauses = [c for c in artefact.rights if c.dep_ == "relcl"]
            verb = clauses[0] if clauses else artefact
        if verb is artefact or verb.lemma_.lower() not in lexicon().issuing_verbs:
            return None
        subject = subject_of(verb, through=_SHARED_SUBJECT, steps=IMPLICIT_SUBJECT_STEPS)
        if subject is None or subject.tag_ in ("WP", "WDT") or artefact_kind_of(subject) is not None:
            return None
        start, end = (
            noun_phrase_extent(subject)
            if subject.tag_ not in PROPER_TAGS
            else (subject.left_edge.i, subject.i + 1)
        )
        words = self._doc[start:end]
        resolution = self._dispatch(
            Span(start=words.start_char, end=words.end_char, text=words.text), words.start_char
        )
        return self._resolved_entity(resolution)

    def _untagged_issuer(self, described: Nominal) -> Entity | None:
        """A proper noun the model missed before an artefact's head ("the RealClearPolitics average")."""
        run = self._untagged_run(described.start, described.head)
        if run is None or self._salience.in_quote(self._doc[run[0]].idx):  # a title in quote marks
            return None
        return self._keep(self._named_entity(run, EntityType.ORGANIZATION))

    def _described_name(self, source: Span) -> Resolution | None:
        """A description with a name the model missed: "the band Free", "the newspaper Haaretz"."""
        tokens = self._doc.char_span(source.start, source.end, alignment_mode="expand")
        if tokens is None:
            return None
        run = self._untagged_run(tokens.start, tokens.end)
        if run is None or run[1] != tokens.end or run[0] == tokens.start:
            return None
        before = run[0] - 1
        while before > tokens.start and self._doc[before].is_space:
            before -= 1  # "his friend\xa0Mahamat Saleh Oumar": a no-break space is a token of its own
        descriptor = self._doc[before]
        if is_organization_noun(descriptor):
            kind = EntityType.ORGANIZATION
        elif role_class(descriptor.text) is not None or is_human_noun(descriptor):
            kind = EntityType.PERSON  # "the senator Ann Ruiz", "his friend Mahamat Saleh Oumar"
        else:
            return None
        entity = self._keep(self._named_entity(run, kind))
        explanation = f"{source.text!r} names {entity.name!r}, a {kind.value} the entity stage missed"
        return self._sure(entity, UNTAGGED_NAME, explanation, "untagged_name")

    def _missed_organization_name(self, source: Span, described: Nominal) -> Resolution | None:
        """ "the Central and East European Coalition": capitalised words ending in an organisation noun,
        which the model left untagged or tagged in pieces ("Central" as a place), name an organisation.
        A name of a person or organisation in it ("the Trump Campaign") leaves it to the other rules."""
        words = [token for token in self._doc[described.start : described.head + 1] if not token.is_punct]
        if words and words[0].lower_ == "the":
            words = words[1:]
        if len(words) < 2 or not is_organization_noun(words[-1]):
            return None
        capitalised = [token for token in words if token.text[:1].isupper()]
        if words[0] not in capitalised or words[-1] not in capitalised:
            return None
        if any(token not in capitalised and token.lower_ not in _NAME_CONNECTORS for token in words):
            return None
        named = (self._mention_with(token.i) for token in words)
        if any(e is not None and e.type in (EntityType.PERSON, EntityType.ORGANIZATION) for e in named):
            return None
        entity = self._keep(self._named_entity((words[0].i, words[-1].i + 1), EntityType.ORGANIZATION))
        explanation = f"{source.text!r} names {entity.name!r}, an organisation the entity stage missed"
        return self._sure(entity, UNTAGGED_NAME, explanation, "untagged_name")

    def _untagged_run(self, start: int, end: int) -> tuple[int, int] | None:
        """The last run of capitalised proper nouns in tokens [start, end) that no entity covers."""
        last = None
        i = end - 1
        while i >= start and not self._is_untagged_name(self._doc[i]):
            i -= 1
        if i >= start:
            first = i
            while first - 1 >= start and self._is_untagged_name(self._doc[first - 1]):
                first -= 1
            last = (first, i + 1)
        return last

    def _is_untagged_name(self, token: Token) -> bool:
        """A capitalised proper noun, or a noun capitalised inside ("RealClearPolitics"), no entity covers."""
        proper = token.tag_ in PROPER_TAGS or (token.tag_.startswith("NN") and not token.text[1:].islower())
        return (
            proper
            and token.text[:1].isupper()
            and self._mention_with(token.i) is None
            and token.ent_type_ not in WHEN_LABELS  # "A Feb. 1 letter"
            and token.lower_ not in lexicon().demonyms
            and not is_role_word(token)
        )

    def _in_missed_name(self, token: Token) -> bool:
        """Part of a missed name before its head, a demonym too ("American" in "American Crossroads")."""
        return self._is_untagged_name(token) or (
            token.dep_ == "compound" and token.tag_ in PROPER_TAGS and self._mention_with(token.i) is None
        )

    def _named_entity(self, run: tuple[int, int], kind: EntityType) -> Entity:
        tokens = self._doc[run[0] : run[1]]
        span = Span(start=tokens.start_char, end=tokens.end_char, text=tokens.text)
        existing = self._created.get((span.start, span.end))
        if existing is not None:
            return existing
        return Entity(id=_PENDING, name=span.text, type=kind, mentions=[span])

    def _is_campaign(self, described: Nominal) -> bool:
        """ "his campaign", "Fiorina's campaign" or "Fiorina's team" (a named candidate's team)."""
        lemma = self._doc[described.head].lemma_.lower()
        named_team = lemma == "team" and described.possessor is not None
        return (lemma == "campaign" or named_team) and not described.plural

    def _campaign(self, source: Span, candidate: Entity, confidence: float) -> Resolution:
        """A candidate's campaign, an organisation of its own: "his campaign" → the Trump campaign."""
        campaign = self._campaigns.get(candidate.id)
        if campaign is None:
            words = candidate.name.split()
            surname = " ".join(words[-len(parse_name(candidate.name).surname.split()) :])
            name = f"the {surname} campaign"
            campaign = next((e for e in self.entities if name_key(e.name) == name_key(name)), None)
            if campaign is None:
                span = Span(start=source.start, end=source.end, text=source.text)
                campaign = Entity(id=_PENDING, name=name, type=EntityType.ORGANIZATION, mentions=[span])
            campaign = self._keep(campaign)
            self._campaigns[candidate.id] = campaign
        explanation = f"{source.text!r} is the campaign of {candidate.name!r}"
        return self._sure(campaign, confidence, explanation, "campaign")

    def _issuer_in(self, source: Span) -> Entity | None:
        """The one person or organisation named inside an artefact's source ("a new poll from Gallup")."""
        tokens = self._doc.char_span(source.start, source.end, alignment_mode="expand")
        if tokens is None:
            return None
        # "A letter from the American Legion obtained by The Associated Press": a clause on the
        # artefact names who handled it, not who issued it
        handled = {
            token.i
            for clause in tokens
            if clause.dep_ in ("acl", "relcl") and clause.i != tokens.root.i
            for token in clause.subtree
        }
        # "a review of Hillary Clinton’s emails", "a poll of Iowa voters": the "of" phrase on the
        # artefact names what it is about, not who issued it, unless it names artefacts of the same
        # kind ("an average of recent Post-ABC polls" speaks for the polls' issuer)
        about = {
            token.i
            for prep in of_phrases(tokens.root)
            if not any(c in artefacts_of_same_kind(tokens.root) for c in prep.children)
            for token in prep.subtree
        }
        return self._issuer_between(tokens.start, tokens.end, skip=handled | about)

    def _issuer_between(
        self, start: int, end: int, skip: frozenset[int] | set[int] = frozenset()
    ) -> Entity | None:
        """The one person or organisation named in tokens [start, end), leaving out those in ``skip``."""
        found: dict[str, Entity] = {}
        quoted = self._salience.in_quote(self._doc[start].idx) if start < len(self._doc) else False
        for token in self._doc[start:end]:
            if token.i in skip or (self._salience.in_quote(token.idx) and not quoted):
                continue  # a title in quote marks (The “No Comparison” ad) names no issuer
            entity = self._mention_with(token.i)
            if entity is not None and entity.type in (EntityType.PERSON, EntityType.ORGANIZATION):
                found[entity.id] = entity
        return next(iter(found.values())) if len(found) == 1 else None

    def _possessor(self, described: Nominal) -> Entity | None:
        return self._mention_with(described.possessor) if described.possessor is not None else None

    def _resolve_role(self, source: Span, described: Nominal) -> Resolution:
        role = described.role
        assert role is not None
        wanted = role.role_class
        gender = role_gender(role.text)
        # "A district judge ruled": an indefinite description introduces someone, it does not point back
        # "his spokesman", "Adelson's spokesman": someone else than the owner, never the salient person
        owner = self._possessor(described)
        holders = (
            [p for p in self._people(source.start) if self._holds(p, wanted, role, gender) and p is not owner]
            if described.definite
            else []
        )
        ranked = self._salience.rank(holders, source.start, _organization_factor(role), floor=0.1)
        if ranked and described.definite and not described.plural and not described.owned:
            ranked = self._with_salient_people(ranked, source.start, gender, role)
        if ranked:
            best = ranked[0].entity
            both = (
                role.organization is not None
                and best.organization is not None
                and canonical_organization(role.organization) == canonical_organization(best.organization)
            )
            base, rule = (
                (ROLE_WITH_ORGANIZATION, "role_with_organization") if both else (ROLE_ONLY, "role_only")
            )
            resolution = self._decide(ranked, base, _role_explanation(source, role, best), rule)
            return self._learn_role(resolution, wanted)
        return self._role_fallback(source, described, role)

    def _with_salient_people(
        self, holders: list[Scored], before: int, gender: Gender | None, role: Role
    ) -> list[Scored]:
        """Holders of a role plus the people the story is about right now whom no one said hold it: "the
        Vermont senator" just after "Democratic presidential candidate Bernie Sanders" is Sanders, not a
        senator introduced entries before. A non-holder counts :data:`NON_HOLDER` of its salience."""
        held = {s.entity.id for s in holders}
        others = [
            p
            for p in self._people(before)
            if p.id not in held
            and p.id not in self._nominal_ids
            and self._fits_gender(p, gender)
            # a senator may be "the candidate"; a senator is not "the governor"
            and (
                role.role_class in ROLES_HELD_WITH_OTHERS
                or self._facts.roles.get(p.id, set()) <= ROLES_HELD_WITH_OTHERS
            )
            and organizations_compatible(role.organization, p.organization)
        ]
        ranked = self._salience.rank(others, before, lambda e: 1.0)
        salient = [Scored(s.entity, s.score * NON_HOLDER) for s in ranked if s.score >= NON_HOLDER_FLOOR]
        return sorted(holders + salient, key=lambda s: -s.score)

    def _holds(self, person: Entity, wanted: str | None, role: Role, gender: Gender | None) -> bool:
        classes = self._facts.roles.get(person.id, set())
        if wanted is None or wanted not in classes:
            return False
        if gender is not None and self._facts.genders.get(person.id) not in (None, gender):
            return False
        if role.organization is not None and person.organization is None and person.role is None:
            # a role learnt from resolving "the governor" says nothing of where: "The Ohio governor" is not
            # the New Jersey governor someone's "the governor" was resolved to
            return False
        return organizations_compatible(role.organization, person.organization)

    def _role_fallback(self, source: Span, described: Nominal, role: Role) -> Resolution:
        """No one introduced with that role: the salient speaker of that organisation, else a new entity.
        "A Democratic senator" introduces someone new, never the Democrat speaking before."""
        if role.organization is not None and described.definite:
            gender = role_gender(role.text)  # "The New York businessman" is no New York woman
            members = [
                p
                for p in self._speaking_people()
                if _same_organization(p, role.organization) and self._fits_gender(p, gender)
            ]
            ranked = self._salience.rank(members, source.start, lambda e: 1.0)
            if ranked:
                name = ranked[0].entity.name
                explanation = (
                    f"{source.text!r}: no one introduced as {role.text!r}; speaker of {role.organization!r}"
                )
                explanation = f"{explanation} {name!r}"
                resolution = self._decide(ranked, ORGANIZATION_SPEAKER, explanation, "organization_speaker")
                return self._learn_role(resolution, role.role_class)
        bare = self._doc[described.start].tag_ not in ("DT", "PRP$", "WP$")  # a headline's "top aide"
        if (bare or not described.definite) and not described.plural:
            # "one lawmaker … Rep. Cohen"; "Donald Trump's campaign manager says … Corey Lewandowski"
            named = self._cataphor(source, described, EntityType.PERSON)
            if named is not None:
                return self._learn_role(named, role.role_class)
        serving = role.role_class in SERVING_ROLES
        if described.definite and not described.plural and not described.owned:
            later = self._later_role_holder(source, role)
            if later is not None:
                return later
        if described.definite and not described.plural and not described.owned and not serving:
            salient = self._salient_person(source, role)
            if salient is not None:
                return self._learn_role(salient, role.role_class)
        alternatives = self._salience.rank(self._people(), source.start, lambda e: 1.0)
        entity = self._keep(self._nominal_entity(described, EntityType.PERSON))
        if role.role_class is not None:  # "the senator" later refers back to this unnamed senator
            self._facts.roles.setdefault(entity.id, set()).update(with_broader(role.role_class))
        # An indefinite description ("a senior official") introduces someone new by definition.
        raw, rule = (
            (NEW_NOMINAL, "new_nominal") if not described.definite else (NEW_ROLE_HOLDER, "new_role_holder")
        )
        confidence = self._calibrated(rule, raw)
        speaker = speaker_of(entity)
        candidates = [SpeakerCandidate(speaker=speaker, score=confidence)]
        candidates += self._candidates(alternatives, confidence / 2)[:3]
        explanation = f"{source.text!r}: no named person introduced as {role.text!r}; an unnamed person"
        if confidence < MIN_CONFIDENCE:
            return Resolution(None, confidence, candidates, explanation, rule, raw)
        return Resolution(speaker, confidence, candidates, explanation, rule, raw)

    def _later_role_holder(self, source: Span, role: Role) -> Resolution | None:
        """A definite role no one held before, held by exactly one person the article names with that
        role word in the next :data:`LATER_ROLE_SENTENCES` sentences, in the same live-blog entry: "The
        judge rubbed his chin … here was Judge Berman professing…" (not "The nurse" … "Ben Carson, the
        only doctor", a role of the same class; not "The GOP nominee" … "in 2012 … GOP nominee Mitt
        Romney", pages later)."""
        gender = role_gender(role.text)
        word = role.text.split()[-1].lower()
        last = self._salience.sentence_of(source.start) + LATER_ROLE_SENTENCES
        holders = [
            p
            for p in self._people(source.start)
            if self._holds(p, role.role_class, role, gender)
            and word in (p.role or "").lower().split()
            and (first := min(m.start for m in p.mentions)) >= source.end
            and self._salience.sentence_of(first) <= last
            and self._salience.entry_factor(source.start, first) == 1.0
        ]
        if len(holders) != 1:
            return None
        name = holders[0].name
        explanation = f"{source.text!r}: the one person the article names later as {role.text!r}, {name!r}"
        return self._sure(holders[0], LATER_ROLE_HOLDER, explanation, "later_role_holder")

    def _salient_person(self, source: Span, role: Role) -> Resolution | None:
        """A definite description no one was introduced with ("the billionaire businessman", "the Kentucky
        Republican") is news-style variation for whoever the story is about: the most salient person of a
        compatible gender and organisation, when someone was the subject or speaker just before."""
        gender = role_gender(role.text)
        people = [
            p
            for p in self._people(source.start)
            # no organisation test: "the Republican presidential candidate" may be "Texas Sen. Ted Cruz";
            # but not someone of another party ("Libertarian presidential candidate Gary Johnson"), nor
            # the president of a firm ("Chuck Rocha, president of Solidarity Strategies")
            if self._fits_gender(p, gender)
            and p.id not in self._nominal_ids
            and not _other_parties(role.organization, p.organization)
            and not self._of_another_organization(role.organization, p.organization)
        ]
        ranked = self._salience.rank(people, source.start, lambda e: 1.0)
        if not ranked or ranked[0].score < SALIENT_DESCRIPTION_FLOOR:
            return None
        name = ranked[0].entity.name
        about = f"the person the story is about, {name!r}"
        explanation = f"{source.text!r}: no one introduced as {role.text!r}; {about}"
        return self._decide(ranked, SALIENT_DESCRIPTION, explanation, "salient_description")

    def _of_another_organization(self, party: str | None, organization: str | None) -> bool:
        """Whether a party's role ("the GOP nominee") cannot be someone introduced as a member of
        ``organization``: an organisation of this article other than a party (a state, as in "Texas
        Sen.", says nothing about a party)."""
        if party is None or organization is None or canonical_organization(party) not in party_keys():
            return False
        key = canonical_organization(organization)
        if key in party_keys():
            return False
        organizations = (e for e in self.entities if e.type == EntityType.ORGANIZATION)
        return any(canonical_organization(e.name) == key for e in organizations)

    def _learn_role(self, resolution: Resolution, wanted: str | None) -> Resolution:
        if resolution.speaker is not None and wanted is not None:
            self._facts.roles.setdefault(resolution.speaker.id, set()).update(with_broader(wanted))
        return resolution

    def _resolve_name_text(self, source: Span) -> Resolution:
        """A source the entity stage did not tag: match its words against the entities' names."""
        text = name_key(source.text)
        if not any(word[:1].isupper() for word in text_words(source.text)):
            # "the bank" is a description, even where the model tagged some "Bank" as a name
            return Resolution(None, 0.0, [], f"no entity matches {source.text!r}")
        for entity in self.entities:
            if text == name_key(entity.name):
                return self._sure(entity, EXACT_NAME, f"exact name match {entity.name!r}", "exact_name")
        for person in self._people():
            if text == parse_name(person.name).surname:
                return self._surname(person, parse_name(source.text).gender)
        untagged = (
            self._untagged_person(source) or self._apposed_organization(source) or self._bare_name(source)
        )
        if untagged is not None:
            return untagged
        return Resolution(None, 0.0, [], f"no entity matches {source.text!r}")

    def _bare_name(self, source: Span) -> Resolution | None:
        """A source that is nothing but a short capitalised name no entity covers, inside a line rather
        than opening it (a headline word): "In 2014, Pew found", "As Vulture put it", "Chatwal also
        pleaded". The name is its own referent: a person where the text gives it after a first name
        ("Sant Singh Chatwal"), else an organisation."""
        tokens = self._doc.char_span(source.start, source.end, alignment_mode="expand")
        if tokens is None or not 1 <= len(tokens) <= BARE_NAME_WORDS:
            return None
        if not all(self._is_untagged_name(t) and t.tag_ in PROPER_TAGS for t in tokens):
            return None
        line_start = self._doc.text.rfind("\n", 0, source.start) + 1
        if not any(c.isalnum() for c in self._doc.text[line_start : source.start]):
            return None
        full = self._full_name_ending(tokens)
        if full is not None:
            span = Span(start=full.start_char, end=full.end_char, text=full.text)
            entity = Entity(id=_PENDING, name=full.text, type=EntityType.PERSON, mentions=[span, source])
            kind = "a person"
        else:
            entity = self._named_entity((tokens.start, tokens.end), EntityType.ORGANIZATION)
            kind = "an organisation, by guess"
        entity = self._keep(entity)
        explanation = f"{source.text!r} is a name the entity stage missed, {kind}: {entity.name!r}"
        return self._sure(entity, BARE_NAME, explanation, "bare_name")

    def _apposed_organization(self, source: Span) -> Resolution | None:
        """ "American Crossroads, a super PAC aligned with Karl Rove": a name the model missed, which its
        apposition says is an organisation."""
        tokens = self._doc.char_span(source.start, source.end, alignment_mode="expand")
        if tokens is None or not self._is_untagged_name(tokens.root):
            return None
        if not any(c.dep_ == "appos" and is_organization_noun(c) for c in tokens.root.children):
            return None
        first = tokens.root.i
        while first > tokens.start and self._in_missed_name(self._doc[first - 1]):
            first -= 1
        entity = self._keep(self._named_entity((first, tokens.root.i + 1), EntityType.ORGANIZATION))
        explanation = f"{source.text!r} names {entity.name!r}, an organisation by its apposition"
        return self._sure(entity, UNTAGGED_NAME, explanation, "untagged_name")

    def _untagged_person(self, source: Span) -> Resolution | None:
        """A person's full name the model did not tag ("Matthew Yglesias said"): two or three capitalised
        words, the first a known first name and the last not one (so "Morgan Stanley" is no one)."""
        words = source.text.split()
        if not opens_with_first_name(words):
            return None
        if not all(word[:1].isupper() and word.replace("'", "").replace("-", "").isalpha() for word in words):
            return None
        gender = first_name_gender(words[0])
        if gender is None:  # never, after opens_with_first_name; for the type checker
            return None
        entity = self._keep(Entity(id=_PENDING, name=source.text, type=EntityType.PERSON, mentions=[source]))
        self._facts.genders.setdefault(entity.id, gender)
        explanation = f"{source.text!r} is a person's name the entity stage missed"
        return self._sure(entity, UNTAGGED_NAME, explanation, "untagged_name")

    @cached_property
    def _positions_of_word(self) -> dict[str, list[int]]:
        """Token indices by token text, built on first use, so a name is looked up without a scan."""
        positions: dict[str, list[int]] = {}
        for token in self._doc:
            positions.setdefault(token.text, []).append(token.i)
        return positions

    def _full_name_ending(self, name: TokenSpan) -> TokenSpan | None:
        """The one longer run of untagged proper nouns in the article that ends in the words of ``name``
        ("Sant Singh Chatwal" for "Chatwal"): the name is a person's surname."""
        words = [t.text for t in name]
        found: dict[str, TokenSpan] = {}
        for start in self._positions_of_word.get(words[0], []):
            end = start + len(words)
            if [t.text for t in self._doc[start:end]] != words:
                continue
            first = start
            while first > 0 and first > start - 2 and self._is_untagged_name(self._doc[first - 1]):
                first -= 1
            if first < start and self._doc[first].tag_ in PROPER_TAGS:
                found[self._doc[first:end].text] = self._doc[first:end]
        return next(iter(found.values())) if len(found) == 1 else None

    def _nominal_entity(self, described: Nominal, kind: EntityType) -> Entity:
        span = described.span(self._doc)
        existing = self._created.get((span.start, span.end))
        if existing is not None:
            return existing
        role = described.role if kind == EntityType.PERSON else None  # a group's name already says it
        self._descriptions.add((span.start, span.end))
        return Entity(
            id=_PENDING,
            name=span.text,
            type=kind,
            mentions=[span],
            role=role.text if role else None,
            organization=role.organization if role else None,
        )

    def _keep(self, entity: Entity) -> Entity:
        """A new nominal entity, given the next free id and kept; any other entity as it is."""
        if entity.id != _PENDING:
            return entity
        key = (entity.mentions[0].start, entity.mentions[0].end)
        if key not in self._created:
            entity_id = f"E{len(self._entities) + len(self._created) + 1}"
            self._created[key] = entity.model_copy(update={"id": entity_id})
            self._index_mentions(self._created[key])
            if entity.name == entity.mentions[0].text and key in self._descriptions:
                self._nominal_ids.add(entity_id)
        return self._created[key]

    # --- salience -----------------------------------------------------------------------------------

    def _people(self, third_person_at: int | None = None) -> list[Entity]:
        """The people; for a third-person reference ("he", "the judge") at ``third_person_at`` outside
        quotations, without the credited author, who writes of themself as "I"."""
        people = [e for e in self.entities if e.type == EntityType.PERSON]
        if third_person_at is None or self._author is None or self._salience.in_quote(third_person_at):
            return people
        return [p for p in people if p.id != self._author.id]

    def _speaking_people(self) -> list[Entity]:
        return [p for p in self._people() if self._salience.has_spoken(p.id)]

    # --- decision -----------------------------------------------------------------------------------

    def _decide(self, ranked: list[Scored], base: float, explanation: str, rule: str) -> Resolution:
        """The best candidate if its calibrated confidence, lowered by the runner-up's relative score,
        reaches 0.5."""
        best = ranked[0]
        ratio = ranked[1].score / best.score if len(ranked) > 1 and best.score > 0 else 0.0
        raw = round(base * (1 - 0.6 * ratio), 3)
        confidence = self._calibrated(rule, raw)
        if confidence < MIN_CONFIDENCE:
            names = " vs ".join(repr(s.entity.name) for s in ranked[:2])
            why = f"too close to call ({names})" if ratio > 0 else "too unreliable a rule to commit"
            shown = [Scored(self._keep(s.entity), s.score) for s in ranked[:5]]  # alternatives need real ids
            candidates = self._candidates(shown, confidence)
            return Resolution(None, confidence, candidates, f"{explanation}; {why}", rule, raw)
        chosen = Scored(self._keep(best.entity), best.score)
        shown = [chosen] + [s for s in ranked[1:5] if s.entity.id != _PENDING]  # no entity made for a loser
        return Resolution(
            speaker_of(chosen.entity), confidence, self._candidates(shown, confidence), explanation, rule, raw
        )

    @staticmethod
    def _candidates(ranked: list[Scored], top: float) -> list[SpeakerCandidate]:
        if not ranked:
            return []
        best = ranked[0].score or 1.0
        scores = [(s.entity, round(min(1.0, top * s.score / best), 3)) for s in ranked[:5]]
        return [
            SpeakerCandidate(speaker=speaker_of(entity), score=score)
            for i, (entity, score) in enumerate(scores)
            if i == 0 or score >= MIN_CANDIDATE_SCORE
        ]


def _of_kind(name: str, head: str) -> bool:
    """Whether an organisation named ``name`` can be "the ``head``": a name ending in another organisation
    noun ("… Foundation" for "the court") or naming a party (for anything but "the party") cannot, and
    "the party" is only a party."""
    last = name.lower().split()[-1] if name.split() else ""
    if last in lexicon().org_nouns and last != head and head not in GENERIC_ORGANIZATION_HEADS:
        return False
    if head == "party":  # "The party announced": a party, not the committee the story is about
        return canonical_organization(name) in party_keys() or last == "party"
    if head in ("administration", "government"):  # the White House, "the Obama administration"
        return head in name.lower() or lexicon().country_of(name) is not None
    return name.lower() not in lexicon().parties


def _other_parties(first: str | None, second: str | None) -> bool:
    """Whether both name a political party, and not the same one ("GOP" and "Libertarian")."""
    if first is None or second is None:
        return False
    one, other = canonical_organization(first), canonical_organization(second)
    return one in party_keys() and other in party_keys() and one != other


def _names_agree(person: str, credited: str) -> bool:
    """Whether a credited author's name is this person's ("Dinesh D’Souza" for "Dinesh D’Souza")."""
    a, b = parse_name(person), parse_name(credited)
    return a.surname == b.surname and bool(a.given) and given_names_agree(a, b)


def _same_organization(person: Entity, organization: str) -> bool:
    """Whether ``person`` was introduced as a member of ``organization`` itself: speaking for the GOP
    takes more than a non-party organisation, which a role would merely not contradict."""
    if person.organization is None:
        return False
    return canonical_organization(person.organization) == canonical_organization(organization)


def _role_explanation(source: Span, role: Role, person: Entity) -> str:
    introduced = f"introduced as {person.role!r}" if person.role else "earlier resolved to that role"
    return f"role {source.text!r} ≈ {role.role_class} → {person.name!r} ({introduced})"


def _organization_factor(role: Role) -> Factor:
    """For a role with an organisation ("the Indiana governor"), a holder introduced with that organisation
    outweighs one introduced with none (incompatible ones are not holders at all)."""
    if role.organization is None:
        return lambda entity: 1.0
    return lambda entity: 1.0 if entity.organization is not None else UNKNOWN_ORGANIZATION
