"""Artefacts that speak for their issuer: "a new Gallup poll", "the statement", "his campaign"."""

from __future__ import annotations

import bisect
from dataclasses import replace

from spacy.tokens import Token

from saidwhat.attribution.cues import agent_of, subject_of
from saidwhat.attribution.speakers.base import PENDING_ID, IndexedArtefact, Referent, ResolverBase
from saidwhat.attribution.speakers.parameters import (
    ARTEFACT_EARLIER,
    ARTEFACT_INTRODUCED_AFTER,
    ARTEFACT_ISSUER,
    ARTEFACT_LOOKBACK,
    ARTEFACT_SPEAKER,
    IMPLICIT_SUBJECT_STEPS,
    SALIENT_DESCRIPTION,
    SALIENT_DESCRIPTION_FLOOR,
)
from saidwhat.attribution.speakers.resolution import MIN_CONFIDENCE, Resolution
from saidwhat.attribution.speakers.syntax import (
    PROPER_TAGS,
    SHARED_SUBJECT,
    artefacts_of_same_kind,
    name_key,
    of_objects,
    of_phrases,
)
from saidwhat.entities.lexicon import lexicon
from saidwhat.entities.names import parse_name
from saidwhat.entities.nominals import Nominal, artefact_kind_of, nominal, noun_phrase_extent
from saidwhat.model import Entity, EntityType, Span


