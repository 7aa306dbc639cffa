"""``saidwhat analyze``: analyse articles and print who said what, streaming, in input order."""

from __future__ import annotations

import contextlib
import os
import sys
from collections.abc import Callable, Iterator, Sequence
from pathlib import Path
from typing import Annotated, BinaryIO, TextIO

import typer
from rich.console import Console
from rich.progress import BarColumn, Progress, SpinnerColumn, TextColumn, TimeElapsedColumn

from saidwhat.cli.app import PublishedOption, app
from saidwhat.errors import UnknownStageError
from saidwhat.model import Analysis, InputFailure
from saidwhat.render import OutputFormat, Renderer, make_renderer
from saidwhat.settings import DEFAULT_STAGES, Options
from saidwhat.stages import STAGES, resolve_stages

#: With more inputs than this (or a directory or stdin, which may hold many) a progress bar is shown.
PROGRESS_MIN_INPUTS = 5

EPILOG = (
    "[bold]Output:[/bold] results are written as they are ready, in input order. "
    "[cyan]json[/cyan] is a single object for one article and an array for several ([] for none); "
    "[cyan]jsonl[/cyan] is one object per line; both follow the schema in saidwhat/schema/. "
    "[cyan]html[/cyan] is one self-contained report with a section per article.\n\n"
    "[bold]Errors:[/bold] an input that cannot be read or analysed is reported on stderr as "
    "'error: \\[E001] INPUT: problem' and the other inputs go on.\n\n"
    "[bold]Exit codes:[/bold] 0 every input analysed; 1 some inputs failed; 2 usage error."
)


def _parse_stages(value: str) -> str:
    """Check the comma list of stages at parse time so a typo is a usage error (exit 2) before any work."""
    names = [name.strip() for name in value.split(",") if name.strip()]
    if not names:
        raise typer.BadParameter(f"name at least one stage; the stages are: {', '.join(STAGES)}")
    try:
        resolve_stages(names)
    except UnknownStageError as exc:
        raise typer.BadParameter(str(exc)) from exc
    return ",".join(names)


@app.command("analyze", epilog=EPILOG)
def analyze_command(
    inputs: Annotated[
        list[str],
        typer.Argument(
            help="Article files, directories (read recursively), http(s) URLs, or '-' for stdin.",
            metavar="INPUT",
            show_default=False,
        ),
    ],
    output_format: Annotated[
        OutputFormat,
        typer.Option(
            "--format", "-f", help="Output format: table, json, jsonl or html.", case_sensitive=False
        ),
    ] = OutputFormat.TABLE,
    output: Annotated[
        Path | None,
        typer.Option(
            "--output",
            "-o",
            help="Write the output to FILE instead of stdout.",
            metavar="FILE",
            dir_okay=False,
        ),
    ] = None,
    stages: Annotated[
        str,
        typer.Option(
            help=f"Comma-separated stages to run ({', '.join(STAGES)}); prerequisites are added.",
            callback=_parse_stages,
        ),
    ] = ",".join(DEFAULT_STAGES),
    n_process: Annotated[int, typer.Option(help="Worker processes for the analysis.", min=1)] = 1,
    batch_size: Annotated[int, typer.Option(help="Articles per spaCy batch.", min=1)] = 32,
    max_bytes: Annotated[
        int, typer.Option(help="Refuse inputs larger than this many bytes (error E005).", min=1)
    ] = Options().max_bytes,
    timeout: Annotated[
        float, typer.Option(help="Seconds to wait for each URL before giving up (error E006).", min=0.1)
    ] = Options().fetch_timeout,
    quiet: Annotated[
        bool, typer.Option("--quiet", "-q", help="No progress bar or summary; errors are still reported.")
    ] = False,
    store: Annotated[
        str | None,
        typer.Option(
            help="Also write the analyses to this store (file path or postgresql:// URL); articles already "
            "stored are not analysed again but read back from it.",
            metavar="URL",
        ),
    ] = None,
    redo: Annotated[bool, typer.Option(help="With --store: analyse stored articles again.")] = False,
    factchecks: Annotated[
        str | None,
        typer.Option(
            help="Match each claim against the fact-checks imported into this store (saidwhat factchecks "
            "import); matches fill the claims' 'matches'.",
            metavar="URL",
        ),
    ] = None,
    published: PublishedOption = None,
) -> None:
    """Find who said what in each article: attributions, speakers, entities and scare quotes."""
    options = Options(
        stages=tuple(stages.split(",")),
        max_bytes=max_bytes,
        fetch_timeout=timeout,
        batch_size=batch_size,
        n_process=n_process,
        published=published,
    )
    errors = Console(stderr=True, highlight=False, soft_wrap=True)
    try:
        with _opened_output(output) as out:
            progress = _wants_progress(inputs, quiet=quiet, out=out)
            analysed, failed = run_analysis(
                inputs,
                options,
                output_format,
                out,
                errors,
                progress=progress,
                store_url=store,
                redo=redo,
                factchecks_url=factchecks,
            )
    except BrokenPipeError:
        _silence_stdout()  # the reader (`| head`) has gone; stop quietly as other Unix tools do
        raise typer.Exit(1) from None
    if failed and not quiet:
        errors.print(f"saidwhat: analysed {_articles(analysed)}; {failed} failed", markup=False)
    raise typer.Exit(1 if failed else 0)


