"""Speaker identities across articles: name variants grouped into one identity, namesakes kept apart,
and an analyst's merges and splits applied on top, every time.

The grouping is computed from all the name keys in the store (:func:`regroup`), so it does not depend
on the order articles arrived in; after a batch only the identities its new names can touch are
computed again (:func:`regroup_new`), with the same result. Rules, for people:

* names are compared by surname (a suffix stays with it: Donald Trump Jr. is not Donald Trump); two
  full names are the same person when their first names agree — equal, one the initial of the other
  ("D. Peskov"), a short form that starts the long one ("Ben"/"Benjamin Rhodes"), or a one-letter
  transliteration variant of a name of four letters or more ("Dmitry"/"Dmitri"). Roles and
  organisations do not split full names: one person is "nominee", "candidate" and "former secretary of
  state" across articles, and "GOP" and "Republican";
* different first names keep people apart (Bill and Hillary Clinton);
* a bare surname joins the only person of that surname ("Peskov" -> "Dmitry Peskov"); when there are
  several, its role or organisation must match one of them ("Clinton, the former president" -> Bill
  Clinton), otherwise it stays an identity of its own rather than being guessed into one;
* two people with the same full name (two John Smiths) are one identity until an analyst splits them.

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

from sqlalchemy import delete, or_, select, update
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


#: Raise when the grouping rules change: stores grouped under older rules are regrouped when next used.
RULES_VERSION = "2"
_RULES_KEY = "identities_rules"


def regroup_if_needed(store: Store) -> bool:
    """Regroup when new names have arrived since the last grouping (only the identities they can
    touch: :func:`regroup_new`), or in full when the rules have changed; True if it did."""
    with store.session() as session:
        dirty = session.get(Meta, IDENTITIES_DIRTY)
        rules = session.get(Meta, _RULES_KEY)
        names = session.scalar(select(SpeakerNameRow.key).limit(1))
        stale = rules is None or rules.value != RULES_VERSION
        if names is None or not ((dirty is not None and dirty.value == "1") or stale):
            return False
    if stale:
        regroup(store)
    else:
        regroup_new(store)
    return True


def regroup_new(store: Store) -> int:
    """Group the names that arrived since the last grouping (no identity yet), touching only what they
    can change; returns the number of names regrouped.

    A name's identity depends only on the names of its bucket (a person's surname; an organisation's
    folded name) and on the overrides linking buckets (a merge of two identities, names split under
    one label). So the buckets of the new names, closed over those links, are grouped exactly as
    :func:`regroup` groups them — same rules, same overrides in the same order — and only their
    identities are rewritten; every other identity stays as it is. The result equals a full regrouping
    (``tests/corpus/test_identities.py`` checks it).
    """
    with store.session() as session:
        new = list(session.scalars(select(SpeakerNameRow.key).where(SpeakerNameRow.speaker_id.is_(None))))
        overrides = list(session.scalars(select(SpeakerOverrideRow).order_by(SpeakerOverrideRow.id)))
        buckets = _linked_buckets({_bucket(parts(key)) for key in new}, overrides)
        names = _bucket_names(session, buckets)
        groups = _apply_overrides(_automatic_groups(names), overrides)
        _write(session, names, groups, scoped=True)
        session.merge(Meta(key=IDENTITIES_DIRTY, value="0"))
        return len(names)


Bucket = tuple[str, str]


def _bucket(name: NameParts) -> Bucket:
    """What a name is compared within: people by surname, the rest by type and folded name."""
    return ("person", name.surname) if name.type == "person" else (name.type, name.name)


def _linked_buckets(buckets: set[Bucket], overrides: list[SpeakerOverrideRow]) -> set[Bucket]:
    """``buckets`` and every bucket an override links to them, transitively."""
    links: list[set[Bucket]] = []
    labels: dict[str, set[Bucket]] = defaultdict(set)
    for override in overrides:
        if override.action == "merge":
            links.append({_bucket(parts(override.key_a)), _bucket(parts(override.key_b))})
        else:  # names split under one label become one identity, wherever they came from
            labels[override.key_b].add(_bucket(parts(override.key_a)))
    links.extend(labels.values())
    closed = set(buckets)
    grew = True
    while grew:
        grew = False
        for link in links:
            if link & closed and not link <= closed:
                closed |= link
                grew = True
    return closed


def _bucket_names(session: Session, buckets: set[Bucket]) -> list[_Name]:
    """Every stored name in ``buckets``, in key order (as :func:`regroup` reads them)."""
    wanted = sorted(buckets)
    names: dict[str, _Name] = {}
    for start in range(0, len(wanted), 100):
        patterns = [_pattern(bucket) for bucket in wanted[start : start + 100]]
        query = select(SpeakerNameRow).where(
            or_(*(SpeakerNameRow.key.like(p, escape="\\") for p in patterns))
        )
        for row in session.scalars(query):
            name = _Name(row.key, parts(row.key), row.name, row.role, row.organization)
            if _bucket(name.parts) in buckets:  # LIKE finds a superset; the bucket decides
                names[row.key] = name
    return [names[key] for key in sorted(names)]


def _pattern(bucket: Bucket) -> str:
    """A LIKE pattern for the keys of a bucket: a person's name ends with the surname; another
    speaker's key starts with its name."""
    kind, value = bucket
    escaped = value.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
    return f"%{escaped}|%|person" if kind == "person" else f"{escaped}|%"


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
        session.merge(Meta(key=_RULES_KEY, value=RULES_VERSION))
        return len(set(groups.values()))


