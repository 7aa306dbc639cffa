"""Framing figures on PolNeAR: how often a cue gets a stance, the stances used, and how the text divides
between voices.

    python scripts/framing_stats.py [--polnear ../shared/data/polnear] [--split dev] [--limit N]

These are descriptive figures about saidwhat's output (PolNeAR has no stance or voice gold); they show
the lexicon's coverage on text it was not written from (dev) and the share of each voice.
"""

from __future__ import annotations

import argparse
import json
from collections import Counter
from pathlib import Path

from saidwhat.eval.polnear import Split, read_polnear
from saidwhat.model import Analysis, Article, Voice
from saidwhat.pipeline import analyze_many

ROOT = Path(__file__).resolve().parents[1]


def main() -> None:
    parser = argparse.ArgumentParser(description=(__doc__ or "").splitlines()[0])
    parser.add_argument("--polnear", type=Path, default=ROOT.parent / "shared/data/polnear")
    parser.add_argument("--split", type=Split, default=Split.DEV)
    parser.add_argument("--limit", type=int, default=None)
    args = parser.parse_args()

    articles = [
        Article(id=d.id, text=d.text) for d in read_polnear(args.polnear, args.split, limit=args.limit)
    ]
    stances: Counter[str] = Counter()
    unknown_cues: Counter[str] = Counter()
    voice_chars: Counter[str] = Counter()
    for analysis in analyze_many(articles, stages=("framing",)):
        if isinstance(analysis, Analysis):
            _count(analysis, stances, unknown_cues, voice_chars)
    cued = sum(stances.values())
    total_chars = sum(voice_chars.values())
    figures = {
        "articles": len(articles),
        "cued_attributions": cued,
        "stance_share": {k: round(v / cued, 4) for k, v in stances.most_common()},
        "unknown_cues": dict(unknown_cues.most_common(15)),
        "voice_share_of_characters": {k: round(v / total_chars, 4) for k, v in voice_chars.most_common()},
    }
    print(json.dumps(figures, indent=2))


def _count(
    analysis: Analysis, stances: Counter[str], unknown_cues: Counter[str], voice_chars: Counter[str]
) -> None:
    for attribution in analysis.attributions:
        if attribution.cue is None or attribution.continues is not None:
            continue
        stances[attribution.stance.value if attribution.stance else "none"] += 1
        if attribution.stance is None:
            unknown_cues[attribution.cue.text.lower()] += 1
    for segment in analysis.voice:
        if segment.voice is Voice.REPORTED:
            kind = "reported"
        else:
            kind = "frame" if segment.attribution else "outlet assertion"
        voice_chars[kind] += segment.span.end - segment.span.start


if __name__ == "__main__":
    main()
