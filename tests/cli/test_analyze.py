"""``saidwhat analyze`` end to end on the example article: formats, streams, errors and exit codes."""

import io
import json
import re
import shutil
import subprocess
import sys
from pathlib import Path

import jsonschema
import pytest
from typer.testing import CliRunner

from saidwhat.cli.analyze import PROGRESS_MIN_INPUTS, _wants_progress, failure_line
from saidwhat.cli.app import app  # importing saidwhat.cli registers the commands
from saidwhat.model import Analysis, InputFailure
from saidwhat.schema import load_schema
from tests.render.example import EXAMPLE_PATH, EXAMPLE_TEXT

EXAMPLE = str(EXAMPLE_PATH)
EXAMPLE_ID = EXAMPLE_PATH.name
SAIDWHAT = Path(sys.executable).with_name("saidwhat")

runner = CliRunner()


def analyze(*args: str, stdin: str | None = None):
    return runner.invoke(app, ["analyze", *args], input=stdin)


def flat(text: str) -> str:
    """Error text with rich's box drawing and line wrapping removed."""
    return " ".join(re.sub(r"[│╭╮╰╯─]", " ", text).split())


@pytest.fixture
def mixed_dir(tmp_path: Path) -> Path:
    """A directory with one empty file and one good article."""
    (tmp_path / "a-empty.txt").write_text("", encoding="utf-8")
    shutil.copy(EXAMPLE_PATH, tmp_path / "b-good.txt")
    return tmp_path


def test_table_has_the_article_heading_and_the_columns():
    result = analyze(EXAMPLE)
    assert result.exit_code == 0, result.output
    assert EXAMPLE_ID in result.stdout
    header = next(line for line in result.stdout.splitlines() if "speaker" in line)
    assert all(column in header for column in ("kind", "speaker", "cue", "content", "conf."))
    assert result.stderr == ""


def test_json_is_one_schema_valid_object_for_one_article():
    result = analyze(EXAMPLE, "--format", "json")
    assert result.exit_code == 0, result.output
    document = json.loads(result.stdout)
    jsonschema.Draft202012Validator(load_schema()).validate(document)
    analysis = Analysis.model_validate(document)
    assert analysis.article.id == EXAMPLE_ID
    assert analysis.article.text == EXAMPLE_TEXT
    assert analysis.entities


def test_json_is_an_array_for_several_articles(tmp_path: Path):
    copy = tmp_path / "copy.txt"
    shutil.copy(EXAMPLE_PATH, copy)
    result = analyze(EXAMPLE, str(copy), "-f", "json")
    assert result.exit_code == 0, result.output
    assert [item["article"]["id"] for item in json.loads(result.stdout)] == [EXAMPLE_ID, "copy.txt"]


def test_jsonl_is_one_line_per_article_in_input_order(tmp_path: Path):
    first = tmp_path / "zz-first.txt"
    shutil.copy(EXAMPLE_PATH, first)
    result = analyze(str(first), EXAMPLE, "--format", "jsonl")
    assert result.exit_code == 0, result.output
    lines = result.stdout.splitlines()
    assert [json.loads(line)["article"]["id"] for line in lines] == ["zz-first.txt", EXAMPLE_ID]
    for line in lines:
        jsonschema.Draft202012Validator(load_schema()).validate(json.loads(line))


def test_html_is_a_self_contained_report():
    result = analyze(EXAMPLE, "--format", "html")
    assert result.exit_code == 0, result.output
    report = result.stdout
    assert report.startswith("<!DOCTYPE html>")
    assert report.count('<section class="article"') == 1
    assert "Dmitry Peskov" in report
    for external in ("<script", "<link", "src=", "url(", "http://", "https://"):
        assert external not in report.lower()


def test_html_escapes_a_hostile_article(tmp_path: Path):
    hostile = tmp_path / "<script>x.txt"
    hostile.write_text('Peskov said: "<script>alert(1)</script>" on Friday in Moscow.\n', encoding="utf-8")
    result = analyze(str(hostile), "-f", "html")
    assert result.exit_code == 0, result.output
    assert "<script" not in result.stdout.lower()
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in result.stdout


def test_output_option_writes_the_file_not_stdout(tmp_path: Path):
    target = tmp_path / "out.jsonl"
    result = analyze(EXAMPLE, "-f", "jsonl", "-o", str(target))
    assert result.exit_code == 0, result.output
    assert result.stdout == ""
    assert json.loads(target.read_text(encoding="utf-8"))["article"]["id"] == EXAMPLE_ID


def test_stdin_dash():
    result = analyze("-", "-f", "jsonl", stdin=EXAMPLE_TEXT)
    assert result.exit_code == 0, result.output
    assert json.loads(result.stdout)["article"]["text"] == EXAMPLE_TEXT


def test_unknown_stage_is_a_usage_error():
    result = analyze(EXAMPLE, "--stages", "entities,bogus")
    assert result.exit_code == 2
    assert "unknown stage 'bogus'" in flat(result.stderr)
    assert "entities, attribution" in flat(result.stderr)  # says what the stages are
    assert result.stdout == ""


def test_unknown_format_is_a_usage_error():
    result = analyze(EXAMPLE, "--format", "yaml")
    assert result.exit_code == 2
    assert result.stdout == ""


def test_entities_stage_alone_runs():
    result = analyze(EXAMPLE, "--stages", "entities", "-f", "jsonl")
    assert result.exit_code == 0, result.output
    assert json.loads(result.stdout)["attributions"] == []