def _automatic_groups(names: list[_Name]) -> dict[str, int]:
    """Name key -> group number."""
    groups: dict[str, int] = {}
    next_group = 0
    by_bucket: dict[Bucket, list[_Name]] = defaultdict(list)
    for name in names:
        by_bucket[_bucket(name.parts)].append(name)
    for (kind, _), members in sorted(by_bucket.items()):
        if kind != "person":
            for member in members:
                groups[member.key] = next_group
            next_group += 1
            continue
        for cluster in _person_clusters(members):
            for member in cluster:
                groups[member.key] = next_group
            next_group += 1
    return groups


def _person_clusters(members: list[_Name]) -> list[list[_Name]]:
    """People sharing a surname: full names grouped by first name, then bare surnames attached."""
    clusters: list[list[_Name]] = []
    full = sorted((m for m in members if m.parts.given is not None), key=_informativeness)
    for member in full:
        fits = [
            c for c in clusters if all(_same_given(member.parts.given or "", o.parts.given or "") for o in c)
        ]
        if len(fits) == 1:
            fits[0].append(member)
        else:  # no one of that first name yet, or an initial that fits several: its own identity
            clusters.append([member])
    named = list(clusters)
    for member in sorted((m for m in members if m.parts.given is None), key=_informativeness):
        fits = named
        if len(fits) > 1:  # several people of that surname: the role or organisation must choose
            fits = [c for c in named if any(_describes(member.parts, o.parts) for o in c)]
        if len(fits) == 1:
            fits[0].append(member)
        else:
            clusters.append([member])
    return clusters


def _informativeness(name: _Name) -> tuple[int, int, int, int, str]:
    """Fullest names first (more words, a whole first name rather than an initial, then role and
    organisation given), so that partial names meet full ones to join."""
    p = name.parts
    return (-len(p.tokens), -len(p.given or ""), -bool(p.organization), -bool(p.role), name.key)


def _describes(bare: NameParts, full: NameParts) -> bool:
    """Whether a bare surname's role or organisation matches a full name's ('former president')."""
    return any(
        a and b and (a in b or b in a)
        for a, b in ((bare.role, full.role), (bare.organization, full.organization))
    )


def _same_given(a: str, b: str) -> bool:
    """First names of one person: equal, an initial, a short form that starts the long one ('Ben',
    'Benjamin'), or a one-letter transliteration variant ('Dmitry', 'Dmitri')."""
    if a == b:
        return True
    short, long = sorted((a, b), key=len)
    if len(short) == 1 or (len(short) >= 3 and long.startswith(short)):
        return short[0] == long[0]
    return len(short) >= 4 and a[0] == b[0] and _within_one_edit(a, b)


def _within_one_edit(a: str, b: str) -> bool:
    if abs(len(a) - len(b)) > 1:
        return False
    if len(a) == len(b):
        return sum(x != y for x, y in zip(a, b, strict=True)) <= 1
    short, long = sorted((a, b), key=len)
    return any(long[:i] + long[i + 1 :] == short for i in range(len(long)))


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


def _write(session: Session, names: list[_Name], groups: dict[str, int], *, scoped: bool = False) -> None:
    """Write the identities of ``names``: all identities, or with ``scoped`` only those of these names
    (their old identities hold no other names: a bucket's identities never reach outside the buckets
    its overrides link it to)."""
    members: dict[int, list[_Name]] = defaultdict(list)
    for name in names:
        members[groups[name.key]].append(name)
    if scoped:
        keys = [name.key for name in names]
        for start in range(0, len(keys), 500):
            chunk = keys[start : start + 500]
            old = set(session.scalars(select(SpeakerNameRow.speaker_id).where(SpeakerNameRow.key.in_(chunk))))
            session.execute(
                update(SpeakerNameRow).where(SpeakerNameRow.key.in_(chunk)).values(speaker_id=None)
            )
            session.execute(delete(SpeakerRow).where(SpeakerRow.id.in_([i for i in old if i is not None])))
    else:
        session.execute(update(SpeakerNameRow).values(speaker_id=None))
        session.execute(delete(SpeakerRow))
    assignments: dict[str, list[str]] = defaultdict(list)
    for cluster in members.values():
        best = min(cluster, key=_informativeness)
        speaker_id = identity_id(best.display, best.key)
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
    """A readable id that stays the same while the identity's fullest name stays its fullest:
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


def split(
    store: Store, speaker_id: str, name: str, *, organization: str | None = None, note: str | None = None
) -> str:
    """Record that the names of ``speaker_id`` spelt ``name`` (at ``organization``, when given: two
    John Smiths) are another person; returns the new identity's id."""
    wanted = fold(name)
    with store.session() as session:
        keys = [
            k
            for k in speaker_names(session, speaker_id)
            if parts(k).name == wanted
            and (organization is None or parts(k).organization == fold(organization))
        ]
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
