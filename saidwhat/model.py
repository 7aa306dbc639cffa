"""The saidwhat document model: every type the pipeline reads or emits, in one place.

Every span is grounded: ``article.text[span.start:span.end] == span.text``. :class:`Analysis`
checks this for every span it holds when it is built, so an ungrounded span can never leave the
pipeline. The JSON Schema shipped in ``saidwhat/schema/`` is generated from these classes
(``python -m saidwhat.schema``).
"""

from __future__ import annotations

from collections.abc import Iterator
from enum import StrEnum
from typing import Any

from pydantic import BaseModel, ConfigDict, Field, model_validator

SCHEMA_VERSION = "1.2"  # 1.1 added the framing fields; 1.2 adds claims and their fact-check matches


class _Frozen(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")


class Span(_Frozen):
    """A stretch of the article text, by character offsets (``end`` exclusive)."""

    start: int = Field(ge=0)
    end: int = Field(ge=0)
    text: str

    @model_validator(mode="after")
    def _check_length(self) -> Span:
        if self.end < self.start or self.end - self.start != len(self.text):
            raise ValueError(
                f"span [{self.start}, {self.end}) does not match its text of length {len(self.text)}"
            )
        return self

    @classmethod
    def of(cls, text: str, start: int, end: int) -> Span:
        """The span of ``text[start:end]``."""
        return cls(start=start, end=end, text=text[start:end])


class ArticleMetadata(_Frozen):
    title: str | None = None
    outlet: str | None = None
    url: str | None = None
    published: str | None = Field(default=None, description="Publication date or date-time, ISO 8601.")
    authors: list[str] = Field(default_factory=list)
    language: str | None = None
    source_file: str | None = Field(
        default=None, description="The file, URL or stream the article came from."
    )


class Article(_Frozen):
    id: str
    text: str
    metadata: ArticleMetadata = Field(default_factory=ArticleMetadata)


class EntityType(StrEnum):
    PERSON = "person"
    ORGANIZATION = "organization"
    PLACE = "place"
    GROUP = "group"


class Speaker(_Frozen):
    """The entity an attribution's source refers to. ``id`` is the id of an :class:`Entity`."""

    id: str
    name: str
    type: EntityType
    role: str | None = None
    organization: str | None = None


class SpeakerCandidate(_Frozen):
    speaker: Speaker
    score: float = Field(ge=0.0, le=1.0)


class AttributionKind(StrEnum):
    DIRECT = "direct"  # the content is a quotation in quote marks
    INDIRECT = "indirect"  # reported speech or thought, no quote marks ("he said that ...")
    MIXED = "mixed"  # reported speech containing a partial quotation ("called it a “red line”")
    ACCORDING_TO = "according_to"  # "according to X, ..."
    FOLLOW_ON = "follow_on"  # a quotation with no cue of its own that continues the previous speaker


class Stance(StrEnum):
    """What a reporting verb signals about the outlet's stance toward the content."""

    NEUTRAL = "neutral"  # said, told, stated
    DISTANCING = "distancing"  # claimed, alleged, insisted
    ENDORSING = "endorsing"  # revealed, noted, acknowledged, confirmed (factive)
    EMPHATIC = "emphatic"  # slammed, blasted, warned, lashed out


class Attribution(_Frozen):
    id: str
    kind: AttributionKind
    cue: Span | None
    content: list[Span] = Field(min_length=1, description="The reported content; may be discontinuous.")
    source: Span | None = Field(description="The mention of the speaker in the text ('he', 'the Kremlin').")
    speaker: Speaker | None = Field(description="The resolved entity, or null when the evidence is weak.")
    confidence: float = Field(ge=0.0, le=1.0, description="Probability that the speaker is right.")
    candidates: list[SpeakerCandidate] = Field(
        default_factory=list, description="Other entities the source may refer to, best first."
    )
    resolution: str | None = Field(
        default=None, description="How the speaker was resolved, for a human reader."
    )
    continues: str | None = Field(
        default=None, description="For a follow-on quotation: the id of the attribution it continues."
    )
    stance: Stance | None = Field(
        default=None, description="The stance the cue expresses toward the content; null without a cue."
    )

    def spans(self) -> Iterator[Span]:
        if self.cue is not None:
            yield self.cue
        if self.source is not None:
            yield self.source
        yield from self.content


class Entity(_Frozen):
    """One real-world entity, with every mention of it in the article."""

    id: str
    name: str = Field(description="Canonical name: the fullest form the article gives.")
    type: EntityType
    mentions: list[Span] = Field(min_length=1)
    role: str | None = None
    organization: str | None = None
    canonical: str | None = Field(
        default=None,
        description="The normalised name shared across articles (Kiev and Kyiv both give 'Kyiv').",
    )
    country: str | None = Field(
        default=None, description="The country a demonym ties the entity to ('Russian President …')."
    )


class ScareQuote(_Frozen):
    """Words in quote marks that no speaker is reported to have said in that sentence."""

    span: Span = Field(description="The quoted words including their quote marks.")
    sentence: Span


class StanceProfile(_Frozen):
    """How the outlet's reporting verbs position it toward one speaker across the article."""

    speaker: str = Field(description="The speaker's entity id.")
    name: str
    counts: dict[Stance, int] = Field(description="Attributions per stance of their cue.")
    cues: list[str] = Field(description="The cues used for this speaker, in article order.")
    dominant: Stance | None = Field(description="The most frequent non-neutral stance, if any.")


class Voice(StrEnum):
    REPORTED = "reported"  # inside an attribution's content
    OUTLET = "outlet"  # the outlet asserting in its own voice


class VoiceSegment(_Frozen):
    """A sentence, or a clause of a sentence that mixes voices, and whose voice it is."""

    span: Span
    voice: Voice
    attribution: str | None = Field(default=None, description="The attribution a reported segment is in.")


class TechniqueName(StrEnum):
    """The 14 persuasion techniques of SemEval-2020 Task 11, spelt as the PTC corpus spells them."""

    LOADED_LANGUAGE = "Loaded_Language"
    NAME_CALLING = "Name_Calling,Labeling"
    REPETITION = "Repetition"
    EXAGGERATION = "Exaggeration,Minimisation"
    DOUBT = "Doubt"
    APPEAL_TO_FEAR = "Appeal_to_fear-prejudice"
    FLAG_WAVING = "Flag-Waving"
    CAUSAL_OVERSIMPLIFICATION = "Causal_Oversimplification"
    SLOGANS = "Slogans"
    APPEAL_TO_AUTHORITY = "Appeal_to_Authority"
    BLACK_AND_WHITE = "Black-and-White_Fallacy"
    THOUGHT_TERMINATING_CLICHES = "Thought-terminating_Cliches"
    WHATABOUTISM = "Whataboutism,Straw_Men,Red_Herring"
    BANDWAGON = "Bandwagon,Reductio_ad_hitlerum"


class Technique(_Frozen):
    """A span using a persuasion technique, and who uses it."""

    span: Span
    technique: TechniqueName
    confidence: float = Field(ge=0.0, le=1.0)
    user: str = Field(
        description="The speaker's entity id when the span is inside an attribution's content, "
        "'unknown' when that speaker is unresolved, otherwise 'outlet'."
    )
    attribution: str | None = Field(default=None, description="The attribution whose content holds the span.")


class Granularity(StrEnum):
    DAY = "day"
    WEEK = "week"
    MONTH = "month"
    QUARTER = "quarter"
    YEAR = "year"
    DECADE = "decade"
    DURATION = "duration"  # "for eight years": an interval ending at the anchor


class DateMention(_Frozen):
    """A date or time expression, resolved against the article's publication date."""

    span: Span
    value: str | None = Field(
        description="ISO 8601 date ('2022-02-24'), month ('2022-02'), year, week ('2022-W08') or interval "
        "('2014-02-24/2022-02-24'); null when it cannot be resolved (e.g. no publication date)."
    )
    granularity: Granularity
    relative: bool = Field(description="Whether the value depends on the publication date.")
    note: str | None = Field(default=None, description="Why the value is null or approximate.")


class ClaimKind(StrEnum):
    """What sort of thing a claim asserts, which tells a checker what evidence to look for."""

    STATISTIC = "statistic"  # a number, quantity or comparison of amounts
    EVENT = "event"  # something happened or was done
    CAUSAL = "causal"  # X caused, led to or is responsible for Y
    INTENT = "intent"  # a stated intention or policy ("we want to free her", "we do not aim to divide")
    PREDICTION = "prediction"  # something will happen
    OTHER = "other"


class ClaimFactor(_Frozen):
    """One reason a claim's check-worthiness is what it is, for a human reader."""

    feature: str = Field(description="What was seen: 'number', 'named_entity', 'causal_connective', ….")
    effect: float = Field(
        description="Its contribution to the score's log-odds: positive raises, negative lowers."
    )
    detail: str | None = Field(default=None, description="The words that triggered it, or a note.")


class FactCheck(_Frozen):
    """A claim that a fact-checker has already checked, as imported into the store."""

    claim: str
    verdict: str | None = None
    checker: str | None = Field(default=None, description="Who checked it ('PolitiFact', 'Snopes').")
    url: str | None = None
    date: str | None = Field(default=None, description="When it was checked or published, ISO 8601.")
    claimant: str | None = Field(default=None, description="Who the fact-checker says made the claim.")


class ClaimMatch(_Frozen):
    """A previously fact-checked claim that means the same as an extracted claim."""

    claim: str
    verdict: str | None = None
    checker: str | None = None
    url: str | None = None
    date: str | None = None
    similarity: float = Field(
        ge=0.0, le=1.0, description="Calibrated probability that the two claims are the same claim."
    )


class Claim(_Frozen):
    """A check-worthy (or not) claim: a sentence or clause, who makes it, and how worth checking it is."""

    id: str
    span: Span
    claimant: str = Field(
        description="The speaker's entity id for an attributed claim, 'unknown' when that speaker is "
        "unresolved, 'outlet' for the outlet's own voice."
    )
    claimant_name: str | None = Field(default=None, description="The claimant's name, for a human reader.")
    attribution: str | None = Field(
        default=None, description="The attribution whose content holds the claim."
    )
    kind: ClaimKind
    checkworthiness: float = Field(ge=0.0, le=1.0, description="Calibrated: 0.5 or more means check-worthy.")
    factors: list[ClaimFactor] = Field(default_factory=list, description="Why the score is what it is.")
    entities: list[str] = Field(default_factory=list, description="Ids of the entities the claim mentions.")
    dates: list[DateMention] = Field(default_factory=list, description="The dates the claim mentions.")
    matches: list[ClaimMatch] = Field(
        default_factory=list, description="Fact-checked claims that match it, most similar first."
    )


class InputFailure(_Frozen):
    """An input that could not be analysed, reported instead of its analysis."""

    input: str
    code: str
    message: str


class Analysis(_Frozen):
    """Everything saidwhat found in one article."""

    schema_version: str = SCHEMA_VERSION
    article: Article
    attributions: list[Attribution] = Field(default_factory=list)
    entities: list[Entity] = Field(default_factory=list)
    scare_quotes: list[ScareQuote] = Field(default_factory=list)
    voice: list[VoiceSegment] = Field(default_factory=list)
    stance_profiles: list[StanceProfile] = Field(default_factory=list)
    techniques: list[Technique] = Field(default_factory=list)
    dates: list[DateMention] = Field(default_factory=list)
    claims: list[Claim] = Field(default_factory=list, description="Claims, most check-worthy first.")

    def spans(self) -> Iterator[Span]:
        for attribution in self.attributions:
            yield from attribution.spans()
        for entity in self.entities:
            yield from entity.mentions
        for scare_quote in self.scare_quotes:
            yield scare_quote.span
            yield scare_quote.sentence
        for segment in self.voice:
            yield segment.span
        for technique in self.techniques:
            yield technique.span
        for date in self.dates:
            yield date.span
        for claim in self.claims:
            yield claim.span
            for date in claim.dates:
                yield date.span

    @model_validator(mode="after")
    def _check_grounded(self) -> Analysis:
        text = self.article.text
        for span in self.spans():
            if text[span.start : span.end] != span.text:
                raise ValueError(
                    f"ungrounded span {span.text!r} at [{span.start}, {span.end}) "
                    f"in article {self.article.id!r}"
                )
        return self

    def to_json_dict(self) -> dict[str, Any]:
        return self.model_dump(mode="json")
