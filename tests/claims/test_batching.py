"""Claims are embedded in batches, yet a claim's vector and score do not depend on its batch-mates, and an
article's claim scores do not depend on the articles analysed with it."""

from __future__ import annotations

from pathlib import Path

import numpy as np

from saidwhat import analyze_many
from saidwhat.claims.component import as_sentence
from saidwhat.model import Analysis, Article
from saidwhat.nlp.embedder import load_embedder

ROOT = Path(__file__).parents[2]
EXAMPLE = (ROOT / "examples" / "kremlin-peskov-interview.txt").read_text(encoding="utf-8")
OTHERS = [
    (ROOT / "tests" / "eval" / "fixtures" / path).read_text(encoding="utf-8")
    for path in (
        "polnear/data/dev/text/wash-post_2016-10-12_senator-says-debate-was-unfair.txt",
        "ptc/dev/dev-articles/article1001.txt",
        "ptc/dev/dev-articles/article1002.txt",
    )
]


def scores(analysis: Analysis) -> dict[str, float]:
    return {c.span.text: c.checkworthiness for c in analysis.claims}


def test_an_articles_claim_scores_are_the_same_alone_and_batched_with_other_articles() -> None:
    articles = [Article(id=str(i), text=text) for i, text in enumerate([*OTHERS, EXAMPLE])]
    (alone,) = analyze_many(articles[-1:])
    *others, together = analyze_many(articles, batch_size=len(articles))
    assert isinstance(alone, Analysis) and isinstance(together, Analysis)
    assert all(isinstance(other, Analysis) and other.claims for other in others)
    assert len(alone.claims) >= 10
    alone_scores, together_scores = scores(alone), scores(together)
    assert alone_scores.keys() == together_scores.keys()
    # Exactly: an article's claims run through the encoder with each other only, never with another
    # article's, so how articles are grouped cannot even move a float rounding.
    assert alone_scores == together_scores


def test_a_claims_vector_is_the_same_alone_and_in_any_batch() -> None:
    (analysis,) = analyze_many([EXAMPLE])
    assert isinstance(analysis, Analysis)
    texts = [as_sentence(c.span.text) for c in analysis.claims]
    embedder = load_embedder()
    alone = np.concatenate([embedder.embed([text]) for text in texts])
    for size in (2, 8, 32):
        batched = embedder.embed(texts, batch_size=size)
        np.testing.assert_allclose(batched, alone, atol=1e-5)
    # Padding to a much longer batch-mate changes nothing either.
    padded = embedder.embed([texts[0], " ".join(OTHERS[0].split()[:200])], batch_size=2)[0]
    np.testing.assert_allclose(padded, alone[0], atol=1e-5)
