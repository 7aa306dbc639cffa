"""Speaker resolution: which entity a source ("he", "Peskov", "the Kremlin spokesman") refers to.

Each rule gives a simple, explainable probability. A wrong speaker is worse than none, so any resolution
below :data:`MIN_CONFIDENCE` comes back with ``speaker=None`` and its candidates listed instead.

Competition lowers confidence the same way for every rule: with the best candidate scoring ``s1`` and
the runner-up ``s2``, confidence = base × (1 − 0.6 × s2 / s1), so two candidates within 20 % of each
other always fall below 0.5.

Each resolution names the rule that fired (:attr:`Resolution.rule`, one of
:data:`saidwhat.attribution.calibration.RULES`). The rule's raw confidence is then calibrated on the
PolNeAR train speaker gold (``data/speaker_calibration.json``, fitted by ``scripts/calibrate_speakers.py``;
see :mod:`saidwhat.attribution.calibration`), and the 0.5 threshold applies to the calibrated value. The
explanation ends with the rule, the raw and the calibrated confidence: ``"... [surname 0.93 → 0.91]"``.

Modules, one job each:

- :mod:`.resolver`: :class:`SpeakerResolver`, which dispatches each source by its form to a rule family:
  :mod:`.names` (names, surnames, names the entity stage missed), :mod:`.pronouns`, :mod:`.descriptions`
  (roles, organisation and place nouns, relatives, unnamed referents), :mod:`.artefacts` (polls, reports,
  statements, campaigns speak for their issuer) and :mod:`.recovery` (no usable source: the subject a cue
  shares, the name next to it); the families are mixins over :mod:`.base`, the shared state and the
  step that commits to a speaker or withholds it;
- :mod:`.parameters`: each rule's base confidence and the limits the rules work within;
- :mod:`.salience`: how much the story is about each entity at a point of the text;
- :mod:`.facts`: the genders and roles known of each entity, from the article and from resolving;
- :mod:`.syntax`: pronoun classes and small tests on the parse;
- :mod:`.resolution`: what a resolution returns.
"""

from saidwhat.attribution.speakers.resolution import MIN_CONFIDENCE, Resolution, speaker_of
from saidwhat.attribution.speakers.resolver import SpeakerResolver
from saidwhat.attribution.speakers.salience import entry_starts

__all__ = ["MIN_CONFIDENCE", "Resolution", "SpeakerResolver", "entry_starts", "speaker_of"]
