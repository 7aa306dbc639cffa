"""Doc extensions that saidwhat's spaCy components fill.

Results are also written to span groups (``doc.spans["saidwhat_cues"]`` …) so that spaCy users
can display them with displaCy; the extensions carry the full typed records.
"""

from __future__ import annotations

from spacy.tokens import Doc

EXTENSIONS = (
    "saidwhat_published",  # the article's publication date (ISO string or None), set before the pipeline runs
    "saidwhat_authors",  # the article's authors from its metadata (list of names or None), set likewise
    "saidwhat_entities",
    "saidwhat_attributions",
    "saidwhat_scare_quotes",
    "saidwhat_voice",
    "saidwhat_stance_profiles",
    "saidwhat_techniques",
    "saidwhat_dates",
    "saidwhat_claims",
)

SPAN_GROUPS = {
    "cue": "saidwhat_cues",
    "source": "saidwhat_sources",
    "content": "saidwhat_contents",
    "scare_quote": "saidwhat_scare_quotes",
    "entity": "saidwhat_entities",
}


def install_extensions() -> None:
    """Register the extensions, once; safe to call again (as spacy-transformers does)."""
    for name in EXTENSIONS:
        if not Doc.has_extension(name):
            Doc.set_extension(name, default=None)
