"""Rendering analyses: terminal table, JSON, JSONL and a self-contained HTML report."""
