"""What a request handler needs from the app, and the query parameters pages and API share."""

from __future__ import annotations

import datetime as dt

from fastapi import HTTPException, Request
from fastapi.templating import Jinja2Templates

from saidwhat.model import Analysis
from saidwhat.web.analyse import Analyser
from saidwhat.web.repository import Repository

#: Bigger ids than this are refused before they reach the store (SQLite integers are 64-bit).
MAX_ID = 2**53
#: Pages beyond this are refused: an offset that large is a mistake, not a reader.
MAX_PAGE = 100_000


def repository(request: Request) -> Repository:
    repo: Repository = request.app.state.repository
    return repo


def analyser(request: Request) -> Analyser:
    service: Analyser = request.app.state.analyser
    return service


def templates(request: Request) -> Jinja2Templates:
    engine: Jinja2Templates = request.app.state.templates
    return engine


def analysis_or_404(request: Request, article_id: int) -> Analysis:
    analysis = repository(request).get(article_id)
    if analysis is None:
        raise HTTPException(status_code=404, detail=f"no article {article_id} in this corpus")
    return analysis


def parse_date(value: str | None) -> str | None:
    """A YYYY-MM-DD string, None for an empty value; ValueError for anything else."""
    if value is None or not value.strip():
        return None
    return dt.date.fromisoformat(value.strip()).isoformat()
