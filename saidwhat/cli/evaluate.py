"""``saidwhat eval polnear`` / ``speakers`` / ``techniques``: score saidwhat against annotated corpora."""

from __future__ import annotations

import json
from enum import StrEnum
from pathlib import Path
from typing import Annotated, Any

import typer
from rich.console import Console
from rich.table import Table

from saidwhat.cli.app import eval_app
from saidwhat.eval.metrics import ROLES, THRESHOLDS
from saidwhat.eval.polnear import DATA_ENV, Split, read_polnear, resolve_data_root
from saidwhat.eval.run import ANCHORS, TARGETS, evaluate_polnear


def data_root(data: Path | None) -> Path:
    """The PolNeAR root, or a usage error (exit 2) naming where it looked."""
    try:
        return resolve_data_root(data)
    except FileNotFoundError as exc:
        raise typer.BadParameter(str(exc), param_hint="--data") from exc


DataOption = Annotated[
    Path | None,
    typer.Option(
        help=f"PolNeAR root [default: ../shared/data/polnear, then ${DATA_ENV}]", show_default=False
    ),
]
LimitOption = Annotated[int | None, typer.Option(min=1, help="Use only the first N articles.")]


@eval_app.command("polnear")
def polnear(
    split: Annotated[Split, typer.Option(help="Which PolNeAR split to score.")] = Split.DEV,
    data: DataOption = None,
    limit: LimitOption = None,
    n_process: Annotated[int, typer.Option(min=1, help="Worker processes for the analysis.")] = 1,
    as_json: Annotated[bool, typer.Option("--json", help="Print the figures as JSON.")] = False,
) -> None:
    """Attribution P/R/F1 on PolNeAR (content coverage at 30 % and 80 %) and exact-span F1 per role."""
    documents = read_polnear(data_root(data), split, limit=limit)
    report = evaluate_polnear(documents, n_process=n_process)
    for message in report.failure_messages:
        typer.echo(f"failed: {message}", err=True)
    figures = report.figures()
    figures["split"] = split.value
    if as_json:
        typer.echo(json.dumps(figures, indent=2))
    else:
        Console().print(figures_table(figures))


def figures_table(figures: dict[str, Any]) -> Table:
    table = Table(title=f"saidwhat on PolNeAR {figures['split']}", show_header=True)
    table.add_column("figure")
    table.add_column("value", justify="right")
    for key in ("articles", "failures", "gold", "predicted"):
        table.add_row(key, str(figures[key]))
    for t in THRESHOLDS:
        content = figures[f"content@{t}"]
        target = TARGETS.get(f"f1@{t}")
        table.add_row(f"P / R / F1 @{t}", f"{content['precision']} / {content['recall']} / {content['f1']}")
        if target is not None:
            table.add_row(f"  target F1 @{t}", f"≥ {target}")
    for role in ROLES:
        table.add_row(f"exact-span F1 {role}", str(figures["exact_f1"][role]))
    overlap = figures["source_overlap"]
    table.add_row("source overlap (matched @0.3)", f"{overlap['share']} ({overlap['pairs']} pairs)")
    for name, f1 in ANCHORS.items():
        table.add_row(f"anchor {name} F1 @0.3", str(f1))
    return table


GoldOption = Annotated[
    Path | None,
    typer.Option(
        help="Gold speaker annotations (.jsonl) [default: the shipped set of --split]", show_default=False
    ),
]
MAX_EXAMPLES = 5


@eval_app.command("speakers")
def speakers(
    split: Annotated[
        Split, typer.Option(help="PolNeAR split: dev (the reported figure) or train (for development).")
    ] = Split.DEV,
    gold: GoldOption = None,
    data: DataOption = None,
    as_json: Annotated[bool, typer.Option("--json", help="Print the figures as JSON.")] = False,
) -> None:
    """Speaker resolution: share of attributions with a named speaker resolved to the right entity."""
    from saidwhat.eval.speakers import GOLD_BY_SPLIT, evaluate_speakers

    report = evaluate_speakers(gold or GOLD_BY_SPLIT[split], data_root(data), split=split)
    figures = report.figures()
    figures["split"] = split.value
    if as_json:
        typer.echo(json.dumps(figures, indent=2, ensure_ascii=False))
        return
    console = Console()
    console.print(speakers_table(figures))
    console.print(calibration_table(figures["calibration"], split.value))
    for error in figures["errors"][:MAX_EXAMPLES]:
        console.print(
            f"{error['outcome']}: {error['source_text']!r} → {error['predicted']} (gold {error['gold']}; "
            f"{error['form']}; {error['article']})",
            markup=False,
        )


