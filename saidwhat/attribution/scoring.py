"""Score each draft attribution: the probability that it is a real attribution.

The rules propose generously (any cue word the lexicon knows, with a complement of a suitable
shape); a logistic-regression model over explainable features of the draft — the cue's lemma and
learned reliability, the rule, the shape of source and content — decides which to keep. The model is
trained on PolNeAR train by ``scripts/train_attribution_scorer.py`` and shipped as
``data/attribution_scorer.json`` (weights by feature name, readable by a person).
"""

from __future__ import annotations

import json
import math
from functools import lru_cache
from importlib.resources import files

from spacy.tokens import Doc, Token

from saidwhat.attribution.cues import CueLexicon
from saidwhat.attribution.rules import Draft

Features = dict[str, float]
_COUNTS = frozenset({"CARDINAL", "QUANTITY", "MONEY", "PERCENT"})
_CONTENT_OPENERS = frozenset({"that", "to", "what", "how", "whether", "if", "why", "when", "who"})


def draft_features(draft: Draft, doc: Doc, lexicon: CueLexicon) -> Features:
    """Named features of one draft (binary unless the name says otherwise)."""
    features: Features = {"bias": 1.0, f"rule={draft.rule}": 1.0, f"kind={draft.kind.value}": 1.0}
    cue = doc[draft.cue_token] if draft.cue_token is not None else None
    if cue is not None:
        features.update(_cue_features(cue, lexicon, draft.rule))
    source = _source_features(draft, doc)
    content = _content_features(draft, doc, lexicon)
    features.update(source)
    features.update(content)
    # Whether a construction reports speech depends on who acts and on what: "Moscow has issued
    # 700,000 passports" (a place acting on a counted thing) is an act, "Trump attacked Clinton" speech.
    for name in (*source, *content):
        if name.startswith(("source_ent=", "content_root_ent=", "content_number")):
            features[f"rule+{name}={draft.rule}"] = 1.0
    return features


def _cue_features(cue: Token, lexicon: CueLexicon, rule: str) -> Features:
    reliability = lexicon.reliability(cue)
    return {
        f"lemma={cue.lemma_.lower()}/{cue.pos_}": 1.0,
        f"rule+lemma={rule}/{cue.lemma_.lower()}": 1.0,
        "reliability": reliability,
        "log_cue_count": math.log1p(lexicon.count(cue)) / 8,
        f"tag={cue.tag_}": 1.0,
        f"dep={cue.dep_}": 1.0,
        f"rule+dep={rule}/{cue.dep_}": 1.0,
        "negated": float(any(child.dep_ == "neg" for child in cue.children)),
    }


def _source_features(draft: Draft, doc: Doc) -> Features:
    if draft.source is None:
        return {"source=none": 1.0}
    span = doc.char_span(*draft.source, alignment_mode="expand")
    if span is None:
        return {"source=unaligned": 1.0}
    root = span.root
    label = root.ent_type_ or "none"
    return {
        f"source_pos={root.pos_}": 1.0,
        f"source_ent={label}": 1.0,
        f"source_word={root.lower_}": 1.0 if root.pos_ == "PRON" else 0.0,
        "source_len": min(len(span), 10) / 10,
    }


def _content_features(draft: Draft, doc: Doc, lexicon: CueLexicon) -> Features:
    start, end = draft.content_range
    span = doc.char_span(start, end, alignment_mode="expand")
    if span is None or not len(span):
        return {"content=unaligned": 1.0}
    first = span[0]
    opener = first.lower_ if first.lower_ in _CONTENT_OPENERS else f"pos:{first.pos_}"
    words = sum(1 for token in span if not token.is_punct)
    before_cue = draft.cue is not None and end <= draft.cue[0]
    return {
        f"content_opener={opener}": 1.0,
        f"rule+opener={draft.rule}/{opener}": 1.0,
        "content_log_words": math.log1p(words) / 5,
        "content_before_cue": float(before_cue),
        "content_has_verb": float(any(t.pos_ in {"VERB", "AUX"} for t in span)),
        f"content_root_ent={span.root.ent_type_ or 'none'}": 1.0,
        "content_number": float(any(t.like_num or t.ent_type_ in _COUNTS for t in span)),
        # Utterance nouns ("a statement", "a warning") head contents that are speech.
        "content_root_cue_noun": math.log1p(lexicon.count(span.root)) / 8
        if span.root.pos_ == "NOUN"
        else 0.0,
    }


#: Constructions PolNeAR train has no example of, so the model cannot weigh them: a fixed probability
#: for each, set by how unambiguous the construction is. A dash sign-off ('“…” — Volodymyr Zelensky')
#: needs a quotation, a dash and a proper name, in that order, at the end of a line.
UNTRAINED_RULE_PRIORS = {"dash": 0.9}
#: Below this many training drafts, a rule with a prior is scored by its prior, not by the model.
MIN_RULE_EXAMPLES = 30


class DraftScorer:
    """A logistic regression over :func:`draft_features`."""

    def __init__(
        self, weights: dict[str, float], threshold: float, rule_counts: dict[str, int] | None = None
    ) -> None:
        self.weights = weights
        self.threshold = threshold
        self.rule_counts = rule_counts or {}

    def score(self, draft: Draft, features: Features) -> float:
        """The probability that ``draft`` is an attribution."""
        if draft.rule in UNTRAINED_RULE_PRIORS and self.rule_counts.get(draft.rule, 0) < MIN_RULE_EXAMPLES:
            return UNTRAINED_RULE_PRIORS[draft.rule]
        return self.probability(features)

    def probability(self, features: Features) -> float:
        z = sum(self.weights.get(name, 0.0) * value for name, value in features.items())
        return 1.0 / (1.0 + math.exp(-max(-30.0, min(30.0, z))))


@lru_cache(maxsize=1)
def load_scorer() -> DraftScorer:
    raw = json.loads(
        files("saidwhat.attribution").joinpath("data/attribution_scorer.json").read_text("utf-8")
    )
    return DraftScorer(raw["weights"], raw["threshold"], raw.get("rule_counts"))
