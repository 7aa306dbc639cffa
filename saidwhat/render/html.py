"""A self-contained HTML report: the article text with its spans highlighted and a table beside it.

The report has inline CSS and nothing else: no scripts, no external assets, so it can be mailed or
archived as one file. Article text and metadata are untrusted, so every piece of them goes through
:func:`html.escape`; the only markup in the output comes from this module and the template.

Spans overlap and nest, so the text is cut at every span boundary into flat segments, each with the
classes of all spans covering it (:mod:`saidwhat.render.segments`, shared with the web app).

Voice is shown in the text: reported content in its speaker's colour, the outlet's own assertions on
a blue ground with a numbered tag (``O1``…, listed beside the text as what to check first), the
reporting frames ("he claimed") in grey italics. The side column lists stance per attribution and
per speaker, scare quotes with their sentence, partial quotations with their speaker, persuasion
techniques, dates and canonical entity names.
"""

from __future__ import annotations

import html
import io
from collections import defaultdict
from collections.abc import Iterable
from importlib.resources import files
from string import Template
from typing import TextIO

from saidwhat import __version__
from saidwhat.framing.quotes import partial_quotations_of
from saidwhat.model import Analysis, Attribution, Entity, Stance
from saidwhat.render.common import (
    KIND_LABELS,
    article_byline,
    article_title,
    attribution_numbers,
    canonical_names,
    claimant_label,
    content_text,
    factor_summary,
    one_line,
    outlet_assertions,
    speaker_label,
    stance_text,
    technique_user,
    truncate,
    voice_summary,
)
from saidwhat.render.segments import Mark, Segment, SpeakerColours, analysis_marks, segment

__all__ = ["HtmlRenderer", "Mark", "Segment", "render_report", "segment"]

REPORT_TITLE = "saidwhat: who said what"
CONTENT_LIMIT = 300


def esc(text: str) -> str:
    return html.escape(text, quote=True)


def render_text(analysis: Analysis, section: int, *, entities: bool = True) -> str:
    """The article text as HTML, every span highlighted and each attribution numbered at its start."""
    marks = analysis_marks(analysis, entities=entities)
    tags = _tags_by_position(analysis, section)
    text = analysis.article.text
    parts: list[str] = []
    for piece in segment(len(text), marks):
        parts.extend(tags.pop(piece.start, []))
        parts.append(_segment_html(text[piece.start : piece.end], piece))
    return "".join(parts)


def _tags_by_position(analysis: Analysis, section: int) -> dict[int, list[str]]:
    """Superscript links to the side-table row, placed where each attribution's content starts, and to
    the list of the outlet's assertions, where each starts."""
    tags: dict[int, list[str]] = defaultdict(list)
    for number, attribution in enumerate(analysis.attributions, start=1):
        start = min(span.start for span in attribution.content)
        tags[start].append(f'<sup class="tag"><a href="#{_row_id(section, number)}">{number}</a></sup>')
    for number, assertion in enumerate(outlet_assertions(analysis), start=1):
        link = f'<a href="#{_assertion_id(section, number)}">O{number}</a>'
        tags[assertion.span.start].append(f'<sup class="tag">{link}</sup>')
    return tags


def _segment_html(text: str, piece: Segment) -> str:
    if not piece.marks:
        return esc(text)
    return f'<span class="{esc(" ".join(piece.classes()))}" title="{esc(piece.note())}">{esc(text)}</span>'


def _row_id(section: int, number: int) -> str:
    # Built from counters only, never from the (untrusted) article id.
    return f"a{section}-{number}"


def _assertion_id(section: int, number: int) -> str:
    return f"o{section}-{number}"


def side_table(analysis: Analysis, section: int) -> str:
    colours = SpeakerColours(analysis.attributions)
    if not analysis.attributions:
        return '<p class="none">No attributions found.</p>'
    rows = "\n".join(
        _table_row(attribution, section, number, colours)
        for number, attribution in enumerate(analysis.attributions, start=1)
    )
    head = (
        "<tr><th>#</th><th>kind</th><th>speaker</th><th>cue</th><th>stance</th>"
        "<th>content</th><th>conf.</th></tr>"
    )
    caption = "<caption>Who said what</caption>"
    return f"<table>\n{caption}\n<thead>{head}</thead>\n<tbody>\n{rows}\n</tbody>\n</table>"


