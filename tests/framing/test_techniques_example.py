"""End to end on the example article: who uses each technique span, through ``saidwhat.analyze``.

Asserts the user logic (speaker of the holding attribution, else the outlet), not the model's exact spans:
only a span in each appended sentence (one quoted from Peskov, one in the outlet's own voice) is assumed
to be found. (The six-layer model also found "Nazi ideology" in Peskov's quote in the article itself; the
four-layer model shipped since 2026-11-27 finds nothing there, see docs/techniques.md.)
"""

from __future__ import annotations

from pathlib import Path

import pytest

from saidwhat import analyze
from saidwhat.model import Analysis, Attribution, Technique

EXAMPLE = (Path(__file__).parents[2] / "examples" / "kremlin-peskov-interview.txt").read_text(
    encoding="utf-8"
)
# One sentence in the outlet's own voice (no quote, no reporting verb), appended to the article.
OUTLET_SENTENCE = "The corrupt puppet regime in Kiev is a gang of neo-Nazi thugs."
# The same words quoted from Peskov, appended to the article.
PESKOV_SENTENCE = "“The corrupt puppet regime in Kiev is a gang of neo-Nazi thugs,” Peskov said."


@pytest.fixture(scope="module")
def analysis() -> Analysis:
    return analyze(EXAMPLE)


def _shared(technique: Technique, attribution: Attribution) -> int:
    span = technique.span
    return sum(max(0, min(span.end, c.end) - max(span.start, c.start)) for c in attribution.content)


def _holder(technique: Technique, attributions: list[Attribution]) -> Attribution | None:
    """The attribution holding at least half of the span (the most of it), as the component decides."""
    length = technique.span.end - technique.span.start
    holding = [a for a in attributions if 2 * _shared(technique, a) >= length]
    return max(holding, key=lambda a: _shared(technique, a), default=None)


@pytest.mark.parametrize(("sentence", "phrase"), [(PESKOV_SENTENCE, "neo-Nazi thugs")])
def test_technique_in_peskov_quote_is_used_by_peskov(sentence, phrase) -> None:
    text = EXAMPLE.rstrip("\n") + "\n" + sentence
    result = analyze(text)
    peskov = [e.id for e in result.entities if e.name == "Dmitry Peskov"]
    assert len(peskov) == 1
    start = text.rindex(phrase)
    found = [t for t in result.techniques if t.span.start <= start < t.span.end]
    assert found, f"no technique span covers {phrase!r}"
    technique = found[0]
    assert technique.user == peskov[0]
    holder = next(a for a in result.attributions if a.id == technique.attribution)
    assert holder.speaker is not None and holder.speaker.id == peskov[0]
    assert any(c.start <= start and start + len(phrase) <= c.end for c in holder.content)


@pytest.mark.parametrize("case", ["every span of the example"])
def test_every_user_follows_the_holding_attribution(analysis, case) -> None:
    assert analysis.techniques
    for technique in analysis.techniques:
        holder = _holder(technique, analysis.attributions)
        if holder is None:
            assert (technique.user, technique.attribution) == ("outlet", None)
        else:
            speaker = holder.speaker.id if holder.speaker is not None else "unknown"
            assert (technique.user, technique.attribution) == (speaker, holder.id)


@pytest.mark.parametrize("sentence", [OUTLET_SENTENCE])
def test_technique_in_the_outlets_own_words_is_used_by_the_outlet(sentence) -> None:
    text = EXAMPLE.rstrip("\n") + "\n" + sentence
    begin = len(text) - len(sentence)
    result = analyze(text)
    assert not any(c.end > begin for a in result.attributions for c in a.content)
    own = [t for t in result.techniques if t.span.start >= begin]
    assert own, "no technique span in the appended sentence"
    assert all((t.user, t.attribution) == ("outlet", None) for t in own)
