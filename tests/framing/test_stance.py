"""Cue stance: the lexicon file, its coverage of PolNeAR's cues, and reading a cue in the parse."""

from __future__ import annotations

from pathlib import Path

import pytest
import spacy

from saidwhat.framing.cue_inventory import derive, load_inventory
from saidwhat.framing.stance import (
    LEXICON_FILE,
    Role,
    StanceLexicon,
    cue_stances,
    load_stance_lexicon,
    parse_lexicon,
)
from saidwhat.model import Attribution, AttributionKind, Stance
from saidwhat.nlp import MODEL_NAME
from tests.framing.conftest import cue_tokens, find

POLNEAR = Path(__file__).resolve().parents[3] / "shared" / "data" / "polnear"
LEXICON_PATH = Path(__file__).resolve().parents[2] / "saidwhat" / "framing" / LEXICON_FILE

N, D, E, M = Stance.NEUTRAL, Stance.DISTANCING, Stance.ENDORSING, Stance.EMPHATIC


@pytest.mark.parametrize(
    ("sentence", "cue", "stance"),
    [
        ("He said that it rained.", "said", N),
        ("The Kremlin spokesman stated that it rained.", "stated", N),
        ("He claimed that it rained.", "claimed", D),
        ("He went on to allege that Kiev had been planning an attack.", "went on to allege", D),
        ("He insisted that Russia had to step in.", "insisted", D),
        ("Moscow has repeatedly called it a “red line.”", "has repeatedly called", N),
        ("She admitted that the plan had failed.", "admitted", E),
        ("The ministry confirmed that two soldiers died.", "confirmed", E),
        ("He pointed out that the law forbids it.", "pointed out", E),
        ("He pointed to the polls.", "pointed", N),
        ("She warned that prices would rise.", "warned", M),
        ("Trump lashed out at reporters.", "lashed out", M),
        ("According to the Kremlin, the goal is peace.", "According to", N),
        ("The claim that the vote was rigged spread fast.", "claim", D),
    ],
)
def test_cue_stance_by_verb_class(parse, sentence, cue, stance):
    assert load_stance_lexicon().read(cue_tokens(parse(sentence), cue)).stance is stance


@pytest.mark.parametrize(
    ("sentence", "cue", "stance", "negated"),
    [
        # A negated denial insinuates the content; every other negated cue reports no evaluation.
        ("He did not deny that he met her.", "did not deny", E, True),
        ("She refused to deny it.", "refused to deny", E, True),
        ("He never claimed that it rained.", "claimed", N, True),
        ("The ministry did not confirm the deaths.", "did not confirm", N, True),
    ],
)
def test_negation_uses_the_negated_column(parse, sentence, cue, stance, negated):
    reading = load_stance_lexicon().read(cue_tokens(parse(sentence), cue))
    assert (reading.stance, reading.negated) == (stance, negated)


@pytest.mark.parametrize(
    ("sentence", "cue", "stance", "modifier"),
    [
        ("He falsely said that the vote was rigged.", "said", D, "falsely"),
        ("He said, without evidence, that the vote was rigged.", "said", D, "without evidence"),
        ("She angrily denied that she met him.", "denied", M, "angrily"),
        ("He rightly claimed that the figures were wrong.", "claimed", E, "rightly"),
    ],
)
def test_an_adverb_on_the_cue_overrides_the_verb(parse, sentence, cue, stance, modifier):
    reading = load_stance_lexicon().read(cue_tokens(parse(sentence), cue))
    assert (reading.stance, reading.modifier) == (stance, modifier)


def test_a_cue_word_outside_the_lexicon_has_no_stance(parse):
    assert StanceLexicon([]).read(cue_tokens(parse("He said so."), "said")).stance is None


def test_follow_on_quotations_take_the_stance_of_the_attribution_they_continue(parse):
    text = "“We will win,” he claimed.\n“Nobody can stop us.”"
    doc = parse(text)
    first = Attribution(
        id="A1",
        kind=AttributionKind.DIRECT,
        cue=find(text, "claimed"),
        content=[find(text, "“We will win,”")],
        source=find(text, "he"),
        speaker=None,
        confidence=0.4,
    )
    follow_on = first.model_copy(
        update={"id": "A2", "kind": AttributionKind.FOLLOW_ON, "cue": None, "source": None, "continues": "A1"}
    )
    follow_on = follow_on.model_copy(update={"content": [find(text, "“Nobody can stop us.”")]})
    cueless = follow_on.model_copy(update={"id": "A3", "continues": None})
    assert cue_stances(doc, [first, follow_on, cueless], load_stance_lexicon()) == [D, D, None]


def test_lexicon_rows_are_unique_and_well_formed():
    raw = LEXICON_PATH.read_text(encoding="utf-8")
    entries = list(parse_lexicon(raw))
    words = [entry.word for entry in entries]
    assert len(words) == len(set(words)), "a word listed twice"
    assert all(entry.why for entry in entries)
    assert all((entry.negated is None) == (entry.role is Role.MODIFIER) for entry in entries)
    assert {entry.stance for entry in entries} == set(Stance)


def test_every_shipped_polnear_cue_lemma_has_a_stance():
    lexicon = load_stance_lexicon()
    inventory = load_inventory()
    assert len(inventory) > 700
    assert [lemma for lemma in inventory if lexicon.word(lemma) is None] == []


@pytest.mark.slow
@pytest.mark.skipif(
    not (POLNEAR / "data" / "train").is_dir(),
    reason="PolNeAR train is not at ../shared/data/polnear (the list cannot be derived again)",
)
def test_the_cue_lemma_list_derived_again_from_polnear_train_is_shipped_and_covered():
    derived = derive(spacy.load(MODEL_NAME, exclude=["ner"]), POLNEAR)
    assert derived == load_inventory()
    lexicon = load_stance_lexicon()
    assert [lemma for lemma in derived if lexicon.word(lemma) is None] == []
