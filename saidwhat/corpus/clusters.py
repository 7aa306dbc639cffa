"""The same claim across articles: claims clustered by meaning, stored, with who carried them and when.

**Units.** The claims of the claims stage (asserted and attributed) and the content of every attribution
that no claim covers (what a speaker is reported as saying is an attributed claim whether or not the
claims stage scored it), of five words or more. Each unit is embedded with the shipped sentence embedder
and stored with its vector (``claim_units``), one article's units per ``embed`` call, so a unit's vector
depends on its article only, not on what else was in the batch.

**Clusters, incrementally.** :func:`update_clusters` runs after every ingest transaction: it makes the
units of the articles that have none yet (new articles, and articles stored before the clusters
existed — batched, with progress), then assigns every unit not yet in a cluster, oldest id first: the
unit asks the approximate-neighbour index over clustered units (:mod:`saidwhat.store.vectors`) for its
:data:`NEIGHBOURS` nearest, and joins the cluster of the best one whose cosine is at least the threshold
(ties: the lower id) provided it is also at the threshold of that cluster's seed (its first unit), else
starts a cluster. The seed keeps a cluster to one wording's neighbourhood: joining through any member
let topics chain over a long campaign. :func:`recluster` rebuilds a store's clusters from scratch.
Units of the same pass see each other exactly. A unit's membership is keyed by the unit, so a pass
killed at any point and run again never adds one twice.

**The threshold**, :data:`DEFAULT_THRESHOLD` (0.65), is the lowest cosine with a same-claim precision of
0.9 on the CheckThat! 2A train pairs (a tweet and the fact-checked claim it matches are the same claim;
the tweet and every other verified claim are not): ``saidwhat eval clusters --precision 0.9`` reproduces
it and reports it on dev (P 0.956, R 0.543). Precision rather than the F1 optimum (0.60) because a wrong
join to a cluster's seed brings the seed's neighbours with it.

**Reading** (:func:`claim_clusters`, :func:`claim_cluster`) never embeds: it lists the stored clusters
carried by enough articles, filtered by outlet, dates, speaker and article words (a cluster is in scope
when one of its members is), a page at a time, with each cluster's fact-check matches
(:func:`cluster_matches`: its representative — earliest — wording matched against the fact-check store
with the claims issue's calibrated matcher, computed once per fact-check collection and stored).
"""

from __future__ import annotations

import datetime as dt
import threading
from collections import defaultdict
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from typing import Any

import numpy as np
from sqlalchemy import ColumnElement, delete, exists, func, select, text, update
from sqlalchemy.exc import OperationalError
from sqlalchemy.orm import Session

from saidwhat.corpus.identities import regroup_if_needed
from saidwhat.corpus.queries import Filters, Page, Row, _article_conditions, _speaker_keys
from saidwhat.model import Analysis
from saidwhat.store import Store
from saidwhat.store.cluster_tables import ClaimClusterMemberRow, ClaimClusterRow, ClaimUnitRow
from saidwhat.store.tables import ArticleRow
from saidwhat.store.vectors import FloatArray, VectorIndex, as_blob, as_vector, index_path
from saidwhat.store.write import CONTENT_SEPARATOR, delete_units, entity_key, speaker_key

#: Cosine at which a unit joins its nearest clustered neighbour (``saidwhat eval clusters``).
DEFAULT_THRESHOLD = 0.65
#: Neighbours a new unit asks the index for.
NEIGHBOURS = 10
#: Where undated members sort (last) on a cluster page.
UNDATED = dt.date(9999, 12, 31)
#: A cosine this high is the same vector (float rounding aside): the unit is a copy of its neighbour.
DUPLICATE = 0.9999
#: Shorter contents ('that', 'so') say nothing checkable and would match each other.
MIN_WORDS = 5
#: Articles whose units are made per transaction; units assigned per transaction.
ARTICLES_PER_BATCH = 32
UNITS_PER_BATCH = 2000
#: Wordings shown per cluster in a listing; members per page of a cluster.
WORDINGS = 5
MEMBERS_PER_PAGE = 50
_INDEX_NAME = "claims"
_SEEN = 256  # articles' vectors remembered within one update
_LOCK = 7_241_106  # PostgreSQL advisory lock: one cluster update at a time per database


