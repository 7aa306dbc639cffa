"""Check-worthiness of standalone sentences (no article around them), as the evaluation scores them."""

from __future__ import annotations

from collections.abc import Sequence

from saidwhat.claims.features import claim_features, load_lexicon
from saidwhat.claims.scorer import Scored, load_checkworthiness_model
from saidwhat.claims.text import as_sentence
from saidwhat.nlp.loader import load_pipeline


def score_sentences(texts: Sequence[str], *, batch_size: int = 256) -> list[Scored]:
    """Each text parsed on its own (the spaCy parts the claims stage uses), featurised and scored."""
    nlp = load_pipeline(("claims",))
    spacy_only = [name for name in nlp.pipe_names if not name.startswith("saidwhat_")]
    lexicon = load_lexicon()
    with nlp.select_pipes(enable=spacy_only):
        features = [claim_features(doc[:], lexicon) for doc in nlp.pipe(texts, batch_size=batch_size)]
    model = load_checkworthiness_model()
    sentences = [as_sentence(text) for text in texts]  # as the claims stage scores a claim
    return model.score(sentences, features, model.content_inputs(sentences))
