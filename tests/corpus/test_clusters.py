"""Claim clusters on both stores: the same claim in other words across outlets is one cluster, another
claim is not; a fact-check match shows on the cluster; interrupted and repeated updates add nothing twice."""

from __future__ import annotations

import itertools
import json
from collections.abc import Iterator
from pathlib import Path

import pytest
from sqlalchemy import func, select

import saidwhat
from saidwhat.claims.factchecks import read_factchecks
from saidwhat.claims.factstore import FactCheckStore
from saidwhat.corpus import clusters
from saidwhat.corpus.clusters import (
    claim_cluster,
    claim_clusters,
    make_units,
    pending_articles,
    units_of,
    update_clusters,
)
from saidwhat.corpus.queries import Filters
from saidwhat.model import Analysis, Article, ArticleMetadata
from saidwhat.nlp.embedder import load_embedder
from saidwhat.store import Store, open_store, save_analysis
from saidwhat.store.cluster_tables import ClaimClusterMemberRow, ClaimClusterRow, ClaimUnitRow
from saidwhat.store.tables import ArticleRow

POLITIFACT = Path("../shared/data/factchecks/politifact.jsonl")
#: Two outlets report Trump's claim about murders (PolitiFact's vclaim-pol-00001) in their own words;
#: a third reports another claim of his.
ARTICLES = {
    "daily-a": (
        "2019-10-29",
        "Speaking in Chicago on Monday, President Donald Trump said that the number of murders in America's "
        "major cities has dropped by more than 10 percent over the last two years, unlike in Chicago. The "
        "remarks drew criticism from local officials.",
    ),
    "herald-b": (
        "2019-10-30",
        '"Murders have fallen by over 10% in the big cities of America in the past two years, but not in '
        'Chicago," Trump claimed in his speech to police chiefs on Monday.',
    ),
    "times-c": (
        "2019-10-30",
        "President Donald Trump said on Monday that the trade agreement with China would be signed at a "
        "summit in Chile next month. Officials in Beijing did not comment.",
    ),
}


@pytest.fixture(scope="module")
def analyses() -> dict[str, Analysis]:
    return {
        outlet: saidwhat.analyze(
            Article(id=outlet, text=text, metadata=ArticleMetadata(outlet=outlet, published=day))
        )
        for outlet, (day, text) in ARTICLES.items()
    }


@pytest.fixture
def store(store_url: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Store]:
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "cache"))  # PostgreSQL's index file
    with open_store(store_url) as opened:
        yield opened


def _save(store: Store, analyses: Iterator[Analysis] | list[Analysis], *, redo: bool = False) -> None:
    with store.session() as session:
        for analysis in analyses:
            save_analysis(session, analysis, redo=redo)


def _memberships(store: Store) -> tuple[int, int, int]:
    """(units, memberships, distinct units among the memberships)."""
    with store.session() as session:
        units = session.scalar(select(func.count()).select_from(ClaimUnitRow)) or 0
        members = session.scalar(select(func.count()).select_from(ClaimClusterMemberRow)) or 0
        distinct = session.scalar(select(func.count(ClaimClusterMemberRow.unit_id.distinct()))) or 0
    return units, members, distinct


def test_the_same_claim_in_other_words_is_one_cluster_and_another_claim_is_not(
    store: Store, analyses: dict[str, Analysis]
) -> None:
    _save(store, analyses.values())
    assert pending_articles(store) == 3
    stats = update_clusters(store)
    assert (stats.articles, stats.assigned) == (3, sum(len(units_of(a)) for a in analyses.values()))
    assert pending_articles(store) == 0
    page = claim_clusters(store)
    assert page.total == 1
    [cluster] = page.rows
    assert cluster["outlets"] == ["daily-a", "herald-b"]
    assert (cluster["first_seen"], cluster["first_outlet"]) == ("2019-10-29", "daily-a")
    assert cluster["claim"].startswith("the number of murders in America's major cities")
    assert "Donald Trump" in cluster["attributed_to"]
    assert cluster["cues"] == ["said", "claimed"]
    assert not any("trade agreement" in wording for wording in cluster["wordings"])
    # In scope when one member matches: herald-b carried it, times-c did not; Trump said it.
    assert claim_clusters(store, Filters(outlet="herald-b")).total == 1
    assert claim_clusters(store, Filters(outlet="times-c")).total == 0
    assert claim_clusters(store, Filters(speaker="Trump")).total == 1
    assert claim_clusters(store, Filters(text="Chile")).total == 0
    detail = claim_cluster(store, cluster["id"])
    assert detail is not None
    assert [(m["outlet"], m["date"], m["cue"]) for m in detail["members"]] == [
        ("daily-a", "2019-10-29", "said"),
        ("herald-b", "2019-10-30", "claimed"),
    ]
    assert detail["members"][1]["similarity"] > clusters.DEFAULT_THRESHOLD
    assert claim_cluster(store, 10_000) is None