@dataclass
class UnitDraft:
    """A unit before it is stored: what it says and who said it, with which cue."""

    kind: str
    key: str
    text: str
    start: int
    end: int
    speaker_name: str | None = None
    speaker_key: str | None = None
    cue: str | None = None
    stance: str | None = None


@dataclass
class UpdateStats:
    """What one :func:`update_clusters` did."""

    articles: int = 0  # articles whose units were made
    units: int = 0  # units made
    assigned: int = 0  # units put in a cluster
    new_clusters: int = 0
    pending_articles: int | None = None  # articles without units when the update started

    @property
    def total(self) -> int | None:
        return self.pending_articles

    @property
    def done(self) -> int:
        return self.articles

    def line(self) -> str:
        return (
            f"claim clusters: {self.articles}/{self.pending_articles or 0} articles embedded "
            f"({self.units} units), {self.assigned} units clustered, "
            f"{self.new_clusters} new clusters"
        )


Progress = Callable[[UpdateStats], None]


# -- units --------------------------------------------------------------------------------------------


def units_of(analysis: Analysis) -> list[UnitDraft]:
    """The clustering units of one analysis: its claims, then the attributions no claim covers."""
    entities = {entity.id: entity for entity in analysis.entities}
    attributions = {a.id: a for a in analysis.attributions}
    units: list[UnitDraft] = []
    for claim in sorted(analysis.claims, key=lambda c: c.span.start):
        attribution = attributions.get(claim.attribution) if claim.attribution else None
        claimant = entities.get(claim.claimant)
        units.append(
            UnitDraft(
                kind="claim",
                key=claim.id,
                text=claim.span.text,
                start=claim.span.start,
                end=claim.span.end,
                speaker_name=claim.claimant_name,
                speaker_key=entity_key(claimant) if claimant else None,
                cue=attribution.cue.text if attribution and attribution.cue else None,
                stance=attribution.stance.value if attribution and attribution.stance else None,
            )
        )
    covered = {claim.attribution for claim in analysis.claims if claim.attribution}
    for a in analysis.attributions:
        if a.id in covered:
            continue
        units.append(
            UnitDraft(
                kind="attribution",
                key=a.id,
                text=CONTENT_SEPARATOR.join(span.text for span in a.content),
                start=a.content[0].start,
                end=a.content[-1].end,
                speaker_name=a.speaker.name if a.speaker else None,
                speaker_key=speaker_key(a.speaker, entities),
                cue=a.cue.text if a.cue else None,
                stance=a.stance.value if a.stance else None,
            )
        )
    return [u for u in units if len(u.text.split()) >= MIN_WORDS]


def make_units(
    store: Store,
    *,
    embedder: Any = None,
    progress: Progress | None = None,
    stats: UpdateStats | None = None,
    articles: Sequence[int] | None = None,
) -> UpdateStats:
    """Embed and store the units of every article (of ``articles`` only, if given) that has none from
    the current embedder, :data:`ARTICLES_PER_BATCH` articles per transaction (a kill loses only the
    open batch)."""
    from saidwhat.claims.factstore import embedder_id

    stats = stats if stats is not None else UpdateStats()
    seen: dict[tuple[str, ...], FloatArray] = {}
    model = embedder_id()
    waiting = (ArticleRow.units_model.is_(None)) | (ArticleRow.units_model != model)
    if articles is not None:
        waiting = waiting & ArticleRow.id.in_(articles)
    with store.session() as session:
        stats.pending_articles = int(session.scalar(select(func.count()).where(waiting)) or 0)
    last = 0
    while True:
        with store.session() as session:
            rows = session.execute(
                select(ArticleRow.id, ArticleRow.analysis)
                .where(waiting, ArticleRow.id > last)
                .order_by(ArticleRow.id)
                .limit(ARTICLES_PER_BATCH)
            ).all()
        if not rows:
            return stats
        last = rows[-1][0]
        if embedder is None:
            from saidwhat.nlp.embedder import load_embedder

            embedder = load_embedder()
        drafted = [(row_id, units_of(Analysis.model_validate(analysis))) for row_id, analysis in rows]
        vectors = [_embed_article(embedder, units, seen) for _, units in drafted]
        with store.session() as session:
            ids = [row_id for row_id, _ in drafted]
            alive = set(session.scalars(select(ArticleRow.id).where(ArticleRow.id.in_(ids))))
            delete_units(session, ids)  # units of an older embedder, if any
            for (row_id, units), found in zip(drafted, vectors, strict=True):
                if row_id not in alive or found is None:
                    continue
                session.add_all(
                    _unit_row(row_id, unit, vector, model) for unit, vector in zip(units, found, strict=True)
                )
                stats.units += len(units)
            session.execute(update(ArticleRow).where(ArticleRow.id.in_(alive)).values(units_model=model))
        stats.articles += len(alive)
        if progress is not None:
            progress(stats)


