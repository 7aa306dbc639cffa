"""A self-contained HTML report: the article text with its spans highlighted and a table beside it.

The report has inline CSS and nothing else: no scripts, no external assets, so it can be mailed or
archived as one file. Article text and metadata are untrusted, so every piece of them goes through
:func:`html.escape`; the only markup in the output comes from this module and the template.

Spans overlap and nest (a cue inside a sentence whose content holds a scare quote and three entity
mentions), which nested ``<span>`` elements cannot express in general. So the text is cut at every
span boundary into flat segments, and each segment gets the classes of all spans covering it.
"""

from __future__ import annotations

import html
import io
import itertools
from collections import defaultdict
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from importlib.resources import files
from string import Template
from typing import TextIO

from saidwhat import __version__
from saidwhat.model import Analysis, Attribution, Entity, Span
from saidwhat.render.common import (
    KIND_LABELS,
    article_byline,
    article_title,
    content_text,
    one_line,
    speaker_label,
    truncate,
)

#: Speaker colour classes defined in the template (``.spk-0`` … ``.spk-11``); reused cyclically.
PALETTE_SIZE = 12
REPORT_TITLE = "saidwhat: who said what"
CONTENT_LIMIT = 300


@dataclass(frozen=True, slots=True)
class Mark:
    """One highlighted span: the CSS classes it adds and the tooltip it contributes."""

    start: int
    end: int
    classes: tuple[str, ...]
    note: str
    #: Larger wins when two marks set the same property (the speaker colour): inner spans rank higher.
    rank: int = 0


@dataclass(frozen=True, slots=True)
class Segment:
    start: int
    end: int
    marks: tuple[Mark, ...]


def esc(text: str) -> str:
    return html.escape(text, quote=True)


def segment(length: int, marks: Iterable[Mark]) -> Iterator[Segment]:
    """Cut ``[0, length)`` at every mark boundary; each piece lists the marks that cover it.

    A sweep over boundary events: at each boundary the marks ending there leave the active set and the
    marks starting there join it, so the cost is linear in text length plus marks (times the depth).
    """
    opening: dict[int, list[Mark]] = defaultdict(list)
    closing: dict[int, list[Mark]] = defaultdict(list)
    for mark in marks:
        if 0 <= mark.start < mark.end <= length:  # empty or out-of-text marks have nothing to show
            opening[mark.start].append(mark)
            closing[mark.end].append(mark)
    boundaries = sorted({0, length, *opening, *closing})
    active: list[Mark] = []
    for start, end in itertools.pairwise(boundaries):
        active = [mark for mark in active if mark not in closing[start]] + opening[start]
        yield Segment(start, end, tuple(active))


class SpeakerColours:
    """One colour class per resolved speaker, in order of first appearance in the article."""

    def __init__(self, attributions: Iterable[Attribution]) -> None:
        self._index: dict[str, int] = {}
        for attribution in attributions:
            if attribution.speaker is not None:
                self._index.setdefault(attribution.speaker.id, len(self._index))

    def css_class(self, attribution: Attribution) -> str:
        if attribution.speaker is None:
            return "spk-none"
        return f"spk-{self._index[attribution.speaker.id] % PALETTE_SIZE}"

    def legend(self, attributions: Iterable[Attribution]) -> list[tuple[str, str]]:
        """(colour class, speaker name) for each resolved speaker, once each."""
        seen: dict[str, tuple[str, str]] = {}
        for attribution in attributions:
            if attribution.speaker is not None:
                seen.setdefault(
                    attribution.speaker.id, (self.css_class(attribution), attribution.speaker.name)
                )
        return list(seen.values())