def run_analysis(
    inputs: Sequence[str],
    options: Options,
    output_format: OutputFormat,
    out: TextIO,
    errors: Console,
    *,
    progress: bool = False,
    store_url: str | None = None,
    redo: bool = False,
    factchecks_url: str | None = None,
) -> tuple[int, int]:
    """Stream the inputs through ingestion, analysis and the renderer; return (analysed, failed).

    With ``store_url`` the analyses are also written to that store (see ``saidwhat ingest``)."""
    # Imported here: ingestion pulls in trafilatura and lxml, which `--help` does not need.
    from saidwhat.ingest import iter_articles
    from saidwhat.pipeline import analyze_many

    renderer = make_renderer(output_format, out)
    articles = iter_articles(inputs, options, stdin=_stdin(inputs))
    with contextlib.ExitStack() as stack:
        if store_url is None:
            results: Iterator[Analysis | InputFailure] = analyze_many(
                articles, stages=options.stages, n_process=options.n_process, batch_size=options.batch_size
            )
        else:
            from saidwhat.corpus.batch import analyze_into
            from saidwhat.store import open_store

            store = stack.enter_context(open_store(store_url))
            results = analyze_into(store, articles, options, redo=redo, with_stored=True)
        if factchecks_url is not None:
            from saidwhat.claims.matching import open_matcher, with_matches

            results = with_matches(results, open_matcher(factchecks_url))
        return _render(results, renderer, errors, progress=progress)


def _render(
    results: Iterator[Analysis | InputFailure], renderer: Renderer, errors: Console, *, progress: bool
) -> tuple[int, int]:
    analysed = failed = 0
    with _progress_bar(errors, enabled=progress) as advance:
        for result in results:
            if isinstance(result, Analysis):
                renderer.write(result)
                analysed += 1
            else:
                errors.print(failure_line(result), markup=False)
                failed += 1
            advance(analysed, failed)
    renderer.close()
    return analysed, failed


def failure_line(failure: InputFailure) -> str:
    """``error: [E00x] input: problem``; the message already reads so when it comes from a SaidwhatError."""
    if failure.message.startswith(f"[{failure.code}]"):
        return f"error: {failure.message}"
    return f"error: [{failure.code}] {failure.input}: {failure.message}"


def _silence_stdout() -> None:
    """Point stdout at /dev/null so that Python's flush at exit does not raise again."""
    devnull = os.open(os.devnull, os.O_WRONLY)
    os.dup2(devnull, sys.stdout.fileno())


def _stdin(inputs: Sequence[str]) -> BinaryIO | None:
    return sys.stdin.buffer if "-" in inputs else None


@contextlib.contextmanager
def _opened_output(path: Path | None) -> Iterator[TextIO]:
    if path is None or str(path) == "-":
        yield sys.stdout
        return
    try:
        handle = path.open("w", encoding="utf-8", newline="\n")
    except OSError as exc:
        raise typer.BadParameter(f"cannot write {path}: {exc.strerror}", param_hint="'--output'") from exc
    with handle:
        yield handle


def _wants_progress(inputs: Sequence[str], *, quiet: bool, out: TextIO) -> bool:
    """A bar only on an interactive stderr, only when there may be more than a few articles, and
    only when the results themselves are not scrolling past on the same terminal."""
    if quiet or not sys.stderr.isatty() or out.isatty():
        return False
    return len(inputs) > PROGRESS_MIN_INPUTS or any(item == "-" or Path(item).is_dir() for item in inputs)


@contextlib.contextmanager
def _progress_bar(console: Console, *, enabled: bool) -> Iterator[Callable[[int, int], None]]:
    """A callback ``advance(analysed, failed)``; a no-op when the bar is off."""
    if not enabled:
        yield lambda analysed, failed: None
        return
    # The number of articles is unknown up front (directories, dumps), so the bar pulses and counts.
    columns = (SpinnerColumn(), TextColumn("{task.description}"), BarColumn(), TimeElapsedColumn())
    with Progress(*columns, console=console, transient=True) as bar:
        task = bar.add_task("analysing", total=None)

        def advance(analysed: int, failed: int) -> None:
            bar.update(task, description=f"{_articles(analysed)} analysed, {failed} failed")

        yield advance


def _articles(count: int) -> str:
    return f"{count} article" if count == 1 else f"{count} articles"