def _embed_article(
    embedder: Any, units: Sequence[UnitDraft], seen: dict[tuple[str, ...], FloatArray]
) -> FloatArray | None:
    """The vectors of one article's units, in one call: int8 activations are scaled per batch, so each
    vector is a function of its own article's units. An article whose units were just embedded (a copy,
    a wire story carried word for word) reuses them."""
    if not units:
        return None
    texts = tuple(u.text for u in units)
    if texts not in seen:
        if len(seen) >= _SEEN:
            seen.pop(next(iter(seen)))
        seen[texts] = embedder.embed(list(texts))
    return seen[texts]


def _unit_row(article_id: int, unit: UnitDraft, vector: Any, model: str) -> ClaimUnitRow:
    return ClaimUnitRow(
        article_id=article_id,
        kind=unit.kind,
        key=unit.key,
        text=unit.text,
        start=unit.start,
        end=unit.end,
        speaker_name=unit.speaker_name,
        speaker_key=unit.speaker_key,
        cue=unit.cue,
        stance=unit.stance,
        vector=as_blob(vector),
        model=model,
    )


# -- clusters -----------------------------------------------------------------------------------------

_indexes: dict[str, VectorIndex] = {}
_indexes_lock = threading.Lock()


def unit_index(store: Store) -> VectorIndex:
    """The neighbour index over clustered units' vectors (one per store URL and process)."""
    with _indexes_lock:
        index = _indexes.get(store.url)
        if index is None:
            rows = (
                select(ClaimClusterMemberRow.unit_id, ClaimUnitRow.vector)
                .join(ClaimUnitRow, ClaimUnitRow.id == ClaimClusterMemberRow.unit_id)
                .where(ClaimClusterMemberRow.indexed.is_(True))
            )
            index = VectorIndex(
                store.engine, index_path(store.engine, _INDEX_NAME), rows, ClaimClusterMemberRow.unit_id
            )
            _indexes[store.url] = index
        return index


def update_clusters(
    store: Store,
    *,
    threshold: float = DEFAULT_THRESHOLD,
    embedder: Any = None,
    progress: Progress | None = None,
    articles: Sequence[int] | None = None,
) -> UpdateStats:
    """Make the missing units (of ``articles`` only, if given: e.g. the one just added), put every
    unclustered unit in a cluster, refresh stale clusters."""
    stats = make_units(store, embedder=embedder, progress=progress, articles=articles)
    while _assign_batch(store, threshold, stats):
        if progress is not None:
            progress(stats)
    with store.session() as session:
        stale = list(session.scalars(select(ClaimClusterRow.id).where(ClaimClusterRow.stale.is_(True))))
        _refresh(session, stale)
    return stats


def recluster(
    store: Store, *, threshold: float = DEFAULT_THRESHOLD, progress: Progress | None = None
) -> UpdateStats:
    """Drop every cluster and cluster all units again, oldest first (after an upgrade of the clustering).
    Cluster ids change. Killed midway, the next :func:`update_clusters` clusters the units left."""
    with store.session() as session:
        if store.dialect == "postgresql":
            session.execute(text("SELECT pg_advisory_xact_lock(:key)"), {"key": _LOCK})
        session.execute(delete(ClaimClusterMemberRow))
        session.execute(delete(ClaimClusterRow))
    unit_index(store).forget()
    return update_clusters(store, threshold=threshold, progress=progress)


