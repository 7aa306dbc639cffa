from __future__ import annotations

from sqlalchemy import func, select

from saidwhat.model import Analysis, InputFailure
from saidwhat.store import content_hash, known_hashes, open_store, save_analysis, save_failure
from saidwhat.store.tables import (
    ArticleRow,
    AttributionRow,
    ClaimRow,
    EntityRow,
    FailureRow,
    ScareQuoteRow,
    SpeakerNameRow,
    TechniqueRow,
)
from saidwhat.version import PIPELINE_VERSION


def _count(session, table) -> int:
    return session.scalar(select(func.count()).select_from(table))


def test_an_analysis_is_stored_in_full_and_once(store_url: str, example_analysis: Analysis) -> None:
    analysis = example_analysis
    assert analysis.attributions and analysis.entities  # the example has who-said-what to store
    with open_store(store_url) as store:
        with store.session() as session:
            assert save_analysis(session, analysis) is True
        with store.session() as session:
            assert save_analysis(session, analysis) is False  # same content hash: a no-op
            assert _count(session, ArticleRow) == 1
            assert _count(session, AttributionRow) == len(analysis.attributions)
            assert _count(session, EntityRow) == len(analysis.entities)
            assert _count(session, ClaimRow) == len(analysis.claims)
            assert _count(session, TechniqueRow) == len(analysis.techniques)
            assert _count(session, ScareQuoteRow) == len(analysis.scare_quotes)
            row = session.scalars(select(ArticleRow)).one()
            assert row.pipeline_version == PIPELINE_VERSION
            assert str(row.published_date) == "2022-03-01"
            assert Analysis.model_validate(row.analysis) == analysis  # the full analysis round-trips
            assert known_hashes(session, [content_hash(analysis.article), "0" * 64]) == {row.content_hash}
            peskov = [a for a in session.scalars(select(AttributionRow)) if a.speaker_name == "Dmitry Peskov"]
            assert peskov and all(a.speaker_key and "peskov" in a.speaker_key for a in peskov)
            assert any("peskov" in key for key in session.scalars(select(SpeakerNameRow.key)))
            text = analysis.article.text
            for a in session.scalars(select(AttributionRow)):  # stored offsets still ground the text
                assert a.cue is None or text[a.cue_start : a.cue_end] == a.cue
                assert text[a.content_start : a.content_end].startswith(a.content.split(" … ")[0])


def test_redo_replaces_rows_without_duplicating(store_url: str, example_analysis: Analysis) -> None:
    with open_store(store_url) as store:
        with store.session() as session:
            save_analysis(session, example_analysis)
        with store.session() as session:
            assert save_analysis(session, example_analysis, redo=True, version="next") is True
        with store.session() as session:
            assert _count(session, ArticleRow) == 1
            assert _count(session, AttributionRow) == len(example_analysis.attributions)
            versions = set(session.scalars(select(AttributionRow.pipeline_version)))
            assert versions == {"next"}


def test_failures_are_recorded_once_per_input_and_cleared_on_success(
    store_url: str, example_analysis: Analysis
) -> None:
    source = example_analysis.article.metadata.source_file
    assert source is not None
    failure = InputFailure(input=source, code="E009", message="[E009] x: analysis failed")
    with open_store(store_url) as store:
        with store.session() as session:
            save_failure(session, failure, digest="a" * 64)
            save_failure(session, failure, digest="a" * 64)
        with store.session() as session:
            assert _count(session, FailureRow) == 1
            assert known_hashes(session, ["a" * 64]) == {"a" * 64}
            save_analysis(session, example_analysis)
        with store.session() as session:
            assert _count(session, FailureRow) == 0
