"""The ``saidwhat_dates`` spaCy component."""

from __future__ import annotations

from datetime import date

from spacy.language import Language
from spacy.tokens import Doc

from saidwhat.dates.anchor import parse_published, resolve
from saidwhat.dates.expressions import find_expressions
from saidwhat.dates.tense import tense_at
from saidwhat.model import DateMention, Span
from saidwhat.nlp.extensions import install_extensions


def find_dates(doc: Doc) -> list[DateMention]:
    """Every date or time expression in the doc, resolved against ``doc._.saidwhat_published``."""
    published = parse_published(doc._.saidwhat_published)
    mentions = []
    text = doc.text  # spaCy joins the tokens on every access: read it once
    for expression in find_expressions(doc):
        resolved = resolve(expression, published, tense_at(doc, expression.start, expression.end))
        mentions.append(
            DateMention(
                span=Span.of(text, expression.start, expression.end),
                value=resolved.value,
                granularity=resolved.granularity,
                relative=resolved.relative,
                note=_published_note(doc._.saidwhat_published, published, resolved.note),
            )
        )
    return mentions


def _published_note(raw: str | None, published: date | None, note: str | None) -> str | None:
    """Say so when the article has a publication date that is not ISO 8601, rather than ignore it."""
    if raw and published is None and note is not None:
        return f"{note} (publication date {raw!r} is not an ISO 8601 date)"
    return note


class DatesComponent:
    """Finds date and time expressions and resolves them against the article's publication date."""

    def __init__(self, nlp: Language, name: str = "saidwhat_dates") -> None:
        self.name = name
        install_extensions()

    def __call__(self, doc: Doc) -> Doc:
        doc._.saidwhat_dates = find_dates(doc)
        return doc
