"""Writing analyses and failures to the store, idempotently by content hash."""

from __future__ import annotations

import datetime as dt
import hashlib
import json
from collections.abc import Iterable, Sequence

from sqlalchemy import CursorResult, delete, select, update
from sqlalchemy.dialects.postgresql import insert as pg_insert
from sqlalchemy.dialects.sqlite import insert as sqlite_insert
from sqlalchemy.orm import Session

from saidwhat.corpus.names import name_key
from saidwhat.model import Analysis, Article, Entity, InputFailure, Speaker
from saidwhat.store.cluster_tables import ClaimClusterMemberRow, ClaimClusterRow, ClaimUnitRow
from saidwhat.store.tables import (
    ArticleRow,
    AttributionRow,
    ClaimRow,
    EntityRow,
    FailureRow,
    Meta,
    ScareQuoteRow,
    SpeakerNameRow,
    TechniqueRow,
)
from saidwhat.version import PIPELINE_VERSION

CONTENT_SEPARATOR = " … "
#: Set when new speaker names arrive; cleared when identities are regrouped.
IDENTITIES_DIRTY = "identities_dirty"


def content_hash(article: Article) -> str:
    """SHA-256 of the article text and the metadata that says where and when it was published.

    The same wire story carried by two outlets is two articles (the corpus asks which outlets carried
    it); the same article read twice, from a directory and again from a dump, is one.
    """
    meta = article.metadata
    identity = [article.text, meta.outlet, meta.url, meta.published, meta.title]
    return hashlib.sha256(json.dumps(identity, ensure_ascii=False).encode("utf-8")).hexdigest()


def known_hashes(session: Session, hashes: Iterable[str]) -> set[str]:
    """The hashes among ``hashes`` of articles already stored or already recorded as failed."""
    wanted = list(set(hashes))
    found: set[str] = set()
    for start in range(0, len(wanted), 500):  # keep the IN list within every backend's limits
        chunk = wanted[start : start + 500]
        found.update(
            session.scalars(select(ArticleRow.content_hash).where(ArticleRow.content_hash.in_(chunk)))
        )
        found.update(
            h
            for h in session.scalars(
                select(FailureRow.content_hash).where(FailureRow.content_hash.in_(chunk))
            )
            if h is not None
        )
    return found


def save_analysis(
    session: Session, analysis: Analysis, *, redo: bool = False, version: str = PIPELINE_VERSION
) -> bool:
    """Store one analysis with all its rows; False (and nothing written) if it is stored already.

    With ``redo`` an article already stored is replaced (its rows deleted and written anew).
    """
    digest = content_hash(analysis.article)
    existing = session.scalar(select(ArticleRow.id).where(ArticleRow.content_hash == digest))
    if existing is not None:
        if not redo:
            return False
        _delete_children(session, existing)  # first: units leaving clusters mark them stale
        session.execute(delete(ArticleRow).where(ArticleRow.id == existing))
    source = analysis.article.metadata.source_file or analysis.article.id
    session.execute(delete(FailureRow).where(FailureRow.input == source))
    row = _article_row(analysis, digest, version)
    session.add(row)
    session.flush()  # gives row.id
    session.add_all(_child_rows(analysis, row.id, version))
    _add_speaker_names(session, analysis)
    return True


def save_failure(
    session: Session, failure: InputFailure, *, digest: str | None = None, version: str = PIPELINE_VERSION
) -> None:
    """Record (or replace) the failure of one input."""
    session.execute(delete(FailureRow).where(FailureRow.input == failure.input))
    session.add(
        FailureRow(
            input=failure.input,
            code=failure.code,
            message=failure.message,
            content_hash=digest,
            pipeline_version=version,
        )
    )


def _delete_children(session: Session, article_id: int) -> None:
    # SQLite cascades only with foreign_keys on; deleting explicitly works on every backend.
    delete_units(session, [article_id])
    for table in (AttributionRow, EntityRow, ClaimRow, TechniqueRow, ScareQuoteRow):
        session.execute(delete(table).where(table.article_id == article_id))


def delete_units(session: Session, article_ids: Sequence[int]) -> None:
    """Delete the claim-cluster units of these articles and their memberships, marking the clusters
    they leave stale (their aggregates are recomputed, or the cluster removed, at the next update)."""
    units = select(ClaimUnitRow.id).where(ClaimUnitRow.article_id.in_(article_ids))
    left = select(ClaimClusterMemberRow.cluster_id).where(ClaimClusterMemberRow.unit_id.in_(units))
    session.execute(
        update(ClaimClusterRow).where(ClaimClusterRow.id.in_(left)).values(stale=True),
        execution_options={"synchronize_session": False},
    )
    session.execute(delete(ClaimClusterMemberRow).where(ClaimClusterMemberRow.unit_id.in_(units)))
    session.execute(delete(ClaimUnitRow).where(ClaimUnitRow.article_id.in_(article_ids)))


