"""Sample fact-check matches of claims from real articles around the matching threshold, for judging.

    .venv/bin/saidwhat factchecks import ../shared/data/factchecks/politifact.jsonl \
        ../shared/data/factchecks/snopes.jsonl --store .tmp/checks.sqlite
    .venv/bin/python scripts/sample_article_matches.py --store .tmp/checks.sqlite [--skip 0] [--per-side 20]

The matching threshold (``saidwhat.claims.matching.THRESHOLD``) was calibrated on tweets (CheckThat! 2A).
This analyses ``--texts`` PolNeAR dev articles (file order, after ``--skip``), matches every claim with the
threshold lowered to ``--floor``, keeps each claim's best candidate, and prints a seeded sample of
``--per-side`` pairs at or above the threshold and as many in [floor, threshold), with the similarity, the
article's claim and the fact-check's claim, for a person to judge "same claim?". Writes the sample as
TSV to ``--out`` (default ``.tmp/article-matches.tsv``; not in the repository: it holds third-party text).
The judgments and the precision they give are in ``docs/claims.md``.
"""

from __future__ import annotations

import argparse
import csv
import random
from pathlib import Path

from saidwhat import analyze_many
from saidwhat.claims.matching import THRESHOLD, FactCheckMatcher, open_matcher  # the tweet threshold
from saidwhat.claims.retrieval.text import parse_date
from saidwhat.model import Analysis

ROOT = Path(__file__).resolve().parent.parent
SEED = 6


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--store", required=True, help="A store with the fact-checks imported.")
    parser.add_argument(
        "--polnear", type=Path, default=ROOT.parent / "shared" / "data" / "polnear" / "data" / "dev" / "text"
    )
    parser.add_argument("--texts", type=int, default=20)
    parser.add_argument("--skip", type=int, default=0, help="Start after the first SKIP articles.")
    parser.add_argument("--per-side", type=int, default=20)
    parser.add_argument("--floor", type=float, default=0.2)
    parser.add_argument("--out", type=Path, default=ROOT / ".tmp" / "article-matches.tsv")
    args = parser.parse_args()
    paths = sorted(args.polnear.glob("*.txt"))[args.skip : args.skip + args.texts]
    matcher: FactCheckMatcher = open_matcher(args.store)
    matcher.article_threshold = args.floor
    matcher.max_matches = 1
    pairs = []
    texts = [p.read_text(encoding="utf-8") for p in paths]
    for path, result in zip(paths, analyze_many(texts), strict=True):
        if not isinstance(result, Analysis):
            continue
        # PolNeAR file names carry the publication date: outlet_YYYY-MM-DD_slug.txt
        when = parse_date(path.name.split("_")[1])
        for claim in matcher.match_claims(result.claims, when):
            for match in claim.matches:
                pairs.append((match.similarity, path.name, claim, match))
    above = [p for p in pairs if p[0] >= THRESHOLD]
    below = [p for p in pairs if p[0] < THRESHOLD]
    claims = sum(1 for _ in pairs)
    print(
        f"{len(paths)} articles; {claims} claims with a candidate ≥ {args.floor}: "
        f"{len(above)} at or above {THRESHOLD}, {len(below)} below"
    )
    rng = random.Random(SEED)
    sample = [("above", p) for p in rng.sample(above, min(args.per_side, len(above)))]
    sample += [("below", p) for p in rng.sample(below, min(args.per_side, len(below)))]
    args.out.parent.mkdir(parents=True, exist_ok=True)
    with args.out.open("w", encoding="utf-8", newline="") as stream:
        writer = csv.writer(stream, delimiter="\t")
        writer.writerow(
            ["side", "similarity", "article", "start", "end", "claim", "factcheck", "url", "verdict"]
        )
        for side, (similarity, name, claim, match) in sorted(sample, key=lambda s: -s[1][0]):
            row = [
                side,
                f"{similarity:.3f}",
                name,
                claim.span.start,
                claim.span.end,
                claim.span.text,
                match.claim,
                match.url or "",
                match.verdict or "",
            ]
            writer.writerow(row)
            print("\t".join(str(v) for v in row))


if __name__ == "__main__":
    main()
