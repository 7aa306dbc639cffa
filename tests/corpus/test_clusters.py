"""The same claim across articles: a wire story carried by two outlets, beside unrelated articles."""

from __future__ import annotations

from saidwhat.corpus.clusters import claim_clusters
from saidwhat.corpus.queries import Filters
from saidwhat.model import Analysis, ArticleMetadata
from saidwhat.store import open_store, save_analysis


def _carried_by(analysis: Analysis, outlet: str, published: str) -> Analysis:
    metadata = ArticleMetadata(outlet=outlet, published=published)
    article = analysis.article.model_copy(update={"id": f"{outlet}/story", "metadata": metadata})
    return analysis.model_copy(update={"article": article})


def test_a_claim_carried_by_two_outlets_is_one_cluster(
    store_url: str, example_analysis: Analysis, corpus_analyses: list[Analysis]
) -> None:
    others = [a for a in corpus_analyses if "Peskov" not in a.article.text][:3]
    with open_store(store_url) as store:
        with store.session() as session:
            save_analysis(session, _carried_by(example_analysis, "second-wire", "2022-03-02"))
            save_analysis(session, _carried_by(example_analysis, "first-wire", "2022-03-01"))
            for analysis in others:
                save_analysis(session, analysis)
        clusters = claim_clusters(store)
        alone = claim_clusters(store, Filters(outlet="second-wire"))
    assert clusters and not alone
    assert all(c["articles"] == 2 for c in clusters)  # nothing from the unrelated articles joins
    assert all(c["outlets"] == ["first-wire", "second-wire"] for c in clusters)
    assert all((c["first_seen"], c["first_outlet"]) == ("2022-03-01", "first-wire") for c in clusters)
    peskov = [c for c in clusters if "Dmitry Peskov" in c["attributed_to"]]
    assert any("do not aim to divide Ukrainian territory" in c["claim"] for c in peskov)
