"""The server-rendered pages: Analyse, Article view, Corpus, and the Speakers and Outlets charts."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Form, HTTPException, Path, Query, Request, UploadFile
from fastapi.responses import HTMLResponse, RedirectResponse, Response

from saidwhat.errors import SaidwhatError
from saidwhat.ingest.decode import normalize_newlines
from saidwhat.model import Article, Stance, TechniqueName
from saidwhat.web import deps
from saidwhat.web.analyse import Analyser, Metadata, nothing_given
from saidwhat.web.charts import (
    BAR_WIDTH,
    MONTH_WIDTH,
    STANCES,
    TIMELINE_HEIGHT,
    outlet_charts,
    speaker_charts,
    stance_bar,
)
from saidwhat.web.repository import CorpusQuery
from saidwhat.web.view import article_view, safe_url

router = APIRouter(include_in_schema=False)

PER_PAGE = 25


@router.get("/", response_class=HTMLResponse)
def home() -> Response:
    return RedirectResponse("/analyse", status_code=303)


@router.get("/analyse", response_class=HTMLResponse)
def analyse_form(request: Request) -> Response:
    return _analyse_page(request, {}, None)


@router.post("/analyse", response_class=HTMLResponse)
def analyse_submit(
    request: Request,
    text: Annotated[str, Form()] = "",
    url: Annotated[str, Form()] = "",
    title: Annotated[str, Form()] = "",
    outlet: Annotated[str, Form()] = "",
    published: Annotated[str, Form()] = "",
    file: UploadFile | None = None,
) -> Response:
    """Read and analyse what was given (text, else the file, else the URL) and show its article view.

    On failure the form comes back with the coded error and everything typed kept.
    """
    values = {"text": text, "url": url, "title": title, "outlet": outlet, "published": published}
    try:
        metadata = Metadata(title=title, outlet=outlet, published=deps.parse_date(published))
    except ValueError:
        return _analyse_page(
            request, values, ("E001", f"published: {published!r} is not a date (YYYY-MM-DD)")
        )
    service = deps.analyser(request)
    try:
        article = _read(service, text, url, file, metadata)
        analysis = service.analyse(article)
    except SaidwhatError as exc:
        return _analyse_page(request, values, (exc.code, str(exc)))
    article_id = deps.repository(request).add(analysis)
    return RedirectResponse(f"/articles/{article_id}", status_code=303)


def _read(service: Analyser, text: str, url: str, file: UploadFile | None, metadata: Metadata) -> Article:
    if text.strip():
        # Browsers send a textarea's line breaks as CRLF; the user's text had plain newlines.
        return service.from_text(normalize_newlines(text), metadata)
    if file is not None and file.filename:
        return service.from_file(file.file, file.filename, metadata)
    if url.strip():
        return service.from_url(url, metadata)
    raise nothing_given()


def _analyse_page(request: Request, values: dict[str, str], error: tuple[str, str] | None) -> Response:
    context = {"values": values, "error": error, "page": "analyse"}
    status = 422 if error else 200
    return deps.templates(request).TemplateResponse(request, "analyse.html", context, status_code=status)


@router.get("/articles/{article_id}", response_class=HTMLResponse)
def article_page(request: Request, article_id: Annotated[int, Path(ge=1, le=deps.MAX_ID)]) -> Response:
    view = article_view(article_id, deps.analysis_or_404(request, article_id))
    context = {"view": view, "panels": view.panels, "page": "article"}
    return deps.templates(request).TemplateResponse(request, "article.html", context)


@router.get("/corpus", response_class=HTMLResponse)
def corpus_page(
    request: Request,
    q: str = "",
    outlet: str = "",
    speaker: str = "",
    date_from: str = "",
    date_to: str = "",
    stance: str = "",
    technique: str = "",
    page: Annotated[int, Query(ge=1, le=deps.MAX_PAGE)] = 1,
) -> Response:
    values = {
        "q": q,
        "outlet": outlet,
        "speaker": speaker,
        "date_from": date_from,
        "date_to": date_to,
        "stance": stance,
        "technique": technique,
    }
    try:
        query = CorpusQuery(
            q=q.strip() or None,
            outlet=outlet.strip() or None,
            speaker=speaker.strip() or None,
            date_from=deps.parse_date(date_from),
            date_to=deps.parse_date(date_to),
            stance=Stance(stance) if stance else None,
            technique=TechniqueName(technique) if technique else None,
        )
    except ValueError as exc:
        raise HTTPException(status_code=422, detail=f"bad filter: {exc}") from None
    result = deps.repository(request).search(query, page, PER_PAGE)
    context = {
        "values": values,
        "result": result,
        "page": "corpus",
        "filters": _filters_query(values),
        "stances": [s.value for s in Stance],
        "techniques": [t.value for t in TechniqueName],
    }
    return deps.templates(request).TemplateResponse(request, "corpus.html", context)


def _filters_query(values: dict[str, str]) -> dict[str, str]:
    """The filters that are set, for the pager's links."""
    return {key: value for key, value in values.items() if value}