def calibration_table(calibration: dict[str, Any], split: str = "dev") -> Table:
    """Stated confidence against observed accuracy, per bin, with ECE and Brier score."""
    table = Table(
        title=(
            f"calibration on the {split} speaker gold: {calibration['cases']} matched attributions "
            "with a gold identity (top candidate)"
        ),
        show_header=True,
    )
    for column in ("confidence", "count", "mean confidence", "accuracy"):
        table.add_column(column, justify="right")
    for row in calibration["bins"]:
        table.add_row(
            row["bin"], str(row["count"]), f"{row['mean_confidence']:.3f}", f"{row['accuracy']:.3f}"
        )
    table.add_row(
        "committed (≥ 0.5)",
        str(calibration["committed"]),
        f"{calibration['committed_mean_confidence']:.3f}",
        f"{calibration['committed_accuracy']:.3f}",
    )
    table.add_row("ECE", "", "", f"{calibration['ece']:.4f}")
    table.add_row("Brier", "", "", f"{calibration['brier']:.4f}")
    return table


def speakers_table(figures: dict[str, Any]) -> Table:
    split = figures.get("split", "dev")
    table = Table(title=f"saidwhat speaker resolution on the PolNeAR {split} speaker gold", show_header=True)
    table.add_column("figure")
    for column in ("all", "name", "pronoun", "nominal"):
        table.add_column(column, justify="right")
    blocks = [figures["overall"], *(figures["by_form"][form] for form in ("name", "pronoun", "nominal"))]
    for key in ("accuracy", "precision", "abstention"):
        table.add_row(f"{key} %", *(str(block[key]) for block in blocks))
    for key in ("correct", "wrong", "abstained", "unmatched"):
        table.add_row(key, *(str(block[key]) for block in blocks))
    unnamed = figures["unnamed_gold"]
    table.add_row("articles / failures", f"{figures['articles']} / {figures['failures']}", "", "", "")
    table.add_row(
        "unnamed gold matched / committed", f"{unnamed['matched']} / {unnamed['committed']}", "", "", ""
    )
    table.add_row("target accuracy", f"≥ {figures['target_accuracy']}", "", "", "")
    for name, accuracy in figures["anchors_accuracy"].items():
        table.add_row(f"anchor {name} (own Canadian set)", str(accuracy), "", "", "")
    return table


class PTCSplit(StrEnum):
    DEV = "dev"
    TRAIN = "train"


@eval_app.command("techniques")
def techniques(
    split: Annotated[
        PTCSplit, typer.Option(help="PTC split: dev (the reported figures) or train (seen in training).")
    ] = PTCSplit.DEV,
    data: Annotated[
        Path | None,
        typer.Option(help="PTC root [default: ../shared/data/ptc, then $SAIDWHAT_PTC]", show_default=False),
    ] = None,
    articles: Annotated[
        Path | None,
        typer.Option(help="A folder of articleNNN.txt files in the PTC layout (instead of --split/--data)."),
    ] = None,
    labels: Annotated[
        Path | None,
        typer.Option(help="Its technique labels: one *.labels file or a folder of them (with --articles)."),
    ] = None,
    as_json: Annotated[bool, typer.Option("--json", help="Print the figures as JSON.")] = False,
) -> None:
    """Persuasion techniques on PTC: SI P/R/F1, TC micro-F1, technique-aware partial F1, per technique."""
    from saidwhat.eval.ptc import PTCFormatError, read_ptc, resolve_split
    from saidwhat.eval.techniques import evaluate_techniques

    if (articles is None) != (labels is None):
        raise typer.BadParameter("give both --articles and --labels, or neither", param_hint="--articles")
    try:
        folder, label_path = (articles, labels) if articles and labels else resolve_split(data, split.value)
        documents = read_ptc(folder, label_path)
    except (FileNotFoundError, PTCFormatError) as exc:
        raise typer.BadParameter(str(exc), param_hint="--data / --articles / --labels") from exc
    figures = evaluate_techniques(documents).figures()
    figures["split"] = split.value if articles is None else str(articles)
    if as_json:
        typer.echo(json.dumps(figures, indent=2))
        return
    console = Console()
    console.print(techniques_table(figures))
    console.print(per_technique_table(figures))