@pytest.mark.skipif(not POLITIFACT.is_file(), reason="needs ../shared/data/factchecks")
def test_a_fact_check_match_appears_on_the_cluster(store: Store, analyses: dict[str, Analysis]) -> None:
    records = itertools.islice(read_factchecks(POLITIFACT), 200)
    FactCheckStore(store.engine).import_records(records, load_embedder(), source=str(POLITIFACT))
    _save(store, analyses.values())
    update_clusters(store)
    [cluster] = claim_clusters(store).rows
    assert cluster["matches"], "the cluster's claim is PolitiFact's vclaim-pol-00001"
    best = cluster["matches"][0]
    assert "trump-dead-wrong-about-change-murders-chicago" in best["url"]
    assert best["verdict"] and best["similarity"] >= 0.5
    with store.session() as session:  # stored, against this fact-check collection
        stamp = session.scalar(
            select(ClaimClusterRow.matches_stamp).where(ClaimClusterRow.id == cluster["id"])
        )
    assert stamp == "200:200"
    detail = claim_cluster(store, cluster["id"])
    assert detail is not None and detail["matches"] == cluster["matches"]


def test_an_interrupted_or_repeated_update_adds_no_membership_twice(
    store: Store, analyses: dict[str, Analysis], monkeypatch: pytest.MonkeyPatch
) -> None:
    _save(store, [analyses["daily-a"], analyses["times-c"]])
    make_units(store)

    def die(*args: object) -> None:
        raise KeyboardInterrupt  # the process dies after the memberships were written, before the commit

    with monkeypatch.context() as patched:
        patched.setattr(clusters, "_refresh", die)
        with pytest.raises(KeyboardInterrupt):
            update_clusters(store)
    units, members, _ = _memberships(store)
    assert units > 0 and members == 0  # the open transaction was lost, nothing else
    update_clusters(store)
    assert _memberships(store) == (units, units, units)
    # A new process whose index file is gone (killed before saving it) rebuilds it from the store.
    clusters._indexes.clear()
    clusters.index_path(store.engine, "claims").unlink()
    herald = analyses["herald-b"]
    _save(store, [herald])
    update_clusters(store)
    total = units + len(units_of(herald))
    assert _memberships(store) == (total, total, total)
    [cluster] = claim_clusters(store).rows
    assert cluster["outlets"] == ["daily-a", "herald-b"]
    # --redo rewrites an article's rows: its units leave their clusters and come back, once.
    _save(store, [herald], redo=True)
    assert pending_articles(store) == 1
    update_clusters(store)
    assert _memberships(store) == (total, total, total)
    [again] = claim_clusters(store).rows
    assert (again["articles"], again["size"], again["outlets"]) == (2, 2, ["daily-a", "herald-b"])
    update_clusters(store)  # nothing left to do
    assert _memberships(store) == (total, total, total)
    with store.session() as session:
        empty = select(ClaimClusterRow.id).where(ClaimClusterRow.size == 0)
        assert not list(session.scalars(empty))
        assert not list(session.scalars(select(ArticleRow.id).where(ArticleRow.units_model.is_(None))))


def test_units_are_claims_and_uncovered_attributions(example_analysis: Analysis) -> None:
    units = units_of(example_analysis)
    claims = [u for u in units if u.kind == "claim"]
    covered = {c.attribution for c in example_analysis.claims if c.attribution}
    assert len(claims) == sum(len(c.span.text.split()) >= clusters.MIN_WORDS for c in example_analysis.claims)
    assert all(u.key not in covered for u in units if u.kind == "attribution")
    text = example_analysis.article.text
    assert all(text[u.start : u.end].startswith(u.text.split(" … ")[0]) for u in units)


def test_copies_join_their_twin_and_stay_out_of_the_index(
    store: Store, analyses: dict[str, Analysis]
) -> None:
    original = analyses["daily-a"]
    copies = []
    for number in range(3):  # a wire story carried word for word by three more outlets
        metadata = ArticleMetadata(outlet=f"copy-{number}", published="2019-10-31")
        article = original.article.model_copy(update={"id": f"copy-{number}", "metadata": metadata})
        copies.append(original.model_copy(update={"article": article}))
    _save(store, [original, *copies])
    update_clusters(store)
    units = len(units_of(original))
    with store.session() as session:
        indexed = session.scalar(select(func.count()).where(ClaimClusterMemberRow.indexed.is_(True)))
    assert _memberships(store) == (4 * units, 4 * units, 4 * units)
    assert indexed == units == len(clusters.unit_index(store).sync())
    page = claim_clusters(store)
    assert page.total == units and all(row["articles"] == 4 for row in page.rows)


