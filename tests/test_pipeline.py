"""The public API: ``analyze`` and ``analyze_many``, their ordering, failures, worker processes and stages."""

from __future__ import annotations

from pathlib import Path

import pytest
from spacy.tokens import Doc

import saidwhat.attribution.component
from saidwhat import Analysis, Article, InputFailure, analyze, analyze_many
from saidwhat.attribution.extract import AttributionResult, extract_attributions
from saidwhat.errors import UnknownStageError
from saidwhat.model import Entity
from saidwhat.nlp import load_pipeline

EXAMPLE = (Path(__file__).parents[1] / "examples" / "kremlin-peskov-interview.txt").read_text(
    encoding="utf-8"
)

MAYOR = (
    "The mayor of Springfield, Ana Ruiz, said on Tuesday that the city would close two libraries "
    'next year. "We have no choice," Ruiz told reporters. "The state cut our budget by a third."'
)
STRIKE = (
    "Union leaders warned that a strike at the port could begin as early as Monday. "
    '"Our members are ready to walk out," said Tom Baker, the union\'s president. '
    "The port authority said it remained open to talks."
)
HEAT = (
    "According to the health ministry, 42 people were treated for heat stroke over the weekend. "
    "Dr. Lena Park, who runs the emergency ward at St. Mary's Hospital, said most of the patients "
    'were elderly. "Drink water and stay indoors," she urged.'
)
TEXTS = [EXAMPLE, MAYOR, STRIKE, HEAT]

#: A text containing this makes the patched attribution step raise.
MARKER = "XYZZY-BREAKS-HERE"


def analyses(results: list[Analysis | InputFailure]) -> list[Analysis]:
    assert all(isinstance(r, Analysis) for r in results), results
    return [r for r in results if isinstance(r, Analysis)]


def test_analyze_a_str_and_an_article_give_the_same_attributions() -> None:
    from_text = analyze(EXAMPLE)
    from_article = analyze(Article(id="kremlin", text=EXAMPLE))
    assert from_article.article.id == "kremlin"
    assert from_text.attributions == from_article.attributions
    assert from_text.entities == from_article.entities
    assert len(from_text.attributions) >= 4  # the example has at least four reported statements
    peskov = [a for a in from_text.attributions if a.speaker and "Peskov" in a.speaker.name]
    assert peskov, [a.speaker for a in from_text.attributions]


def test_a_bare_text_gets_a_stable_id_from_its_content() -> None:
    assert analyze(MAYOR).article.id == analyze(MAYOR).article.id != analyze(STRIKE).article.id


@pytest.mark.parametrize("bad", [b"bytes are not text", 42, None, ["a list"]])
def test_analyze_of_a_non_str_raises_type_error(bad: object) -> None:
    with pytest.raises(TypeError, match="str or an Article"):
        analyze(bad)  # type: ignore[arg-type]


def test_analyze_many_yields_one_result_per_input_in_order_with_failures_in_place() -> None:
    failure = InputFailure(input="missing.html", code="E008", message="[E008] missing.html: not found")
    items = [MAYOR, failure, Article(id="strike", text=STRIKE), HEAT, EXAMPLE]
    # batch_size 2 puts the failure and the article after it in one batch and splits the rest over two.
    results = list(analyze_many(items, batch_size=2))
    assert len(results) == len(items)
    assert results[1] is failure
    texts = [r.article.text for r in results if isinstance(r, Analysis)]
    assert texts == [MAYOR, STRIKE, HEAT, EXAMPLE]
    assert [r.article.id for r in results if isinstance(r, Analysis)][1] == "strike"


def test_analyze_many_of_nothing_yields_nothing() -> None:
    assert list(analyze_many([])) == []