def techniques_table(figures: dict[str, Any]) -> Table:
    table = Table(title=f"saidwhat persuasion techniques on PTC {figures['split']}", show_header=True)
    table.add_column("figure")
    table.add_column("value", justify="right")
    si, aware = figures["si"], figures["technique_aware"]
    table.add_row("articles", str(figures["articles"]))
    table.add_row("SI spans predicted / gold", f"{si['predicted']} / {si['gold']}")
    table.add_row("SI P / R / F1", f"{si['precision']} / {si['recall']} / {si['f1']}")
    table.add_row("  target SI F1", f"> {figures['targets']['si_f1']}")
    table.add_row(
        "TC micro-F1 (gold spans)", f"{figures['tc']['micro_f1']} ({figures['tc']['gold_spans']} spans)"
    )
    table.add_row("  target TC micro-F1", f"> {figures['targets']['tc_micro_f1']}")
    table.add_row("technique-aware P / R / F1", f"{aware['precision']} / {aware['recall']} / {aware['f1']}")
    table.add_row("span threshold", str(figures["threshold"]))
    for name, value in figures["anchors"].items():
        table.add_row(f"anchor {name}", str(value))
    return table


def per_technique_table(figures: dict[str, Any]) -> Table:
    table = Table(title="per technique (TC on gold spans; technique-aware partial F1)", show_header=True)
    for column in ("technique", "gold", "TC P", "TC R", "TC F1", "aware F1"):
        table.add_column(column, justify="left" if column == "technique" else "right")
    for name, row in sorted(figures["per_technique"].items(), key=lambda item: -item[1]["gold"]):
        table.add_row(
            name,
            str(row["gold"]),
            *(str(row[key]) for key in ("tc_precision", "tc_recall", "tc_f1", "aware_f1")),
        )
    return table


CHECKWORTHY_TARGET_F1 = 0.85  # issue 6, on dev-test
CHECKWORTHY_ANCHOR_F1 = 0.80  # best CheckThat! 2024 English system, on its (harder) test set


@eval_app.command("checkworthy")
def checkworthy(
    files: Annotated[
        list[Path] | None,
        typer.Argument(
            help="CheckThat! check-worthiness TSVs (Sentence_id, Text, class_label) "
            "[default: ../shared/data/checkworthy/dev.tsv and dev-test.tsv, or $SAIDWHAT_CHECKWORTHY]",
            show_default=False,
            metavar="FILE.tsv",
        ),
    ] = None,
    as_json: Annotated[bool, typer.Option("--json", help="Print the figures as JSON.")] = False,
) -> None:
    """Check-worthiness: P/R/F1 of the check-worthy class (score ≥ 0.5) per file."""
    from saidwhat.errors import SaidwhatError
    from saidwhat.eval.checkworthy import default_eval_files, evaluate_checkworthy

    try:
        results = evaluate_checkworthy(files or default_eval_files())
    except SaidwhatError as exc:
        raise typer.BadParameter(str(exc), param_hint="FILE.tsv") from exc
    figures = [
        {
            "file": r.path.name if files is None else str(r.path),
            "sentences": r.scores.sentences,
            "check_worthy": r.scores.positives,
            "predicted": r.scores.predicted,
            "precision": round(r.scores.precision, 4),
            "recall": round(r.scores.recall, 4),
            "f1": round(r.scores.f1, 4),
            "ece": round(r.ece, 4),
            "reliability": [
                {
                    "scores": f"{b.low:.1f}-{b.high:.1f}",
                    "sentences": b.count,
                    "mean_score": round(b.mean_score, 4),
                    "check_worthy_share": round(b.positive_rate, 4),
                }
                for b in r.calibration
            ],
        }
        for r in results
    ]
    if as_json:
        typer.echo(json.dumps({"files": figures, "target_f1_dev_test": CHECKWORTHY_TARGET_F1}, indent=2))
        return
    table = Table(title="saidwhat check-worthiness (positive class, score ≥ 0.5)", show_header=True)
    for column in ("file", "sentences", "check-worthy", "predicted", "P", "R", "F1", "ECE"):
        table.add_column(column, justify="left" if column == "file" else "right")
    for row in figures:
        table.add_row(
            *(str(row[k]) for k in ("file", "sentences", "check_worthy", "predicted")),
            *(f"{row[k]:.4f}" for k in ("precision", "recall", "f1", "ece")),
        )
    table.caption = (
        f"target F1 ≥ {CHECKWORTHY_TARGET_F1} on dev-test; anchor: best CheckThat! 2024 English system "
        f"F1 ≈ {CHECKWORTHY_ANCHOR_F1} on its test set; ECE: expected calibration error over 10 score bins "
        "(--json gives the reliability table)"
    )
    Console().print(table)
