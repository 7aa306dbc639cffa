"""``saidwhat bench``: words per second of the attribution pipeline and of the whole analysis beside a
bare spaCy parse."""

from __future__ import annotations

import json
from typing import Annotated

import typer
from rich.console import Console
from rich.table import Table

from saidwhat.bench import LINEARITY_COPIES, BenchResult, run_benchmark
from saidwhat.cli.app import app
from saidwhat.cli.evaluate import DataOption, LimitOption, data_root
from saidwhat.eval.polnear import Split, read_polnear

RATIO_TARGET = 0.7  # the attribution pipeline (issue 4)
FULL_RATIO_TARGET = 0.35  # the whole analysis, every default stage (issue 5)


@app.command("bench")
def bench(
    data: DataOption = None,
    limit: LimitOption = None,
    repeat: Annotated[int, typer.Option(min=1, help="Timed runs per measurement; the fastest is kept.")] = 3,
    as_json: Annotated[bool, typer.Option("--json", help="Print the figures as JSON.")] = False,
    matching: Annotated[
        bool, typer.Option(help="Also measure claims/s of fact-check matching (builds a store: minutes).")
    ] = False,
    matching_only: Annotated[bool, typer.Option(help="Measure fact-check matching only.")] = False,
    factchecks: Annotated[
        int, typer.Option(min=0, help="Fact-checks in the generated store (0: no matching figure).")
    ] = 100_000,
) -> None:
    """Throughput on the PolNeAR dev texts (attribution pipeline and whole analysis), the ratios to
    bare spaCy, a linearity check; with --matching, claims/s of fact-check matching against a store of
    --factchecks generated fact-checks."""
    # With --json one document is printed, holding every figure measured (two would not parse as JSON).
    figures: dict[str, object] = {}
    if (matching or matching_only) and factchecks:
        figures.update(matching_bench(factchecks, as_json))
    if matching_only:
        if as_json:
            typer.echo(json.dumps(figures, indent=2))
        return
    texts = [doc.text for doc in read_polnear(data_root(data), Split.DEV, limit=limit)]
    result = run_benchmark(texts, repeat=repeat)
    if result.failures:
        typer.echo(f"warning: saidwhat failed on {result.failures} of {result.texts} texts", err=True)
    if as_json:
        typer.echo(json.dumps({**figures, **result.to_dict()}, indent=2))
    else:
        Console().print(result_table(result))


def result_table(result: BenchResult) -> Table:
    table = Table(title=f"saidwhat bench: {result.texts} PolNeAR dev texts, {result.words} words")
    table.add_column("figure")
    table.add_column("value", justify="right")
    table.add_row("bare spaCy words/s", f"{result.bare_wps:,.0f}")
    table.add_row("saidwhat words/s", f"{result.saidwhat_wps:,.0f}")
    table.add_row("ratio", f"{result.ratio:.2f} (target ≥ {RATIO_TARGET})")
    stages = "+".join(result.full_stages)
    if result.bare_full_seconds != result.bare_seconds:
        table.add_row("bare spaCy words/s (whole analysis's parts)", f"{result.bare_full_wps:,.0f}")
    table.add_row(f"whole analysis words/s ({stages})", f"{result.full_wps:,.0f}")
    table.add_row("whole analysis ratio", f"{result.full_ratio:.2f} (target ≥ {FULL_RATIO_TARGET})")
    table.add_row("whole analysis ratio from CPU time (steadier under load)", f"{result.full_cpu_ratio:.2f}")
    table.add_row("linearity: 1 copy", f"{result.single_seconds:.3f} s ({result.linearity_words} words)")
    table.add_row(f"linearity: {LINEARITY_COPIES} copies", f"{result.repeated_seconds:.3f} s")
    table.add_row("linearity ratio", f"{result.linearity:.1f} (linear ≈ {LINEARITY_COPIES})")
    table.add_row("linearity ratio, bare spaCy", f"{result.bare_linearity:.1f}")
    if result.claims:
        table.add_row(
            "claims/s, check-worthiness scoring", f"{result.claims_per_second:,.0f} ({result.claims} claims)"
        )
    return table


def matching_bench(size: int, as_json: bool) -> dict[str, object]:
    """Claims per second of fact-check matching against a ``size``-row store built for the occasion;
    with ``as_json`` the figures are returned for the caller's one JSON document instead of printed."""
    from saidwhat.claims.bench import run_matching_bench
    from saidwhat.nlp.embedder import load_embedder

    result = run_matching_bench(load_embedder(), size=size)
    if as_json:
        return {"claim_matching": result.to_dict()}
    table = Table(title=f"claim matching against {result.factchecks:,} fact-checks")
    table.add_column("figure")
    table.add_column("value", justify="right")
    table.add_row("claims/s (embed + index + re-rank + calibrate)", f"{result.claims_per_second:,.1f}")
    table.add_row("queries (CheckThat! dev tweets) / with a match", f"{result.queries} / {result.matched}")
    table.add_row("store build s / index build s", f"{result.build_seconds} / {result.index_seconds}")
    Console().print(table)
    return {}