def attribution_marks(analysis: Analysis, colours: SpeakerColours) -> Iterator[Mark]:
    for number, attribution in enumerate(analysis.attributions, start=1):
        who = attribution.speaker.name if attribution.speaker else "unresolved speaker"
        kind = KIND_LABELS[attribution.kind]
        for span in attribution.content:
            # Shorter content spans rank higher so a quotation nested in another keeps its own colour.
            yield Mark(
                span.start,
                span.end,
                ("content", colours.css_class(attribution)),
                f"#{number} {kind}: {who}",
                rank=-(span.end - span.start),
            )
        if attribution.cue is not None:
            yield _simple(attribution.cue, "cue", f"cue of #{number}")
        if attribution.source is not None:
            yield _simple(attribution.source, "source", f"source of #{number}: {who}")


def other_marks(analysis: Analysis, *, entities: bool) -> Iterator[Mark]:
    for quote in analysis.scare_quotes:
        yield _simple(quote.span, "scare", "scare quote")
    if entities:
        for entity in analysis.entities:
            for mention in entity.mentions:
                yield _simple(mention, "entity", f"{entity.name} ({entity.type.value})")


def _simple(span: Span, css_class: str, note: str) -> Mark:
    return Mark(span.start, span.end, (css_class,), note)


def render_text(analysis: Analysis, section: int, *, entities: bool = True) -> str:
    """The article text as HTML, every span highlighted and each attribution numbered at its start."""
    colours = SpeakerColours(analysis.attributions)
    marks = [*attribution_marks(analysis, colours), *other_marks(analysis, entities=entities)]
    tags = _tags_by_position(analysis, section)
    text = analysis.article.text
    parts: list[str] = []
    for piece in segment(len(text), marks):
        parts.extend(tags.pop(piece.start, []))
        parts.append(_segment_html(text[piece.start : piece.end], piece.marks))
    return "".join(parts)


def _tags_by_position(analysis: Analysis, section: int) -> dict[int, list[str]]:
    """Superscript links to the side-table row, placed where each attribution's content starts."""
    tags: dict[int, list[str]] = defaultdict(list)
    for number, attribution in enumerate(analysis.attributions, start=1):
        start = min(span.start for span in attribution.content)
        tags[start].append(f'<sup class="tag"><a href="#{_row_id(section, number)}">{number}</a></sup>')
    return tags


def _segment_html(text: str, marks: tuple[Mark, ...]) -> str:
    if not marks:
        return esc(text)
    classes: list[str] = []
    for mark in sorted(marks, key=lambda m: m.rank):
        if "content" in mark.classes:  # only the innermost content's colour applies
            classes = [c for c in classes if not c.startswith("spk-")]
        classes.extend(c for c in mark.classes if c not in classes)
    note = " · ".join(dict.fromkeys(mark.note for mark in marks))
    return f'<span class="{esc(" ".join(classes))}" title="{esc(note)}">{esc(text)}</span>'


def _row_id(section: int, number: int) -> str:
    # Built from counters only, never from the (untrusted) article id.
    return f"a{section}-{number}"


def side_table(analysis: Analysis, section: int) -> str:
    colours = SpeakerColours(analysis.attributions)
    if not analysis.attributions:
        return '<p class="none">No attributions found.</p>'
    rows = "\n".join(
        _table_row(attribution, section, number, colours)
        for number, attribution in enumerate(analysis.attributions, start=1)
    )
    head = "<tr><th>#</th><th>kind</th><th>speaker</th><th>cue</th><th>content</th><th>conf.</th></tr>"
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
        f'<td>{content}</td><td class="conf">{attribution.confidence:.2f}</td></tr>'
    )


def entity_list(analysis: Analysis) -> str:
    if not analysis.entities:
        return ""
    items = "\n".join(
        f"<li>{esc(entity.name)} <small>({esc(entity.type.value)}, {_mentions(entity)})</small></li>"
        for entity in analysis.entities
    )
    summary = f"<summary>Entities ({len(analysis.entities)})</summary>"
    return f"<details>{summary}\n<ul>\n{items}\n</ul>\n</details>"


def _mentions(entity: Entity) -> str:
    count = len(entity.mentions)
    return "1 mention" if count == 1 else f"{count} mentions"


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
            f"<aside>{side_table(analysis, section)}\n{entity_list(analysis)}</aside>",
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
