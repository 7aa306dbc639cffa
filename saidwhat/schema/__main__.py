"""``python -m saidwhat.schema [--check]``: write the shipped schema, or check that it is current."""

from __future__ import annotations

import argparse
import sys

from saidwhat.schema import SCHEMA_PATH, dumps_schema, generate_schema


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m saidwhat.schema", description=__doc__)
    parser.add_argument(
        "--check",
        action="store_true",
        help="do not write; exit 1 if the shipped schema differs from the model",
    )
    args = parser.parse_args(argv)
    expected = dumps_schema(generate_schema())
    if args.check:
        current = SCHEMA_PATH.read_text(encoding="utf-8") if SCHEMA_PATH.exists() else ""
        if current != expected:
            print(f"{SCHEMA_PATH} is stale; run python -m saidwhat.schema", file=sys.stderr)
            return 1
        print(f"{SCHEMA_PATH} is up to date")
        return 0
    SCHEMA_PATH.write_text(expected, encoding="utf-8")
    print(f"wrote {SCHEMA_PATH}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
