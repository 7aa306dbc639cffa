"""A hand-built analysis of the example article, with attributions, entities, scare quotes and framing.

The renderers are tested against this rather than the pipeline's output, so that their tests do not
move when the analysis improves: every span is located with ``text.index`` so it is grounded by
construction (``Analysis`` would refuse it otherwise). It has the awkward cases on purpose:
discontinuous content, an unresolved speaker, a partial quotation and entity mentions nested inside
content, several attributions by one speaker, and every framing output (stances, a stance profile,
voice segments of all three kinds, techniques by the outlet and by speakers, dates resolved and not,
a canonical entity name). "Moscow has repeatedly called…" is left without its attribution here, so
its “red line.” is a scare quote.
"""

from __future__ import annotations

from pathlib import Path

from saidwhat.model import (
    Analysis,
    Article,
    ArticleMetadata,
    Attribution,
    AttributionKind,
    DateMention,
    Entity,
    EntityType,
    Granularity,
    ScareQuote,
    Span,
    Speaker,
    Stance,
    StanceProfile,
    Technique,
    TechniqueName,
    Voice,
    VoiceSegment,
)

EXAMPLE_PATH = Path(__file__).resolve().parents[2] / "examples" / "kremlin-peskov-interview.txt"
EXAMPLE_TEXT = EXAMPLE_PATH.read_text(encoding="utf-8")
TITLE = "Kremlin says Russia has no plan to partition Ukraine"

PESKOV = Speaker(
    id="E6", name="Dmitry Peskov", type=EntityType.PERSON, role="Press Secretary", organization="Kremlin"
)
KREMLIN = Speaker(id="E3", name="Kremlin", type=EntityType.ORGANIZATION)


def find(text: str, needle: str, after: str = "") -> Span:
    """The span of ``needle``, first found after the first occurrence of ``after``."""
    start = text.index(needle, text.index(after) if after else 0)
    return Span.of(text, start, start + len(needle))


def mentions(text: str, needle: str) -> list[Span]:
    spans, start = [], text.find(needle)
    while start != -1:
        spans.append(Span.of(text, start, start + len(needle)))
        start = text.find(needle, start + 1)
    return spans


def attributions(text: str) -> list[Attribution]:
    return [
        Attribution(
            id="A1",
            kind=AttributionKind.DIRECT,
            cue=find(text, "claimed", after="ideology,”"),
            content=[
                find(
                    text,
                    "After the 2014 coup d’état, Ukraine has become influenced by Nazi ideology. "
                    "We want to free her from this ideology,",
                )
            ],
            source=find(text, "he", after="ideology,”"),
            speaker=PESKOV,
            confidence=0.93,
            resolution="pronoun 'he' -> last person subject (Dmitry Peskov)",
            stance=Stance.DISTANCING,
        ),
        Attribution(
            id="A2",
            kind=AttributionKind.MIXED,
            cue=find(text, "arguing"),
            content=[
                find(
                    text,
                    "“the presence of NATO infrastructure in Ukraine has increased, "
                    "which directly threatens the security of Russia.”",
                )
            ],
            source=find(text, "Peskov", after="Peskov went on"),
            speaker=PESKOV,
            confidence=0.97,
            stance=Stance.NEUTRAL,
        ),
        Attribution(
            id="A3",
            kind=AttributionKind.DIRECT,
            cue=find(text, "stated"),
            # Two pieces, to exercise discontinuous content.
            content=[
                find(text, "We do not aim to divide Ukrainian territory into parts"),
                find(text, "but seek to ensure guarantees of our own security,"),
            ],
            source=find(text, "the Kremlin spokesman"),
            speaker=PESKOV,
            confidence=0.88,
            stance=Stance.NEUTRAL,
        ),
        Attribution(
            id="A4",
            kind=AttributionKind.ACCORDING_TO,
            cue=find(text, "According to"),
            content=[
                find(
                    text,
                    "the goal of the intervention is “to protect the people [of the Donbass] "
                    "who have been tortured for eight years by the Ukrainian regime.”",
                )
            ],
            source=find(text, "the Kremlin", after="According to"),
            speaker=KREMLIN,
            confidence=0.81,
            stance=Stance.NEUTRAL,
        ),
        Attribution(
            id="A5",
            kind=AttributionKind.INDIRECT,
            cue=find(text, "claimed", after="what they"),
            content=[find(text, "was an uptick in “aggression” from Kiev’s armed forces")],
            source=find(text, "they", after="combatting what"),
            speaker=None,  # "they" = the leaders of the republics, which are no entity here
            confidence=0.35,
            stance=Stance.DISTANCING,
        ),
    ]