def _assign_batch(store: Store, threshold: float, stats: UpdateStats) -> bool:
    """Assign up to :data:`UNITS_PER_BATCH` unclustered units in one transaction; False when none is left."""
    index = unit_index(store)
    try:
        with store.session() as session:
            if store.dialect == "postgresql":
                session.execute(text("SELECT pg_advisory_xact_lock(:key)"), {"key": _LOCK})
            pending = session.execute(
                select(ClaimUnitRow.id, ClaimUnitRow.vector, ArticleRow.published_date)
                .join(ArticleRow, ArticleRow.id == ClaimUnitRow.article_id)
                .where(~exists().where(ClaimClusterMemberRow.unit_id == ClaimUnitRow.id))
                .order_by(ClaimUnitRow.id)
                .limit(UNITS_PER_BATCH)
            ).all()
            if not pending:
                return False
            index.sync(session)
            ids = [row[0] for row in pending]
            vectors = np.stack([as_vector(row[1]) for row in pending])
            dates = {row[0]: row[2] for row in pending}
            touched, indexed = _assign(session, index, ids, vectors, threshold, stats, dates)
            _refresh(session, touched)
    except BaseException:
        index.forget()  # it may hold nothing the store does not, but never more: reload from the file
        raise
    if indexed:
        index.add(np.array([ids[i] for i in indexed], dtype=np.uint64), vectors[indexed])
        index.save()
    return True


def _assign(
    session: Session,
    index: VectorIndex,
    ids: list[int],
    vectors: FloatArray,
    threshold: float,
    stats: UpdateStats,
    dates: dict[int, dt.date | None],
) -> tuple[set[int], list[int]]:
    """Put each unit in a cluster; returns the clusters touched and the positions of the units to add
    to the index (all but exact duplicates of a clustered unit)."""
    found = index.nearest(vectors, NEIGHBOURS, sync=False)
    neighbour_ids = sorted({i for hits in found for i, _ in hits})
    cluster_of: dict[int, int] = {}
    for chunk in _chunks(neighbour_ids, 500):
        cluster_of.update(
            session.execute(
                select(ClaimClusterMemberRow.unit_id, ClaimClusterMemberRow.cluster_id).where(
                    ClaimClusterMemberRow.unit_id.in_(chunk)
                )
            )
            .tuples()
            .all()
        )
    seeds = _seed_vectors(session, {cluster_of[n] for n in neighbour_ids if n in cluster_of})
    within = vectors @ vectors.T  # exact cosines among this batch's units
    touched: set[int] = set()
    indexed: list[int] = []
    for i, unit_id in enumerate(ids):
        candidates = [(cosine, other) for other, cosine in found[i] if other in cluster_of]
        candidates += [(float(within[i, j]), ids[j]) for j in range(i)]
        best = _best_link(vectors[i], candidates, cluster_of, seeds, threshold)
        if best is None:
            cluster = ClaimClusterRow(size=0, articles=0, outlets=0, stale=False)
            session.add(cluster)
            session.flush()
            cluster_id, similarity = cluster.id, 1.0
            seeds[cluster_id] = vectors[i]
            stats.new_clusters += 1
        else:
            cluster_id, similarity = cluster_of[best[1]], round(min(best[0], 1.0), 4)
        cluster_of[unit_id] = cluster_id
        # An exact duplicate (a wire copy) joins its twin's cluster and stays out of the index: whatever
        # would find it finds the twin, and thousands of identical vectors break HNSW's graph (searches
        # then miss them: 10,000 copies of one article made 271 clusters instead of 16).
        duplicate = best is not None and best[0] >= DUPLICATE
        if not duplicate:
            indexed.append(i)
        session.add(
            ClaimClusterMemberRow(
                unit_id=unit_id,
                cluster_id=cluster_id,
                similarity=similarity,
                indexed=not duplicate,
                sort_date=dates[unit_id] or UNDATED,
            )
        )
        touched.add(cluster_id)
    session.flush()
    stats.assigned += len(ids)
    return touched, indexed


