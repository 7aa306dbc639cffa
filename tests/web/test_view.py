"""The article view's content, built from real and hand-built analyses (no server, no browser)."""

from __future__ import annotations

from saidwhat.model import Analysis, Voice
from saidwhat.render.common import outlet_assertions
from saidwhat.web.view import article_view, safe_url


def classes_at(view, position: int) -> set[str]:
    offset = 0
    for seg in view.segments:
        if offset <= position < offset + len(seg.text):
            return set(seg.classes)
        offset += len(seg.text)
    raise AssertionError(f"no segment at {position}")


def refs_at(view, position: int) -> list[str]:
    offset = 0
    for seg in view.segments:
        if offset <= position < offset + len(seg.text):
            return seg.refs
        offset += len(seg.text)
    raise AssertionError(f"no segment at {position}")


def test_segments_are_the_article_text_verbatim(example: Analysis):
    view = article_view(1, example)
    assert "".join(seg.text for seg in view.segments) == example.article.text
    assert all(seg.text for seg in view.segments)


def test_every_attribution_is_marked_with_its_speakers_colour(example: Analysis):
    view = article_view(1, example)
    colours = {row.id: row.colour for row in view.panels.speakers}
    assert example.attributions, "the example has attributions"
    for number, attribution in enumerate(example.attributions, start=1):
        ref = f"a{number}"
        expected = colours[attribution.speaker.id] if attribution.speaker else "spk-none"
        for span in attribution.content:
            middle = (span.start + span.end) // 2
            assert ref in refs_at(view, middle)
            assert {"content"} <= classes_at(view, middle)
        whole = attribution.content[0]
        assert any(expected in classes_at(view, p) for p in range(whole.start, whole.end))
        if attribution.cue is not None:
            assert "cue" in classes_at(view, attribution.cue.start)
        if attribution.source is not None:
            assert "source" in classes_at(view, attribution.source.start)


def test_two_speakers_never_share_a_colour(example: Analysis):
    speakers = article_view(1, example).panels.speakers
    assert len(speakers) >= 2
    assert len({row.colour for row in speakers}) == len(speakers)
    peskov = next(row for row in speakers if row.name == "Dmitry Peskov")
    assert peskov.counts and peskov.cues  # his stance profile is in the panel


def test_outlet_voice_frames_techniques_and_scare_quotes_are_marked(claimed: Analysis):
    view = article_view(1, claimed)
    for number, assertion in enumerate(outlet_assertions(claimed), start=1):
        assert "outlet" in classes_at(view, assertion.span.start)
        assert f"o{number}" in refs_at(view, assertion.span.start)
    frame = next(s for s in claimed.voice if s.voice is Voice.OUTLET and s.attribution is not None)
    assert "frame" in classes_at(view, frame.span.start)
    for technique in claimed.techniques:
        assert "tech" in classes_at(view, technique.span.start)
    for quote in claimed.scare_quotes:
        assert "scare" in classes_at(view, quote.span.start)


def test_first_segment_of_each_ref_is_its_anchor(claimed: Analysis):
    view = article_view(1, claimed)
    anchors = [ref for seg in view.segments for ref in seg.anchors]
    assert len(anchors) == len(set(anchors))
    rows = (
        [a.ref for a in view.panels.attributions]
        + [c.ref for c in view.panels.claims]
        + [t.ref for g in view.panels.techniques for t in g.techniques]
        + [o.ref for o in view.panels.assertions]
        + [q.ref for q in view.panels.scare_quotes]
    )
    assert set(rows) <= set(anchors)  # every side-panel row can scroll to its span


def test_claims_ranked_by_checkworthiness_with_their_matches(claimed: Analysis):
    claims = article_view(1, claimed).panels.claims
    assert [c.checkworthiness for c in claims] == [0.87, 0.62, 0.31]
    assert [c.checkworthy for c in claims] == [True, True, False]
    assert claims[0].claimant == "Dmitry Peskov" and claims[1].claimant == "outlet"
    assert [m.verdict for m in claims[0].matches] == ["Misleading", "False"]
    # A stored fact-check URL that is not http(s) is never offered as a link.
    assert claims[0].safe_urls == ["https://factcheck.example.org/nato-ukraine", None]


def test_techniques_grouped_by_who_uses_them(claimed: Analysis):
    groups = {g.user: [t.technique for t in g.techniques] for g in article_view(1, claimed).panels.techniques}
    assert groups == {"Dmitry Peskov": ["Name_Calling,Labeling"], "outlet": ["Loaded_Language"]}


def test_safe_url_keeps_only_http_addresses():
    assert safe_url("https://example.org/a") == "https://example.org/a"
    assert safe_url("HTTP://example.org") == "HTTP://example.org"
    for bad in (
        "javascript:alert(1)",
        " JavaScript:alert(1)",
        "data:text/html,<script>",
        "vbscript:x",
        "//x",
    ):
        assert safe_url(bad) is None
    assert safe_url(None) is None
