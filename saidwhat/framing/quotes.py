"""Partial quotations: the speaker's own words quoted inside reported content (a “red line”).

They differ from scare quotes, which the attribution stage emits for quoted words no one is reported
to have said: a partial quotation is the outlet marking a phrase as the speaker's wording inside its
own paraphrase, so a loaded term in it is the speaker's, not the outlet's. A quotation that makes up
the whole content (a direct quotation) is not partial.
"""

from __future__ import annotations

from bisect import bisect_left
from dataclasses import dataclass

from saidwhat.attribution.quotes import find_quotations
from saidwhat.model import Analysis, Attribution, Span

_FILLER = " \t\n.,;:!?…—–-"


@dataclass(frozen=True, slots=True)
class PartialQuotation:
    span: Span
    attribution: Attribution


def partial_quotations(text: str, attributions: list[Attribution]) -> list[PartialQuotation]:
    """The quotations inside an attribution's content that leave some of that content unquoted."""
    found: list[PartialQuotation] = []
    quotations = find_quotations(text)  # in text order, never overlapping
    starts = [quotation.start for quotation in quotations]
    for attribution in attributions:
        for content in attribution.content:
            index = bisect_left(starts, content.start)
            while index < len(quotations) and quotations[index].end <= content.end:
                start, end = quotations[index].start, quotations[index].end
                if _has_words_outside(text, content, start, end):
                    found.append(PartialQuotation(Span.of(text, start, end), attribution))
                index += 1
    return sorted(found, key=lambda partial: partial.span.start)


def partial_quotations_of(analysis: Analysis) -> list[PartialQuotation]:
    return partial_quotations(analysis.article.text, analysis.attributions)


def _has_words_outside(text: str, content: Span, start: int, end: int) -> bool:
    outside = text[content.start : start] + text[end : content.end]
    return bool(outside.strip(_FILLER))
