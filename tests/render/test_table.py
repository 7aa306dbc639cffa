import io

from rich.cells import cell_len

from saidwhat.model import Analysis, Article
from saidwhat.render import render
from saidwhat.render.common import truncate
from saidwhat.render.table import PIPE_WIDTH
from tests.render.example import EXAMPLE_TEXT, TITLE, example_analysis


def table_of(*analyses: Analysis) -> str:
    out = io.StringIO()
    render(analyses, "table", out)
    return out.getvalue()


def test_heading_columns_and_rows():
    output = table_of(example_analysis())
    assert TITLE in output
    header = next(line for line in output.splitlines() if "speaker" in line)
    for column in ("#", "kind", "speaker", "cue", "content", "conf."):
        assert column in header
    assert "Dmitry Peskov (Press" in output
    assert "according to" in output
    assert "0.93" in output


def test_unresolved_speaker_shows_the_source_mention():
    output = table_of(example_analysis())
    row = next(line for line in output.splitlines() if line.startswith("│   5 "))
    assert "they unresolved" in row


def test_square_brackets_in_quotes_are_text_not_markup():
    # rich would silently drop "[of the Donbass]" if a cell were parsed as markup.
    assert "[of the Donbass]" in table_of(example_analysis())


def test_discontinuous_content_is_joined_with_an_ellipsis():
    assert "into parts … but seek" in table_of(example_analysis())


def test_scare_quotes_are_listed():
    assert "Scare quotes: “red line.”, “aggression”" in table_of(example_analysis())


def test_plain_output_off_a_terminal():
    output = table_of(example_analysis())
    assert "\x1b[" not in output  # no colour codes in a pipe or file


def test_column_widths_are_stable_across_articles():
    empty = Analysis(article=Article(id="bare", text="Nobody said anything."))
    output = table_of(example_analysis(), empty)
    table_lines = [line for line in output.splitlines() if line and line[0] in "┏┃┡│└"]
    assert {cell_len(line) for line in table_lines} == {PIPE_WIDTH}
    # The header row is identical for both articles, so the columns line up.
    headers = [line for line in table_lines if "speaker" in line]
    assert len(headers) == 2
    assert headers[0] == headers[1]


def test_empty_analysis_still_has_a_header_and_says_so():
    output = table_of(Analysis(article=Article(id="bare-id", text=EXAMPLE_TEXT)))
    assert "bare-id" in output
    assert "speaker" in output
    assert "no attributions found" in output


def test_truncate_breaks_at_a_word_with_an_ellipsis():
    text = "one two three four five six seven eight nine ten"
    cut = truncate(text, 20)
    assert len(cut) <= 20
    assert cut.endswith("…")
    assert text.startswith(cut[:-1])
    assert cut[-2] != " "
    assert truncate("short", 20) == "short"
