"""The ``saidwhat_techniques`` spaCy component: persuasion-technique spans and who uses them."""

from __future__ import annotations

import itertools
from collections.abc import Iterable, Iterator, Sequence

from spacy.language import Language
from spacy.tokens import Doc

from saidwhat.framing.techniques import load_technique_model
from saidwhat.model import Attribution, Technique
from saidwhat.nlp.extensions import install_extensions
from saidwhat.nlp.spans import set_span_group

SPAN_GROUP = "saidwhat_techniques"


def assign_users(techniques: Sequence[Technique], attributions: Sequence[Attribution]) -> list[Technique]:
    """Each technique with its user: the speaker of the attribution whose content holds it, else the outlet.

    A span is held by an attribution's content when at least half of its characters lie in that content
    (technique spans are widened to whole words, so a loaded word next to a quote mark still counts).
    The speaker is "unknown" when the attribution's speaker is unresolved.
    """
    assigned = []
    for technique in techniques:
        holder = _holding_attribution(technique, attributions)
        if holder is None:
            assigned.append(technique.model_copy(update={"user": "outlet", "attribution": None}))
        else:
            user = holder.speaker.id if holder.speaker is not None else "unknown"
            assigned.append(technique.model_copy(update={"user": user, "attribution": holder.id}))
    return assigned


def _holding_attribution(technique: Technique, attributions: Sequence[Attribution]) -> Attribution | None:
    span = technique.span
    best: tuple[int, Attribution] | None = None
    for attribution in attributions:
        shared = sum(
            max(0, min(span.end, part.end) - max(span.start, part.start)) for part in attribution.content
        )
        if 2 * shared >= span.end - span.start and (best is None or shared > best[0]):
            best = (shared, attribution)
    return best[1] if best is not None else None


class TechniquesComponent:
    """Finds persuasion-technique spans (PTC's 14 techniques) and attributes them to their users.

    Reads ``doc._.saidwhat_attributions`` when the attribution component ran before it; without it, every
    span's user is the outlet. Writes ``doc._.saidwhat_techniques`` (a list of
    :class:`~saidwhat.model.Technique`) and the span group ``doc.spans["saidwhat_techniques"]``.
    """

    def __init__(self, nlp: Language, name: str = "saidwhat_techniques", batch_size: int = 16) -> None:
        self.name = name
        self.batch_size = batch_size
        install_extensions()
        if not Doc.has_extension("saidwhat_techniques"):  # when extensions.py does not list it yet
            Doc.set_extension("saidwhat_techniques", default=None)

    def __call__(self, doc: Doc) -> Doc:
        self._set(doc, load_technique_model().predict(doc.text))
        return doc

    def pipe(self, stream: Iterable[Doc], batch_size: int | None = None) -> Iterator[Doc]:
        """Encode the windows of several documents together: fuller ONNX batches, less padding."""
        size = batch_size or self.batch_size
        iterator = iter(stream)
        while batch := list(itertools.islice(iterator, size)):
            predictions = load_technique_model().predict_many([doc.text for doc in batch])
            for doc, techniques in zip(batch, predictions, strict=True):
                self._set(doc, techniques)
                yield doc

    def initialize(self, *args: object, **kwargs: object) -> None:
        """Nothing to initialise: the model ships trained (loaded on first use, once per process)."""

    def _set(self, doc: Doc, techniques: list[Technique]) -> None:
        attributions = doc._.saidwhat_attributions or []
        assigned = assign_users(techniques, attributions)
        doc._.saidwhat_techniques = assigned
        set_span_group(doc, SPAN_GROUP, ((t.span, t.technique.value) for t in assigned))
