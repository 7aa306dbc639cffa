"""Every span is grounded: ``text[start:end] == span.text``, for any text and through the pipeline."""

import pytest
from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st
from pydantic import ValidationError

import saidwhat
from saidwhat.model import Analysis, Article, Entity, EntityType, Span
from tests.render.example import EXAMPLE_TEXT, example_analysis

# Quote marks of several languages, line breaks, emoji (incl. a ZWJ sequence) and combining marks:
# the characters most likely to break offset arithmetic.
AWKWARD = "\"'“”‘’«»„‚‹›「」\n\r\t \u00a0\u2028😀👍🏽👩\u200d👩\u200d👧e\u0301a\u0308\u0327"
texts = st.text(
    alphabet=st.one_of(st.sampled_from(AWKWARD), st.characters(codec="utf-8", exclude_categories=["Cs"])),
    max_size=200,
)


@st.composite
def text_and_offsets(draw: st.DrawFn) -> tuple[str, int, int]:
    text = draw(texts)
    start = draw(st.integers(0, len(text)))
    end = draw(st.integers(start, len(text)))
    return text, start, end


@given(text_and_offsets())
def test_span_of_is_grounded(case):
    text, start, end = case
    span = Span.of(text, start, end)
    assert text[span.start : span.end] == span.text
    assert (span.start, span.end) == (start, end)


@given(text_and_offsets(), st.data())
def test_analysis_rejects_an_ungrounded_span(case, data):
    text, start, end = case
    assume(end > start)
    length = end - start
    wrong = data.draw(st.text(alphabet=AWKWARD + "abc", min_size=length, max_size=length))
    assume(wrong != text[start:end])
    mention = Span(start=start, end=end, text=wrong)  # well-formed on its own, but not the article's
    with pytest.raises(ValidationError, match="ungrounded span"):
        Analysis(
            article=Article(id="t", text=text),
            entities=[Entity(id="E1", name="x", type=EntityType.PERSON, mentions=[mention])],
        )


def test_span_rejects_a_length_mismatch():
    with pytest.raises(ValidationError):
        Span(start=0, end=3, text="ab")
    with pytest.raises(ValidationError):
        Span(start=3, end=1, text="")


def test_hand_built_example_is_grounded():
    analysis = example_analysis()
    assert all(EXAMPLE_TEXT[s.start : s.end] == s.text for s in analysis.spans())


def assert_grounded(analysis: Analysis) -> None:
    text = analysis.article.text
    for span in analysis.spans():
        assert text[span.start : span.end] == span.text, span


def test_pipeline_spans_on_the_example_are_grounded():
    analysis = saidwhat.analyze(EXAMPLE_TEXT)
    assert analysis.entities  # the entity stage finds Peskov, the Kremlin …: the check is not vacuous
    assert_grounded(analysis)


article_texts = st.one_of(
    texts,
    # Pieces of the real article glued with awkward characters: realistic sentences, shifted offsets.
    st.lists(st.sampled_from(EXAMPLE_TEXT.split(". ")), min_size=1, max_size=4).flatmap(
        lambda parts: st.lists(st.sampled_from(AWKWARD), min_size=len(parts), max_size=len(parts)).map(
            lambda glue: "".join(g + p + "." for g, p in zip(glue, parts, strict=True))
        )
    ),
)


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(article_texts)
def test_pipeline_spans_are_grounded_on_generated_texts(text):
    assert_grounded(saidwhat.analyze(text))
