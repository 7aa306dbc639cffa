"""The JSON API: everything the pages show, described by the OpenAPI document at ``/openapi.json``."""

from __future__ import annotations

import datetime as dt
from collections import Counter
from collections.abc import Callable
from typing import Annotated, Any

from fastapi import APIRouter, HTTPException, Path, Query, Request
from fastapi.concurrency import run_in_threadpool
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse
from pydantic import (
    AfterValidator,
    BaseModel,
    ConfigDict,
    Field,
    StringConstraints,
    ValidationError,
    model_validator,
)
from pydantic.json_schema import SkipJsonSchema
from starlette.datastructures import FormData
from starlette.datastructures import UploadFile as StarletteUpload
from starlette.exceptions import HTTPException as StarletteHTTPException

from saidwhat.errors import SaidwhatError
from saidwhat.model import Analysis, Article, Stance, TechniqueName
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
#: Characters of a URL, and of a title or outlet given with an article.
MAX_URL = 2_000
MAX_FIELD = 1_000


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
    code: str = Field(description="The saidwhat error code (E001 …), or HTTP and the status.")
    message: str
    input: str | None = Field(default=None, description="The input the error is about (a coded error).")
    problem: str | None = Field(default=None, description="What is wrong with it (a coded error).")

    @classmethod
    def of(cls, error: SaidwhatError) -> ErrorOut:
        return cls(code=error.code, message=str(error), input=error.source, problem=error.problem)


class AnalysisRequest(BaseModel):
    """An article to analyse: its text or its URL (exactly one), and what to say about it."""

    model_config = ConfigDict(
        extra="forbid",
        json_schema_extra={"oneOf": [{"required": ["text"]}, {"required": ["url"]}]},
    )

    text: str | SkipJsonSchema[None] = Field(
        default=None,
        description="The article text, kept exactly as given; it must hold more than whitespace.",
        pattern=r"[^\s\x1c-\x1f]",
        max_length=MAX_TEXT,
    )
    url: str | SkipJsonSchema[None] = Field(
        default=None,
        description="An http(s) address: the page is fetched and its article text extracted.",
        pattern=r"^[hH][tT][tT][pP][sS]?://[^\s]+$",
        max_length=MAX_URL,
    )
    title: str | None = Field(default=None, max_length=MAX_FIELD, description="Overrides the page's.")
    outlet: str | None = Field(default=None, max_length=MAX_FIELD, description="Overrides the page's.")
    published: IsoDate | None = Field(
        default=None, json_schema_extra={"format": "date"}, description="Overrides the page's."
    )

    @model_validator(mode="before")
    @classmethod
    def _no_null_input(cls, data: Any) -> Any:
        if isinstance(data, dict):
            for name in ("text", "url"):
                if name in data and data[name] is None:
                    raise ValueError(f"{name}: a string when given (leave it out instead of null)")
        return data

    @model_validator(mode="after")
    def _one_input(self) -> AnalysisRequest:
        if (self.text is None) == (self.url is None):
            raise ValueError("give exactly one of text and url")
        return self


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
    deprecated=True,
)
def analyse_article(request: Request, body: AnalyseRequest) -> ArticleOut | JSONResponse:
    """Analyse a text, keep it in the corpus and return its analysis with its id (``POST
    /api/analyses`` does this and takes URLs and files too)."""
    service = deps.analyser(request)
    metadata = Metadata(title=body.title, outlet=body.outlet, published=body.published)
    return _analyse(request, lambda: service.from_text(body.text, metadata))


class UploadFields(BaseModel):
    """The text fields of the multipart form of ``POST /api/analyses``."""

    model_config = ConfigDict(extra="forbid")

    title: str | None = Field(default=None, max_length=MAX_FIELD)
    outlet: str | None = Field(default=None, max_length=MAX_FIELD)
    published: IsoDate | None = None


#: The multipart form of ``POST /api/analyses``: an uploaded HTML or text file and what to say about it.
UPLOAD_SCHEMA: dict[str, Any] = {
    "type": "object",
    "required": ["file"],
    "properties": {
        "file": {"type": "string", "format": "binary", "description": "An HTML page or a text file."},
        "title": {"type": "string", "maxLength": MAX_FIELD},
        "outlet": {"type": "string", "maxLength": MAX_FIELD},
        "published": {"type": "string", "format": "date", "pattern": r"^\d{4}-\d{2}-\d{2}$"},
    },
    "additionalProperties": False,
}
ANALYSES_BODY: dict[str, Any] = {
    "requestBody": {
        "required": True,
        "content": {
            "application/json": {"schema": AnalysisRequest.model_json_schema()},
            "multipart/form-data": {"schema": UPLOAD_SCHEMA},
        },
    }
}
ANALYSES_ERRORS: dict[int | str, dict[str, Any]] = {
    400: {"model": ErrorOut, "description": "The input could not be read or analysed (a coded error)."},
    415: {"model": ErrorOut, "description": "Neither JSON nor a multipart form."},
    422: {
        "description": "The request breaks the schema.",
        # FastAPI's own component, which every route with parameters already puts in the document.
        "content": {"application/json": {"schema": {"$ref": "#/components/schemas/HTTPValidationError"}}},
    },
}


