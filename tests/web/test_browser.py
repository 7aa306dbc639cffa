"""End to end in headless Chromium: the article view as a reader sees it, and hostile articles that
must never run a script. One browser serves the whole session (see conftest.py)."""

from __future__ import annotations

from pathlib import Path

import pytest

from saidwhat.model import (
    Analysis,
    Article,
    ArticleMetadata,
    Attribution,
    AttributionKind,
    Claim,
    ClaimKind,
    ClaimMatch,
    EntityType,
    ScareQuote,
    Span,
    Speaker,
    Technique,
    TechniqueName,
    Voice,
    VoiceSegment,
)
from tests.web import png

pytestmark = pytest.mark.network

#: Everything a hostile page might try, as article text: script tags, event handlers, javascript: URLs,
#: markup that breaks out of attributes, textareas and comments, template syntax, and bidi controls.
HOSTILE_TEXT = (
    "The minister said: “<script>window.__pwned = 'script'; alert('script')</script> is our policy.”\n\n"
    "“<img src=x onerror=\"window.__pwned='img'; alert('img')\">,” the spokesman claimed, adding that "
    "<a href=\"javascript:window.__pwned='link'\">this link</a> was safe.\n\n"
    "Officials said the <svg onload=\"alert('svg')\"> plan </div></span></td><b>broken <i>markup "
    "would work.\n\n"
    "The ministry insisted that “</textarea><script>alert('textarea')</script>” was harmless.\n\n"
    "\" onmouseover=\"alert('attr')\" x=\" and ' onfocus='alert(1)' autofocus=' are not attributes.\n\n"
    "Rebels said that \u202egnp.exe\u202c and \u202bعربي\u202c and \u200fmarks\u200e stay text. "
    '{{ 7*7 }} ${7*7} <!-- comment --> <style>body{display:none}</style> <iframe src="javascript:alert(2)">'
    '</iframe> <base href="javascript:alert(3)//">\n'
)
HOSTILE_TITLE = "<script>alert('title')</script>“Breaking” </title><img src=x onerror=alert('t')>"


def no_script_ran(page) -> None:
    assert page.dialogs == [], f"a script opened dialogs: {page.dialogs}"
    assert page.evaluate("window.__pwned") is None


def nothing_executable_in_the_dom(page) -> None:
    report = page.evaluate(
        """() => {
        const all = Array.from(document.querySelectorAll('*'));
        return {
          scripts: Array.from(document.scripts).map(s => s.getAttribute('src')),
          handlers: all.flatMap(el => Array.from(el.attributes).filter(a => /^on/i.test(a.name))
                                             .map(a => el.tagName + ' ' + a.name)),
          links: Array.from(document.querySelectorAll('[href],[src]'))
                   .map(el => el.getAttribute('href') || el.getAttribute('src'))
                   .filter(u => !/^(\\/|#|https?:|data:,$)/i.test(u)),
          foreign: Array.from(document.querySelectorAll('#text *, aside *'))
                   .map(el => el.tagName.toLowerCase())
                   .filter(t => !['span', 'a', 'small', 'strong', 'br', 'table', 'thead', 'tbody', 'tr',
                                  'th', 'td', 'ol', 'ul', 'li', 'h2', 'h3', 'p', 'section', 'div',
                                  'button'].includes(t)),
        };
      }"""
    )
    assert report["scripts"] == ["/static/app.js"]
    assert report["handlers"] == []
    assert report["links"] == []
    assert report["foreign"] == []


def shown_text(page) -> str:
    """The article text as the page shows it, without the attribution number tags."""
    return page.evaluate(
        """() => { const t = document.getElementById('text').cloneNode(true);
                   t.querySelectorAll('.tag').forEach(e => e.remove()); return t.textContent; }"""
    )


