"""The FastAPI application: server-rendered pages, a JSON API under ``/api`` and vendored static files.

Article text is untrusted. Templates are rendered by Jinja2 with autoescaping on, nothing is marked
safe, the script only ever sets ``textContent``, and every response carries a Content-Security-Policy
that allows no inline script and nothing from another origin, a second line behind the escaping.
"""

from __future__ import annotations

import contextlib
from collections.abc import AsyncIterator, Awaitable, Callable

import jinja2
from fastapi import FastAPI, Request, Response
from fastapi.exception_handlers import request_validation_exception_handler
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse
from fastapi.staticfiles import StaticFiles
from fastapi.templating import Jinja2Templates
from starlette.exceptions import HTTPException as StarletteHTTPException
from starlette.routing import Match

from saidwhat import __version__
from saidwhat.settings import Options
from saidwhat.web.analyse import Analyser
from saidwhat.web.repository import MemoryRepository, Repository

SECURITY_HEADERS = {
    "Content-Security-Policy": (
        "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
        "connect-src 'self'; form-action 'self'; base-uri 'none'; frame-ancestors 'none'"
    ),
    "X-Content-Type-Options": "nosniff",
    "Referrer-Policy": "no-referrer",
    "X-Frame-Options": "DENY",
}


def templates() -> Jinja2Templates:
    env = jinja2.Environment(
        loader=jinja2.PackageLoader("saidwhat.web", "templates"),
        autoescape=True,  # every template, whatever its name: article text must never become markup
        undefined=jinja2.StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
    )
    env.globals["version"] = __version__
    return Jinja2Templates(env=env)


def create_app(
    repository: Repository | None = None, options: Options | None = None, *, fetch: bool = True
) -> FastAPI:
    """The web app over ``repository`` (articles kept in memory when none is given); with ``fetch``
    False, URLs given to the Analyse page and the API are refused (error E006) instead of fetched."""
    from saidwhat.web import api, pages

    app = FastAPI(
        title="saidwhat",
        version=__version__,
        summary="Who said what in the news: articles, attributions, speakers, claims and framing.",
        docs_url=None,  # the interactive docs load their scripts from a CDN; the schema is enough
        redoc_url=None,
        lifespan=_lifespan,
    )
    app.state.repository = repository if repository is not None else MemoryRepository()
    app.state.analyser = Analyser(options, fetch=fetch)
    app.state.templates = templates()
    app.mount("/static", StaticFiles(packages=[("saidwhat.web", "static")]), name="static")
    app.include_router(pages.router)
    app.include_router(api.router)

    @app.exception_handler(StarletteHTTPException)
    async def http_error(request: Request, exc: StarletteHTTPException) -> Response:
        response = _error_response(request, exc.status_code, str(exc.detail))
        response.headers.update(exc.headers or {})
        if exc.status_code == 405:
            response.headers["Allow"] = ", ".join(_allowed_methods(request))
        return response

    @app.exception_handler(RequestValidationError)
    async def invalid_request(request: Request, exc: RequestValidationError) -> Response:
        if request.url.path.startswith("/api/"):
            return await request_validation_exception_handler(request, exc)
        problems = "; ".join(f"{'.'.join(map(str, e['loc']))}: {e['msg']}" for e in exc.errors())
        return _error_response(request, 422, problems)

    @app.middleware("http")
    async def security_headers(
        request: Request, call_next: Callable[[Request], Awaitable[Response]]
    ) -> Response:
        response = await call_next(request)
        for name, value in SECURITY_HEADERS.items():
            response.headers.setdefault(name, value)
        return response

    return app


def _error_response(request: Request, status: int, message: str) -> Response:
    """JSON ``{code, message}`` under /api, an error page elsewhere."""
    if request.url.path.startswith("/api/") or request.url.path == "/openapi.json":
        return JSONResponse({"code": f"HTTP{status}", "message": message}, status_code=status)
    engine: Jinja2Templates = request.app.state.templates
    context = {"status": status, "message": message, "page": "error"}
    return engine.TemplateResponse(request, "error.html", context, status_code=status)


def _allowed_methods(request: Request) -> list[str]:
    """Every method some route serves at this path: Starlette's own 405 names only the first route's."""
    methods: set[str] = set()
    for route in request.app.router.routes:
        match, _ = route.matches({**request.scope, "method": "GET"})
        if match is not Match.NONE:
            methods.update(getattr(route, "methods", None) or ())
    return sorted(methods)


@contextlib.asynccontextmanager
async def _lifespan(app: FastAPI) -> AsyncIterator[None]:
    yield
    app.state.repository.close()