class ArtefactRules(ResolverBase):
    """Resolving a source that is an artefact (poll, report, ad, statement) or a campaign."""

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
            issuer = issuer or self._joint_issuer(described) or self._issuer_in(source)
            issuer = issuer or self._issuing_subject(head)
            issuer, confidence = issuer or self._untagged_issuer(described), ARTEFACT_ISSUER
        if issuer is not None and issuer.type in (EntityType.PERSON, EntityType.ORGANIZATION):
            if confidence >= MIN_CONFIDENCE:
                explanation = f"{source.text!r} speaks for {issuer.name!r}"
                return self._issued(source, described, issuer, confidence, explanation, "artefact_issuer")
            return None
        if owner is not None:
            return None
        plural = described.plural and not self._one_artefact(described)
        earlier = self._earlier_artefact(described) if described.definite and not plural else None
        if earlier is None and (later := self._described_next(described)) is not None:
            later = self._keep(later)
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
            earlier = self._keep(earlier)
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

    def _one_artefact(self, described: Nominal) -> bool:
        """Whether a plural names one artefact: "The remarks" are one speech, "the results" one poll's
        (artefact_nouns.txt lists such nouns in their plural form)."""
        head = self._doc[described.head]
        return described.artefact_kind == "speech" or head.lower_ in lexicon().artefact_kinds

    def _doer_of(self, described: Nominal) -> Entity | None:
        """Who did, in this sentence or the two before, the act the artefact is named after: "Dan Gross
        live tweeted as Obama spoke. An early tweet quoted the president" (tweet, report, poll, post…)."""
        head = self._doc[described.head]
        doers = self._recent_subjects(head.idx, 2, head.lemma_.lower())
        return next((d for d in doers if d.type in (EntityType.PERSON, EntityType.ORGANIZATION)), None)

    def _earlier_artefact(self, described: Nominal) -> Entity | None:
        """The issuer of the artefact named before that this one refers back to (see ``_referent``)."""
        if described.artefact_kind is None:
            return None
        lemma = self._doc[described.head].lemma_.lower()
        return self._referent(described.start, described.head, described.artefact_kind, lemma).issuer

    def _referent(self, start: int, head: int, kind: str, lemma: str) -> Referent:
        """What a definite artefact (NP from token ``start``, head ``head``) refers back to. Within
        :data:`ARTEFACT_LOOKBACK` sentences, the last with the same head noun ("the report" → the last
        report, not a memo named after it), else the last of the same kind named with its issuer
        ("The survey" → a Gallup poll); failing both, the last with the same head noun however far
        back ("the report" the story is about). An artefact with the same noun whose own referent is
        unknown (a headline's "latest poll") is passed over; one introduced without an issuer ("a
        congressional report") is the referent, with no issuer."""
        artefacts = self._artefact_index()
        referents = self._artefact_referents()
        end = bisect.bisect_left(artefacts, start, key=lambda item: item.token)
        here = self._salience.sentence_of(self._doc[head].idx)
        named_kind: Entity | None = None
        for position in range(end - 1, -1, -1):
            artefact = artefacts[position]
            if artefact.kind != kind:
                continue
            same_noun = self._doc[artefact.token].lemma_.lower() == lemma
            near = here - self._salience.sentence_of(self._doc[artefact.token].idx) <= ARTEFACT_LOOKBACK
            if same_noun and referents[position].known and (near or named_kind is None):
                return referents[position]
            if near and named_kind is None and artefact.issuer is not None:
                named_kind = artefact.issuer
        return Referent(named_kind is not None, named_kind)

    def _artefact_referents(self) -> list[Referent]:
        """Each indexed artefact's issuer: the one named with it; for a definite one ("the ad", "the
        results"), that of the artefact it refers back to; none, but known, for one introduced without
        an issuer ("a congressional report"). Built once, in text order, each from earlier ones."""
        if self._referents is None:
            self._referents = []
            for artefact in self._artefact_index():
                if artefact.issuer is not None or not artefact.definite:
                    referent = Referent(True, artefact.issuer)
                else:
                    lemma = self._doc[artefact.token].lemma_.lower()
                    referent = self._referent(artefact.start, artefact.token, artefact.kind, lemma)
                self._referents.append(referent)
        return self._referents

    def _artefact_index(self) -> list[IndexedArtefact]:
        """Every artefact the article names, by head token, with its named issuer (None if it has none;
        a plural without one, "other polls", is left out: it is not the one a "the poll" refers to);
        built once."""
        if self._artefacts is None:
            self._artefacts = []
            for token in self._doc:
                kind = artefact_kind_of(token) if token.pos_ in ("NOUN", "PROPN") else None
                if kind is None:
                    continue  # not "had been previously reported", whose lemma is a kind's noun
                described = nominal(self._doc, token)
                issuer = self._possessor(described) or self._issuer_between(described.start, described.head)
                issuer = issuer or self._issuing_subject(token) or self._issuing_agent(token)
                issuer = issuer or self._issuer_by(token) or self._untagged_issuer_draft(described)
                if issuer is None or issuer.type not in (EntityType.PERSON, EntityType.ORGANIZATION):
                    if described.plural and not self._one_artefact(described):
                        continue
                    issuer = None
                self._artefacts.append(
                    IndexedArtefact(token.i, described.start, kind, issuer, described.definite)
                )
        return self._artefacts

    def _described_next(self, described: Nominal) -> Entity | None:
        """The issuer a later sentence gives an artefact with none of its own, as wire copy does after
        poll figures: "Early results of an entrance poll … are showing that … [more figures] … The
        survey was conducted for AP by Edison Research …". The next artefact of the same kind within
        :data:`ARTEFACT_LOOKBACK` sentences must refer back ("The survey was conducted by …"); "A new
        poll conducted by …" is another poll."""
        here = self._salience.sentence_of(self._doc[described.head].idx)
        index = bisect.bisect_right(self._artefact_index(), described.head, key=lambda item: item.token)
        for token, _, kind, issuer, _ in self._artefact_index()[index:]:
            later = self._doc[token]
            if self._salience.sentence_of(later.idx) - here > ARTEFACT_LOOKBACK:
                return None
            if kind != described.artefact_kind or issuer is None:
                continue
            refers_back = later.dep_ == "nsubjpass" and any(
                child.dep_ == "det" and child.lower_ in ("the", "this", "that") for child in later.children
            )
            if refers_back and self._issuing_agent(later) is issuer:
                return issuer
            # "…, according to a new poll. … a Morning Consult Poll found that …": an unnamed first
            # poll of the article and the named one just after it are one poll
            introduced = not described.definite and self._first_of_kind(described)
            close = self._salience.sentence_of(later.idx) - here <= ARTEFACT_INTRODUCED_AFTER
            return issuer if introduced and close else None
        return None

    def _first_of_kind(self, described: Nominal) -> bool:
        """Whether no artefact of the same kind with a named issuer comes before this one."""
        index = bisect.bisect_left(self._artefact_index(), described.head, key=lambda item: item.token)
        earlier = self._artefact_index()[:index]
        return all(a.kind != described.artefact_kind or a.issuer is None for a in earlier)

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

    def _issuer_by(self, artefact: Token) -> Entity | None:
        """The issuer a "by" phrase on an artefact names ("a new poll by the Harvard University Institute
        of Politics"); not "from", which often names who held it ("records from the federal Office of
        Personnel Management")."""
        objects = [
            obj
            for prep in artefact.rights
            if prep.dep_ == "prep" and prep.lower_ == "by"
            for obj in prep.children
            if obj.dep_ == "pobj"
        ]
        entity = self._mention_with(objects[0].i) if objects else None
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
        subject = subject_of(verb, through=SHARED_SUBJECT, steps=IMPLICIT_SUBJECT_STEPS)
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

    def _joint_issuer(self, described: Nominal) -> Entity | None:
        """Organisations joined by a slash before an artefact's head issued it together ("a CNN/ORC
        poll", "the ABC News/Washington Post poll"): one issuer, named by the whole run."""
        slashes = [t.i for t in self._doc[described.start : described.head] if t.text == "/"]
        if not slashes or slashes[0] == described.start:
            return None
        left, right = self._mention_with(slashes[0] - 1), self._mention_with(slashes[-1] + 1)
        kinds = (EntityType.ORGANIZATION, EntityType.PERSON)
        if (
            left is None
            or right is None
            or left is right
            or left.type not in kinds
            or right.type not in kinds
        ):
            return None
        start, end = slashes[0] - 1, slashes[-1] + 2
        while start > described.start and self._mention_with(start - 1) is left:
            start -= 1
        while end < described.head and self._mention_with(end) is right:
            end += 1
        return self._keep(self._named_entity((start, end), EntityType.ORGANIZATION))

    def _untagged_issuer(self, described: Nominal) -> Entity | None:
        """A proper noun the model missed before an artefact's head ("the RealClearPolitics average")."""
        issuer = self._untagged_issuer_draft(described)
        return self._keep(issuer) if issuer is not None else None

    def _untagged_issuer_draft(self, described: Nominal) -> Entity | None:
        """That issuer, not yet kept (the artefact index holds it until a source resolves to it)."""
        run = self._untagged_run(described.start, described.head)
        if run is None or self._salience.in_quote(self._doc[run[0]].idx):  # a title in quote marks
            return None
        return self._named_entity(run, EntityType.ORGANIZATION)

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
        # "a Marist College poll for NBC News": the "for" phrase names the client, not the issuer
        clients = {
            token.i
            for prep in tokens.root.rights
            if prep.dep_ == "prep" and prep.lower_ == "for"
            for token in prep.subtree
        }
        issuer = self._issuer_between(tokens.start, tokens.end, skip=handled | about | clients)
        return issuer or self._issuer_between(tokens.start, tokens.end, skip=handled | about)

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
                campaign = Entity(id=PENDING_ID, name=name, type=EntityType.ORGANIZATION, mentions=[span])
            campaign = self._keep(campaign)
            self._campaigns[candidate.id] = campaign
        explanation = f"{source.text!r} is the campaign of {candidate.name!r}"
        return self._sure(campaign, confidence, explanation, "campaign")

    def _salient_campaign(self, source: Span) -> Resolution | None:
        ranked = self._salience.rank(list(self._campaigns.values()), source.start, lambda e: 1.0)
        if not ranked or ranked[0].score < SALIENT_DESCRIPTION_FLOOR:
            return None
        explanation = f"{source.text!r}: the campaign the story is about, {ranked[0].entity.name!r}"
        return self._decide(ranked, SALIENT_DESCRIPTION, explanation, "salient_organization")