def test_hostile_article_pasted_into_the_analyse_page_never_executes(live_server, page):
    page.goto(f"{live_server.url}/analyse")
    page.fill("#text", HOSTILE_TEXT)
    page.fill("#title", HOSTILE_TITLE)
    page.fill("#outlet", "\"><img src=x onerror=alert('outlet')>")
    page.click("#analyse-submit")
    page.wait_for_url("**/articles/*", timeout=120_000)
    assert page.title().startswith(HOSTILE_TITLE.replace("\n", " "))
    assert shown_text(page) == HOSTILE_TEXT  # every character shown as text, none as markup
    spans = page.locator("#text [data-refs]")
    assert spans.count() > 0, "the pipeline found attributions in the hostile text"
    for i in range(min(spans.count(), 12)):  # select spans: the detail box copies their rows' text
        spans.nth(i).click()
    page.locator("#attributions .row").first.click()
    page.mouse.move(200, 300)
    no_script_ran(page)
    nothing_executable_in_the_dom(page)


def hostile_analysis() -> Analysis:
    """A hand-built analysis whose every panel holds hostile text, including a fact-check whose URL is
    a ``javascript:`` address and a speaker whose name is markup."""
    text = HOSTILE_TEXT

    def span(needle: str) -> Span:
        start = text.index(needle)
        return Span.of(text, start, start + len(needle))

    evil = Speaker(id="E1", name="<img src=x onerror=alert('speaker')>", type=EntityType.PERSON)
    script = span("<script>window.__pwned = 'script'; alert('script')</script> is our policy.")
    attribution = Attribution(
        id="A1",
        kind=AttributionKind.DIRECT,
        cue=span("said"),
        content=[script],
        source=span("The minister"),
        speaker=evil,
        confidence=0.9,
    )
    match = ClaimMatch(
        claim="<script>alert('match')</script>",
        verdict="<b onmouseover=alert('verdict')>False</b>",
        checker="javascript:alert('checker')",
        url="javascript:alert('url')",
        similarity=0.9,
    )
    claim = Claim(
        id="C1",
        span=script,
        claimant="E1",
        claimant_name="<svg onload=alert('claimant')>",
        kind=ClaimKind.EVENT,
        checkworthiness=0.9,
        matches=[match],
    )
    return Analysis(
        article=Article(
            id="<script>alert('id')</script>",
            text=text,
            metadata=ArticleMetadata(title=HOSTILE_TITLE, outlet="<i onclick=alert(1)>x</i>"),
        ),
        attributions=[attribution],
        voice=[
            VoiceSegment(span=script, voice=Voice.REPORTED, attribution="A1"),
            VoiceSegment(span=span("Officials said the <svg"), voice=Voice.OUTLET),
        ],
        techniques=[
            Technique(
                span=span("<img src=x onerror=\"window.__pwned='img'; alert('img')\">"),
                technique=TechniqueName.LOADED_LANGUAGE,
                confidence=0.8,
                user="outlet",
            )
        ],
        scare_quotes=[
            ScareQuote(
                span=span("“</textarea><script>alert('textarea')</script>”"),
                sentence=span("The ministry insisted"),
            )
        ],
        claims=[claim],
    )


def test_hostile_text_in_every_panel_never_executes(live_server, page):
    article_id = live_server.repository.add(hostile_analysis())
    page.goto(f"{live_server.url}/articles/{article_id}")
    assert shown_text(page) == HOSTILE_TEXT
    assert page.locator("#speakers").inner_text().count("<img src=x onerror=alert('speaker')>") == 1
    assert page.locator("#claims .matches a").count() == 0  # the javascript: fact-check URL is no link
    for selector in ("#text [data-refs]", "#claims .row", "#techniques .row", "#scare-quotes .row"):
        rows = page.locator(selector)
        for i in range(rows.count()):
            rows.nth(i).click()
    page.locator("#detail-list a").first.click()
    no_script_ran(page)
    nothing_executable_in_the_dom(page)


def colour(page, selector: str) -> tuple[int, int, int]:
    css = page.eval_on_selector(selector, "el => getComputedStyle(el).backgroundColor")
    parts = css[css.index("(") + 1 : css.index(")")].split(",")
    return (int(parts[0]), int(parts[1]), int(parts[2]))


