"""Match extracted claims to previously fact-checked claims in the store.

For each claim: embed it (batched, the shipped sentence embedder), take its :data:`CANDIDATES` nearest
fact-checks from the approximate-neighbour index, re-rank them (:mod:`saidwhat.claims.retrieval.rerank`:
cosine, BM25 over claim + headline, overlaps, numbers, names, date gap to the article), and turn each
re-ranker score into a **calibrated similarity**: P(same claim | score), a logistic fit on the CheckThat!
2A train pairs against the best wrong candidates (``scripts/train_reranker.py``).

A fact-check is a match when its similarity is at least :data:`THRESHOLD` (0.5: more likely the same claim
than not, as calibrated on tweets); at most :data:`MAX_MATCHES` are kept per claim, best first. Below the
threshold, no match. Claims extracted from articles (:meth:`FactCheckMatcher.match_claims`,
``match_analysis``) need :data:`ARTICLE_THRESHOLD` (0.9): on judged samples of PolNeAR article claims
against PolitiFact and Snopes, the tweet-calibrated similarity was far too confident (docs/claims.md).

    matcher = open_matcher("corpus.sqlite")          # a store with imported fact-checks
    claims = matcher.match_claims(claims, when=date(2022, 2, 21))
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Sequence
from datetime import date

from saidwhat.claims.factstore import Embedder, FactCheckStore, FloatArray, document
from saidwhat.claims.retrieval.model import Calibration, load_calibration, load_ranker
from saidwhat.claims.retrieval.rerank import LinearRanker
from saidwhat.claims.retrieval.search import CANDIDATES, prepare_query, rerank
from saidwhat.claims.retrieval.text import parse_date
from saidwhat.model import Analysis, Claim, ClaimMatch, InputFailure
from saidwhat.store import Store, open_store

THRESHOLD = 0.5
#: For claims cut out of articles: 7 of 14 judged pairs at ≥ 0.9 were the same claim, 5 of 87 in [0.5, 0.9)
#: (docs/claims.md, "Matching claims from articles").
ARTICLE_THRESHOLD = 0.9
MAX_MATCHES = 3


class FactCheckMatcher:
    """Claims in, fact-check matches out. Build one per process (it holds the index and the models)."""

    def __init__(
        self,
        factchecks: FactCheckStore,
        embedder: Embedder | None = None,
        *,
        ranker: LinearRanker | None = None,
        calibration: Calibration | None = None,
        threshold: float = THRESHOLD,
        article_threshold: float = ARTICLE_THRESHOLD,
        max_matches: int = MAX_MATCHES,
    ) -> None:
        if embedder is None:
            from saidwhat.nlp.embedder import load_embedder

            embedder = load_embedder()
        self.factchecks = factchecks
        self.embedder = embedder
        self.ranker = ranker or load_ranker()
        self.calibration = calibration or load_calibration()
        self.threshold = threshold
        self.article_threshold = article_threshold
        self.max_matches = max_matches
        self._refreshed = False  # stale vectors (another embedder's) re-embedded before the first search

    def match_texts(
        self,
        texts: Sequence[str],
        when: date | None = None,
        vectors: FloatArray | None = None,
        *,
        threshold: float | None = None,
    ) -> list[list[ClaimMatch]]:
        """For each text, its matches (similarity ≥ ``threshold``, by default the matcher's), best first.

        ``vectors``: the texts' embeddings by the shipped embedder, when the caller has them already
        (the claims stage does); otherwise the texts are embedded here, in one batch.
        """
        if not texts:
            return []
        prepared = [prepare_query(text, when) for text in texts]
        if vectors is None:
            vectors = self.embedder.embed([cleaned for cleaned, _ in prepared])
        if not self._refreshed:
            self.factchecks.refresh_vectors(self.embedder)
            self._refreshed = True
        neighbours = self.factchecks.nearest(vectors, CANDIDATES)
        rows = self.factchecks.rows(i for found in neighbours for i, _ in found)
        needed = {t for _, query in prepared for t in query.terms}
        needed |= {t for row in rows.values() for t in document(row).terms}
        stats = self.factchecks.stats(needed)
        results: list[list[ClaimMatch]] = []
        floor = self.threshold if threshold is None else threshold
        for (_, query), found in zip(prepared, neighbours, strict=True):
            found = [(i, cosine) for i, cosine in found if i in rows]
            if not found:
                results.append([])
                continue
            docs = [document(rows[i]) for i, _ in found]
            order, scores = rerank(query, docs, [c for _, c in found], stats, self.ranker)
            matches = []
            for j in order[: self.max_matches]:
                similarity = self.calibration(float(scores[j]))
                if similarity < floor:
                    break
                row = rows[found[j][0]]
                matches.append(
                    ClaimMatch(
                        claim=row.claim,
                        verdict=row.verdict,
                        checker=row.checker,
                        url=row.url,
                        date=row.date.isoformat() if row.date else None,
                        similarity=round(similarity, 4),
                    )
                )
            results.append(matches)
        return results

    def match_claims(
        self, claims: Sequence[Claim], when: date | None = None, vectors: FloatArray | None = None
    ) -> list[Claim]:
        """The claims with ``matches`` filled in (``when``: the article's date, if known), at the article
        threshold."""
        texts = [claim.span.text for claim in claims]
        found = self.match_texts(texts, when, vectors, threshold=self.article_threshold)
        return [claim.model_copy(update={"matches": m}) for claim, m in zip(claims, found, strict=True)]

    def match_analysis(self, analysis: Analysis) -> Analysis:
        """The analysis with each claim's matches filled in, dated by the article's publication date."""
        if not analysis.claims:
            return analysis
        when = parse_date(analysis.article.metadata.published)
        return analysis.model_copy(update={"claims": self.match_claims(analysis.claims, when)})


def with_matches(
    results: Iterable[Analysis | InputFailure], matcher: FactCheckMatcher
) -> Iterator[Analysis | InputFailure]:
    """Fill in the fact-check matches of every analysis of a stream (failures pass through)."""
    for result in results:
        yield matcher.match_analysis(result) if isinstance(result, Analysis) else result


def open_matcher(url: str | None = None, embedder: Embedder | None = None) -> FactCheckMatcher:
    """A matcher over the fact-checks of the store at ``url`` (see :func:`saidwhat.store.open_store`)."""
    store: Store = open_store(url)
    return FactCheckMatcher(FactCheckStore(store.engine), embedder)
