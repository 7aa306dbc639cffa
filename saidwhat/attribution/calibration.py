"""Calibrated speaker confidence: per resolution rule, a raw confidence mapped to observed accuracy.

Each rule of :mod:`saidwhat.attribution.speakers` states a raw confidence (its base probability, lowered
by competition). On the PolNeAR train speaker gold, rule ``r`` resolved ``n`` attributions, ``k`` of them
to the right referent, with mean raw confidence ``m``. Its smoothed accuracy is a Beta prior centred on
``m`` with :data:`PRIOR_WEIGHT` pseudo-cases, updated by the counts::

    a = (k + W·m) / (n + W)

and every raw confidence of the rule is scaled by ``min(a / m, MAX_SCALE)`` (capped at :data:`CAP`): the
mean calibrated confidence of the rule's train cases is its smoothed accuracy, the ranking within the rule
(competition) is kept, and a rule seen rarely stays close to its stated confidence. Rules never seen in
train keep their raw confidence.

Calibration only ever *lowers* a rule's confidence (:data:`MAX_SCALE` = 1). The train gold is the set the
rules were developed on, so a rule looks more accurate there than it is on unseen text; a rule that is
right more often than it states on train is left as stated, while one that is right less often than it
states is lowered, withheld below 0.5. A wrong speaker is worse than none, so the asymmetry is deliberate.

``scripts/calibrate_speakers.py`` fits the table; ``data/speaker_calibration.json`` holds it with its
provenance.

Set ``SAIDWHAT_SPEAKER_CALIBRATION=off`` for raw confidences (how the table is fitted), or to the path of
another table.
"""

from __future__ import annotations

import json
import os
import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import Any

DEFAULT_PATH = Path(__file__).parent / "data" / "speaker_calibration.json"
ENV = "SAIDWHAT_SPEAKER_CALIBRATION"
PRIOR_WEIGHT = 10.0  # pseudo-cases of the prior centred on the rule's stated confidence
CAP = 0.99  # no rule is certain
MAX_SCALE = 1.0  # calibration never raises a rule above its stated confidence (see the module docstring)

NO_RULE = "none"
#: Every rule key a resolution may carry, with what it means.
RULES: dict[str, str] = {
    NO_RULE: "nothing resolved (no source, first person with no credited author, no candidate)",
    "several": "a coordinated source naming several referents ('Mr. Effron and Mr. Pruzan'): no one speaker",
    "exact_name": "the source is the entity's full name",
    "surname": "a surname with no namesake",
    "surname_shared": "a surname shared with a namesake: the nearer one",
    "partial_name": "part of a person's name",
    "named_actor": "an organisation or place named as the source ('the Kremlin', 'Moscow')",
    "named_group": "a group named alone as the source ('Republicans', 'Democrats'): mostly the group acting",
    "group_subset": "a part of a named group ('some Republicans', 'Democrats in Congress'): withheld",
    "apposed_name": "a description with a name in apposition",
    "named_example": "a group with a named example ('advisers like Gene Sperling')",
    "pronoun_gender_known": "he/she → the most salient person of that gender",
    "pronoun_gender_unknown": "he/she → the most salient person of unknown gender",
    "pronoun_it": "it → the most salient organisation",
    "plural_pronoun": "they → the most salient named group or organisation",
    "plural_pronoun_phrase": "they → a plural noun phrase just before ('the protesters')",
    "role_with_organization": "a role and organisation → the person introduced so",
    "role_only": "a role → the person introduced so",
    "organization_speaker": "a role of an organisation no one holds → that organisation's latest speaker",
    "new_role_holder": "a definite role no one was introduced with → an unnamed person",
    "later_role_holder": "a definite role no one held before → the one holder named in the next sentences",
    "salient_description": "a definite description no one holds → the most salient person",
    "salient_organization": "a definite organisation noun ('the group') → the most salient organisation",
    "cataphor": "an indefinite description the next sentence names ('A major civil rights group says …')",
    "fronted_possessive": "'his' in a phrase opening its sentence → the person named after its comma",
    "kin": "'Donald Trump's wife' → the one other person of that surname",
    "new_nominal": "a description → an unnamed referent of its own",
    "possessor_actor": "'Kiev's armed forces' act for Kiev",
    "artefact_issuer": "a poll, report, ad … → whoever issued it",
    "artefact_earlier": "'the same poll' → the issuer of the last one named",
    "artefact_speaker": "'the statement' → the latest speaker",
    "untagged_name": "a name the entity stage missed",
    "bare_name": "a short capitalised name alone that no entity covers ('In 2014, Pew found')",
    "campaign": "'his campaign' → the candidate's campaign",
    "cue_neighbour": "the source names no one: a name next to the cue ('Shrum, a strategist, said')",
    "implicit_subject": "no source: the subject the cue's verb shares ('Trump gestured, then boomed')",
    "author": "'I' outside quotations → the article's one credited author (metadata or a credit line)",
}
UNNAMED_REFERENT = "unnamed referent"

_TAG = re.compile(
    r"\[(?P<rule>[a-z_]+) (?P<raw>\d+(?:\.\d+)?)(?: → (?P<calibrated>\d+(?:\.\d+)?))?"
    rf"(?P<unnamed>, {UNNAMED_REFERENT})?\]$"
)


