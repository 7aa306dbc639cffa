"""``saidwhat bench`` on two dev articles."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from saidwhat.cli import app

REAL = Path(__file__).parents[3] / "shared" / "data" / "polnear"
FIXTURE = Path(__file__).parents[1] / "eval" / "fixtures" / "polnear"


@pytest.mark.skipif(not REAL.is_dir(), reason="PolNeAR is not at ../shared/data/polnear")
def test_prints_the_ratio() -> None:
    result = CliRunner().invoke(app, ["bench", "--data", str(REAL), "--limit", "2", "--repeat", "1"])
    assert result.exit_code == 0, result.output
    assert "ratio" in result.output and "linearity ratio" in result.output


def test_json_figures_on_the_fixture() -> None:
    result = CliRunner().invoke(app, ["bench", "--data", str(FIXTURE), "--repeat", "1", "--json"])
    assert result.exit_code == 0, result.output
    figures = json.loads(result.stdout)
    assert figures["texts"] == 1 and figures["ratio"] > 0 and figures["linearity"] > 0
