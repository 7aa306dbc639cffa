"""Speaker identities: name variants merged, namesakes kept apart, analyst overrides kept."""

from __future__ import annotations

from sqlalchemy import select, update

from saidwhat.corpus.identities import merge, regroup, regroup_if_needed, regroup_new, split
from saidwhat.corpus.names import name_key
from saidwhat.corpus.queries import speakers
from saidwhat.model import Analysis
from saidwhat.store import Store, open_store, save_analysis
from saidwhat.store.tables import Meta, SpeakerNameRow, SpeakerRow
from saidwhat.store.write import IDENTITIES_DIRTY

NAMES = [
    ("Dmitry Peskov", "spokesman", "Kremlin"),
    ("Dmitri Peskov", None, None),
    ("Peskov", None, None),
    ("Bill Clinton", "former president", None),
    ("Hillary Clinton", None, "State Department"),
    ("Hillary Rodham Clinton", "candidate", "Democratic"),
    ("Clinton", None, None),  # which one? not guessed
    ("Clinton", "former president", None),  # the role says which
    ("Donald Trump", None, None),
    ("Donald J. Trump", "nominee", "GOP"),
    ("Donald Trump Jr.", None, None),  # the son
    ("John Smith", None, "Ford"),
    ("John Smith", None, "NASA"),  # a namesake: one identity until an analyst splits them
    ("Ben Rhodes", "deputy security adviser", None),
    ("Benjamin J. Rhodes", None, None),
]


def _groups(url: str) -> dict[str, set[str]]:
    with open_store(url) as store, store.session() as session:
        out: dict[str, set[str]] = {}
        for row in session.scalars(select(SpeakerNameRow)):
            out.setdefault(row.speaker_id or "", set()).add(f"{row.name}|{row.organization or ''}")
        return out


def _fill(url: str) -> None:
    with open_store(url) as store:
        with store.session() as session:
            for name, role, organization in NAMES:
                session.add(
                    SpeakerNameRow(
                        key=name_key(name, "person", role, organization),
                        name=name,
                        type="person",
                        role=role,
                        organization=organization,
                    )
                )
        regroup(store)


def test_variants_merge_and_namesakes_stay_apart(store_url: str) -> None:
    _fill(store_url)
    groups = sorted(sorted(members) for members in _groups(store_url).values())
    assert ["Dmitri Peskov|", "Dmitry Peskov|Kremlin", "Peskov|"] in groups
    assert ["Bill Clinton|", "Clinton|"] in groups  # the bare name with the former president's role
    assert ["Hillary Clinton|State Department", "Hillary Rodham Clinton|Democratic"] in groups
    assert ["Clinton|"] in groups  # the bare name with nothing to choose by stays apart
    assert ["Donald J. Trump|GOP", "Donald Trump|"] in groups and ["Donald Trump Jr.|"] in groups
    assert ["John Smith|Ford", "John Smith|NASA"] in groups
    assert ["Ben Rhodes|", "Benjamin J. Rhodes|"] in groups


def _id_of(url: str, *members: str) -> str:
    return next(speaker for speaker, group in _groups(url).items() if group == set(members))


def test_manual_merge_and_split_are_kept_across_regrouping(store_url: str) -> None:
    _fill(store_url)
    with open_store(store_url) as store:
        hillary = _id_of(store_url, "Hillary Clinton|State Department", "Hillary Rodham Clinton|Democratic")
        merged = merge(store, _id_of(store_url, "Clinton|"), hillary)
        peskov = _id_of(store_url, "Dmitri Peskov|", "Dmitry Peskov|Kremlin", "Peskov|")
        split(store, peskov, "Dmitri Peskov", note="a different Peskov")
        split(
            store, _id_of(store_url, "John Smith|Ford", "John Smith|NASA"), "John Smith", organization="NASA"
        )
        with store.session() as session:  # a new name arrives: everything is regrouped from scratch
            session.add(SpeakerNameRow(key=name_key("D. Peskov", "person"), name="D. Peskov", type="person"))
        regroup(store)
    groups = _groups(store_url)
    assert groups[merged] == {
        "Clinton|",
        "Hillary Clinton|State Department",
        "Hillary Rodham Clinton|Democratic",
    }
    assert {"Dmitri Peskov|"} in groups.values()
    assert {"John Smith|NASA"} in groups.values() and {"John Smith|Ford"} in groups.values()
    assert any(
        {"Dmitry Peskov|Kremlin", "Peskov|"} <= members and "Dmitri Peskov|" not in members
        for members in groups.values()
    )


