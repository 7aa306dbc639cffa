"""``saidwhat analyze`` end to end on the example article: every framing output in every format."""

import json
import re

import pytest
from typer.testing import CliRunner

from saidwhat.cli.app import app
from tests.render.example import EXAMPLE_PATH

runner = CliRunner()


def analyze(*args: str) -> str:
    result = runner.invoke(app, ["analyze", str(EXAMPLE_PATH), *args])
    assert result.exit_code == 0, result.output
    return result.stdout


@pytest.fixture(scope="module")
def document() -> dict:
    return json.loads(analyze("--format", "json"))


def test_json_has_stances_voice_and_profiles(document):
    stances = {a["cue"]["text"]: a["stance"] for a in document["attributions"] if a["cue"]}
    assert stances["went on to allege"] == "distancing"
    assert stances["stated"] == "neutral"
    assert {segment["voice"] for segment in document["voice"]} == {"reported", "outlet"}
    peskov = next(p for p in document["stance_profiles"] if p["name"] == "Dmitry Peskov")
    assert peskov["dominant"] == "distancing"


def test_table_lists_stance_profiles_and_the_outlets_assertions():
    output = analyze()
    header = next(line for line in output.splitlines() if "speaker" in line and "kind" in line)
    assert "stance" in header
    assert "Stance of the cues, per speaker" in output
    assert "The outlet's own assertions" in output
    assert "The two breakaway territories in the Donbass" in output


def test_html_marks_outlet_assertions_and_frames():
    report = analyze("--format", "html")
    assert re.search(r'<span class="outlet" title="outlet assertion O\d+">The two breakaway', report)
    assert 'class="frame' in report
    assert "<caption>Stance of the cues, per speaker</caption>" in report
    assert "<script" not in report.lower()
