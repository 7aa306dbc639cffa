"""Fit the speaker-confidence calibration on the PolNeAR TRAIN speaker gold only.

Runs saidwhat with raw (uncalibrated) confidences on the train speaker gold, takes every matched gold
attribution with a gold identity (as ``saidwhat eval speakers`` counts them for calibration), and fits,
per resolution rule, the scale from raw confidence to observed accuracy
(``saidwhat/attribution/calibration.py``). Writes ``saidwhat/attribution/data/speaker_calibration.json``
with its provenance. Deterministic: the same code and data give the same table (bar the date).

    .venv/bin/python scripts/calibrate_speakers.py [--data PolNeAR-root] [--out path]

The dev gold is never read: it is for reporting.
"""

from __future__ import annotations

import argparse
import datetime
import json
import os
import subprocess
from pathlib import Path

from saidwhat.attribution import calibration
from saidwhat.eval.polnear import Split
from saidwhat.eval.speakers import GOLD_BY_SPLIT, calibration_figures, evaluate_speakers


def _commit() -> str | None:
    try:
        found = subprocess.run(
            ["git", "rev-parse", "HEAD"],
            capture_output=True,
            text=True,
            check=True,
            cwd=Path(__file__).parent,
        )
    except (OSError, subprocess.CalledProcessError):
        return None
    return found.stdout.strip()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--data", type=Path, default=None, help="PolNeAR root (default: as saidwhat eval)")
    parser.add_argument("--out", type=Path, default=calibration.DEFAULT_PATH)
    parser.add_argument("--prior-weight", type=float, default=calibration.PRIOR_WEIGHT)
    parser.add_argument("--max-scale", type=float, default=calibration.MAX_SCALE)
    args = parser.parse_args()

    os.environ[calibration.ENV] = "off"  # fit on the rules' raw confidences
    gold = GOLD_BY_SPLIT[Split.TRAIN]
    report = evaluate_speakers(gold, args.data, split=Split.TRAIN)
    cases = report.calibration_cases()
    rows = [(c.rule or calibration.NO_RULE, c.raw_confidence or 0.0, bool(c.top_right)) for c in cases]
    raw = calibration_figures(cases)
    provenance = {
        "data": (
            f"PolNeAR v1.0.0 train, speaker gold saidwhat/eval/data/{gold.name} ({report.articles} articles)"
        ),
        "population": (
            "matched gold attributions with a gold identity (named or not); right = the top candidate is "
            "the gold referent (saidwhat/eval/speakers.py)"
        ),
        "cases": len(rows),
        "cases_without_rule": sum(
            1 for rule, raw_confidence, _ in rows if rule == calibration.NO_RULE or not raw_confidence
        ),
        "raw_ece_train": raw["ece"],
        "raw_brier_train": raw["brier"],
        "date": datetime.date.today().isoformat(),
        "code_commit": _commit(),
        "script": "scripts/calibrate_speakers.py",
    }
    table = calibration.fit(rows, provenance, prior_weight=args.prior_weight, max_scale=args.max_scale)
    args.out.write_text(json.dumps(table.to_json(), indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
    print(f"wrote {args.out}: {len(table.rules)} rules from {len(rows)} train cases")
    for rule, fitted in sorted(table.rules.items(), key=lambda item: -item[1].cases):
        print(
            f"  {rule:24} n={fitted.cases:3} right={fitted.correct:3} "
            f"mean raw={fitted.mean_raw:.3f} scale={fitted.scale:.3f}"
        )


if __name__ == "__main__":
    main()
