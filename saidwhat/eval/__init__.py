"""Evaluation against annotated corpora."""
