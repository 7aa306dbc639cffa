"""Write PolNeAR texts as a JSON Lines dump with outlet and publication date, for corpus runs.

PolNeAR's file names carry both (``breitbart_2016-10-04_bill-clinton-calls-obamacare-cra.txt``); the
texts are read in place from ../shared/data/polnear and written unchanged. PolNeAR train and dev hold
924 articles; ``--ptc`` adds the PTC train articles (../shared/data/ptc, news articles without outlet or
date: outlet "ptc", no date) to pass a thousand.

    .venv/bin/python scripts/polnear_corpus.py train dev --ptc -o .tmp/corpus.jsonl [--limit N]
"""

from __future__ import annotations

import argparse
import json
import re
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
POLNEAR = ROOT.parent / "shared" / "data" / "polnear" / "data"
PTC_TRAIN = ROOT.parent / "shared" / "data" / "ptc" / "train" / "train-articles"
_NAME = re.compile(r"^(?P<outlet>[a-z-]+)_(?P<date>\d{4}-\d{2}-\d{2})_(?P<slug>.+)$")


def records(splits: list[str], limit: int | None, *, ptc: bool = False) -> list[dict[str, str]]:
    out = []
    for split in splits:
        for path in sorted((POLNEAR / split / "text").glob("*.txt")):
            match = _NAME.match(path.stem)
            if match is None:
                raise SystemExit(f"{path}: name is not outlet_YYYY-MM-DD_slug")
            out.append(
                {
                    "id": f"{split}/{path.stem}",
                    "outlet": match["outlet"],
                    "published": match["date"],
                    "text": path.read_text(encoding="utf-8"),
                }
            )
    if ptc:
        for path in sorted(PTC_TRAIN.glob("*.txt")):
            out.append({"id": f"ptc/{path.stem}", "outlet": "ptc", "text": path.read_text(encoding="utf-8")})
    return out[:limit] if limit else out


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("splits", nargs="+", choices=["train", "dev", "test"])
    parser.add_argument("-o", "--output", type=Path, required=True)
    parser.add_argument("--limit", type=int, default=None)
    parser.add_argument("--ptc", action="store_true", help="add the PTC train articles")
    args = parser.parse_args()
    rows = records(args.splits, args.limit, ptc=args.ptc)
    with args.output.open("w", encoding="utf-8") as out:
        for row in rows:
            out.write(json.dumps(row, ensure_ascii=False) + "\n")
    print(f"wrote {len(rows)} articles to {args.output}")


if __name__ == "__main__":
    main()
