"""``saidwhat bench`` on dev articles, and the benchmark's own bookkeeping on real text."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from saidwhat.bench import LINEARITY_COPIES, bare_pipeline, run_benchmark
from saidwhat.cli import app
from saidwhat.nlp import load_pipeline
from saidwhat.settings import DEFAULT_STAGES

REAL = Path(__file__).parents[3] / "shared" / "data" / "polnear"
FIXTURE = Path(__file__).parents[1] / "eval" / "fixtures" / "polnear"
FIXTURE_TEXT = next((FIXTURE / "data" / "dev" / "text").glob("*.txt")).read_text(encoding="utf-8")
EXAMPLE = (Path(__file__).parents[2] / "examples" / "kremlin-peskov-interview.txt").read_text(
    encoding="utf-8"
)


@pytest.mark.skipif(not REAL.is_dir(), reason="PolNeAR is not at ../shared/data/polnear")
def test_prints_the_ratio() -> None:
    result = CliRunner().invoke(app, ["bench", "--data", str(REAL), "--limit", "2", "--repeat", "1"])
    assert result.exit_code == 0, result.output
    assert "ratio" in result.output and "linearity ratio" in result.output
    assert "target ≥ 0.7" in result.output
    assert "whole analysis ratio" in result.output and "target ≥ 0.35" in result.output


def test_json_figures_on_the_fixture() -> None:
    result = CliRunner().invoke(app, ["bench", "--data", str(FIXTURE), "--repeat", "1", "--json"])
    assert result.exit_code == 0, result.output
    figures = json.loads(result.stdout)
    assert figures["texts"] == 1 and figures["failures"] == 0
    assert figures["words"] == figures["linearity_words"] == len(FIXTURE_TEXT.split())
    assert figures["ratio"] == pytest.approx(figures["saidwhat_wps"] / figures["bare_wps"])
    assert figures["full_ratio"] == pytest.approx(figures["full_wps"] / figures["bare_full_wps"])
    # CPU time of the same runs: the whole analysis does all the bare parse does, and more.
    assert figures["full_cpu_seconds"] > figures["bare_cpu_seconds"] > 0
    assert figures["full_cpu_ratio"] == pytest.approx(
        figures["bare_cpu_seconds"] / figures["full_cpu_seconds"]
    )
    assert list(figures["full_stages"]) == list(DEFAULT_STAGES)
    # The whole analysis runs every stage the attribution pipeline runs, and more.
    assert figures["full_seconds"] > 0 and figures["full_wps"] > 0
    # Twenty copies cannot take less time than one, for either pipeline.
    assert figures["repeated_seconds"] > figures["single_seconds"] > 0
    assert figures["bare_repeated_seconds"] > figures["bare_single_seconds"] > 0
    assert figures["linearity_copies"] == LINEARITY_COPIES


def test_the_linearity_check_uses_the_median_length_text() -> None:
    short = "The senator said the vote was rigged."
    result = run_benchmark([short, FIXTURE_TEXT, EXAMPLE], repeat=1)
    assert result.texts == 3 and result.failures == 0
    middle = sorted([short, FIXTURE_TEXT, EXAMPLE], key=len)[1]
    assert result.linearity_words == len(middle.split())
    assert result.words == sum(len(text.split()) for text in (short, FIXTURE_TEXT, EXAMPLE))


def test_the_bare_pipeline_has_the_same_spacy_components_and_no_saidwhat_ones() -> None:
    nlp = load_pipeline(("attribution",))
    bare = bare_pipeline(nlp)
    assert bare.pipe_names == [name for name in nlp.pipe_names if not name.startswith("saidwhat_")]


def test_no_texts_is_an_error() -> None:
    with pytest.raises(ValueError, match="at least one text"):
        run_benchmark([])
