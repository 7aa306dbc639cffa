import io
import itertools

from rich.cells import cell_len

from saidwhat.model import Analysis, Article
from saidwhat.render import render
from saidwhat.render.common import content_text, truncate
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
    assert "… but seek" in table_of(example_analysis())
    assert content_text(example_analysis().attributions[2]).startswith("We do not aim")
    assert "into parts … but seek" in content_text(example_analysis().attributions[2])


def lines_after(output: str, heading: str) -> list[str]:
    """The indented lines of the list that starts with ``heading``."""
    lines = output.splitlines()
    start = next(i for i, line in enumerate(lines) if line.startswith(heading))
    return list(itertools.takewhile(lambda line: line.startswith("  "), lines[start + 1 :]))


def test_scare_quotes_are_listed_with_their_sentence_apart_from_partial_quotations():
    output = table_of(example_analysis())
    scare = lines_after(output, "Scare quotes")
    sentence = "Moscow has repeatedly called Kiev’s incorporation into the military bloc a “red line.”"
    assert [line.rstrip() for line in scare] == [f"  “red line.”  {sentence}"]
    partial = [" ".join(line.split()) for line in lines_after(output, "Partial quotations")]
    assert "“aggression” #5 they unresolved" in partial
    assert any(line.startswith("“to protect the people") and line.endswith("#4 Kremlin") for line in partial)
    assert not any("aggression" in line for line in scare)


def test_each_attribution_shows_its_cue_stance():
    output = table_of(example_analysis())
    rows = {line[:5]: line for line in output.splitlines() if line.startswith("│   ") and line[4].isdigit()}
    assert "distancing" in rows["│   1"] and "neutral" in rows["│   3"] and "distancing" in rows["│   5"]


def test_the_stance_profile_per_speaker():
    output = table_of(example_analysis())
    assert "Stance of the cues, per speaker" in output
    row = next(line for line in output.splitlines() if line.startswith("│ Dmitry Peskov"))
    cells = [cell.strip() for cell in row.strip("│").split("│")]
    assert cells[:6] == ["Dmitry Peskov", "2", "1", "0", "0", "distancing"]
    assert cells[6].startswith("claimed, arguing")


def test_the_outlets_own_assertions_are_listed_and_frames_are_not():
    output = table_of(example_analysis())
    heading = next(line for line in output.splitlines() if line.startswith("The outlet's own assertions"))
    assert "6 reported, 1 reporting frames, 2 outlet assertions" in heading
    listed = " ".join(lines_after(output, "The outlet's own assertions"))
    assert "O1  The two breakaway territories" in listed
    assert "O2  Moscow has issued more than 700,000" in listed
    assert "he claimed" not in listed


def test_techniques_dates_and_canonical_names():
    output = table_of(example_analysis())
    technique = next(line for line in output.splitlines() if line.startswith("│ Nazi ideology"))
    assert "Name_Calling,Labeling" in technique and "0.71" in technique and "Dmitry Peskov" in technique
    outlet = next(line for line in output.splitlines() if line.startswith("│ broadside"))
    assert "Loaded_Language" in outlet and "outlet" in outlet
    date = next(line for line in output.splitlines() if line.startswith("│ February 24"))
    assert "2022-02-24" in date and "day" in date
    friday = next(line for line in output.splitlines() if line.startswith("│ Friday"))
    assert "unresolved: no publication date" in friday
    assert "Canonical names: Kiev → Kyiv" in output


def test_an_analysis_without_framing_shows_no_framing_parts():
    output = table_of(Analysis(article=Article(id="bare-id", text=EXAMPLE_TEXT)))
    for heading in (
        "Stance of the cues",
        "The outlet's own",
        "Scare quotes",
        "Partial",
        "Persuasion",
        "Dates",
    ):
        assert heading not in output


def test_plain_output_off_a_terminal():
    output = table_of(example_analysis())
    assert "\x1b[" not in output  # no colour codes in a pipe or file


def test_column_widths_are_stable_across_articles():
    empty = Analysis(article=Article(id="bare", text="Nobody said anything."))
    output = table_of(example_analysis(), empty)
    table_lines = [line for line in output.splitlines() if line and line[0] in "┏┃┡│└"]
    table_lines = [line for line in table_lines if cell_len(line) != 0]
    assert {cell_len(line) for line in table_lines} == {PIPE_WIDTH}
    # The header row is identical for both articles, so the columns line up.
    headers = [line for line in table_lines if "speaker" in line and "kind" in line]
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
