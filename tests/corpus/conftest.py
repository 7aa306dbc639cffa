"""A small real corpus: PolNeAR dev articles (outlet and date from their file names), the example
article, and two broken inputs, written as a directory the way a user would have it."""

from __future__ import annotations

import json
import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest

from saidwhat.ingest import iter_articles
from saidwhat.model import Analysis
from saidwhat.pipeline import analyze_many
from saidwhat.store import Store, open_store, save_analysis

ROOT = Path(__file__).resolve().parents[2]
POLNEAR_DEV = ROOT.parent / "shared" / "data" / "polnear" / "data" / "dev" / "text"
EXAMPLE = ROOT / "examples" / "kremlin-peskov-interview.txt"
#: Short articles, so that tests stay quick: some where Trump speaks (so that he has a timeline across
#: outlets) and the shortest others.
ARTICLES = 10


def polnear_records(count: int) -> list[dict[str, str]]:
    by_size = sorted(POLNEAR_DEV.glob("*.txt"), key=lambda p: (p.stat().st_size, p.name))
    trump = [p for p in by_size if "Trump said" in p.read_text(encoding="utf-8")][: count - count // 2]
    paths = trump + [p for p in by_size if p not in trump][: count - len(trump)]
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


@pytest.fixture(scope="session")
def corpus_analyses(corpus_dir: Path) -> list[Analysis]:
    """The corpus directory's articles, analysed once for the session."""
    items = analyze_many(iter_articles([str(corpus_dir)]), batch_size=8)
    return [item for item in items if isinstance(item, Analysis)]


@pytest.fixture(scope="module", params=["sqlite", "postgresql"])
def filled_store(
    request: pytest.FixtureRequest, corpus_analyses: list[Analysis], tmp_path_factory: pytest.TempPathFactory
) -> Iterator[Store]:
    """A store of each kind holding the corpus, for query tests."""
    if request.param == "sqlite":
        url = f"sqlite:///{tmp_path_factory.mktemp('filled') / 'corpus.sqlite'}"
    else:
        cluster = request.getfixturevalue("postgres_cluster")
        url = cluster.create_database(f"filled_{request.module.__name__.rsplit('.', 1)[-1]}")
    with open_store(url) as store:
        with store.session() as session:
            for analysis in corpus_analyses:
                save_analysis(session, analysis)
        yield store
