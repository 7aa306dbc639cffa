"""saidwhat: who said what in the news, how the outlet framed it, and what can be checked."""

from saidwhat.model import (
    SCHEMA_VERSION,
    Analysis,
    Article,
    ArticleMetadata,
    Attribution,
    AttributionKind,
    Entity,
    EntityType,
    InputFailure,
    ScareQuote,
    Span,
    Speaker,
)
from saidwhat.pipeline import analyze, analyze_many

__version__ = "0.1.0"

__all__ = [
    "SCHEMA_VERSION",
    "Analysis",
    "Article",
    "ArticleMetadata",
    "Attribution",
    "AttributionKind",
    "Entity",
    "EntityType",
    "InputFailure",
    "ScareQuote",
    "Span",
    "Speaker",
    "__version__",
    "analyze",
    "analyze_many",
]