def test_the_clusters_command_backfills_then_lists(analyses: dict[str, Analysis], tmp_path: Path) -> None:
    from typer.testing import CliRunner

    from saidwhat.cli import app

    url = str(tmp_path / "older.sqlite")
    with open_store(url) as store:  # written without units, as a store made before migration 0003
        _save(store, analyses.values())
    runner = CliRunner()
    stale = runner.invoke(app, ["clusters", "--store", url, "--no-update", "--format", "jsonl"])
    assert stale.exit_code == 0 and stale.stdout.strip() == ""
    done = runner.invoke(app, ["clusters", "--store", url, "--format", "jsonl", "-q"])
    assert done.exit_code == 0, done.stdout
    [row] = [json.loads(line) for line in done.stdout.splitlines()]
    assert row["outlets"] == ["daily-a", "herald-b"] and row["articles"] == 2
    one = runner.invoke(app, ["clusters", "--store", url, "--id", str(row["id"]), "--format", "jsonl"])
    lines = [json.loads(line) for line in one.stdout.splitlines()]
    assert [m["outlet"] for m in lines[1:]] == ["daily-a", "herald-b"]
    assert [m["cue"] for m in lines[1:]] == ["said", "claimed"]
    out = tmp_path / "clusters.jsonl"
    exported = runner.invoke(app, ["clusters", "--store", url, "--output", str(out)])
    assert exported.exit_code == 0 and len(out.read_text(encoding="utf-8").splitlines()) == 1
    assert runner.invoke(app, ["clusters", "--store", url, "--id", "999"]).exit_code == 1
    again = runner.invoke(app, ["clusters", "--store", url, "--recluster", "--format", "jsonl", "-q"])
    assert again.exit_code == 0, again.stdout
    [rebuilt] = [json.loads(line) for line in again.stdout.splitlines()]
    assert rebuilt["id"] != row["id"] and rebuilt["outlets"] == row["outlets"]


#: Four outlets on crime, one sentence each, oldest first: each wording is within the threshold of the
#: one before it, but the first and the third are not (unit cosines 0.75, 0.79, then first to third 0.59).
CHAIN = [
    (
        "wire-a",
        "2019-11-01",
        "Murders in America's major cities have dropped by more than 10 percent over the last two years.",
    ),
    (
        "wire-b",
        "2019-11-02",
        "Violent crime in major cities has dropped over the last two years, but not in Chicago.",
    ),
    ("wire-c", "2019-11-03", "Chicago has seen violent crime rise."),
    ("wire-d", "2019-11-04", "Crime in Chicago is rising, the police superintendent said."),
]


def _crime_clusters(store: Store) -> list[list[str]]:
    """The outlets of each cluster holding one of the CHAIN wordings, in cluster order."""
    with store.session() as session:
        rows = session.execute(
            select(ClaimClusterMemberRow.cluster_id, ArticleRow.outlet)
            .join(ClaimUnitRow, ClaimUnitRow.id == ClaimClusterMemberRow.unit_id)
            .join(ArticleRow, ArticleRow.id == ClaimUnitRow.article_id)
            .where(ArticleRow.outlet.like("wire-%"))
            .order_by(ClaimClusterMemberRow.cluster_id, ArticleRow.outlet)
        ).all()
    grouped: dict[int, list[str]] = {}
    for cluster_id, outlet in rows:
        grouped.setdefault(cluster_id, []).append(outlet)
    return list(grouped.values())


def test_a_topic_does_not_chain_through_its_members_and_recluster_rebuilds(store: Store) -> None:
    chain = [
        saidwhat.analyze(
            Article(id=outlet, text=text, metadata=ArticleMetadata(outlet=outlet, published=day))
        )
        for outlet, day, text in CHAIN
    ]
    assert all(len(units_of(analysis)) == 1 for analysis in chain)
    for analysis in chain:  # one ingest each, as articles arrive
        _save(store, [analysis])
        update_clusters(store)
    # wire-c is nearest wire-b (0.79), but that cluster's first wording, wire-a's, is 0.59 from it.
    assert _crime_clusters(store) == [["wire-a", "wire-b"], ["wire-c", "wire-d"]]
    with store.session() as session:
        before = set(session.scalars(select(ClaimClusterRow.id)))
    stats = clusters.recluster(store)
    assert stats.assigned == 4 and stats.new_clusters == 2
    assert _crime_clusters(store) == [["wire-a", "wire-b"], ["wire-c", "wire-d"]]
    assert _memberships(store) == (4, 4, 4)
    with store.session() as session:
        after = set(session.scalars(select(ClaimClusterRow.id)))
    assert len(after) == 2 and not after & before
    assert len(clusters.unit_index(store).sync()) == 4