def test_a_failed_input_is_reported_and_the_rest_still_printed(mixed_dir: Path):
    result = analyze(str(mixed_dir), "--format", "jsonl")
    assert result.exit_code == 1
    assert [json.loads(line)["article"]["id"] for line in result.stdout.splitlines()] == ["b-good.txt"]
    errors = [line for line in result.stderr.splitlines() if line.startswith("error: ")]
    assert len(errors) == 1
    assert re.fullmatch(r"error: \[E001\] \S*a-empty\.txt: .+", errors[0])
    assert "1 failed" in result.stderr  # the summary


def test_quiet_keeps_the_error_lines_but_not_the_summary(mixed_dir: Path):
    result = analyze(str(mixed_dir), "-f", "jsonl", "--quiet")
    assert result.exit_code == 1
    assert result.stderr.startswith("error: [E001]")
    assert "failed" not in result.stderr


def test_a_missing_file_fails_but_the_good_one_is_printed(tmp_path: Path):
    result = analyze(str(tmp_path / "nope.txt"), EXAMPLE, "-f", "table")
    assert result.exit_code == 1
    assert EXAMPLE_ID in result.stdout
    assert "error: [E008]" in result.stderr
    assert "nope.txt" in result.stderr


def test_help_documents_formats_and_exit_codes():
    result = runner.invoke(app, ["analyze", "--help"], env={"COLUMNS": "120"})
    assert result.exit_code == 0
    text = flat(result.stdout)
    for needle in ("--format", "--stages", "--output", "--n-process", "--max-bytes", "--timeout", "--quiet"):
        assert needle in text
    assert "single object for one article and an array for several" in text
    assert "Exit codes: 0 every input analysed; 1 some inputs failed; 2 usage error." in text


def test_installed_command_exit_codes(mixed_dir: Path):
    """The real console script, so the exit codes seen by a shell are the ones tested."""
    bad = subprocess.run([SAIDWHAT, "analyze", EXAMPLE, "--stages", "nope"], capture_output=True, check=False)
    assert bad.returncode == 2
    mixed = subprocess.run(
        [SAIDWHAT, "analyze", str(mixed_dir), "-f", "jsonl"], capture_output=True, text=True, check=False
    )
    assert mixed.returncode == 1
    assert "b-good.txt" in mixed.stdout
    assert "a-empty.txt" in mixed.stderr
    assert "a-empty.txt" not in mixed.stdout


def test_failure_line_formats():
    coded = InputFailure(input="x.txt", code="E001", message="[E001] x.txt: the input is empty")
    assert failure_line(coded) == "error: [E001] x.txt: the input is empty"
    bare = InputFailure(input="y.txt", code="E009", message="analysis failed")
    assert failure_line(bare) == "error: [E009] y.txt: analysis failed"


class FakeTty(io.StringIO):
    def isatty(self) -> bool:
        return True


def test_progress_bar_only_on_a_terminal_stderr_with_many_inputs(monkeypatch, tmp_path: Path):
    many = [EXAMPLE] * (PROGRESS_MIN_INPUTS + 1)
    to_file = io.StringIO()
    monkeypatch.setattr(sys, "stderr", FakeTty())
    assert _wants_progress(many, quiet=False, out=to_file)
    assert _wants_progress([str(tmp_path)], quiet=False, out=to_file)  # a directory may hold many
    assert not _wants_progress([EXAMPLE], quiet=False, out=to_file)
    assert not _wants_progress(many, quiet=True, out=to_file)
    assert not _wants_progress(many, quiet=False, out=FakeTty())  # results scroll on the terminal
    monkeypatch.setattr(sys, "stderr", io.StringIO())
    assert not _wants_progress(many, quiet=False, out=to_file)


def test_published_dates_a_plain_text_article(tmp_path: Path):
    # Published on Saturday 5 March 2022: "on Friday" is the day before, "February 24" that year.
    result = analyze(EXAMPLE, "--stages", "dates", "-f", "json", "--published", "2022-03-05")
    assert result.exit_code == 0, result.output
    analysis = json.loads(result.stdout)
    assert analysis["article"]["metadata"]["published"] == "2022-03-05"
    values = {d["span"]["text"]: d["value"] for d in analysis["dates"]}
    assert values["Friday"] == "2022-03-04"
    assert values["February 24"] == "2022-02-24"


def test_an_inputs_own_publication_date_wins_over_published(tmp_path: Path):
    dump = tmp_path / "dated.jsonl"
    record = {
        "id": "dated",
        "text": "The minister said on Friday that talks would resume.",
        "published": "2024-05-08",
    }
    dump.write_text(json.dumps(record) + "\n", encoding="utf-8")
    result = analyze(str(dump), "--stages", "dates", "-f", "json", "--published", "2022-03-05")
    assert result.exit_code == 0, result.output
    analysis = json.loads(result.stdout)
    assert analysis["article"]["metadata"]["published"] == "2024-05-08"
    assert [d["value"] for d in analysis["dates"]] == ["2024-05-03"]


def test_a_published_date_that_is_no_date_is_a_usage_error():
    result = analyze(EXAMPLE, "--published", "5 March 2022")
    assert result.exit_code == 2
    assert "'5 March 2022' is not an ISO 8601 date" in flat(result.stderr)
    assert result.stdout == ""