def _table_row(attribution: Attribution, section: int, number: int, colours: SpeakerColours) -> str:
    swatch = f'<span class="swatch {colours.css_class(attribution)}"></span>'
    if attribution.speaker is not None:
        speaker = swatch + esc(speaker_label(attribution))
    else:
        source = one_line(attribution.source.text) if attribution.source else "no source"
        speaker = f'{swatch}<span class="unresolved">{esc(source)}</span>'
    cue = esc(one_line(attribution.cue.text)) if attribution.cue else "—"
    content = esc(truncate(content_text(attribution), CONTENT_LIMIT))
    return (
        f'<tr id="{_row_id(section, number)}"><td class="num">{number}</td>'
        f"<td>{esc(KIND_LABELS[attribution.kind])}</td><td>{speaker}</td><td>{cue}</td>"
        f'<td class="stance-{esc(stance_text(attribution))}">{esc(stance_text(attribution))}</td>'
        f'<td>{content}</td><td class="conf">{attribution.confidence:.2f}</td></tr>'
    )


def entity_list(analysis: Analysis) -> str:
    if not analysis.entities:
        return ""
    items = "\n".join(
        f"<li>{esc(entity.name)}{_canonical(entity)} "
        f"<small>({esc(entity.type.value)}, {_mentions(entity)})</small></li>"
        for entity in analysis.entities
    )
    summary = f"<summary>Entities ({len(analysis.entities)})</summary>"
    return f"<details>{summary}\n<ul>\n{items}\n</ul>\n</details>"


def _canonical(entity: Entity) -> str:
    if entity.canonical is None or entity.canonical == entity.name:
        return ""
    return f' <span class="canonical">→ {esc(entity.canonical)}</span>'


def _mentions(entity: Entity) -> str:
    count = len(entity.mentions)
    return "1 mention" if count == 1 else f"{count} mentions"


def framing_panels(analysis: Analysis, section: int) -> str:
    """The side column's framing parts, each left out when it has nothing to show."""
    parts = [
        claim_panel(analysis),
        assertion_panel(analysis, section),
        profile_panel(analysis),
        scare_quote_panel(analysis),
        partial_quotation_panel(analysis),
        technique_panel(analysis),
        date_panel(analysis),
        canonical_panel(analysis),
    ]
    return "\n".join(part for part in parts if part)


def assertion_panel(analysis: Analysis, section: int) -> str:
    if not analysis.voice:
        return ""
    assertions = outlet_assertions(analysis)
    items = "\n".join(
        f'<li id="{_assertion_id(section, number)}">{esc(one_line(item.span.text))}</li>'
        for number, item in enumerate(assertions, start=1)
    )
    body = f'<ol class="assertions">\n{items}\n</ol>' if assertions else '<p class="none">None.</p>'
    return (
        "<h3>The outlet's own assertions</h3>\n"
        f'<p class="note">Unattributed: what to check first ({esc(voice_summary(analysis))}).</p>\n'
        f"{body}"
    )


def profile_panel(analysis: Analysis) -> str:
    if not analysis.stance_profiles:
        return ""
    rows = "\n".join(
        f"<tr><td>{esc(profile.name)}</td>"
        + "".join(f'<td class="num">{profile.counts.get(stance, 0)}</td>' for stance in Stance)
        + f"<td>{esc(profile.dominant.value if profile.dominant else '—')}</td>"
        + f"<td>{esc(', '.join(one_line(cue) for cue in profile.cues))}</td></tr>"
        for profile in analysis.stance_profiles
    )
    columns = ("speaker", *(stance.value for stance in Stance), "dominant", "cues")
    return _panel_table("Stance of the cues, per speaker", columns, rows)


def scare_quote_panel(analysis: Analysis) -> str:
    if not analysis.scare_quotes:
        return ""
    items = "\n".join(
        f'<li><span class="scare">{esc(one_line(quote.span.text))}</span> '
        f"<small>in: {esc(one_line(quote.sentence.text))}</small></li>"
        for quote in analysis.scare_quotes
    )
    return (
        "<h3>Scare quotes</h3>\n"
        '<p class="note">Quoted words no one is reported to have said: the outlet\'s own marking.</p>\n'
        f"<ul>\n{items}\n</ul>"
    )


def partial_quotation_panel(analysis: Analysis) -> str:
    partials = partial_quotations_of(analysis)
    if not partials:
        return ""
    numbers = attribution_numbers(analysis)
    items = "\n".join(
        f'<li><span class="partial">{esc(one_line(partial.span.text))}</span> '
        f"<small>#{numbers[partial.attribution.id]}, "
        f"{esc(partial.attribution.speaker.name if partial.attribution.speaker else 'unresolved speaker')}"
        "</small></li>"
        for partial in partials
    )
    return (
        "<h3>Partial quotations</h3>\n"
        '<p class="note">The speaker\'s own words quoted inside reported content.</p>\n'
        f"<ul>\n{items}\n</ul>"
    )