def _best_link(
    vector: FloatArray,
    candidates: list[tuple[float, int]],
    cluster_of: dict[int, int],
    seeds: dict[int, FloatArray],
    threshold: float,
) -> tuple[float, int] | None:
    """The nearest unit (cosine, id) at the threshold whose cluster's seed is at the threshold too.

    Joining through any one member let topics chain over a long campaign (a 79-article "cluster" of
    Clinton and Sanders wordings on the 1,295-article corpus); a cluster's seed, its first unit, keeps
    every member within the threshold of one wording."""
    for cosine, other in sorted(candidates, key=lambda c: (-c[0], c[1])):
        if cosine < threshold:
            return None
        seed = seeds.get(cluster_of[other])
        if seed is None or float(vector @ seed) >= threshold:
            return cosine, other
    return None


def _seed_vectors(session: Session, cluster_ids: set[int]) -> dict[int, FloatArray]:
    """Each cluster's seed vector: its lowest unit id (units are assigned oldest id first)."""
    seeds: dict[int, FloatArray] = {}
    for chunk in _chunks(sorted(cluster_ids), 500):
        first = (
            select(ClaimClusterMemberRow.cluster_id, func.min(ClaimClusterMemberRow.unit_id).label("seed"))
            .where(ClaimClusterMemberRow.cluster_id.in_(chunk))
            .group_by(ClaimClusterMemberRow.cluster_id)
            .subquery()
        )
        vectors = select(first.c.cluster_id, ClaimUnitRow.vector)
        rows = session.execute(vectors.join(ClaimUnitRow, ClaimUnitRow.id == first.c.seed))
        seeds.update((cluster_id, as_vector(blob)) for cluster_id, blob in rows.tuples())
    return seeds


def _refresh(session: Session, cluster_ids: Iterable[int]) -> None:
    """Recompute the aggregates of these clusters from their members (in SQL: a cluster carried by
    thousands of articles is not read row by row); remove the empty ones."""
    session.flush()
    for chunk in _chunks(sorted(set(cluster_ids)), 500):
        aggregates = {
            row[0]: row[1:]
            for row in session.execute(
                select(
                    ClaimClusterMemberRow.cluster_id,
                    func.count(),
                    func.count(ClaimUnitRow.article_id.distinct()),
                    func.count(ArticleRow.outlet.distinct()),
                    func.min(ArticleRow.published_date),
                )
                .join(ClaimUnitRow, ClaimUnitRow.id == ClaimClusterMemberRow.unit_id)
                .join(ArticleRow, ArticleRow.id == ClaimUnitRow.article_id)
                .where(ClaimClusterMemberRow.cluster_id.in_(chunk))
                .group_by(ClaimClusterMemberRow.cluster_id)
            )
        }
        clusters = list(session.scalars(select(ClaimClusterRow).where(ClaimClusterRow.id.in_(chunk))))
        for cluster in clusters:
            found = aggregates.get(cluster.id)
            if found is None:
                session.delete(cluster)
                continue
            cluster.size, cluster.articles, cluster.outlets, cluster.first_seen = found
            cluster.stale = False
        session.flush()
        # The representative: the lowest unit id among the members of the earliest date (undated last).
        earliest = (
            select(ClaimClusterMemberRow.cluster_id, func.min(ClaimClusterMemberRow.unit_id))
            .join(ClaimUnitRow, ClaimUnitRow.id == ClaimClusterMemberRow.unit_id)
            .join(ArticleRow, ArticleRow.id == ClaimUnitRow.article_id)
            .join(ClaimClusterRow, ClaimClusterRow.id == ClaimClusterMemberRow.cluster_id)
            .where(
                ClaimClusterMemberRow.cluster_id.in_(chunk),
                ArticleRow.published_date.is_not_distinct_from(ClaimClusterRow.first_seen),
            )
            .group_by(ClaimClusterMemberRow.cluster_id)
        )
        representatives = dict(session.execute(earliest).tuples().all())
        digests = _digests(session, chunk)
        for cluster in clusters:
            if cluster.id not in aggregates:
                continue
            cluster.digest = digests.get(cluster.id)
            if cluster.representative_id != representatives.get(cluster.id):
                cluster.representative_id = representatives.get(cluster.id)
                cluster.matches_stamp = None  # another wording to match