def test_overrides_survive_re_analysis(store_url: str, example_analysis: Analysis) -> None:
    with open_store(store_url) as store:
        with store.session() as session:
            save_analysis(session, example_analysis)
        regroup(store)
        rows = speakers(store).rows
        peskov = next(r["id"] for r in rows if r["name"] == "Dmitry Peskov")
        other = next(r["id"] for r in rows if r["id"] != peskov and r["type"] == "person")
        merged = merge(store, peskov, other)
        with store.session() as session:
            save_analysis(session, example_analysis, redo=True, version="next")
        regroup(store)
        after = {r["id"]: r for r in speakers(store).rows}
    assert merged in after and len(after[merged]["names"]) == 2


def test_a_store_grouped_under_older_rules_is_regrouped(store_url: str) -> None:
    _fill(store_url)
    with open_store(store_url) as store:
        assert regroup_if_needed(store) is False  # grouped, nothing new
        with store.session() as session:
            session.merge(Meta(key="identities_rules", value="1"))
            session.execute(update(SpeakerNameRow).values(speaker_id=None))
        assert regroup_if_needed(store) is True
    assert all(_groups(store_url))  # every name has an identity again
    assert "" not in _groups(store_url)


def _snapshot(url: str) -> tuple[dict[str, str | None], list[tuple[str, str, str, str | None, str | None]]]:
    """Every name's identity, and every identity as stored."""
    with open_store(url) as store, store.session() as session:
        names = {row.key: row.speaker_id for row in session.scalars(select(SpeakerNameRow))}
        identities = sorted(
            (row.id, row.name, row.type, row.role, row.organization)
            for row in session.scalars(select(SpeakerRow))
        )
        return names, identities


def _arrive(store: Store, names: list[tuple[str, str | None, str | None]]) -> int:
    """New names stored as an ingest stores them (no identity yet, the store marked dirty), then grouped
    the way an ingest groups them after a batch; returns how many names were regrouped."""
    with store.session() as session:
        for name, role, organization in names:
            key = name_key(name, "person", role, organization)
            session.add(
                SpeakerNameRow(key=key, name=name, type="person", role=role, organization=organization)
            )
        session.merge(Meta(key=IDENTITIES_DIRTY, value="1"))
    return regroup_new(store)


def test_incremental_regrouping_equals_the_full_one_with_merges_and_splits(store_url: str) -> None:
    first = [n for n in NAMES if "Peskov" not in n[0] and "Smith" not in n[0] and "Trump Jr" not in n[0]]
    with open_store(store_url) as store:
        assert _arrive(store, first) == len(first)
        rhodes = _id_of(store_url, "Ben Rhodes|", "Benjamin J. Rhodes|")
        trump = _id_of(store_url, "Donald J. Trump|GOP", "Donald Trump|")
        merge(store, rhodes, _id_of(store_url, "Bill Clinton|", "Clinton|"))  # links two surnames
        split(store, trump, "Donald J. Trump", note="another Trump")
        before = _snapshot(store_url)
        # The son: only his own bucket ("trump jr") is regrouped; every other identity is untouched.
        assert _arrive(store, [("Donald Trump Jr.", None, None)]) == 1
        after = _snapshot(store_url)
        assert {k: v for k, v in after[0].items() if k in before[0]} == before[0]
        # Rhodes variants arrive: the merge links the Rhodes and Clinton buckets, both are regrouped.
        assert _arrive(store, [("B. Rhodes", None, "White House")]) == 3 + 5
        assert _arrive(store, [n for n in NAMES if "Peskov" in n[0] or "Smith" in n[0]]) == 5
        assert _arrive(store, [("Dmitry S. Peskov", None, None), ("John Smith", None, "IBM")]) == 7
        incremental = _snapshot(store_url)
        assert None not in incremental[0].values()
        regroup(store)
    assert _snapshot(store_url) == incremental


def test_ingest_batches_regroup_incrementally_as_a_full_regrouping_would(
    store_url: str, corpus_analyses: list[Analysis]
) -> None:
    with open_store(store_url) as store:
        for start in range(0, len(corpus_analyses), 5):  # three batches, each grouped on arrival
            with store.session() as session:
                for analysis in corpus_analyses[start : start + 5]:
                    save_analysis(session, analysis)
            assert regroup_if_needed(store) is True
            if start == 0:
                rows = [r for r in speakers(store).rows if r["type"] == "person"]
                merge(store, rows[0]["id"], rows[1]["id"])
        incremental = _snapshot(store_url)
        assert len(incremental[1]) > 10 and None not in incremental[0].values()
        regroup(store)
    assert _snapshot(store_url) == incremental
