"""The PolNeAR reader, on a hand-made fixture and (when the corpus is present) on real dev files."""

from __future__ import annotations

from datetime import date
from itertools import islice
from pathlib import Path

import pytest

from saidwhat.eval.polnear import (
    DATA_ENV,
    PolnearFormatError,
    Split,
    parse_ann,
    read_polnear,
    resolve_data_root,
)

FIXTURE = Path(__file__).parent / "fixtures" / "polnear"
REAL = Path(__file__).parents[3] / "shared" / "data" / "polnear"


def _fixture_doc():
    (doc,) = read_polnear(FIXTURE, Split.DEV)
    return doc


def test_reads_metadata_from_the_file_name() -> None:
    doc = _fixture_doc()
    assert doc.id == "wash-post_2016-10-12_senator-says-debate-was-unfair_4e07"
    assert (doc.outlet, doc.published, doc.annotator) == ("wash-post", date(2016, 10, 12), "4e07")


def test_reads_roles_as_character_ranges() -> None:
    doc = _fixture_doc()
    first = doc.attributions[0]
    assert [doc.text[s:e] for s, e in first.source] == ["Sen. Maria Lopez"]
    assert [doc.text[s:e] for s, e in first.cue] == ["said"]
    assert doc.text[slice(*first.content[0])].startswith("that the moderators")


def test_discontinuous_content_keeps_each_fragment() -> None:
    quote = _fixture_doc().attributions[1]
    text = _fixture_doc().text
    assert [text[s:e] for s, e in quote.content] == [
        "“They interrupted him 41 times,”",
        "“and that is not a debate.”",
    ]


def test_span_text_over_several_lines_and_missing_source() -> None:
    doc = _fixture_doc()
    memo, rain = doc.attributions[2], doc.attributions[3]
    assert doc.text[slice(*memo.content[0])] == "Officials are worried\nabout turnout"
    assert rain.source == []


def test_drops_attributions_without_content_and_ignores_discuss() -> None:
    assert [a.id for a in _fixture_doc().attributions] == ["E1", "E2", "E3", "E4"]


def test_reads_each_article_once_unless_asked_for_every_annotator() -> None:
    everyone = list(read_polnear(FIXTURE, Split.DEV, all_annotators=True))
    assert [d.annotator for d in everyone] == ["4e07", "6b86"]
    assert len(list(read_polnear(FIXTURE, Split.DEV, limit=5))) == 1


def test_offsets_that_do_not_match_the_text_are_refused() -> None:
    with pytest.raises(PolnearFormatError, match="do not give"):
        parse_ann("T1\tCue 0 4\tsaid\nE1\tAttribution:T1 Cue:T1\n", "told them")


def test_data_root_falls_back_to_the_environment(monkeypatch, tmp_path) -> None:
    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv(DATA_ENV, str(FIXTURE))
    assert resolve_data_root(None) == FIXTURE
    monkeypatch.delenv(DATA_ENV)
    with pytest.raises(FileNotFoundError, match=DATA_ENV):
        resolve_data_root(None)


@pytest.mark.skipif(not REAL.is_dir(), reason="PolNeAR is not at ../shared/data/polnear")
def test_real_dev_spans_are_grounded() -> None:
    # The reader refuses ungrounded spans, so reading is the check; this also checks the ranges kept.
    for doc in islice(read_polnear(REAL, Split.DEV, all_annotators=True), 8):
        assert doc.attributions
        for attribution in doc.attributions:
            for start, end in [*attribution.cue, *attribution.source, *attribution.content]:
                assert 0 <= start < end <= len(doc.text)
                assert doc.text[start:end].strip()
