import html
import itertools
import re
from html.parser import HTMLParser

from hypothesis import given
from hypothesis import strategies as st

from saidwhat.model import (
    Analysis,
    Article,
    ArticleMetadata,
    Attribution,
    AttributionKind,
    Entity,
    EntityType,
    Span,
    Speaker,
)
from saidwhat.render.html import Mark, render_report, segment
from tests.render.example import EXAMPLE_TEXT, example_analysis

XSS = "<script>alert(1)</script>"


def text_div(report: str) -> str:
    match = re.search(r'<div class="text">(.*?)</div>', report, re.DOTALL)
    assert match is not None
    return match.group(1)


def plain(fragment: str) -> str:
    """The text a browser would show, without the attribution number tags."""
    fragment = re.sub(r"<sup class=\"tag\">.*?</sup>", "", fragment)
    return html.unescape(re.sub(r"<[^>]+>", "", fragment))


def test_segments_split_overlapping_and_nested_marks():
    outer, inner, cross = Mark(2, 10, ("a",), "a"), Mark(4, 6, ("b",), "b"), Mark(8, 12, ("c",), "c")
    pieces = [(s.start, s.end, {m.note for m in s.marks}) for s in segment(14, [outer, inner, cross])]
    assert pieces == [
        (0, 2, set()),
        (2, 4, {"a"}),
        (4, 6, {"a", "b"}),
        (6, 8, {"a"}),
        (8, 10, {"a", "c"}),
        (10, 12, {"c"}),
        (12, 14, set()),
    ]


marks_strategy = st.lists(
    st.tuples(st.integers(0, 40), st.integers(0, 40)).map(lambda p: Mark(min(p), max(p), ("x",), f"{p}")),
    max_size=8,
)


@given(marks=marks_strategy)
def test_segments_tile_the_text_and_list_exactly_the_covering_marks(marks):
    pieces = list(segment(40, marks))
    assert pieces[0].start == 0
    assert pieces[-1].end == 40
    assert all(a.end == b.start for a, b in itertools.pairwise(pieces))
    for piece in pieces:
        covering = {m for m in marks if m.start <= piece.start and piece.end <= m.end and m.start < m.end}
        assert set(piece.marks) == covering


def test_report_shows_the_article_text_verbatim():
    assert plain(text_div(render_report([example_analysis()]))) == EXAMPLE_TEXT


def test_content_cue_source_scare_quotes_and_entities_are_marked():
    report = render_report([example_analysis()])
    body = text_div(report)
    assert '<span class="content spk-0" title="#1 direct: Dmitry Peskov">After the 2014' in body
    # "he claimed." is also attribution 1's reporting frame in the example, so both classes apply.
    assert '<span class="frame cue" title="reporting frame of #1 · cue of #1">claimed</span>' in body
    assert (
        '<span class="source frame" title="source of #1: Dmitry Peskov · reporting frame of #1">he</span>'
        in body
    )
    assert '<span class="cue" title="cue of #2">arguing</span>' in body
    assert '<span class="scare" title="scare quote">“red line.”</span>' in body
    assert '<span class="entity" title="Kiev (place)">Kiev</span>' in body


def test_one_colour_per_speaker_and_grey_for_unresolved():
    body = text_div(render_report([example_analysis()]))
    found = re.findall(r'class="content (spk-[\w-]+)[^"]*" title="#(\d) ', body)
    colours = {number: colour for colour, number in found}
    assert colours["1"] == colours["2"] == colours["3"] == "spk-0"  # Peskov
    assert colours["4"] == "spk-1"  # the Kremlin
    assert colours["5"] == "spk-none"  # "they"


def test_nested_spans_keep_all_their_styles():
    body = text_div(render_report([example_analysis()]))
    # The partial quotation "aggression" sits inside attribution 5's content: both styles apply.
    assert re.search(r'<span class="content spk-none partial"[^>]*>“aggression”</span>', body)
    # The entity "Kremlin" inside the source "the Kremlin spokesman".
    assert re.search(r'<span class="source entity"[^>]*>Kremlin</span>', body)


def test_entities_can_be_left_unmarked():
    body = text_div(render_report([example_analysis()], entities=False))
    assert "entity" not in body


def test_side_table_has_a_row_per_attribution_linked_from_the_text():
    report = render_report([example_analysis()])
    for number in range(1, 6):
        assert f'<tr id="a1-{number}">' in report
        assert f'href="#a1-{number}"' in report
    assert '<span class="unresolved">they</span>' in report


def test_report_is_self_contained():
    report = render_report([example_analysis()])
    assert report.startswith("<!DOCTYPE html>")
    for external in ("<script", "<link", "src=", "url(", "@import", "http://", "https://"):
        assert external not in report.lower()


