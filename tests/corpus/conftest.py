"""A small real corpus: PolNeAR dev articles (outlet and date from their file names), the example
article, and two broken inputs, written as a directory the way a user would have it."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
POLNEAR_DEV = ROOT.parent / "shared" / "data" / "polnear" / "data" / "dev" / "text"
EXAMPLE = ROOT / "examples" / "kremlin-peskov-interview.txt"
#: Short articles from four outlets, so that tests stay quick.
ARTICLES = 10


def polnear_records(count: int) -> list[dict[str, str]]:
    paths = sorted(POLNEAR_DEV.glob("*.txt"), key=lambda p: (p.stat().st_size, p.name))[:count]
    records = []
    for path in paths:
        outlet, date, _ = path.stem.split("_", 2)
        records.append(
            {"id": path.stem, "outlet": outlet, "published": date, "text": path.read_text(encoding="utf-8")}
        )
    return records


@pytest.fixture(scope="session")
def corpus_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """dumps/polnear.jsonl (ARTICLES records), example/kremlin.txt, broken/empty.txt, broken/bad.jsonl."""
    root = tmp_path_factory.mktemp("corpus")
    (root / "dumps").mkdir()
    with (root / "dumps" / "polnear.jsonl").open("w", encoding="utf-8") as out:
        for record in polnear_records(ARTICLES):
            out.write(json.dumps(record) + "\n")
    (root / "example").mkdir()
    shutil.copy(EXAMPLE, root / "example" / "kremlin.txt")
    (root / "broken").mkdir()
    (root / "broken" / "empty.txt").write_text("  \n", encoding="utf-8")
    (root / "broken" / "bad.jsonl").write_text(
        '{"text": "A fine line, said Ann."}\nnot json\n', encoding="utf-8"
    )
    return root


#: What the corpus directory holds: ARTICLES + the example + the one good line of bad.jsonl.
GOOD = ARTICLES + 2
#: empty.txt and line 2 of bad.jsonl.
BAD = 2