@dataclass(frozen=True, slots=True)
class RuleCalibration:
    """One rule's train counts and the scale they give its raw confidences."""

    rule: str
    cases: int
    correct: int
    mean_raw: float
    scale: float

    def calibrate(self, raw: float) -> float:
        return min(CAP, raw * self.scale) if raw > 0 else 0.0

    def as_dict(self) -> dict[str, Any]:
        accuracy = round(self.correct / self.cases, 3) if self.cases else None
        return {
            "cases": self.cases,
            "correct": self.correct,
            "observed_accuracy": accuracy,
            "mean_raw_confidence": round(self.mean_raw, 3),
            "scale": round(self.scale, 4),
        }


@dataclass(frozen=True)
class SpeakerCalibration:
    """Raw → calibrated confidence for each rule; rules not in the table are left as they are."""

    rules: Mapping[str, RuleCalibration] = field(default_factory=dict)
    provenance: Mapping[str, Any] = field(default_factory=dict)
    prior_weight: float = PRIOR_WEIGHT
    max_scale: float = MAX_SCALE

    def calibrate(self, rule: str, raw: float) -> float:
        table = self.rules.get(rule)
        return raw if table is None else table.calibrate(raw)

    def to_json(self) -> dict[str, Any]:
        return {
            "method": (
                "per rule: calibrated = min(cap, raw × scale), scale = min(max_scale, a / m), "
                "a = (k + W·m) / (n + W) with n train cases, k right, m their mean raw confidence, "
                "W the prior weight"
            ),
            "prior_weight": self.prior_weight,
            "max_scale": self.max_scale,
            "cap": CAP,
            "provenance": dict(self.provenance),
            "rules": {rule: self.rules[rule].as_dict() for rule in sorted(self.rules)},
        }

    @classmethod
    def from_json(cls, data: Mapping[str, Any]) -> SpeakerCalibration:
        rules = {
            rule: RuleCalibration(
                rule,
                int(row["cases"]),
                int(row["correct"]),
                float(row["mean_raw_confidence"]),
                float(row["scale"]),
            )
            for rule, row in data["rules"].items()
        }
        return cls(
            rules,
            dict(data.get("provenance", {})),
            float(data.get("prior_weight", PRIOR_WEIGHT)),
            float(data.get("max_scale", MAX_SCALE)),
        )


def fit_rule(
    rule: str,
    cases: Iterable[tuple[float, bool]],
    prior_weight: float = PRIOR_WEIGHT,
    max_scale: float = MAX_SCALE,
) -> RuleCalibration:
    """The calibration of one rule from its (raw confidence, right) cases; cases with raw 0 are ignored."""
    seen = [(raw, right) for raw, right in cases if raw > 0]
    if not seen:
        return RuleCalibration(rule, 0, 0, 0.0, 1.0)
    correct = sum(1 for _, right in seen if right)
    mean = sum(raw for raw, _ in seen) / len(seen)
    smoothed = (correct + prior_weight * mean) / (len(seen) + prior_weight)
    return RuleCalibration(rule, len(seen), correct, mean, min(max_scale, smoothed / mean))


def fit(
    cases: Iterable[tuple[str, float, bool]],
    provenance: Mapping[str, Any] | None = None,
    prior_weight: float = PRIOR_WEIGHT,
    max_scale: float = MAX_SCALE,
) -> SpeakerCalibration:
    """A table from (rule, raw confidence, right) cases; the ``none`` rule is never calibrated."""
    by_rule: dict[str, list[tuple[float, bool]]] = {}
    for rule, raw, right in cases:
        if rule != NO_RULE and raw > 0:
            by_rule.setdefault(rule, []).append((raw, right))
    rules = {rule: fit_rule(rule, rows, prior_weight, max_scale) for rule, rows in sorted(by_rule.items())}
    return SpeakerCalibration(rules, dict(provenance or {}), prior_weight, max_scale)


def load_calibration(path: Path | None = None) -> SpeakerCalibration:
    """The table at ``path``, else ``$SAIDWHAT_SPEAKER_CALIBRATION`` (``off``: none), else the shipped one."""
    if path is None:
        setting = os.environ.get(ENV, "").strip()
        if setting.lower() in ("off", "none", "raw"):
            return SpeakerCalibration()
        path = Path(setting) if setting else DEFAULT_PATH
    return _load(path.resolve())


@lru_cache(maxsize=8)
def _load(path: Path) -> SpeakerCalibration:
    if not path.is_file():
        return SpeakerCalibration()
    return SpeakerCalibration.from_json(json.loads(path.read_text(encoding="utf-8")))


def _number(value: float) -> str:
    return f"{round(value, 3):g}" if value else "0"


def rule_tag(rule: str, raw: float, calibrated: float, *, unnamed: bool = False) -> str:
    """The end of a resolution's explanation: ``[surname 0.93 → 0.91]``, for a reader and for the eval."""
    shown = f" → {_number(calibrated)}" if round(raw, 3) != round(calibrated, 3) else ""
    referent = f", {UNNAMED_REFERENT}" if unnamed else ""
    return f"[{rule} {_number(raw)}{shown}{referent}]"


@dataclass(frozen=True, slots=True)
class RuleTag:
    rule: str
    raw: float
    unnamed: bool


def parse_rule_tag(explanation: str | None) -> RuleTag | None:
    """The rule, raw confidence and unnamed-referent flag at the end of an explanation, if any."""
    found = _TAG.search(explanation or "")
    if found is None:
        return None
    return RuleTag(found["rule"], float(found["raw"]), found["unnamed"] is not None)


__all__ = [
    "NO_RULE",
    "RULES",
    "UNNAMED_REFERENT",
    "RuleCalibration",
    "RuleTag",
    "SpeakerCalibration",
    "fit",
    "load_calibration",
    "parse_rule_tag",
    "rule_tag",
]