def _article_row(analysis: Analysis, digest: str, version: str) -> ArticleRow:
    article = analysis.article
    meta = article.metadata
    return ArticleRow(
        key=article.id,
        content_hash=digest,
        title=meta.title,
        outlet=meta.outlet,
        url=meta.url,
        published=meta.published,
        published_date=parse_date(meta.published),
        language=meta.language,
        source_file=meta.source_file,
        text=article.text,
        analysis=analysis.to_json_dict(),
        pipeline_version=version,
    )


def parse_date(value: str | None) -> dt.date | None:
    """The calendar date of an ISO 8601 date or date-time, or None."""
    if not value:
        return None
    try:
        return dt.date.fromisoformat(value[:10])
    except ValueError:
        return None


def speaker_key(speaker: Speaker | None, entities: dict[str, Entity]) -> str | None:
    """The name key of a resolved speaker, named by its entity's cross-article canonical name."""
    if speaker is None:
        return None
    entity = entities.get(speaker.id)
    if entity is not None:
        return entity_key(entity)
    return name_key(speaker.name, speaker.type.value, speaker.role, speaker.organization)


def entity_key(entity: Entity) -> str:
    return name_key(entity.canonical or entity.name, entity.type.value, entity.role, entity.organization)


def _child_rows(
    analysis: Analysis, article_id: int, version: str
) -> Sequence[AttributionRow | EntityRow | ClaimRow | TechniqueRow | ScareQuoteRow]:
    entities = {entity.id: entity for entity in analysis.entities}
    attribution_keys = {a.id: speaker_key(a.speaker, entities) for a in analysis.attributions}
    rows: list[AttributionRow | EntityRow | ClaimRow | TechniqueRow | ScareQuoteRow] = []
    for a in analysis.attributions:
        rows.append(
            AttributionRow(
                article_id=article_id,
                key=a.id,
                kind=a.kind.value,
                cue=a.cue.text if a.cue else None,
                cue_start=a.cue.start if a.cue else None,
                cue_end=a.cue.end if a.cue else None,
                stance=a.stance.value if a.stance else None,
                source=a.source.text if a.source else None,
                source_start=a.source.start if a.source else None,
                source_end=a.source.end if a.source else None,
                content=CONTENT_SEPARATOR.join(span.text for span in a.content),
                content_start=a.content[0].start,
                content_end=a.content[-1].end,
                speaker_entity=a.speaker.id if a.speaker else None,
                speaker_name=a.speaker.name if a.speaker else None,
                speaker_key=attribution_keys[a.id],
                confidence=a.confidence,
                pipeline_version=version,
            )
        )
    for e in analysis.entities:
        rows.append(
            EntityRow(
                article_id=article_id,
                key=e.id,
                name=e.name,
                canonical=e.canonical,
                type=e.type.value,
                role=e.role,
                organization=e.organization,
                country=e.country,
                mentions=len(e.mentions),
                speaker_key=entity_key(e),
                pipeline_version=version,
            )
        )
    for c in analysis.claims:
        claimant_entity = entities.get(c.claimant)
        rows.append(
            ClaimRow(
                article_id=article_id,
                key=c.id,
                text=c.span.text,
                start=c.span.start,
                end=c.span.end,
                kind=c.kind.value,
                claimant=c.claimant,
                claimant_name=c.claimant_name,
                speaker_key=entity_key(claimant_entity) if claimant_entity else None,
                attribution_key=c.attribution,
                checkworthiness=c.checkworthiness,
                pipeline_version=version,
            )
        )
    for t in analysis.techniques:
        rows.append(
            TechniqueRow(
                article_id=article_id,
                technique=t.technique.value,
                text=t.span.text,
                start=t.span.start,
                end=t.span.end,
                confidence=t.confidence,
                user=t.user,
                attribution_key=t.attribution,
                pipeline_version=version,
            )
        )
    for q in analysis.scare_quotes:
        rows.append(
            ScareQuoteRow(
                article_id=article_id,
                text=q.span.text,
                start=q.span.start,
                end=q.span.end,
                sentence=q.sentence.text,
                pipeline_version=version,
            )
        )
    return rows


def _add_speaker_names(session: Session, analysis: Analysis) -> None:
    """Register the name keys of the article's speakers (whoever an attribution or claim is resolved to)."""
    entities = {entity.id: entity for entity in analysis.entities}
    speaking = {a.speaker.id for a in analysis.attributions if a.speaker is not None}
    speaking |= {c.claimant for c in analysis.claims if c.claimant in entities}
    values = [
        {
            "key": entity_key(entity),
            "speaker_id": None,
            "name": entity.canonical or entity.name,
            "type": entity.type.value,
            "role": entity.role,
            "organization": entity.organization,
        }
        for entity in (entities[i] for i in sorted(speaking) if i in entities)
    ]
    if not values:
        return
    insert = pg_insert if session.get_bind().dialect.name == "postgresql" else sqlite_insert
    # Concurrent ingests may register the same name: the second insert is skipped, not an error.
    result = session.execute(insert(SpeakerNameRow).values(values).on_conflict_do_nothing())
    if isinstance(result, CursorResult) and result.rowcount:
        session.merge(Meta(key=IDENTITIES_DIRTY, value="1"))