def entities(text: str) -> list[Entity]:
    full = find(text, "Dmitry Peskov")
    # "Peskov" alone, but not the surname inside "Dmitry Peskov" (a mention is the longest form).
    surnames = [m for m in mentions(text, "Peskov") if not full.start <= m.start < full.end]
    return [
        Entity(id="E3", name="Kremlin", type=EntityType.ORGANIZATION, mentions=mentions(text, "Kremlin")),
        Entity(
            id="E6",
            name="Dmitry Peskov",
            type=EntityType.PERSON,
            role="Press Secretary",
            organization="Kremlin",
            mentions=[full, *surnames],
        ),
        Entity(
            id="E7", name="Kiev", type=EntityType.PLACE, mentions=mentions(text, "Kiev"), canonical="Kyiv"
        ),
    ]


SCARE_QUOTES = (
    ("“red line.”", "Moscow has repeatedly called Kiev’s incorporation into the military bloc a “red line.”"),
)
#: The outlet's own statements in the example, as the framing stage labels them.
OUTLET_ASSERTIONS = (
    "The two breakaway territories in the Donbass are home to a large proportion of ethnic Russians and "
    "are largely Russophone regions.",
    "Moscow has issued more than 700,000 Russian passports to people living in the separatist-held "
    "republics.",
)


def scare_quotes(text: str) -> list[ScareQuote]:
    return [
        ScareQuote(span=find(text, words), sentence=find(text, sentence)) for words, sentence in SCARE_QUOTES
    ]


def voice(text: str, attributions: list[Attribution]) -> list[VoiceSegment]:
    """The reported content of every attribution, one reporting frame, the outlet's assertions."""
    reported = [
        VoiceSegment(span=span, voice=Voice.REPORTED, attribution=a.id)
        for a in attributions
        for span in a.content
    ]
    frame = VoiceSegment(span=find(text, "he claimed."), voice=Voice.OUTLET, attribution="A1")
    outlet = [VoiceSegment(span=find(text, sentence), voice=Voice.OUTLET) for sentence in OUTLET_ASSERTIONS]
    return sorted([*reported, frame, *outlet], key=lambda segment: segment.span.start)


PESKOV_PROFILE = StanceProfile(
    speaker="E6",
    name="Dmitry Peskov",
    counts={Stance.NEUTRAL: 2, Stance.DISTANCING: 1, Stance.ENDORSING: 0, Stance.EMPHATIC: 0},
    cues=["claimed", "arguing", "stated"],
    dominant=Stance.DISTANCING,
)


def techniques(text: str) -> list[Technique]:
    return [
        Technique(
            span=find(text, "Nazi ideology"),
            technique=TechniqueName.NAME_CALLING,
            confidence=0.71,
            user="E6",
            attribution="A1",
        ),
        Technique(
            span=find(text, "broadside"),
            technique=TechniqueName.LOADED_LANGUAGE,
            confidence=0.55,
            user="outlet",
        ),
    ]


def dates(text: str) -> list[DateMention]:
    return [
        DateMention(
            span=find(text, "Friday"),
            value=None,
            granularity=Granularity.DAY,
            relative=True,
            note="no publication date",
        ),
        DateMention(
            span=find(text, "February 24"), value="2022-02-24", granularity=Granularity.DAY, relative=False
        ),
    ]


def example_analysis(text: str = EXAMPLE_TEXT, article_id: str = "kremlin-peskov-interview") -> Analysis:
    article = Article(
        id=article_id,
        text=text,
        metadata=ArticleMetadata(title=TITLE, outlet="RT", source_file=str(EXAMPLE_PATH)),
    )
    found = attributions(text)
    return Analysis(
        article=article,
        attributions=found,
        entities=entities(text),
        scare_quotes=scare_quotes(text),
        voice=voice(text, found),
        stance_profiles=[PESKOV_PROFILE],
        techniques=techniques(text),
        dates=dates(text),
    )
