"""Turning what a user gives the Analyse page (pasted text, an uploaded file, a URL) into an analysis.

Reading goes through :mod:`saidwhat.ingest`, so the page refuses exactly what the CLI refuses, with the
same coded errors; the analysis is :func:`saidwhat.analyze`.
"""

from __future__ import annotations

import hashlib
import threading
from dataclasses import dataclass
from typing import BinaryIO

from saidwhat.errors import AnalysisError, EmptyInputError, FetchError, InputTooLargeError, SaidwhatError
from saidwhat.model import Analysis, Article
from saidwhat.settings import Options

PASTED = "pasted text"


@dataclass(frozen=True, slots=True)
class Metadata:
    """What the user may say about the article; a value given here overrides the one extracted."""

    title: str | None = None
    outlet: str | None = None
    published: str | None = None

    def apply(self, article: Article) -> Article:
        given = {k: v.strip() for k, v in self._fields().items() if v is not None and v.strip()}
        if not given:
            return article
        return article.model_copy(update={"metadata": article.metadata.model_copy(update=given)})

    def _fields(self) -> dict[str, str | None]:
        return {"title": self.title, "outlet": self.outlet, "published": self.published}


class Analyser:
    """Reads inputs and analyses them, one analysis at a time (the spaCy pipeline is shared)."""

    def __init__(self, options: Options | None = None, *, fetch: bool = True) -> None:
        self.options = options or Options()
        self.fetch = fetch
        self._lock = threading.Lock()

    def from_text(self, text: str, metadata: Metadata) -> Article:
        from saidwhat.ingest import article_from_text

        size = len(text.encode("utf-8"))
        if size > self.options.max_bytes:
            limit = self.options.max_bytes
            raise InputTooLargeError(PASTED, f"the text is {size:,} bytes, over the {limit:,}-byte limit")
        article_id = hashlib.sha1(text.encode("utf-8")).hexdigest()[:12]
        return metadata.apply(article_from_text(text, article_id, source=PASTED))

    def from_file(self, stream: BinaryIO, filename: str, metadata: Metadata) -> Article:
        from saidwhat.ingest import read_stream

        name = filename or "uploaded file"
        return metadata.apply(read_stream(stream, self.options, source=name))

    def from_url(self, url: str, metadata: Metadata) -> Article:
        from saidwhat.ingest import read_url

        if not self.fetch:
            raise FetchError(
                url.strip(), "this server does not fetch URLs (--no-fetch): paste the text or upload the file"
            )
        return metadata.apply(read_url(url.strip(), self.options))

    def analyse(self, article: Article) -> Analysis:
        """Run the pipeline; any failure becomes a coded :class:`AnalysisError` naming the input."""
        from saidwhat.pipeline import analyze

        try:
            with self._lock:
                return analyze(article, stages=self.options.stages)
        except SaidwhatError:
            raise
        except Exception as exc:
            source = article.metadata.source_file or article.id
            raise AnalysisError(source, f"analysis failed: {exc!r}") from exc


def nothing_given() -> SaidwhatError:
    return EmptyInputError("the form", "paste the article text, choose a file, or give its URL")