@pytest.mark.slow
def test_two_worker_processes_give_the_same_results_as_one() -> None:
    articles = [Article(id=f"t{i}", text=text) for i, text in enumerate(TEXTS)]
    one = analyses(list(analyze_many(articles, n_process=1)))
    two = analyses(list(analyze_many(articles, n_process=2, batch_size=1)))
    assert [a.article.id for a in two] == ["t0", "t1", "t2", "t3"]
    assert [a.to_json_dict() for a in two] == [a.to_json_dict() for a in one]
    assert all(a.attributions for a in one)  # each text has quotes: the comparison is not of empties


def _breaks_on_marker(doc: Doc, entities: list[Entity]) -> AttributionResult:
    if MARKER in doc.text:
        raise RuntimeError("attribution blew up")
    return extract_attributions(doc, entities)


def test_an_article_that_makes_the_pipeline_raise_becomes_e009_and_its_batch_goes_on(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    # The component imported the function by name, so it is patched where it is used.
    monkeypatch.setattr(saidwhat.attribution.component, "extract_attributions", _breaks_on_marker)
    broken = Article(id="broken", text=f"{STRIKE} {MARKER}")
    items = [MAYOR, broken, HEAT]
    results = list(analyze_many(items, batch_size=8))  # one batch: the failure triggers the retry path
    assert len(results) == 3
    failure = results[1]
    assert isinstance(failure, InputFailure)
    assert failure.code == "E009" and failure.input == "broken"
    assert "attribution blew up" in failure.message
    ok = analyses([results[0], results[2]])
    assert [a.article.text for a in ok] == [MAYOR, HEAT]
    assert ok[0].attributions == analyze(MAYOR).attributions  # the retried articles are fully analysed


def test_a_failing_article_reports_its_source_file(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(saidwhat.attribution.component, "extract_attributions", _breaks_on_marker)
    article = Article.model_validate(
        {"id": "x", "text": f"{HEAT} {MARKER}", "metadata": {"source_file": "feeds/heat.txt"}}
    )
    (failure,) = analyze_many([article])
    assert isinstance(failure, InputFailure) and failure.input == "feeds/heat.txt"


def test_the_entities_stage_alone_gives_entities_and_no_attributions() -> None:
    result = analyze(EXAMPLE, stages=("entities",))
    names = {entity.name for entity in result.entities}
    assert "Dmitry Peskov" in names, names
    assert result.attributions == [] and result.scare_quotes == []


def test_the_entities_pipeline_leaves_out_what_it_does_not_need() -> None:
    entities_only = load_pipeline(("entities",)).pipe_names
    assert "saidwhat_entities" in entities_only and "saidwhat_attribution" not in entities_only
    assert "lemmatizer" not in entities_only  # only the attribution rules read lemmas
    assert "lemmatizer" in load_pipeline(("attribution",)).pipe_names


def test_a_stage_brings_its_prerequisites() -> None:
    assert load_pipeline(("attribution",)).pipe_names[-2:] == ["saidwhat_entities", "saidwhat_attribution"]


@pytest.mark.parametrize("stages", [("sentiment",), ("entities", "attributions")])
def test_an_unknown_stage_raises(stages: tuple[str, ...]) -> None:
    with pytest.raises(UnknownStageError, match="the stages are: entities, attribution"):
        analyze(MAYOR, stages=stages)
    with pytest.raises(UnknownStageError):
        list(analyze_many([MAYOR], stages=stages))


def test_the_authors_in_an_articles_metadata_speak_its_first_person() -> None:
    text = (
        "Jane Smith has covered the war since 2014. I went to Kyiv last week, and I argued there that the "
        "talks would fail."
    )
    with_author = Article.model_validate({"id": "a", "text": text, "metadata": {"authors": ["Jane Smith"]}})
    without = Article(id="b", text=text)
    spoken = {
        article.id: [
            a.speaker.name if a.speaker else None
            for a in analyze(article).attributions
            if a.source and a.source.text == "I"
        ]
        for article in (with_author, without)
    }
    assert spoken["a"] and set(spoken["a"]) == {"Jane Smith"}, spoken
    assert spoken["b"] and set(spoken["b"]) == {None}, spoken