@router.post(
    "/analyses",
    response_model=ArticleOut,
    status_code=201,
    responses=ANALYSES_ERRORS,
    openapi_extra=ANALYSES_BODY,
)
async def create_analysis(request: Request) -> ArticleOut | JSONResponse:
    """Analyse an article given as text or a URL (JSON), or as an uploaded HTML or text file (a
    multipart form with ``file``); keep it in the corpus and return its analysis with its id.

    Reading is the Analyse page's and ``saidwhat analyze``'s: the same size cap and coded errors, which
    come back as ``400 {code, message, input, problem}``.
    """
    media_type = request.headers.get("content-type", "").split(";")[0].strip().lower()
    if media_type == "application/json":
        try:
            body = AnalysisRequest.model_validate_json(await request.body())
        except ValidationError as exc:
            raise RequestValidationError(_body_errors(exc)) from None
        metadata = Metadata(title=body.title, outlet=body.outlet, published=body.published)
        service = deps.analyser(request)
        if body.text is not None:
            text = body.text
            return await run_in_threadpool(_analyse, request, lambda: service.from_text(text, metadata))
        url = str(body.url)
        return await run_in_threadpool(_analyse, request, lambda: service.from_url(url, metadata))
    if media_type == "multipart/form-data":
        try:
            form = await request.form()
        except StarletteHTTPException as exc:  # Starlette's answer to a body that is not multipart
            problem = f"not a readable multipart form: {exc.detail}"
            raise RequestValidationError([_error("", "multipart", problem)]) from None
        try:
            upload, metadata = _upload(form)
            service = deps.analyser(request)
            name = upload.filename or "uploaded file"
            return await run_in_threadpool(
                _analyse, request, lambda: service.from_file(upload.file, name, metadata)
            )
        finally:
            await form.close()
    error = ErrorOut(code="HTTP415", message=f"send JSON or a multipart form, not {media_type or 'nothing'}")
    return JSONResponse(error.model_dump(exclude_none=True), status_code=415)


def _analyse(request: Request, read: Callable[[], Article]) -> ArticleOut | JSONResponse:
    """Read, analyse and store one article; a coded error becomes a 400 naming the input."""
    service = deps.analyser(request)
    try:
        analysis = service.analyse(read())
    except SaidwhatError as exc:
        return JSONResponse(ErrorOut.of(exc).model_dump(), status_code=400)
    return ArticleOut(id=deps.repository(request).add(analysis), analysis=analysis)


def _upload(form: FormData) -> tuple[StarletteUpload, Metadata]:
    """The uploaded file and the form's other fields; what breaks UPLOAD_SCHEMA is a 422."""
    errors: list[dict[str, Any]] = []
    counts = Counter(key for key, _ in form.multi_items())
    for key in sorted(key for key, n in counts.items() if n > 1):  # an array, where one value is allowed
        errors.append(_error(key, "too_many", f"given {counts[key]} times; give it once"))
    upload = form.get("file")
    if not isinstance(upload, StarletteUpload):
        errors.append(_error("file", "missing", "Field required: an uploaded file"))
    try:
        fields = UploadFields.model_validate({k: v for k, v in form.multi_items() if k != "file"})
    except ValidationError as exc:
        errors.extend(_body_errors(exc))
    if errors:
        raise RequestValidationError(errors)
    assert isinstance(upload, StarletteUpload)
    return upload, Metadata(title=fields.title, outlet=fields.outlet, published=fields.published)


def _error(field: str, kind: str, message: str) -> dict[str, Any]:
    return {"type": kind, "loc": ["body", field] if field else ["body"], "msg": message, "input": None}


def _body_errors(exc: ValidationError) -> list[dict[str, Any]]:
    return [
        {"type": e["type"], "loc": ["body", *e["loc"]], "msg": e["msg"], "input": None}
        for e in exc.errors(include_url=False)
    ]


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
