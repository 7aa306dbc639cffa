"""Speaker identities across articles: name variants grouped into one identity, namesakes kept apart,
and an analyst's merges and splits applied on top, every time.

The grouping is recomputed from all the name keys in the store (:func:`regroup`), so it does not depend
on the order articles arrived in. Rules, for people:

* names are compared by surname; two full names are the same person when their first names agree —
  equal, one the initial of the other ("D. Peskov"), or a one-letter transliteration variant of a name
  of four letters or more ("Dmitry"/"Dmitri") — and their organisations and roles do not conflict;
* a name that fits two identities equally (a bare "Clinton" when Bill and Hillary Clinton are both
  known, with no role or organisation to choose between them) stays an identity of its own rather than
  being guessed into one;
* a bare surname joins the one identity with that surname it is compatible with ("Peskov" ->
  "Dmitry Peskov").

Organisations, places and groups are the same identity when their folded names are equal.

Overrides (``speaker_overrides``) are replayed in the order they were recorded: ``merge`` unites the
identities holding two names; ``split`` moves a name into an identity of its own (shared with the other
names split under the same label). They are keyed by name keys, which re-analysis keeps, so they hold
across re-runs.
"""

from __future__ import annotations

import hashlib
import re
from collections import defaultdict
from dataclasses import dataclass

from sqlalchemy import delete, select, update
from sqlalchemy.orm import Session

from saidwhat.corpus.names import NameParts, fold, parts
from saidwhat.store import Store
from saidwhat.store.tables import Meta, SpeakerNameRow, SpeakerOverrideRow, SpeakerRow
from saidwhat.store.write import IDENTITIES_DIRTY

_SLUG = re.compile(r"[^a-z0-9]+")


@dataclass
class _Name:
    key: str
    parts: NameParts
    display: str
    role: str | None
    organization: str | None


def regroup_if_needed(store: Store) -> bool:
    """Regroup when new names have arrived since the last grouping; True if it did."""
    with store.session() as session:
        dirty = session.get(Meta, IDENTITIES_DIRTY)
        if dirty is None or dirty.value != "1":
            return False
    regroup(store)
    return True


def regroup(store: Store) -> int:
    """Group every stored name into identities and write them; returns the number of identities."""
    with store.session() as session:
        names = [
            _Name(row.key, parts(row.key), row.name, row.role, row.organization)
            for row in session.scalars(select(SpeakerNameRow).order_by(SpeakerNameRow.key))
        ]
        overrides = list(session.scalars(select(SpeakerOverrideRow).order_by(SpeakerOverrideRow.id)))
        groups = _apply_overrides(_automatic_groups(names), overrides)
        _write(session, names, groups)
        session.merge(Meta(key=IDENTITIES_DIRTY, value="0"))
        return len(set(groups.values()))


def _automatic_groups(names: list[_Name]) -> dict[str, int]:
    """Name key -> group number."""
    groups: dict[str, int] = {}
    next_group = 0
    by_bucket: dict[tuple[str, str], list[_Name]] = defaultdict(list)
    for name in names:
        if name.parts.type == "person":
            by_bucket[("person", name.parts.surname)].append(name)
        else:
            by_bucket[(name.parts.type, name.parts.name)].append(name)
    for (kind, _), members in sorted(by_bucket.items()):
        if kind != "person":
            for member in members:
                groups[member.key] = next_group
            next_group += 1
            continue
        clusters: list[list[_Name]] = []
        # The most informative names first, so that bare and partial names meet full ones to join.
        for member in sorted(members, key=_informativeness):
            fits = [c for c in clusters if all(_same_person(member.parts, other.parts) for other in c)]
            if len(fits) == 1:
                fits[0].append(member)
            else:  # none fits, or it is ambiguous between several: an identity of its own
                clusters.append([member])
        for cluster in clusters:
            for member in cluster:
                groups[member.key] = next_group
            next_group += 1
    return groups


def _informativeness(name: _Name) -> tuple[int, int, int, str]:
    p = name.parts
    return (-len(p.tokens), -bool(p.organization), -bool(p.role), name.key)


def _same_person(a: NameParts, b: NameParts) -> bool:
    if a.surname != b.surname:
        return False
    if a.given is not None and b.given is not None and not _same_given(a.given, b.given):
        return False
    return not (_conflict(a.organization, b.organization) or _conflict(a.role, b.role))


def _same_given(a: str, b: str) -> bool:
    if a == b:
        return True
    if len(a) == 1 or len(b) == 1:
        return a[0] == b[0]
    return min(len(a), len(b)) >= 4 and a[0] == b[0] and _within_one_edit(a, b)


