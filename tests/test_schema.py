import json
import subprocess
import sys

import jsonschema
import pytest

from saidwhat.model import SCHEMA_VERSION
from saidwhat.render.json import analysis_to_json
from saidwhat.schema import SCHEMA_PATH, dumps_schema, generate_schema, load_schema
from saidwhat.schema.__main__ import main
from tests.render.example import example_analysis


def test_shipped_schema_is_the_generated_one():
    assert SCHEMA_PATH.read_text(encoding="utf-8") == dumps_schema(generate_schema())


def test_schema_is_identified_by_its_version():
    schema = load_schema()
    assert schema["$id"] == f"https://saidwhat.dev/schema/analysis-{SCHEMA_VERSION}.json"
    assert SCHEMA_VERSION in SCHEMA_PATH.name
    assert schema["$schema"] == "https://json-schema.org/draft/2020-12/schema"
    assert schema["title"]
    jsonschema.Draft202012Validator.check_schema(schema)


def test_example_analysis_validates():
    document = json.loads(analysis_to_json(example_analysis()))
    jsonschema.Draft202012Validator(load_schema()).validate(document)


@pytest.mark.parametrize(
    ("path", "value"),
    [
        (("attributions", 0, "confidence"), 1.5),
        (("attributions", 0, "kind"), "rumour"),
        (("attributions", 0, "content"), []),
        (("article", "surprise"), 1),
    ],
)
def test_schema_rejects_bad_documents(path, value):
    document = json.loads(analysis_to_json(example_analysis()))
    target = document
    for key in path[:-1]:
        target = target[key]
    target[path[-1]] = value
    with pytest.raises(jsonschema.ValidationError):
        jsonschema.Draft202012Validator(load_schema()).validate(document)


def test_check_passes_on_the_shipped_file():
    result = subprocess.run(
        [sys.executable, "-m", "saidwhat.schema", "--check"], capture_output=True, text=True, check=False
    )
    assert result.returncode == 0, result.stderr


def test_check_fails_on_a_stale_file(tmp_path, monkeypatch, capsys):
    stale = tmp_path / SCHEMA_PATH.name
    stale.write_text('{"title": "old"}\n', encoding="utf-8")
    monkeypatch.setattr("saidwhat.schema.__main__.SCHEMA_PATH", stale)
    assert main(["--check"]) == 1
    assert "stale" in capsys.readouterr().err
    assert main([]) == 0  # regenerating fixes it
    assert main(["--check"]) == 0
