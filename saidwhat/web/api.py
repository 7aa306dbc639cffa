"""The JSON API: everything the pages show, described by the OpenAPI document at ``/openapi.json``."""

from __future__ import annotations

import datetime as dt
from typing import Annotated, Any

from fastapi import APIRouter, HTTPException, Path, Query, Request
from fastapi.responses import JSONResponse
from pydantic import AfterValidator, BaseModel, Field, StringConstraints

from saidwhat.errors import SaidwhatError
from saidwhat.model import Analysis, Stance, TechniqueName
from saidwhat.web import deps
from saidwhat.web.analyse import Metadata
from saidwhat.web.repository import (
    MAX_PER_PAGE,
    ClaimClusterDetail,
    ClaimClusterPage,
    CorpusPage,
    CorpusQuery,
    OutletStats,
    SpeakerActivity,
    SpeakerProfile,
)
from saidwhat.web.view import ArticlePanels, ArticleView, article_view, ranked_claims
from saidwhat.web.view import article_panels as build_panels

router = APIRouter(prefix="/api", tags=["api"])

ArticleId = Annotated[int, Path(ge=1, le=deps.MAX_ID, description="The article's id in the corpus.")]


class ArticleOut(BaseModel):
    id: int
    analysis: Analysis


#: Characters of pasted text; the byte limit (Options.max_bytes) still applies after encoding (error E005).
MAX_TEXT = 1_000_000


class AnalyseRequest(BaseModel):
    """An article to analyse, as text (files and URLs go through the Analyse page)."""

    text: str = Field(
        description="The article text, kept exactly as given; it must hold more than whitespace.",
        pattern=r"[^\s\x1c-\x1f]",  # what str.strip() keeps: \s alone misses the separator controls
        max_length=MAX_TEXT,
    )
    title: str | None = None
    outlet: str | None = None
    published: IsoDate | None = Field(default=None, json_schema_extra={"format": "date"})


class ErrorOut(BaseModel):
    code: str = Field(description="The saidwhat error code (E001 …).")
    message: str


def _calendar_date(value: str) -> str:
    return dt.date.fromisoformat(value).isoformat()  # ValueError (so a 422) for 2022-02-30


#: A calendar date as YYYY-MM-DD text: pydantic's own date type would also take a number (a Unix time).
IsoDate = Annotated[str, StringConstraints(pattern=r"^\d{4}-\d{2}-\d{2}$"), AfterValidator(_calendar_date)]
DATE_QUERY = Query(json_schema_extra={"format": "date"})
NOT_FOUND: dict[int | str, dict[str, Any]] = {404: {"model": ErrorOut, "description": "No such article."}}


@router.get("/articles", response_model=CorpusPage)
def list_articles(
    request: Request,
    q: Annotated[str | None, Query(max_length=500)] = None,
    outlet: Annotated[str | None, Query(max_length=500)] = None,
    speaker: Annotated[str | None, Query(max_length=500)] = None,
    date_from: Annotated[IsoDate | None, DATE_QUERY] = None,
    date_to: Annotated[IsoDate | None, DATE_QUERY] = None,
    stance: Stance | None = None,
    technique: TechniqueName | None = None,
    page: Annotated[int, Query(ge=1, le=deps.MAX_PAGE)] = 1,
    per_page: Annotated[int, Query(ge=1, le=MAX_PER_PAGE)] = 25,
) -> CorpusPage:
    """One page of the corpus, newest first, filtered by words, outlet, speaker, publication date, cue
    stance and technique."""
    query = CorpusQuery(
        q=q or None,
        outlet=outlet or None,
        speaker=speaker or None,
        date_from=date_from,
        date_to=date_to,
        stance=stance,
        technique=technique,
    )
    return deps.repository(request).search(query, page, per_page)


@router.get("/articles/{article_id}", response_model=ArticleOut, responses=NOT_FOUND)
def get_article(request: Request, article_id: ArticleId) -> ArticleOut:
    """The article's whole analysis (schema 1.2, as ``saidwhat analyze --format json`` writes it)."""
    return ArticleOut(id=article_id, analysis=deps.analysis_or_404(request, article_id))


@router.get("/articles/{article_id}/view", response_model=ArticleView, responses=NOT_FOUND)
def get_article_view(request: Request, article_id: ArticleId) -> ArticleView:
    """What the article view shows: the text in highlighted runs and the side panel."""
    return article_view(article_id, deps.analysis_or_404(request, article_id))


