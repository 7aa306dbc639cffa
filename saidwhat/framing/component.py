"""The ``saidwhat_framing`` spaCy component: cue stance, voice and stance profiles."""

from __future__ import annotations

from spacy.language import Language
from spacy.tokens import Doc

from saidwhat.framing.profiles import stance_profiles
from saidwhat.framing.stance import cue_stances, load_stance_lexicon
from saidwhat.framing.voice import voice_segments
from saidwhat.model import Voice, VoiceSegment
from saidwhat.nlp.extensions import install_extensions
from saidwhat.nlp.spans import set_span_group

#: Span group of the voice segments, labelled "reported", "frame" or "outlet" (an assertion).
VOICE_GROUP = "saidwhat_voice"


class FramingComponent:
    """Sets each attribution's cue stance, the voice of every sentence and the per-speaker profiles.

    Runs after ``saidwhat_attribution`` and reads ``doc._.saidwhat_attributions``; a doc without
    attributions still gets its voice (all of it the outlet's).
    """

    def __init__(self, nlp: Language, name: str = "saidwhat_framing") -> None:
        self.name = name
        self._lexicon = load_stance_lexicon()
        install_extensions()

    def __call__(self, doc: Doc) -> Doc:
        attributions = doc._.saidwhat_attributions or []
        stances = cue_stances(doc, attributions, self._lexicon)
        attributions = [
            attribution.model_copy(update={"stance": stance})
            for attribution, stance in zip(attributions, stances, strict=True)
        ]
        doc._.saidwhat_attributions = attributions
        doc._.saidwhat_voice = voice_segments(doc, attributions)
        doc._.saidwhat_stance_profiles = stance_profiles(attributions)
        set_span_group(doc, VOICE_GROUP, ((s.span, group_label(s)) for s in doc._.saidwhat_voice))
        return doc


def group_label(segment: VoiceSegment) -> str:
    """The segment's kind: "reported", "frame" (the outlet introducing an attribution) or "outlet"."""
    if segment.voice is Voice.REPORTED:
        return "reported"
    return "frame" if segment.attribution is not None else "outlet"
