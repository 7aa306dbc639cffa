"""``saidwhat eval claim-matching``: rank Snopes fact-checks for CheckThat! 2A tweets, score the ranking."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Annotated

import typer
from rich.console import Console
from rich.table import Table

from saidwhat.cli.app import eval_app
from saidwhat.errors import SaidwhatError
from saidwhat.eval.claim_matching import (
    ANCHOR_MAP5,
    DEFAULT_CLAIMS,
    DEFAULT_QRELS,
    DEFAULT_QUERIES,
    TARGET_MAP5,
    TRAIN_QRELS,
    build_index,
    load_split,
    run_queries,
    score_rankings,
)


@eval_app.command("claim-matching")
def claim_matching(
    queries: Annotated[Path, typer.Option(help="Query texts, id<TAB>text.")] = DEFAULT_QUERIES,
    qrels: Annotated[Path, typer.Option(help="Relevance judgments, 'query 0 claim 1'.")] = DEFAULT_QRELS,
    claims: Annotated[Path, typer.Option(help="Verified claims, JSONL with vclaim_id, vclaim, title.")] = (
        DEFAULT_CLAIMS
    ),
    rerank: Annotated[bool, typer.Option(help="Re-rank the dense candidates (off: cosine only).")] = True,
    as_json: Annotated[bool, typer.Option("--json", help="Print the figures as JSON.")] = False,
) -> None:
    """MAP@5, MRR and recall@5 of claim matching, as CLEF CheckThat! 2021 Task 2A reports them."""
    from saidwhat.claims.retrieval.model import load_ranker
    from saidwhat.nlp.embedder import load_embedder

    try:
        texts, judged = load_split(queries, qrels)
        embedder = load_embedder()
        index = build_index(claims, embedder)
    except SaidwhatError as exc:
        typer.echo(str(exc), err=True)
        raise typer.Exit(1) from exc
    run = run_queries(index, texts, embedder, load_ranker() if rerank else None)
    figures: dict[str, object] = {
        "queries_file": str(queries),
        "qrels": str(qrels),
        "claims": len(index.documents),
        "ranking": "dense + re-ranker" if rerank else "dense cosine",
        **score_rankings(judged, run.rankings()),
    }
    if as_json:
        typer.echo(json.dumps(figures, indent=2))
        return
    table = Table(title=f"Claim matching on {qrels.name}")
    table.add_column("figure")
    table.add_column("value", justify="right")
    for key, value in figures.items():
        table.add_row(key, str(value))
    table.add_row("target MAP@5 (dev)", f"≥ {TARGET_MAP5}")
    table.add_row("anchor MAP@5 (best 2021 system, test set)", str(ANCHOR_MAP5))
    Console().print(table)


@eval_app.command("clusters")
def clusters(
    queries: Annotated[Path, typer.Option(help="Query texts, id<TAB>text.")] = DEFAULT_QUERIES,
    train_qrels: Annotated[Path, typer.Option(help="Same-claim pairs to choose the threshold on.")] = (
        TRAIN_QRELS
    ),
    dev_qrels: Annotated[Path, typer.Option(help="Same-claim pairs to report it on.")] = DEFAULT_QRELS,
    claims: Annotated[Path, typer.Option(help="Verified claims, JSONL with vclaim_id, vclaim.")] = (
        DEFAULT_CLAIMS
    ),
    precision: Annotated[
        float | None,
        typer.Option(
            help="Choose the lowest threshold with this train precision (default: max F1).", min=0.0, max=1.0
        ),
    ] = None,
    as_json: Annotated[bool, typer.Option("--json", help="Print the figures as JSON.")] = False,
) -> None:
    """The claim-cluster threshold: the cosine maximising same-claim F1 on CheckThat! 2A train pairs,
    and precision/recall/F1 at it on dev."""
    from saidwhat.corpus.clusters import DEFAULT_THRESHOLD
    from saidwhat.eval.clusters import evaluate
    from saidwhat.nlp.embedder import load_embedder

    try:
        figures = evaluate(
            load_embedder(),
            queries=queries,
            train_qrels=train_qrels,
            dev_qrels=dev_qrels,
            claims_path=claims,
            precision=precision,
        )
    except SaidwhatError as exc:
        typer.echo(str(exc), err=True)
        raise typer.Exit(1) from exc
    figures["shipped_threshold"] = DEFAULT_THRESHOLD
    if as_json:
        typer.echo(json.dumps(figures, indent=2))
        return
    table = Table(title=f"Same-claim pairs: tweets × {figures['verified_claims']:,} verified claims")
    for column in ("split", "threshold", "P", "R", "F1", "same-claim pairs", "other pairs"):
        table.add_column(column, justify="left" if column == "split" else "right")
    for split in ("train", "dev"):
        row = figures[split]
        table.add_row(
            split,
            *(f"{row[k]:.4f}" for k in ("threshold", "precision", "recall", "f1")),
            f"{row['positives']:,}",
            f"{row['negatives']:,}",
        )
    table.caption = f"threshold chosen on train ({figures['criterion']}); shipped: {DEFAULT_THRESHOLD}"
    Console().print(table)