#: Outlets and speakers shown on the chart pages; timeline rows per page of a speaker's page.
CHART_ROWS = 20
SPEAKER_ROWS = 50


@router.get("/outlets", response_class=HTMLResponse)
def outlets_page(request: Request) -> Response:
    charts, techniques = outlet_charts(deps.repository(request).outlet_stats(CHART_ROWS))
    context = {
        "charts": charts,
        "techniques": techniques,
        "stances": STANCES,
        "bar_width": BAR_WIDTH,
        "page": "outlets",
    }
    return deps.templates(request).TemplateResponse(request, "outlets.html", context)


@router.get("/speakers", response_class=HTMLResponse)
def speakers_page(request: Request) -> Response:
    charts, months = speaker_charts(deps.repository(request).speaker_activity(CHART_ROWS))
    context = {
        "charts": charts,
        "months": months,
        "width": max(1, len(months)) * MONTH_WIDTH,
        "height": TIMELINE_HEIGHT,
        "page": "speakers",
    }
    return deps.templates(request).TemplateResponse(request, "speakers.html", context)


@router.get("/speakers/{speaker:path}", response_class=HTMLResponse)
def speaker_page(
    request: Request, speaker: str, page: Annotated[int, Query(ge=1, le=deps.MAX_PAGE)] = 1
) -> Response:
    profile = deps.repository(request).speaker_profile(speaker, page, SPEAKER_ROWS)
    if profile is None:
        raise HTTPException(status_code=404, detail=f"no speaker {speaker!r} in this corpus")
    bars = [stance_bar(outlet.stances) for outlet in profile.outlets]
    context = {
        "profile": profile,
        "bars": bars,
        "bar_width": BAR_WIDTH,
        "stances": STANCES,
        "page": "speaker",
    }
    return deps.templates(request).TemplateResponse(request, "speaker.html", context)


#: Claim clusters per page of the Claims page; members per page of a Claim cluster page.
CLUSTERS_PER_PAGE = 25
MEMBERS_PER_PAGE = 50


@router.get("/claims", response_class=HTMLResponse)
def claims_page(
    request: Request,
    q: str = "",
    speaker: str = "",
    outlet: str = "",
    date_from: str = "",
    date_to: str = "",
    page: Annotated[int, Query(ge=1, le=deps.MAX_PAGE)] = 1,
) -> Response:
    """The same claim across articles: the stored clusters carried by two articles or more, filtered."""
    values = {"q": q, "speaker": speaker, "outlet": outlet, "date_from": date_from, "date_to": date_to}
    try:
        query = CorpusQuery(
            q=q,
            speaker=speaker,
            outlet=outlet,
            date_from=deps.parse_date(date_from),
            date_to=deps.parse_date(date_to),
        )
    except ValueError as exc:
        raise HTTPException(status_code=422, detail=f"bad filter: {exc}") from None
    clusters = deps.repository(request).claim_clusters(query, page, CLUSTERS_PER_PAGE)
    context = {"values": values, "clusters": clusters, "filters": _filters_query(values), "page": "claims"}
    return deps.templates(request).TemplateResponse(request, "claims.html", context)


@router.get("/claims/{cluster_id}", response_class=HTMLResponse)
def claim_cluster_page(
    request: Request,
    cluster_id: Annotated[int, Path(ge=1, le=deps.MAX_ID)],
    page: Annotated[int, Query(ge=1, le=deps.MAX_PAGE)] = 1,
) -> Response:
    """One claim cluster: who carried the claim, when, with which cue, and its fact-checks."""
    cluster = deps.repository(request).claim_cluster(cluster_id, page, MEMBERS_PER_PAGE)
    if cluster is None:
        raise HTTPException(status_code=404, detail=f"no claim cluster {cluster_id} in this corpus")
    safe_urls = [safe_url(match.url) for match in cluster.matches]
    context = {"cluster": cluster, "safe_urls": safe_urls, "page": "claims"}
    return deps.templates(request).TemplateResponse(request, "claim.html", context)
