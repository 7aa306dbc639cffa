"""Framing: how the outlet frames what it reports (persuasion techniques, voice and stance)."""