def _digests(session: Session, cluster_ids: Sequence[int]) -> dict[int, dict[str, Any]]:
    """What a listing shows of each cluster, in order of first appearance (date, then unit): outlets,
    speakers, cues, the first wording's outlet, and up to :data:`WORDINGS` wordings. Stored on the
    cluster, so that a page of clusters reads 25 rows, however many articles carried them."""
    first = func.min(ClaimUnitRow.id)
    day = func.min(ArticleRow.published_date)
    groups = session.execute(
        select(
            ClaimClusterMemberRow.cluster_id,
            ArticleRow.outlet,
            ClaimUnitRow.speaker_name,
            ClaimUnitRow.cue,
            day,
            first,
        )
        .join(ClaimUnitRow, ClaimUnitRow.id == ClaimClusterMemberRow.unit_id)
        .join(ArticleRow, ArticleRow.id == ClaimUnitRow.article_id)
        .where(ClaimClusterMemberRow.cluster_id.in_(cluster_ids))
        .group_by(
            ClaimClusterMemberRow.cluster_id, ArticleRow.outlet, ClaimUnitRow.speaker_name, ClaimUnitRow.cue
        )
    ).all()
    ordered: dict[int, list[Any]] = defaultdict(list)
    for row in sorted(groups, key=lambda r: (r[4] is None, r[4] or dt.date.min, r[5])):
        ordered[row[0]].append(row)
    texts = session.execute(
        select(ClaimClusterMemberRow.cluster_id, ClaimUnitRow.text, day, first)
        .join(ClaimUnitRow, ClaimUnitRow.id == ClaimClusterMemberRow.unit_id)
        .join(ArticleRow, ArticleRow.id == ClaimUnitRow.article_id)
        .where(ClaimClusterMemberRow.cluster_id.in_(cluster_ids))
        .group_by(ClaimClusterMemberRow.cluster_id, ClaimUnitRow.text)
    ).all()
    wordings: dict[int, list[str]] = defaultdict(list)
    for cluster_id, wording, _when, _unit in sorted(
        texts, key=lambda r: (r[2] is None, r[2] or dt.date.min, r[3])
    ):
        if len(wordings[cluster_id]) < WORDINGS:
            wordings[cluster_id].append(str(wording))
    return {
        cluster_id: {
            "first_outlet": rows[0][1],
            "outlets": list(dict.fromkeys(r[1] for r in rows if r[1])),
            "attributed_to": list(dict.fromkeys(r[2] for r in rows if r[2])),
            "cues": list(dict.fromkeys(r[3] for r in rows if r[3])),
            "wordings": wordings[cluster_id],
        }
        for cluster_id, rows in ordered.items()
    }


# -- reading ------------------------------------------------------------------------------------------


def claim_clusters(
    store: Store,
    filters: Filters | None = None,
    *,
    min_articles: int = 2,
    page: int = 1,
    per_page: int = 20,
    matches: bool = True,
) -> Page:
    """Stored clusters carried by at least ``min_articles`` articles, most widely carried first (then
    earliest), one page of them; a cluster is in scope when one of its members matches ``filters``."""
    filters = filters or Filters()
    page = max(page, 1)
    if filters.speaker:
        regroup_if_needed(store)  # speaker names resolve through the identities
    order = (
        ClaimClusterRow.articles.desc(),
        ClaimClusterRow.first_seen.is_(None),
        ClaimClusterRow.first_seen,
        ClaimClusterRow.id,
    )
    listed = select(ClaimClusterRow).where(ClaimClusterRow.articles >= min_articles)
    with store.session() as session:
        scope = _scope(session, store.dialect, filters, min_articles)
        if scope is None:
            total = int(session.scalar(select(func.count()).select_from(listed.subquery())) or 0)
            query = listed.order_by(*order).offset((page - 1) * per_page).limit(per_page)
            clusters = list(session.scalars(query))
        else:
            # The clusters in scope are ordered here: they are the listed ones only (carried by several
            # articles), so their ids are few, and the members in scope are read once, not per query.
            ranked = [
                row
                for chunk in _chunks(scope, 500)
                for row in session.execute(
                    select(ClaimClusterRow.id, ClaimClusterRow.articles, ClaimClusterRow.first_seen).where(
                        ClaimClusterRow.id.in_(chunk)
                    )
                )
            ]
            ranked.sort(key=lambda r: (-r[1], r[2] is None, r[2] or dt.date.min, r[0]))
            total = len(ranked)
            wanted = [r[0] for r in ranked[(page - 1) * per_page : page * per_page]]
            found = {
                c.id: c
                for c in session.scalars(select(ClaimClusterRow).where(ClaimClusterRow.id.in_(wanted)))
            }
            clusters = [found[i] for i in wanted]
        texts = _texts(session, [c.representative_id for c in clusters if c.representative_id])
    found_matches = cluster_matches(store, clusters) if matches else {}
    rows = [_summary(c, texts, found_matches.get(c.id, [])) for c in clusters]
    return Page(rows, total, page, per_page)