def share(pixels: list[tuple[int, int, int]], rgb: tuple[int, int, int]) -> float:
    close = [p for p in pixels if all(abs(a - b) <= 3 for a, b in zip(p, rgb, strict=True))]
    return len(close) / max(1, len(pixels))


def test_screenshot_of_the_example_shows_each_speaker_in_their_colour(
    live_server, page, example, tmp_path: Path
):
    article_id = live_server.repository.add(example)
    page.set_viewport_size({"width": 1400, "height": 2200})
    page.goto(f"{live_server.url}/articles/{article_id}")
    speakers = page.request.get(f"{live_server.url}/api/articles/{article_id}/panels").json()["speakers"]
    colours = {row["name"]: row["colour"] for row in speakers}
    peskov_class, kremlin_class = colours["Dmitry Peskov"], colours["Kremlin"]
    assert peskov_class != kremlin_class
    peskov_rgb = colour(page, f"#speakers .swatch.{peskov_class}")
    kremlin_rgb = colour(page, f"#speakers .swatch.{kremlin_class}")
    assert peskov_rgb != kremlin_rgb and (255, 255, 255) not in (peskov_rgb, kremlin_rgb)

    text = page.locator("#text")
    shot = text.screenshot(path=str(tmp_path / "article-view.png"))
    origin = text.bounding_box()
    assert origin is not None

    def pixels_of(selector: str) -> list[tuple[int, int, int]]:
        """The pixels of the widest line box of the longest element matching ``selector``."""
        rect = page.evaluate(
            """(sel) => {
                 const els = Array.from(document.querySelectorAll(sel));
                 const el = els.reduce((a, b) => (b.textContent.length > a.textContent.length ? b : a));
                 const r = Array.from(el.getClientRects()).reduce((a, b) => (b.width > a.width ? b : a));
                 return {x: r.x, y: r.y, width: r.width, height: r.height}; }""",
            selector,
        )
        x, y = int(rect["x"] - origin["x"]) + 2, int(rect["y"] - origin["y"]) + 2
        return png.pixels(shot, (x, y, int(rect["width"]) - 4, int(rect["height"]) - 4))

    # Each speaker's reported content is painted in that speaker's colour, never in the other's.
    for css_class, rgb, other in (
        (peskov_class, peskov_rgb, kremlin_rgb),
        (kremlin_class, kremlin_rgb, peskov_rgb),
    ):
        seen = pixels_of(f"#text .content.{css_class}")
        assert share(seen, rgb) > 0.5, (css_class, rgb)
        assert share(seen, other) < 0.01
    # The outlet's own voice has its own ground, distinct from both speakers'.
    outlet_rgb = colour(page, "#text .outlet")
    assert outlet_rgb not in (peskov_rgb, kremlin_rgb)
    assert share(pixels_of("#text .outlet"), outlet_rgb) > 0.5
    assert share(pixels_of("#text .outlet"), peskov_rgb) < 0.01


def test_selecting_a_row_scrolls_to_its_span_and_a_span_says_what_it_is(live_server, page, example):
    article_id = live_server.repository.add(example)
    page.set_viewport_size({"width": 1400, "height": 700})
    page.goto(f"{live_server.url}/articles/{article_id}")
    last = len(example.attributions)
    row = page.locator(f"#row-a{last}")
    row.scroll_into_view_if_needed()
    row.locator("td").nth(2).click()
    target = page.locator(f'#text [data-refs~="a{last}"]').first
    assert "flash" in target.get_attribute("class")
    assert target.evaluate(
        "el => { const r = el.getBoundingClientRect(); return r.top >= 0 && r.bottom <= innerHeight; }"
    )
    page.locator('#text [data-refs~="a1"]').first.click()
    detail = page.locator("#detail")
    assert detail.is_visible()
    assert "#1" in detail.inner_text()
    assert "selected" in page.locator("#row-a1").get_attribute("class")
    no_script_ran(page)
