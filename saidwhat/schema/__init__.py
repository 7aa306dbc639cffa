"""The versioned JSON Schema of saidwhat's output, generated from the model.

The schema ships as ``analysis-<version>.json`` next to this module; ``python -m saidwhat.schema``
regenerates it and ``python -m saidwhat.schema --check`` fails when it is stale (run it in CI).
The grounding rule (``text[start:end] == span.text``) is beyond JSON Schema; the model checks it.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from saidwhat.model import SCHEMA_VERSION, Analysis

JSON_SCHEMA_DIALECT = "https://json-schema.org/draft/2020-12/schema"
SCHEMA_ID = f"https://saidwhat.dev/schema/analysis-{SCHEMA_VERSION}.json"
SCHEMA_PATH = Path(__file__).with_name(f"analysis-{SCHEMA_VERSION}.json")


def generate_schema() -> dict[str, Any]:
    """The JSON Schema of one analysis (one ``--format jsonl`` line, or ``--format json`` for one article)."""
    body = Analysis.model_json_schema()
    # pydantic's own title is the class name; keep its description, put the identifying keys first.
    body.pop("title", None)
    return {
        "$schema": JSON_SCHEMA_DIALECT,
        "$id": SCHEMA_ID,
        "title": f"saidwhat analysis {SCHEMA_VERSION}",
        **body,
    }


def dumps_schema(schema: dict[str, Any]) -> str:
    """The schema as the shipped file spells it (stable key order, two-space indent, final newline)."""
    return json.dumps(schema, indent=2, ensure_ascii=False) + "\n"


def load_schema() -> dict[str, Any]:
    """The shipped schema file."""
    loaded: dict[str, Any] = json.loads(SCHEMA_PATH.read_text(encoding="utf-8"))
    return loaded


__all__ = ["SCHEMA_ID", "SCHEMA_PATH", "dumps_schema", "generate_schema", "load_schema"]
