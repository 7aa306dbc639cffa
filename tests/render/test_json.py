import io
import json

from saidwhat.model import Analysis
from saidwhat.render import render
from saidwhat.render.json import analysis_to_json
from tests.render.example import example_analysis


def rendered(output_format: str, analyses: list[Analysis]) -> str:
    out = io.StringIO()
    render(analyses, output_format, out)
    return out.getvalue()


def test_one_article_is_a_single_object_that_round_trips():
    analysis = example_analysis()
    document = json.loads(rendered("json", [analysis]))
    assert isinstance(document, dict)
    assert Analysis.model_validate(document) == analysis


def test_several_articles_are_an_array_in_input_order():
    analyses = [example_analysis(article_id=f"a{i}") for i in range(3)]
    document = json.loads(rendered("json", analyses))
    assert [item["article"]["id"] for item in document] == ["a0", "a1", "a2"]


def test_no_articles_is_an_empty_array():
    assert json.loads(rendered("json", [])) == []


def test_jsonl_is_one_compact_object_per_line():
    analyses = [example_analysis(article_id=f"a{i}") for i in range(2)]
    lines = rendered("jsonl", analyses).splitlines()
    assert [json.loads(line)["article"]["id"] for line in lines] == ["a0", "a1"]


def test_quote_marks_are_kept_as_characters():
    assert "“red line.”" in analysis_to_json(example_analysis())


def test_every_framing_output_is_in_the_json():
    document = json.loads(rendered("json", [example_analysis()]))
    assert [a["stance"] for a in document["attributions"]] == [
        "distancing",
        "neutral",
        "neutral",
        "neutral",
        "distancing",
    ]
    assert document["stance_profiles"][0]["dominant"] == "distancing"
    assert document["stance_profiles"][0]["counts"]["distancing"] == 1
    kinds = {(segment["voice"], segment["attribution"] is None) for segment in document["voice"]}
    assert kinds == {("reported", False), ("outlet", False), ("outlet", True)}
    assert document["techniques"][0]["technique"] == "Name_Calling,Labeling"
    assert document["dates"][1] == {
        "span": document["dates"][1]["span"],
        "value": "2022-02-24",
        "granularity": "day",
        "relative": False,
        "note": None,
    }
    assert document["entities"][2]["canonical"] == "Kyiv"