def _within_one_edit(a: str, b: str) -> bool:
    if abs(len(a) - len(b)) > 1:
        return False
    if len(a) == len(b):
        return sum(x != y for x, y in zip(a, b, strict=True)) <= 1
    short, long = sorted((a, b), key=len)
    return any(long[:i] + long[i + 1 :] == short for i in range(len(long)))


def _conflict(a: str, b: str) -> bool:
    """Two given values that cannot describe the same person ('ford' vs 'nasa'); empty never conflicts."""
    return bool(a and b and a not in b and b not in a)


def _apply_overrides(groups: dict[str, int], overrides: list[SpeakerOverrideRow]) -> dict[str, int]:
    groups = dict(groups)
    labels: dict[str, int] = {}
    next_group = max(groups.values(), default=-1) + 1
    for override in overrides:
        if override.key_a not in groups:
            continue  # the name is no longer in the store (its articles were removed)
        if override.action == "split":
            if override.key_b not in labels:
                labels[override.key_b] = next_group
                next_group += 1
            groups[override.key_a] = labels[override.key_b]
        elif override.action == "merge" and override.key_b in groups:
            keep, gone = groups[override.key_a], groups[override.key_b]
            for key, group in groups.items():
                if group == gone:
                    groups[key] = keep
    return groups


def _write(session: Session, names: list[_Name], groups: dict[str, int]) -> None:
    members: dict[int, list[_Name]] = defaultdict(list)
    for name in names:
        members[groups[name.key]].append(name)
    session.execute(update(SpeakerNameRow).values(speaker_id=None))
    session.execute(delete(SpeakerRow))
    assignments: dict[str, list[str]] = defaultdict(list)
    for cluster in members.values():
        best = min(cluster, key=_informativeness)
        speaker_id = identity_id(best.display, min(n.key for n in cluster))
        role = next((n.role for n in sorted(cluster, key=_informativeness) if n.role), None)
        organization = next(
            (n.organization for n in sorted(cluster, key=_informativeness) if n.organization), None
        )
        session.add(
            SpeakerRow(
                id=speaker_id, name=best.display, type=best.parts.type, role=role, organization=organization
            )
        )
        assignments[speaker_id].extend(n.key for n in cluster)
    session.flush()
    for speaker_id, keys in assignments.items():
        for start in range(0, len(keys), 500):
            session.execute(
                update(SpeakerNameRow)
                .where(SpeakerNameRow.key.in_(keys[start : start + 500]))
                .values(speaker_id=speaker_id)
            )


def identity_id(display: str, anchor: str) -> str:
    """A readable id that stays the same while the identity keeps its first name key:
    ``dmitry-peskov-3f2a1c``."""
    slug = _SLUG.sub("-", fold(display)).strip("-")[:80] or "speaker"
    return f"{slug}-{hashlib.sha1(anchor.encode()).hexdigest()[:6]}"


def speaker_names(session: Session, speaker_id: str) -> list[str]:
    """The name keys of one identity."""
    return list(session.scalars(select(SpeakerNameRow.key).where(SpeakerNameRow.speaker_id == speaker_id)))


def merge(store: Store, first: str, second: str, *, note: str | None = None) -> str:
    """Record that two identities are one person; returns the merged identity's id."""
    with store.session() as session:
        a, b = _anchor(session, first), _anchor(session, second)
        session.add(SpeakerOverrideRow(action="merge", key_a=a, key_b=b, note=note))
    regroup(store)
    with store.session() as session:
        merged = session.scalar(select(SpeakerNameRow.speaker_id).where(SpeakerNameRow.key == a))
    return merged or ""


def split(store: Store, speaker_id: str, name: str, *, note: str | None = None) -> str:
    """Record that the names of ``speaker_id`` spelt ``name`` are another person; returns the new id."""
    wanted = fold(name)
    with store.session() as session:
        keys = [k for k in speaker_names(session, speaker_id) if parts(k).name == wanted]
        if not keys:
            known = sorted({parts(k).name for k in speaker_names(session, speaker_id)})
            raise KeyError(f"{speaker_id} has no name {name!r}; its names are: {', '.join(known) or 'none'}")
        label = f"split:{min(keys)}"
        for key in keys:
            session.add(SpeakerOverrideRow(action="split", key_a=key, key_b=label, note=note))
    regroup(store)
    with store.session() as session:
        new = session.scalar(select(SpeakerNameRow.speaker_id).where(SpeakerNameRow.key == min(keys)))
    return new or ""


def _anchor(session: Session, speaker_id: str) -> str:
    keys = speaker_names(session, speaker_id)
    if not keys:
        raise KeyError(f"no speaker with id {speaker_id!r}; `saidwhat speakers` lists them")
    return min(keys)
