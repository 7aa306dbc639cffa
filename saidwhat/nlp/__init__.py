"""The spaCy layer: loading the English pipeline once per process and the Doc extensions saidwhat uses."""

from saidwhat.nlp.extensions import install_extensions
from saidwhat.nlp.loader import MODEL_NAME, keep_title_abbreviations, load_pipeline

__all__ = ["MODEL_NAME", "install_extensions", "keep_title_abbreviations", "load_pipeline"]
