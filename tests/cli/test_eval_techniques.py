"""``saidwhat eval techniques`` end to end on a tiny fixture in the PTC layout (a real news text)."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest
from typer.testing import CliRunner

from saidwhat.cli import app

FIXTURE = Path(__file__).parents[1] / "eval" / "fixtures" / "ptc"


def _invoke(*args: str):
    return CliRunner().invoke(app, ["eval", "techniques", *args])


@pytest.mark.parametrize("layout", ["articles and labels"])
def test_json_has_every_figure(layout) -> None:
    result = _invoke(
        "--articles",
        str(FIXTURE / "dev" / "dev-articles"),
        "--labels",
        str(FIXTURE / "dev" / "dev-task-flc-tc.labels"),
        "--json",
    )
    assert result.exit_code == 0, result.output
    figures = json.loads(result.stdout)
    assert figures["articles"] == 2
    assert figures["si"]["gold"] == 7 and figures["tc"]["gold_spans"] == 8
    for block in ("si", "technique_aware"):
        assert set(figures[block]) == {"precision", "recall", "f1", "predicted", "gold"}
        assert 0.0 <= figures[block]["f1"] <= 100.0
    assert 0.0 <= figures["tc"]["micro_f1"] <= 100.0
    assert sum(row["gold"] for row in figures["per_technique"].values()) == 8
    assert figures["targets"] == {"si_f1": 51.55, "tc_micro_f1": 62.07}


@pytest.mark.parametrize("split", ["dev"])
def test_table_on_the_fixture_root(split) -> None:
    result = _invoke("--split", split, "--data", str(FIXTURE))
    assert result.exit_code == 0, result.output
    for label in ("SI P / R / F1", "TC micro-F1", "technique-aware", "Loaded_Language", "Hitachi"):
        assert label in result.output


@pytest.mark.parametrize("split", ["dev", "train"])
def test_missing_data_is_a_usage_error(tmp_path, split) -> None:
    result = _invoke("--split", split, "--data", str(tmp_path))
    assert result.exit_code == 2
    assert "no PTC" in result.output


@pytest.mark.parametrize("line", ["1001\tDoubt\tnot-a-number\t5"])
def test_malformed_labels_name_the_file(tmp_path, line) -> None:
    labels = tmp_path / "broken.labels"
    labels.write_text(line + "\n", encoding="utf-8")
    result = _invoke("--articles", str(FIXTURE / "dev" / "dev-articles"), "--labels", str(labels))
    assert result.exit_code == 2
    assert "broken.labels" in result.output and "line 1" in result.output


@pytest.mark.parametrize("option", ["--articles", "--labels"])
def test_articles_and_labels_go_together(option) -> None:
    result = _invoke(option, str(FIXTURE))
    assert result.exit_code == 2


@pytest.mark.parametrize("span", [(356, 367)])
def test_copies_of_one_span_score_in_any_label_order(tmp_path, span) -> None:
    """A stretch labelled with two techniques is right twice when both are predicted, whatever the
    label file's order (the task's scorer aligns the copies; see ``align_duplicates``)."""
    from saidwhat.framing.techniques import load_technique_model

    source = FIXTURE / "dev" / "dev-articles" / "article1001.txt"
    text = source.read_text(encoding="utf-8")
    first, second = (c.technique.value for c in load_technique_model().classify(text, [span, span]))
    labels = tmp_path / "two.labels"
    labels.write_text(
        "".join(f"1001\t{technique}\t{span[0]}\t{span[1]}\n" for technique in (second, first)),
        encoding="utf-8",
    )
    articles = tmp_path / "articles"
    articles.mkdir()
    shutil.copy(source, articles / "article1001.txt")
    result = _invoke("--articles", str(articles), "--labels", str(labels), "--json")
    assert result.exit_code == 0, result.output
    assert json.loads(result.stdout)["tc"]["micro_f1"] == 100.0
