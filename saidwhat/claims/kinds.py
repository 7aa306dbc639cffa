"""The kind of a claim, from its parse: what evidence a checker would look for.

Rules, first match wins (a claim with a figure is checked as a statistic even when it also says what
caused what):

1. **statistic**: a figure — a numeral written with digits that is not a date ("700,000"), an amount
   (percent, money, quantity), or a scale word ("million", "percent");
2. **causal**: a causal connective ("because", "led to", "as a result", "responsible for");
3. **intent**: the speaker's own intention or policy — a first-person subject with a verb of wanting,
   aiming or promising, or with "will" ("We want to free her", "We do not aim to divide…");
4. **prediction**: something will happen — "will", "shall", "going to" without a first-person subject;
5. **event**: something happened or was done — a verb in the past or the perfect ("Kiev had been
   planning an attack");
6. **other**: the rest (states, opinions, descriptions).
"""

from __future__ import annotations

from spacy.tokens import Span as TokenSpan
from spacy.tokens import Token

from saidwhat.claims.features import AMOUNT_TYPES, FIRST_PERSON, TIME_TYPES, Features, Lexicon, load_lexicon
from saidwhat.model import ClaimKind

FUTURE = frozenset({"will", "shall", "'ll", "wo"})  # "wo" is spaCy's token for "won't"'s first half


def claim_kind(span: TokenSpan, features: Features, lexicon: Lexicon | None = None) -> ClaimKind:
    lexicon = lexicon or load_lexicon()
    tokens = list(span)
    if _has_figure(tokens, lexicon):
        return ClaimKind.STATISTIC
    if features.value("causal_connective"):
        return ClaimKind.CAUSAL
    first_person_subject = any(_is_first_person_subject(t) for t in tokens)
    future = any(t.lower_ in FUTURE and t.tag_ == "MD" for t in tokens) or any(
        t.lower_ == "going" and t.i + 1 < len(t.doc) and t.nbor(1).lower_ == "to" for t in tokens
    )
    if first_person_subject and (features.value("intent_or_wish") or future):
        return ClaimKind.INTENT
    if future:
        return ClaimKind.PREDICTION
    if features.value("past_event"):
        return ClaimKind.EVENT
    return ClaimKind.OTHER


def _has_figure(tokens: list[Token], lexicon: Lexicon) -> bool:
    for token in tokens:
        if token.ent_type_ in AMOUNT_TYPES:
            return True
        if token.like_num and token.ent_type_ not in TIME_TYPES and any(c.isdigit() for c in token.text):
            return True
    lemmas = [(t.lemma_ or t.text).lower() for t in tokens]
    return bool(lexicon.matches("quantity_words", lemmas))


def _is_first_person_subject(token: Token) -> bool:
    return token.lower_ in FIRST_PERSON and token.dep_ in {"nsubj", "nsubjpass"}
