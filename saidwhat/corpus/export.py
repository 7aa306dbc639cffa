"""Exporting query rows as JSON Lines, CSV or Parquet."""

from __future__ import annotations

import csv
import json
from collections.abc import Iterable
from enum import StrEnum
from pathlib import Path
from typing import Any, TextIO


class ExportFormat(StrEnum):
    JSONL = "jsonl"
    CSV = "csv"
    PARQUET = "parquet"

    @classmethod
    def of(cls, path: Path) -> ExportFormat:
        """The format a file name asks for (``.jsonl``, ``.csv``, ``.parquet``)."""
        suffix = path.suffix.lower().lstrip(".")
        try:
            return cls(suffix)
        except ValueError:
            raise ValueError(f"{path}: name the file .jsonl, .csv or .parquet") from None


def export_rows(rows: Iterable[dict[str, Any]], path: Path, fmt: ExportFormat | None = None) -> int:
    """Write the rows to ``path`` in ``fmt`` (by default, from the file name); returns how many."""
    fmt = fmt or ExportFormat.of(path)
    if fmt is ExportFormat.PARQUET:
        return _parquet(rows, path)
    with path.open("w", encoding="utf-8", newline="") as out:
        return write_text_rows(rows, out, fmt)


def write_text_rows(rows: Iterable[dict[str, Any]], out: TextIO, fmt: ExportFormat) -> int:
    """Stream the rows as JSON Lines or CSV (columns from the first row; lists joined with '; ')."""
    count = 0
    writer: csv.DictWriter[str] | None = None
    for row in rows:
        if fmt is ExportFormat.JSONL:
            out.write(json.dumps(row, ensure_ascii=False, default=str) + "\n")
        else:
            if writer is None:
                writer = csv.DictWriter(out, fieldnames=list(row), extrasaction="ignore")
                writer.writeheader()
            writer.writerow({k: "; ".join(map(str, v)) if isinstance(v, list) else v for k, v in row.items()})
        count += 1
    return count


def _parquet(rows: Iterable[dict[str, Any]], path: Path) -> int:
    import pyarrow as pa
    import pyarrow.parquet as pq

    table = pa.Table.from_pylist(list(rows))
    pq.write_table(table, path)
    return int(table.num_rows)
