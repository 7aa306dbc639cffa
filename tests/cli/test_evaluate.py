"""``saidwhat eval polnear`` end to end on two dev articles."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from saidwhat.cli import app

FIXTURE = Path(__file__).parents[1] / "eval" / "fixtures" / "polnear"
REAL = Path(__file__).parents[3] / "shared" / "data" / "polnear"


def _invoke(*args: str):
    return CliRunner().invoke(app, ["eval", "polnear", *args])


@pytest.mark.skipif(not REAL.is_dir(), reason="PolNeAR is not at ../shared/data/polnear")
def test_json_has_every_figure() -> None:
    result = _invoke("--split", "dev", "--limit", "2", "--data", str(REAL), "--json")
    assert result.exit_code == 0, result.output
    figures = json.loads(result.stdout)
    assert figures["articles"] == 2 and figures["gold"] > 0
    for key in ("predicted", "failures", "content@0.3", "content@0.8", "exact_f1", "source_overlap"):
        assert key in figures
    assert set(figures["content@0.8"]) == {"matched", "precision", "recall", "f1"}
    assert set(figures["exact_f1"]) == {"cue", "source", "content"}
    assert figures["anchors_f1@0.3"]["Citron"] == 58.4


def test_table_on_the_fixture() -> None:
    result = _invoke("--data", str(FIXTURE))
    assert result.exit_code == 0, result.output
    for label in ("P / R / F1 @0.3", "P / R / F1 @0.8", "exact-span F1 content", "Citron"):
        assert label in result.output


def test_missing_data_is_a_usage_error(tmp_path) -> None:
    result = _invoke("--data", str(tmp_path))
    assert result.exit_code == 2