@router.get("/articles/{article_id}/panels", response_model=ArticlePanels, responses=NOT_FOUND)
def get_article_panels(request: Request, article_id: ArticleId) -> ArticlePanels:
    """The side panel alone: speakers and stance, attributions, ranked claims, techniques by user."""
    analysis = deps.analysis_or_404(request, article_id)
    return build_panels(analysis, ranked_claims(analysis))


@router.post(
    "/articles",
    response_model=ArticleOut,
    status_code=201,
    responses={400: {"model": ErrorOut, "description": "The text could not be read or analysed."}},
)
def analyse_article(request: Request, body: AnalyseRequest) -> ArticleOut | JSONResponse:
    """Analyse a text, keep it in the corpus and return its analysis with its id."""
    service = deps.analyser(request)
    metadata = Metadata(
        title=body.title,
        outlet=body.outlet,
        published=body.published,
    )
    try:
        analysis = service.analyse(service.from_text(body.text, metadata))
    except SaidwhatError as exc:
        error = ErrorOut(code=exc.code, message=str(exc))
        return JSONResponse(error.model_dump(), status_code=400)
    return ArticleOut(id=deps.repository(request).add(analysis), analysis=analysis)


@router.get("/outlets", response_model=list[OutletStats])
def outlets(request: Request, limit: Annotated[int, Query(ge=1, le=MAX_PER_PAGE)] = 20) -> list[OutletStats]:
    """The outlets with most articles: their cues' stances and the techniques in their own voice."""
    return deps.repository(request).outlet_stats(limit)


@router.get("/speakers", response_model=list[SpeakerActivity])
def speakers(
    request: Request, limit: Annotated[int, Query(ge=1, le=MAX_PER_PAGE)] = 20
) -> list[SpeakerActivity]:
    """The most reported speakers, with their attributions per month of publication."""
    return deps.repository(request).speaker_activity(limit)


@router.get("/speakers/{speaker}", response_model=SpeakerProfile, responses=NOT_FOUND)
def speaker(
    request: Request,
    speaker: Annotated[str, Path(description="An identity id, or a name (the most reported such).")],
    page: Annotated[int, Query(ge=1, le=deps.MAX_PAGE)] = 1,
    per_page: Annotated[int, Query(ge=1, le=MAX_PER_PAGE)] = 50,
) -> SpeakerProfile:
    """A speaker across the corpus: how each outlet framed them, and one page of their timeline."""
    profile = deps.repository(request).speaker_profile(speaker, page, per_page)
    if profile is None:
        raise HTTPException(status_code=404, detail=f"no speaker {speaker!r} in this corpus")
    return profile


@router.get("/claims", response_model=ClaimClusterPage | None)
def claim_clusters(
    request: Request,
    q: Annotated[str | None, Query(max_length=500)] = None,
    outlet: Annotated[str | None, Query(max_length=500)] = None,
    speaker: Annotated[str | None, Query(max_length=500)] = None,
    date_from: Annotated[IsoDate | None, DATE_QUERY] = None,
    date_to: Annotated[IsoDate | None, DATE_QUERY] = None,
    page: Annotated[int, Query(ge=1, le=deps.MAX_PAGE)] = 1,
    per_page: Annotated[int, Query(ge=1, le=MAX_PER_PAGE)] = 25,
) -> ClaimClusterPage | None:
    """The same claim across articles: stored clusters carried by two articles or more, most widely
    carried first, with a member matching the filters; null without a corpus store."""
    query = CorpusQuery(q=q, outlet=outlet, speaker=speaker, date_from=date_from, date_to=date_to)
    return deps.repository(request).claim_clusters(query, page, per_page)


@router.get(
    "/claims/{cluster_id}",
    response_model=ClaimClusterDetail,
    responses={404: {"model": ErrorOut, "description": "No such claim cluster."}},
)
def claim_cluster(
    request: Request,
    cluster_id: Annotated[int, Path(ge=1, le=deps.MAX_ID, description="The cluster's id.")],
    page: Annotated[int, Query(ge=1, le=deps.MAX_PAGE)] = 1,
    per_page: Annotated[int, Query(ge=1, le=MAX_PER_PAGE)] = 50,
) -> ClaimClusterDetail:
    """One claim cluster: who carried it, when, with which cue (one page of its members, oldest first),
    and its fact-check matches."""
    cluster = deps.repository(request).claim_cluster(cluster_id, page, per_page)
    if cluster is None:
        raise HTTPException(status_code=404, detail=f"no claim cluster {cluster_id} in this corpus")
    return cluster