def claim_panel(analysis: Analysis) -> str:
    """The claims, most check-worthy first, with who makes them and why they score as they do."""
    if not analysis.claims:
        return ""
    rows = "\n".join(
        f'<tr class="{"worthy" if c.checkworthiness >= 0.5 else "unworthy"}">'
        f'<td class="conf">{c.checkworthiness:.2f}</td>'
        f"<td>{esc(truncate(one_line(c.span.text), CONTENT_LIMIT))}</td><td>{esc(c.kind.value)}</td>"
        f"<td>{esc(claimant_label(analysis, c))}</td><td>{esc(factor_summary(c))}</td></tr>"
        for c in analysis.claims
    )
    return _panel_table(
        "Claims, most check-worthy first (score ≥ 0.50: worth checking)",
        ("score", "claim", "kind", "claimant", "why"),
        rows,
    )


def technique_panel(analysis: Analysis) -> str:
    if not analysis.techniques:
        return ""
    rows = "\n".join(
        f'<tr><td><span class="tech">{esc(truncate(one_line(t.span.text), CONTENT_LIMIT))}</span></td>'
        f'<td>{esc(t.technique.value)}</td><td class="conf">{t.confidence:.2f}</td>'
        f"<td>{esc(technique_user(analysis, t))}</td></tr>"
        for t in analysis.techniques
    )
    return _panel_table("Persuasion techniques", ("span", "technique", "conf.", "used by"), rows)


def date_panel(analysis: Analysis) -> str:
    if not analysis.dates:
        return ""
    rows = "\n".join(
        f'<tr><td><span class="date">{esc(one_line(d.span.text))}</span></td>'
        f"<td>{esc(d.value or 'unresolved: ' + (d.note or 'no anchor'))}</td>"
        f"<td>{esc(d.granularity.value)}</td></tr>"
        for d in analysis.dates
    )
    return _panel_table("Dates", ("span", "value", "granularity"), rows)


def _panel_table(caption: str, columns: Iterable[str], rows: str) -> str:
    head = "".join(f"<th>{esc(column)}</th>" for column in columns)
    return (
        f"<table>\n<caption>{esc(caption)}</caption>\n<thead><tr>{head}</tr></thead>\n"
        f"<tbody>\n{rows}\n</tbody>\n</table>"
    )


def canonical_panel(analysis: Analysis) -> str:
    names = canonical_names(analysis)
    if not names:
        return ""
    items = ", ".join(f"{esc(name)} → {esc(canonical)}" for name, canonical in names)
    return f'<p class="note"><strong>Canonical names:</strong> {items}</p>'


def render_section(analysis: Analysis, section: int, *, entities: bool = True) -> str:
    """One article's part of the report."""
    byline = article_byline(analysis)
    return "\n".join(
        [
            f'<section class="article" id="article-{section}">',
            f"<h2>{esc(one_line(article_title(analysis)))}</h2>",
            f'<p class="byline">{esc(one_line(byline))}</p>' if byline else "",
            '<div class="columns">',
            f'<div class="text">{render_text(analysis, section, entities=entities)}</div>',
            f"<aside>{side_table(analysis, section)}\n{framing_panels(analysis, section)}\n"
            f"{entity_list(analysis)}</aside>",
            "</div>",
            "</section>",
        ]
    )


def _template_parts(*, entities: bool) -> tuple[str, str]:
    """The report's head and foot: the template around its ``$sections`` placeholder."""
    raw = files("saidwhat.render").joinpath("templates/report.html").read_text(encoding="utf-8")
    legend = '<span><span class="entity">entity</span></span>' if entities else ""
    filled = Template(raw).safe_substitute(
        title=esc(REPORT_TITLE), version=esc(__version__), entity_legend=legend
    )
    head, foot = filled.split("$sections")
    return head, foot


class HtmlRenderer:
    """One HTML document with a section per article, written as the analyses arrive."""

    def __init__(self, out: TextIO, *, entities: bool = True) -> None:
        self._out = out
        self._entities = entities
        self._head, self._foot = _template_parts(entities=entities)
        self._count = 0

    def write(self, analysis: Analysis) -> None:
        if self._count == 0:
            self._out.write(self._head)
        self._count += 1
        self._out.write(render_section(analysis, self._count, entities=self._entities) + "\n")
        self._out.flush()

    def close(self) -> None:
        if self._count == 0:
            self._out.write(self._head + '<p class="none">No articles were analysed.</p>\n')
        self._out.write(self._foot)
        self._out.flush()


def render_report(analyses: Iterable[Analysis], *, entities: bool = True) -> str:
    """The whole report as a string."""
    buffer = io.StringIO()
    renderer = HtmlRenderer(buffer, entities=entities)
    for analysis in analyses:
        renderer.write(analysis)
    renderer.close()
    return buffer.getvalue()