def claim_cluster(
    store: Store, cluster_id: int, *, matches: bool = True, page: int = 1, per_page: int = MEMBERS_PER_PAGE
) -> Row | None:
    """One cluster with one page of its members (article, outlet, date, speaker, cue, wording), oldest
    first (undated last); ``page``/``per_page`` of them (the cluster's ``size`` is their number)."""
    page = max(page, 1)
    with store.session() as session:
        cluster = session.get(ClaimClusterRow, cluster_id)
        if cluster is None:
            return None
        members = _members(session, cluster_id, (page - 1) * per_page, per_page)
        texts = _texts(session, [cluster.representative_id] if cluster.representative_id else [])
    found = cluster_matches(store, [cluster]) if matches else {}
    row = _summary(cluster, texts, found.get(cluster_id, []))
    row.update(members=members, page=page, per_page=per_page)
    return row


def pending_articles(store: Store) -> int:
    """Articles whose units are not made yet (an update is due)."""
    from saidwhat.claims.factstore import embedder_id

    model = embedder_id()
    with store.session() as session:
        waiting = (ArticleRow.units_model.is_(None)) | (ArticleRow.units_model != model)
        return int(session.scalar(select(func.count()).where(waiting)) or 0)


def _scope(session: Session, dialect: str, filters: Filters, min_articles: int) -> list[int] | None:
    """The ids of the listed clusters with a member matching ``filters``; None without filters."""
    conditions: list[ColumnElement[bool]] = list(_article_conditions(session, dialect, filters))
    if filters.speaker:
        conditions.append(ClaimUnitRow.speaker_key.in_(_speaker_keys(session, filters.speaker)))
    if filters.stance is not None:
        conditions.append(ClaimUnitRow.stance == filters.stance.value)
    if not conditions:
        return None
    members = (
        select(ClaimClusterMemberRow.cluster_id)
        .join(ClaimClusterRow, ClaimClusterRow.id == ClaimClusterMemberRow.cluster_id)
        .join(ClaimUnitRow, ClaimUnitRow.id == ClaimClusterMemberRow.unit_id)
        .join(ArticleRow, ArticleRow.id == ClaimUnitRow.article_id)
        .where(ClaimClusterRow.articles >= min_articles, *conditions)
        .distinct()
    )
    return list(session.scalars(members))


def _members(session: Session, cluster_id: int, offset: int, limit: int) -> list[Row]:
    rows = session.execute(
        select(
            ClaimClusterMemberRow.similarity,
            ClaimUnitRow.id.label("unit"),
            ClaimUnitRow.kind,
            ClaimUnitRow.text,
            ClaimUnitRow.speaker_name.label("speaker"),
            ClaimUnitRow.cue,
            ClaimUnitRow.stance,
            ClaimUnitRow.start,
            ArticleRow.id.label("article_id"),
            ArticleRow.key.label("article"),
            ArticleRow.title,
            ArticleRow.outlet,
            ArticleRow.published_date.label("date"),
            ArticleRow.url,
        )
        .join(ClaimUnitRow, ClaimUnitRow.id == ClaimClusterMemberRow.unit_id)
        .join(ArticleRow, ArticleRow.id == ClaimUnitRow.article_id)
        .where(ClaimClusterMemberRow.cluster_id == cluster_id)
        .order_by(ClaimClusterMemberRow.sort_date, ClaimClusterMemberRow.unit_id)  # an index: no sort
        .offset(offset)
        .limit(limit)
    ).all()
    members = []
    for row in rows:
        member = dict(row._mapping)
        member["date"] = member["date"].isoformat() if member["date"] else None
        members.append(member)
    return members


