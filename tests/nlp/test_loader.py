"""Loading the spaCy pipeline per stage set, and writing character spans to span groups."""

from __future__ import annotations

import pytest
import spacy

from saidwhat.errors import UnknownStageError
from saidwhat.model import Span
from saidwhat.nlp import MODEL_NAME, load_pipeline
from saidwhat.nlp.spans import set_span_group, token_span_to_span

TEXT = "Press Secretary Dmitry Peskov said Moscow bore the responsibility for civilians."


def test_the_pipeline_is_loaded_once_per_stage_set() -> None:
    assert load_pipeline(("entities",)) is load_pipeline(("entities",))
    assert load_pipeline(("entities",)) is not load_pipeline(("attribution",))


def test_the_entities_stage_runs_without_the_lemmatizer() -> None:
    nlp = load_pipeline(("entities",))
    assert nlp.pipe_names == [
        "tok2vec",
        "tagger",
        "saidwhat_paragraph_breaks",
        "parser",
        "attribute_ruler",
        "ner",
        "saidwhat_entities",
    ]
    doc = nlp(TEXT)
    assert not doc.has_annotation("LEMMA") and doc.has_annotation("DEP")
    assert "Dmitry Peskov" in {entity.name for entity in doc._.saidwhat_entities}


def test_the_attribution_stage_keeps_the_lemmas_its_rules_read() -> None:
    doc = load_pipeline(("attribution",))(TEXT)
    assert doc.has_annotation("LEMMA")
    assert [a.cue.text for a in doc._.saidwhat_attributions if a.cue] == ["said"]


def test_title_abbreviations_stay_one_token() -> None:
    # spaCy keeps "Gov." whole but splits "Lt." and "Capt.", whose full stop then breaks the title.
    doc = load_pipeline(("entities",))("Lt. Gov. Patty Judge met Capt. Ann Ruiz in Des Moines.")
    assert [token.text for token in doc[:3]] == ["Lt.", "Gov.", "Patty"]
    assert "Capt." in [token.text for token in doc]


def test_an_unknown_stage_is_refused_before_anything_loads() -> None:
    with pytest.raises(UnknownStageError, match="'quotes'"):
        load_pipeline(("quotes",))


def test_span_groups_widen_character_spans_to_whole_tokens() -> None:
    doc = load_pipeline(("entities",))(TEXT)
    start = TEXT.index("Peskov") + 2  # inside a token: the group gets the whole word
    set_span_group(doc, "test", [(Span.of(TEXT, start, start + 3), "E1")])
    (group,) = doc.spans["test"]
    assert group.text == "Peskov" and group.label_ == "E1"
    assert token_span_to_span(group) == Span.of(TEXT, TEXT.index("Peskov"), TEXT.index("Peskov") + 6)


def test_a_blank_line_ends_a_sentence_the_parser_would_run_on() -> None:
    # The small parser joins a paragraph ending in a closing quotation mark to the next paragraph.
    text = (
        "She thanked the crowd for “taking these steps to make us all safer.”\n\n"
        "Moore thanked him for “stepping up.”"
    )
    bare = spacy.load(MODEL_NAME)
    assert len(list(bare(text).sents)) == 1  # what the stage corrects; if spaCy learns it, drop the stage
    sentences = [s.text for s in load_pipeline(("attribution",))(text).sents]
    assert len(sentences) == 2 and sentences[1].startswith("Moore")


def test_a_single_line_break_is_no_paragraph() -> None:
    text = "The minister said the port would\nreopen on Monday after the storm."
    assert len(list(load_pipeline(("attribution",))(text).sents)) == 1


def test_a_lower_case_word_starts_no_sentence() -> None:
    # the small parser starts a sentence at "but" after a closing quote mark
    text = (
        "Dean Johnson says Cruz will “leave here with momentum.” Joe Bateman says there is a "
        "“long road ahead” but he feels confident."
    )
    assert [s.text for s in spacy.load(MODEL_NAME)(text).sents][-1] == "but he feels confident."
    sentences = [s.text for s in load_pipeline(("attribution",))(text).sents]
    assert len(sentences) == 2 and sentences[1].endswith("but he feels confident.")
