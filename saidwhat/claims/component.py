"""The ``saidwhat_claims`` spaCy component: an article's claims and claimants, ranked by check-worthiness."""

from __future__ import annotations

import bisect
import itertools
from collections.abc import Iterable, Iterator, Sequence

import numpy as np
from spacy.language import Language
from spacy.tokens import Doc

from saidwhat.claims.candidates import Candidate, find_candidates
from saidwhat.claims.features import DocEntities, Features, claim_features, load_lexicon
from saidwhat.claims.kinds import claim_kind
from saidwhat.claims.scorer import CheckworthinessModel, FloatArray, load_checkworthiness_model
from saidwhat.claims.text import as_sentence
from saidwhat.model import Claim, DateMention, Entity, Span
from saidwhat.nlp.extensions import install_extensions
from saidwhat.nlp.spans import set_span_group

SPAN_GROUP = "saidwhat_claims"


def rank(claims: Iterable[Claim]) -> list[Claim]:
    """Most check-worthy first; ties in text order."""
    return sorted(claims, key=lambda c: (-c.checkworthiness, c.span.start))


class ClaimsComponent:
    """Finds the claims of each doc and scores how worth checking each is.

    Reads ``doc._.saidwhat_attributions``, ``doc._.saidwhat_voice`` (framing), ``doc._.saidwhat_entities``
    and ``doc._.saidwhat_dates`` when the stages that set them ran. Writes ``doc._.saidwhat_claims`` (a
    list of :class:`~saidwhat.model.Claim`, most check-worthy first, ``matches`` empty) and the span
    group ``doc.spans["saidwhat_claims"]`` labelled with each claim's kind.
    """

    def __init__(self, nlp: Language, name: str = "saidwhat_claims", batch_size: int = 32) -> None:
        self.name = name
        self.batch_size = batch_size
        install_extensions()

    def __call__(self, doc: Doc) -> Doc:
        self._set_all([doc])
        return doc

    def pipe(self, stream: Iterable[Doc], batch_size: int | None = None) -> Iterator[Doc]:
        """Score the claims of several documents together: fuller embedding batches."""
        size = batch_size or self.batch_size
        iterator = iter(stream)
        while batch := list(itertools.islice(iterator, size)):
            self._set_all(batch)
            yield from batch

    def initialize(self, *args: object, **kwargs: object) -> None:
        """Nothing to initialise: the scorer and the embedder ship trained (loaded once per process)."""

    def _set_all(self, docs: Sequence[Doc]) -> None:
        model = load_checkworthiness_model()
        lexicon = load_lexicon()
        per_doc = []
        for doc in docs:
            candidates = find_candidates(doc, doc._.saidwhat_attributions or [], doc._.saidwhat_voice)
            entities = DocEntities(doc)
            per_doc.append(
                (candidates, [claim_features(c.span, lexicon, entities=entities) for c in candidates])
            )
        texts = [as_sentence(c.span.text) for candidates, _ in per_doc for c in candidates]
        # Run together in batches of same-length texts: the encoder's activation scales are fixed, so a
        # claim's score is exactly the same whatever other claims (or articles) run with it.
        embeddings = model.content_inputs(texts)
        offset = 0
        for doc, (candidates, features) in zip(docs, per_doc, strict=True):
            rows = slice(offset, offset + len(candidates))
            offset += len(candidates)
            vectors = None if embeddings is None else embeddings[rows]
            claims = build_claims(doc, candidates, features, model, vectors)
            doc._.saidwhat_claims = claims
            set_span_group(doc, SPAN_GROUP, ((c.span, c.kind.value) for c in claims))


def build_claims(
    doc: Doc,
    candidates: Sequence[Candidate],
    features: Sequence[Features],
    model: CheckworthinessModel,
    embeddings: FloatArray | None,
) -> list[Claim]:
    """Score the candidates and make them claims, ranked; ids ``C1``, ``C2``… follow text order."""
    if not candidates:
        return []
    texts = [as_sentence(c.span.text) for c in candidates]
    scored = model.score(texts, features, None if embeddings is None else embeddings.astype(np.float64))
    entities: list[Entity] = doc._.saidwhat_entities or []
    dates: list[DateMention] = doc._.saidwhat_dates or []
    text = doc.text  # spaCy joins the tokens on every access: read it once
    mentions = MentionIndex([(m, index) for index, e in enumerate(entities) for m in e.mentions])
    date_spans = MentionIndex([(d.span, index) for index, d in enumerate(dates)])
    claims = []
    for number, (candidate, claim_features_, score) in enumerate(
        zip(candidates, features, scored, strict=True), start=1
    ):
        start, end = candidate.span.start_char, candidate.span.end_char
        claims.append(
            Claim(
                id=f"C{number}",
                span=Span.of(text, start, end),
                claimant=candidate.claimant,
                claimant_name=candidate.claimant_name,
                attribution=candidate.attribution,
                kind=claim_kind(candidate.span, claim_features_),
                checkworthiness=round(score.probability, 4),
                factors=score.factors,
                entities=[entities[i].id for i in mentions.owners_inside(start, end)],
                dates=[dates[i] for i in date_spans.owners_inside(start, end)],
            )
        )
    return rank(claims)


class MentionIndex:
    """Spans, each with the index of what it belongs to, sorted by start: which owners have a span
    inside ``[start, end)`` without scanning every span for every claim."""

    def __init__(self, spans: Sequence[tuple[Span, int]]) -> None:
        ordered = sorted(spans, key=lambda item: item[0].start)
        self.starts = [span.start for span, _ in ordered]
        self.spans = ordered

    def owners_inside(self, start: int, end: int) -> list[int]:
        """The owners (ascending, each once) with at least one span inside ``[start, end)``."""
        owners = set()
        for span, owner in self.spans[bisect.bisect_left(self.starts, start) :]:
            if span.start >= end:
                break
            if span.end <= end:
                owners.add(owner)
        return sorted(owners)