def _texts(session: Session, unit_ids: Sequence[int]) -> dict[int, str]:
    if not unit_ids:
        return {}
    query = select(ClaimUnitRow.id, ClaimUnitRow.text).where(ClaimUnitRow.id.in_(unit_ids))
    return dict(session.execute(query).tuples().all())


def _summary(cluster: ClaimClusterRow, texts: dict[int, str], matches: list[dict[str, Any]]) -> Row:
    digest = cluster.digest or {}
    return {
        "id": cluster.id,
        "claim": texts.get(cluster.representative_id or 0, ""),
        "first_seen": cluster.first_seen.isoformat() if cluster.first_seen else None,
        "first_outlet": digest.get("first_outlet"),
        "outlets": digest.get("outlets", []),
        "attributed_to": digest.get("attributed_to", []),
        "cues": digest.get("cues", []),
        "articles": cluster.articles,
        "size": cluster.size,
        "wordings": digest.get("wordings", []),
        "matches": matches,
    }


# -- fact-check matches -------------------------------------------------------------------------------

_matchers: dict[str, Any] = {}


def cluster_matches(store: Store, clusters: Sequence[ClaimClusterRow]) -> dict[int, list[dict[str, Any]]]:
    """Each cluster's fact-check matches (verdict, checker, URL, similarity): stored ones when they were
    computed against the current fact-check collection, else computed now (one batch) and stored."""
    from saidwhat.store.factcheck_tables import FactCheckRow

    with store.session() as session:
        count, last = session.execute(select(func.count(), func.coalesce(func.max(FactCheckRow.id), 0))).one()
    stamp = f"{count}:{last}"
    out = {c.id: list(c.matches or []) for c in clusters if c.matches_stamp == stamp}
    todo = [c for c in clusters if c.id not in out and c.representative_id is not None]
    if not todo:
        return out
    found: list[list[dict[str, Any]]] = [[] for _ in todo]
    if count:
        found = _match(store, todo)
    for cluster, matches in zip(todo, found, strict=True):
        out[cluster.id] = matches
    try:
        with store.session() as session:
            for cluster, matches in zip(todo, found, strict=True):
                session.execute(
                    update(ClaimClusterRow)
                    .where(
                        ClaimClusterRow.id == cluster.id,
                        ClaimClusterRow.representative_id == cluster.representative_id,
                    )
                    .values(matches=matches, matches_stamp=stamp)
                )
    except OperationalError:
        pass  # the store is busy (an ingest holds SQLite's write lock): remembered at a later read
    return out


def _match(store: Store, clusters: Sequence[ClaimClusterRow]) -> list[list[dict[str, Any]]]:
    from saidwhat.claims.factstore import FactCheckStore
    from saidwhat.claims.matching import FactCheckMatcher

    with store.session() as session:
        units = {
            row.id: row
            for row in session.scalars(
                select(ClaimUnitRow).where(ClaimUnitRow.id.in_([c.representative_id for c in clusters]))
            )
        }
    matcher = _matchers.get(store.url)
    if matcher is None:
        matcher = _matchers[store.url] = FactCheckMatcher(FactCheckStore(store.engine))
    results: list[list[dict[str, Any]]] = []
    for cluster in clusters:  # one call per date: the re-ranker weighs the gap to the claim's date
        unit = units.get(cluster.representative_id or 0)
        if unit is None:
            results.append([])
            continue
        # A cluster's wording comes from an article: the article threshold applies (docs/claims.md).
        found = matcher.match_texts(
            [unit.text],
            cluster.first_seen,
            as_vector(unit.vector)[None, :],
            threshold=matcher.article_threshold,
        )
        results.append([m.model_dump(mode="json") for m in found[0]])
    return results


def _chunks(items: Sequence[int], size: int) -> Iterable[Sequence[int]]:
    for start in range(0, len(items), size):
        yield items[start : start + size]