def hostile_analysis() -> Analysis:
    text = f'He said "{XSS}" and <b>left</b> & "x" onmouseover="alert(2)".'
    evil = Speaker(id="E1", name=XSS, type=EntityType.PERSON, role='"><img onerror=alert(3)>')
    content = Span.of(text, text.index(XSS), text.index(XSS) + len(XSS))
    return Analysis(
        article=Article(
            id=XSS,
            text=text,
            metadata=ArticleMetadata(
                title=XSS, outlet="<i>outlet</i>", url="javascript:alert(4)", source_file=XSS
            ),
        ),
        attributions=[
            Attribution(
                id="A1",
                kind=AttributionKind.DIRECT,
                cue=Span.of(text, 3, 7),
                content=[content],
                source=Span.of(text, 0, 2),
                speaker=evil,
                confidence=0.5,
            )
        ],
        entities=[Entity(id="E1", name=XSS, type=EntityType.PERSON, mentions=[Span.of(text, 0, 2)])],
    )


def test_untrusted_text_and_metadata_are_escaped():
    report = render_report([hostile_analysis()])
    assert "<script" not in report.lower()
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in report
    assert "<b>left" not in report
    assert "<img" not in report
    assert "<i>outlet" not in report
    assert 'href="javascript' not in report
    assert plain(text_div(report)) == hostile_analysis().article.text


def test_several_articles_make_one_report_with_a_section_each():
    report = render_report([example_analysis(article_id="one"), hostile_analysis()])
    assert report.count("<html") == 1
    assert report.count('<section class="article"') == 2
    assert 'href="#a2-1"' in report  # anchors of the second article do not collide with the first


def test_no_articles_is_still_a_document():
    report = render_report([])
    assert report.rstrip().endswith("</html>")
    assert "No articles were analysed." in report


class TagBalance(HTMLParser):
    VOID = frozenset({"meta", "br", "hr", "img", "input", "link"})

    def __init__(self) -> None:
        super().__init__()
        self.stack: list[str] = []
        self.problems: list[str] = []

    def handle_starttag(self, tag, attrs):
        if tag not in self.VOID:
            self.stack.append(tag)

    def handle_endtag(self, tag):
        if not self.stack or self.stack[-1] != tag:
            self.problems.append(f"</{tag}> closes {self.stack[-1:]}")
        else:
            self.stack.pop()


def test_report_markup_is_well_nested():
    checker = TagBalance()
    checker.feed(render_report([example_analysis(), hostile_analysis()]))
    assert checker.problems == []
    assert checker.stack == []


def test_outlet_assertions_frames_and_reported_content_look_different():
    body = text_div(render_report([example_analysis()]))
    assert re.search(r'<span class="outlet" title="outlet assertion O1">The two breakaway', body)
    assert re.search(r'<span class="outlet"[^>]*>Moscow has issued', body)
    assert '<span class="frame" title="reporting frame of #1">.</span>' in body
    assert '<a href="#o1-1">O1</a>' in body  # the tag linking the assertion to its list entry


def test_the_outlets_assertions_are_listed_beside_the_text():
    report = render_report([example_analysis()])
    items = re.findall(r'<li id="o1-(\d)">([^<]*)</li>', report)
    assert [number for number, _ in items] == ["1", "2"]
    assert items[0][1].startswith("The two breakaway territories")
    assert "6 reported, 1 reporting frames, 2 outlet assertions" in report


def test_stance_per_attribution_and_per_speaker():
    report = render_report([example_analysis()])
    assert '<tr id="a1-1">' in report
    row = re.search(r'<tr id="a1-1">.*?</tr>', report).group(0)
    assert '<td class="stance-distancing">distancing</td>' in row
    assert "<caption>Stance of the cues, per speaker</caption>" in report
    assert re.search(
        r"<tr><td>Dmitry Peskov</td><td class=\"num\">2</td><td class=\"num\">1</td>"
        r"<td class=\"num\">0</td><td class=\"num\">0</td><td>distancing</td>"
        r"<td>claimed, arguing, stated</td>",
        report,
    )


def test_scare_quotes_with_their_sentence_and_partial_quotations_with_their_speaker():
    report = render_report([example_analysis()])
    scare = re.search(r"<h3>Scare quotes</h3>.*?</ul>", report, re.DOTALL).group(0)
    assert "“red line.”" in scare and "<small>in: Moscow has repeatedly called" in scare
    assert "aggression" not in scare
    partial = re.search(r"<h3>Partial quotations</h3>.*?</ul>", report, re.DOTALL).group(0)
    assert '<span class="partial">“aggression”</span> <small>#5, unresolved speaker</small>' in partial
    assert "#4, Kremlin" in partial


def test_techniques_dates_and_canonical_names_are_shown():
    report = render_report([example_analysis()])
    body = text_div(report)
    assert re.search(
        r'<span class="content spk-0 tech" title="[^"]*Name_Calling,Labeling \(0.71, Dmitry Peskov\)', body
    )
    assert '<span class="date" title="date: 2022-02-24 (day)">February 24</span>' in body
    assert "<caption>Persuasion techniques</caption>" in report
    assert "<td>Loaded_Language</td>" in report and "<td>outlet</td>" in report
    assert "<td>unresolved: no publication date</td>" in report
    assert 'Kiev <span class="canonical">→ Kyiv</span>' in report
