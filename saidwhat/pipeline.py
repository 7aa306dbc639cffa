"""The public Python API: ``analyze`` one article, ``analyze_many`` streamed through the pipeline."""

from __future__ import annotations

import ctypes
import hashlib
import itertools
import logging
import multiprocessing
import signal
import sys
from collections.abc import Iterable, Iterator, Sequence

from spacy.language import Language
from spacy.tokens import Doc

from saidwhat.errors import AnalysisError
from saidwhat.model import Analysis, Article, InputFailure
from saidwhat.nlp import load_pipeline
from saidwhat.settings import DEFAULT_STAGES

logger = logging.getLogger(__name__)

Item = str | Article | InputFailure
Result = Analysis | InputFailure


def as_article(item: str | Article) -> Article:
    """An :class:`Article` for a bare text (its id is a hash of the text) or the article itself."""
    if isinstance(item, Article):
        return item
    if isinstance(item, str):
        return Article(id=hashlib.sha1(item.encode("utf-8")).hexdigest()[:12], text=item)
    raise TypeError(f"analyze() takes a str or an Article, not {type(item).__name__}")


def analyze(item: str | Article, *, stages: Sequence[str] = DEFAULT_STAGES) -> Analysis:
    """Analyse one article (or a bare text) with the given stages."""
    article = as_article(item)
    nlp = load_pipeline(tuple(stages))
    return doc_to_analysis(nlp(article_doc(nlp, article)), article)


def analyze_many(
    items: Iterable[Item],
    *,
    stages: Sequence[str] = DEFAULT_STAGES,
    n_process: int = 1,
    batch_size: int = 32,
) -> Iterator[Result]:
    """Analyse articles as a stream, yielding one result per item in input order.

    An item that is already an :class:`InputFailure` (from ingestion) passes through; an article whose
    analysis fails becomes an :class:`InputFailure` and the others go on. With ``n_process > 1`` the
    articles are split over worker processes, each loading the pipeline once; only a bounded window of
    batches is in flight, so memory stays flat on any input size.
    """
    stage_key = tuple(stages)
    batches = _batches(items, batch_size)
    if n_process <= 1:
        for batch in batches:
            yield from _analyze_batch(batch, stage_key)
        return
    context = multiprocessing.get_context("fork")
    with context.Pool(n_process, initializer=_init_worker, initargs=(stage_key,)) as pool:
        window = n_process * 2
        while chunk := list(itertools.islice(batches, window)):
            pending = [pool.apply_async(_analyze_batch, (batch, stage_key)) for batch in chunk]
            for result in pending:
                yield from result.get()


def _init_worker(stages: tuple[str, ...]) -> None:
    """Load the pipeline once per worker; on Linux, also ask to be killed when the parent dies, so that a
    batch killed with SIGKILL leaves no orphan workers analysing on."""
    if sys.platform == "linux":
        libc = ctypes.CDLL(None, use_errno=True)
        libc.prctl(_PR_SET_PDEATHSIG, signal.SIGKILL)
    load_pipeline(stages)


_PR_SET_PDEATHSIG = 1  # from <sys/prctl.h>


def _batches(items: Iterable[Item], size: int) -> Iterator[list[Item]]:
    iterator = iter(items)
    while batch := list(itertools.islice(iterator, size)):
        yield batch


def _analyze_batch(batch: list[Item], stages: tuple[str, ...]) -> list[Result]:
    nlp = load_pipeline(stages)
    articles = [as_article(item) for item in batch if not isinstance(item, InputFailure)]
    analyses: list[Result]
    try:
        analyses = [
            doc_to_analysis(doc, a)
            for doc, a in zip(nlp.pipe(article_doc(nlp, a) for a in articles), articles, strict=True)
        ]
    except Exception:  # one bad article must not sink its batch: redo the batch one by one
        logger.debug("batch failed; analysing its articles one at a time", exc_info=True)
        analyses = [_analyze_alone(article, stages) for article in articles]
    results = iter(analyses)
    return [item if isinstance(item, InputFailure) else next(results) for item in batch]


def _analyze_alone(article: Article, stages: tuple[str, ...]) -> Result:
    try:
        return analyze(article, stages=stages)
    except Exception as exc:  # reported per article, never raised out of a batch
        error = AnalysisError(article.metadata.source_file or article.id, f"analysis failed: {exc!r}")
        return InputFailure(input=error.source, code=error.code, message=str(error))


def article_doc(nlp: Language, article: Article) -> Doc:
    """The article's tokens, carrying what components need to know about the article beyond its text
    (its publication date anchors relative dates; its authors are who "I" outside quotations is)."""
    doc = nlp.make_doc(article.text)
    doc._.saidwhat_published = article.metadata.published
    doc._.saidwhat_authors = list(article.metadata.authors)
    return doc


def doc_to_analysis(doc: Doc, article: Article) -> Analysis:
    """Collect what the saidwhat components put on ``doc`` into an :class:`Analysis`."""
    return Analysis(
        article=article,
        entities=doc._.saidwhat_entities or [],
        attributions=doc._.saidwhat_attributions or [],
        scare_quotes=doc._.saidwhat_scare_quotes or [],
        voice=doc._.saidwhat_voice or [],
        stance_profiles=doc._.saidwhat_stance_profiles or [],
        techniques=doc._.saidwhat_techniques or [],
        dates=doc._.saidwhat_dates or [],
        claims=doc._.saidwhat_claims or [],
    )
