"""The analysis stages: their spaCy component names, prerequisites and the spaCy parts they need."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from saidwhat.errors import UnknownStageError


@dataclass(frozen=True, slots=True)
class Stage:
    name: str
    factory: str
    requires: tuple[str, ...]
    spacy_components: frozenset[str]


STAGES: dict[str, Stage] = {
    stage.name: stage
    for stage in (
        Stage(
            "entities",
            "saidwhat_entities",
            (),
            frozenset({"tok2vec", "tagger", "attribute_ruler", "ner", "parser"}),
        ),
        Stage(
            "attribution",
            "saidwhat_attribution",
            ("entities",),
            frozenset({"tok2vec", "tagger", "parser", "attribute_ruler", "lemmatizer", "ner"}),
        ),
        Stage(
            "framing",
            "saidwhat_framing",
            ("attribution",),
            frozenset({"tok2vec", "tagger", "parser", "attribute_ruler", "lemmatizer"}),
        ),
        # Reads only the text (its own ONNX encoder); needs attribution to say who uses each technique.
        Stage("techniques", "saidwhat_techniques", ("attribution",), frozenset()),
        # Tags, dependencies and lemmas tell the tense that decides which "Friday" a date means.
        Stage(
            "dates",
            "saidwhat_dates",
            (),
            frozenset({"tok2vec", "tagger", "attribute_ruler", "lemmatizer", "parser"}),
        ),
        # Claims are the voice segments (framing) scored from the parse; they list the entities and
        # resolved dates they mention.
        Stage(
            "claims",
            "saidwhat_claims",
            ("framing", "dates"),
            frozenset({"tok2vec", "tagger", "parser", "attribute_ruler", "lemmatizer", "ner"}),
        ),
    )
}


def resolve_stages(names: Iterable[str]) -> tuple[Stage, ...]:
    """The requested stages plus their prerequisites, in pipeline order.

    Raises UnknownStageError for a name that is not a stage.
    """
    wanted: set[str] = set()

    def add(name: str) -> None:
        if name not in STAGES:
            raise UnknownStageError(f"unknown stage {name!r}; the stages are: {', '.join(STAGES)}")
        if name not in wanted:
            wanted.add(name)
            for prerequisite in STAGES[name].requires:
                add(prerequisite)

    for name in names:
        add(name.strip())
    return tuple(stage for stage in STAGES.values() if stage.name in wanted)
