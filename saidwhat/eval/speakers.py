"""Speaker resolution accuracy: is an attribution's speaker the right named entity?

The gold (``data/polnear-dev-speakers.jsonl``, described in ``data/README.md``) gives, for every gold
PolNeAR attribution with a source in the first 20 dev articles, the entity the source refers to.
saidwhat is run on those articles; its attributions are matched to the gold ones exactly as the
attribution metric does (content coverage >= 0.3, one-to-one, follow-ons merged), and for each gold
attribution whose speaker is *named* in the article and that a prediction matched, the predicted
speaker is **correct** (the same entity), **wrong** (another entity) or **abstained** (null).

accuracy = correct / (correct + wrong + abstained) is the figure the issue targets (>= 90 %);
precision = correct / (correct + wrong) is the precision of committed answers. Named gold attributions
that no prediction matched are attribution misses, reported apart and not counted against resolution.

**Calibration** (``figures()["calibration"]``) asks whether the stated confidence is the probability that
the speaker is right. It counts every matched gold attribution with a gold identity, named or not: the
*top candidate* is the committed speaker, or for an abstention the best candidate (stated confidence:
its score; no candidate at all counts as not right, at confidence 0). For named gold the top candidate
is right when it is the gold entity (as ``correct``); for unnamed gold (``speaker: null``) it is right
only when it is an unnamed referent the resolver made from the description itself ("a senior Cruz
adviser", "the protesters"), never a named entity. Cases are binned by stated confidence (below 0.5,
then [0.5, 0.6) … [0.9, 1.0]); ECE is the count-weighted mean of |accuracy − mean confidence| over the
bins, Brier the mean squared difference between stated confidence and rightness (1 or 0).
"""

from __future__ import annotations

import json
import re
import unicodedata
from collections import Counter
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

from saidwhat.attribution.calibration import parse_rule_tag
from saidwhat.eval.metrics import RangedAttribution, match_content
from saidwhat.eval.polnear import CharRange, GoldDocument, Split, read_polnear, resolve_data_root
from saidwhat.eval.run import merge_attributions
from saidwhat.model import Analysis, Article, ArticleMetadata, Attribution, EntityType
from saidwhat.pipeline import analyze_many
from saidwhat.settings import DEFAULT_STAGES

DEFAULT_GOLD = Path(__file__).parent / "data" / "polnear-dev-speakers.jsonl"
#: The shipped gold file for each split: dev is the reported figure, train the development set that
#: errors may be studied on (``data/README.md``).
GOLD_BY_SPLIT: dict[Split, Path] = {
    Split.DEV: DEFAULT_GOLD,
    Split.TRAIN: Path(__file__).parent / "data" / "polnear-train-speakers.jsonl",
}
THRESHOLD = 0.3
TARGET = 90.0
#: Share of speakers resolved correctly, published on their own Canadian news set (not PolNeAR).
ANCHORS: dict[str, float] = {"GenderGapTracker": 56.0, "Citron": 75.0}
OUTCOMES: tuple[str, ...] = ("correct", "wrong", "abstained", "unmatched")
FORMS: tuple[str, ...] = ("name", "pronoun", "nominal")

PRONOUNS = frozenset(
    [
        "he",
        "she",
        "it",
        "they",
        "him",
        "her",
        "them",
        "his",
        "hers",
        "its",
        "their",
        "theirs",
        "who",
        "whom",
        "whose",
        "which",
        "that",
        "i",
        "we",
        "you",
    ]
)
_TITLES = frozenset(
    [
        "mr",
        "mrs",
        "ms",
        "dr",
        "sen",
        "senator",
        "rep",
        "gov",
        "governor",
        "president",
        "former",
        "sir",
        "lord",
        "lady",
        "prof",
    ]
)
_STOP = frozenset(["the", "a", "an", "of", "for", "on", "and", "in", "at", "to"])
#: Calibration bins: (label, lower bound inclusive, upper bound exclusive; the last includes 1.0).
BINS: tuple[tuple[str, float, float], ...] = (
    ("<0.5", 0.0, 0.5),
    ("0.5-0.6", 0.5, 0.6),
    ("0.6-0.7", 0.6, 0.7),
    ("0.7-0.8", 0.7, 0.8),
    ("0.8-0.9", 0.8, 0.9),
    ("0.9-1.0", 0.9, 1.0 + 1e-9),
)
#: Words that alone cannot identify an organisation, so containment on them proves nothing.
_GENERIC = frozenset(
    ["campaign", "committee", "city", "police", "department", "office", "party", "administration", "group"]
)
_TOKEN = re.compile(r"[\w.\-@]+")


@dataclass(frozen=True, slots=True)
class GoldSpeaker:
    """One gold speaker annotation, keyed by article and the attribution's first source range."""

    article: str
    source: CharRange
    source_text: str
    speaker: str | None
    named: bool
    type: EntityType
    aliases: tuple[str, ...] = ()

    @property
    def names(self) -> tuple[str, ...]:
        return ((self.speaker,) if self.speaker else ()) + self.aliases


@dataclass(frozen=True, slots=True)
class SpeakerCase:
    """One scored gold attribution: what the gold says and what saidwhat predicted."""

    article: str
    source_text: str
    gold: str | None
    predicted: str | None
    form: str
    outcome: str
    #: The stated confidence of the top candidate (the speaker, else the best candidate); None if unmatched.
    confidence: float | None = None
    #: Whether the top candidate is the gold referent (see the module docstring); None if unmatched.
    top_right: bool | None = None
    #: The resolution rule and its raw (uncalibrated) confidence, from the explanation's tag.
    rule: str | None = None
    raw_confidence: float | None = None

    def as_dict(self) -> dict[str, Any]:
        return {
            "article": self.article,
            "source_text": self.source_text,
            "gold": self.gold,
            "predicted": self.predicted,
            "form": self.form,
            "outcome": self.outcome,
            "confidence": self.confidence,
            "rule": self.rule,
        }


@dataclass(frozen=True, slots=True)
class SpeakerReport:
    articles: int
    failures: int
    cases: tuple[SpeakerCase, ...] = field(default_factory=tuple)  # named gold attributions
    unnamed: tuple[SpeakerCase, ...] = field(default_factory=tuple)  # gold speaker null, matched

    def calibration_cases(self) -> list[SpeakerCase]:
        """Matched gold attributions with a gold identity (named or not), for calibration."""
        return [
            c for c in (*self.cases, *self.unnamed) if c.confidence is not None and c.top_right is not None
        ]

    def counts(self, form: str | None = None) -> Counter[str]:
        return Counter(c.outcome for c in self.cases if form is None or c.form == form)

    def figures(self) -> dict[str, Any]:
        """Every figure, percentages rounded to one decimal, keyed for ``--json``."""
        figures: dict[str, Any] = {"articles": self.articles, "failures": self.failures}
        figures["overall"] = _block(self.counts())
        figures["by_form"] = {form: _block(self.counts(form)) for form in FORMS}
        committed = sum(1 for c in self.unnamed if c.predicted is not None)
        figures["unnamed_gold"] = {"matched": len(self.unnamed), "committed": committed}
        figures["target_accuracy"] = TARGET
        figures["anchors_accuracy"] = dict(ANCHORS)
        figures["anchors_note"] = "anchors are on their own Canadian news set, not PolNeAR"
        figures["calibration"] = calibration_figures(self.calibration_cases())
        figures["errors"] = [c.as_dict() for c in self.cases if c.outcome in ("wrong", "abstained")]
        return figures


def calibration_figures(cases: Sequence[SpeakerCase]) -> dict[str, Any]:
    """Reliability bins, ECE and Brier score of the stated confidences, plus the same per rule."""
    points = [(c.confidence or 0.0, bool(c.top_right)) for c in cases]
    bins = []
    ece = 0.0
    for label, low, high in BINS:
        inside = [(p, right) for p, right in points if low <= p < high]
        mean = sum(p for p, _ in inside) / len(inside) if inside else 0.0
        accuracy = sum(1 for _, right in inside if right) / len(inside) if inside else 0.0
        if inside:
            ece += len(inside) / len(points) * abs(accuracy - mean)
        bins.append(
            {
                "bin": label,
                "count": len(inside),
                "mean_confidence": round(mean, 3),
                "accuracy": round(accuracy, 3),
            }
        )
    brier = sum((p - right) ** 2 for p, right in points) / len(points) if points else 0.0
    by_rule: dict[str, list[tuple[float, bool]]] = {}
    for case in cases:
        by_rule.setdefault(case.rule or "?", []).append((case.confidence or 0.0, bool(case.top_right)))
    rules = {
        rule: {
            "count": len(rows),
            "mean_confidence": round(sum(p for p, _ in rows) / len(rows), 3),
            "accuracy": round(sum(1 for _, right in rows if right) / len(rows), 3),
        }
        for rule, rows in sorted(by_rule.items(), key=lambda item: -len(item[1]))
    }
    committed = [(p, right) for p, right in points if p >= 0.5]
    return {
        "cases": len(points),
        "committed": len(committed),
        # stated vs observed over the committed answers (stated confidence >= 0.5) alone
        "committed_mean_confidence": round(sum(p for p, _ in committed) / len(committed), 3)
        if committed
        else 0.0,
        "committed_accuracy": round(sum(1 for _, r in committed if r) / len(committed), 3)
        if committed
        else 0.0,
        "bins": bins,
        "ece": round(ece, 4),
        "brier": round(brier, 4),
        "by_rule": rules,
    }


def _block(counts: Counter[str]) -> dict[str, Any]:
    correct, wrong, abstained = counts["correct"], counts["wrong"], counts["abstained"]
    scored = correct + wrong + abstained
    block: dict[str, Any] = {outcome: counts[outcome] for outcome in OUTCOMES}
    block["accuracy"] = _pct(correct, scored)
    block["precision"] = _pct(correct, correct + wrong)
    block["abstention"] = _pct(abstained, scored)
    return block


def _pct(part: int, whole: int) -> float:
    return round(100 * part / whole, 1) if whole else 0.0


# --- gold -------------------------------------------------------------------------------------------


def load_gold(path: Path = DEFAULT_GOLD) -> list[GoldSpeaker]:
    """The gold speaker annotations of a ``.jsonl`` file."""
    rows = []
    for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
        if line.strip():
            try:
                rows.append(_gold_row(json.loads(line)))
            except (KeyError, ValueError, TypeError) as exc:
                raise ValueError(f"{path}:{number}: bad gold speaker row: {exc}") from exc
    return rows


def _gold_row(row: dict[str, Any]) -> GoldSpeaker:
    start, end = row["source"]
    return GoldSpeaker(
        article=str(row["article"]),
        source=(int(start), int(end)),
        source_text=str(row["source_text"]),
        speaker=row["speaker"],
        named=bool(row["named"]),
        type=EntityType(row["type"]),
        aliases=tuple(row.get("aliases", ())),
    )


# --- name matching ------------------------------------------------------------------------------------


def normalise(name: str) -> list[str]:
    """Lower-cased tokens of a name, without accents, possessives, titles, articles or punctuation."""
    folded = re.sub(r"['’]s\b", "", name)
    folded = unicodedata.normalize("NFKD", folded).encode("ascii", "ignore").decode().lower()
    tokens = [t.strip(".-@") for t in _TOKEN.findall(folded)]
    return [t for t in tokens if t and t not in _STOP and t not in _TITLES]


def same_entity(
    predicted: str,
    gold: str,
    *,
    gold_type: EntityType = EntityType.PERSON,
    predicted_type: EntityType | None = None,
    aliases: Sequence[str] = (),
) -> bool:
    """Whether the predicted canonical name refers to the gold entity (or one of its aliases)."""
    return any(_same_name(predicted, name, gold_type, predicted_type) for name in (gold, *aliases))


def _same_name(predicted: str, gold: str, gold_type: EntityType, predicted_type: EntityType | None) -> bool:
    pred, ref = normalise(predicted), normalise(gold)
    if not pred or not ref:
        return False
    if pred == ref:
        return True
    if gold_type is EntityType.PERSON:
        return _same_person(pred, ref)
    if predicted_type is EntityType.PERSON:
        return False  # a person is not the organisation named after them ("Trump" vs "Trump campaign")
    small, large = sorted((set(pred), set(ref)), key=len)
    return small <= large and not small <= _GENERIC


def _same_person(pred: list[str], ref: list[str]) -> bool:
    """Same surname and no conflicting first name ("Peskov" = "Dmitry Peskov" != "Ivan Peskov")."""
    if pred[-1] != ref[-1]:
        return False
    if len(pred) == 1 or len(ref) == 1:
        return True
    first_pred, first_ref = pred[0], ref[0]
    return first_pred == first_ref or _is_initial(first_pred, first_ref) or _is_initial(first_ref, first_pred)


def _is_initial(short: str, full: str) -> bool:
    letters = short.replace(".", "")
    return 0 < len(letters) <= 2 and full.replace(".", "").startswith(letters)


def source_form(source_text: str, gold: GoldSpeaker) -> str:
    """How the source mentions the speaker: by ``name``, by ``pronoun`` or by a ``nominal``."""
    words = source_text.strip().split()
    if len(words) == 1 and words[0].lower() in PRONOUNS:
        return "pronoun"
    name_tokens = {t for name in gold.names for t in _TOKEN.findall(name) if t[:1].isupper()}
    name_tokens = {t.lower() for t in name_tokens if t.lower() not in _STOP}
    for token in _TOKEN.findall(re.sub(r"['’]s\b", "", source_text)):
        if (token[:1].isupper() or token.isupper()) and token.lower() in name_tokens:
            return "name"
    return "nominal"


# --- evaluation -----------------------------------------------------------------------------------------


def evaluate_speakers(
    gold_path: Path = DEFAULT_GOLD,
    polnear_root: Path | None = None,
    *,
    stages: Sequence[str] = DEFAULT_STAGES,
    n_process: int = 1,
    split: Split = Split.DEV,
) -> SpeakerReport:
    """Run saidwhat on the gold articles (of PolNeAR ``split``) and score its speakers against the gold."""
    gold = load_gold(gold_path)
    by_source = {(g.article, g.source): g for g in gold}
    documents = _gold_documents(resolve_data_root(polnear_root), {g.article for g in gold}, split)
    pending: dict[str, GoldDocument] = {}
    cases: list[SpeakerCase] = []
    unnamed: list[SpeakerCase] = []
    failures = 0
    for result in analyze_many(_articles(documents, pending), stages=stages, n_process=n_process):
        if isinstance(result, Analysis):
            doc = pending.pop(result.article.id)
            predicted = merged_predictions(result.attributions)
        else:
            failures += 1
            doc = pending.pop(result.input if result.input in pending else next(iter(pending)))
            predicted = []
        for case in score_document(doc, predicted, by_source):
            (cases if case.outcome != "unnamed" else unnamed).append(case)
    articles = len({g.article for g in gold})
    return SpeakerReport(articles, failures, tuple(cases), tuple(unnamed))


def _gold_documents(root: Path, ids: set[str], split: Split = Split.DEV) -> Iterator[GoldDocument]:
    remaining = set(ids)
    for doc in read_polnear(root, split):
        if doc.id in remaining:
            remaining.discard(doc.id)
            yield doc
        if not remaining:
            return
    if remaining:
        raise FileNotFoundError(f"gold articles not in PolNeAR {split}: {', '.join(sorted(remaining))}")


def _articles(documents: Iterable[GoldDocument], pending: dict[str, GoldDocument]) -> Iterator[Article]:
    for doc in documents:
        pending[doc.id] = doc
        metadata = ArticleMetadata(outlet=doc.outlet, published=str(doc.published))
        yield Article(id=doc.id, text=doc.text, metadata=metadata)


def merged_predictions(attributions: Sequence[Attribution]) -> list[tuple[RangedAttribution, Attribution]]:
    """Follow-ons merged into the attribution they continue (as ``merge_follow_ons``), each with the
    attribution whose speaker the merged one carries."""
    return [(ranges, first) for first, ranges in merge_attributions(attributions)]


def score_document(
    doc: GoldDocument,
    predicted: Sequence[tuple[RangedAttribution, Attribution]],
    by_source: dict[tuple[str, CharRange], GoldSpeaker],
) -> Iterator[SpeakerCase]:
    """A case for every annotated gold attribution of ``doc``; outcome ``unnamed`` when gold is null
    (yielded only when a prediction matched it)."""
    pairs = {g: p for p, g in match_content([r for r, _ in predicted], doc.attributions, THRESHOLD)}
    for index, attribution in enumerate(doc.attributions):
        annotation = by_source.get((doc.id, attribution.source[0])) if attribution.source else None
        if annotation is None:
            continue
        match = predicted[pairs[index]][1] if index in pairs else None
        case = _case(annotation, match)
        if annotation.named or case.outcome != "unmatched":
            yield case


def _case(gold: GoldSpeaker, match: Attribution | None) -> SpeakerCase:
    speaker = match.speaker if match is not None else None
    outcome = _outcome(gold, match)
    form = source_form(gold.source_text, gold)
    name = speaker.name if speaker is not None else None
    case = SpeakerCase(gold.article, gold.source_text, gold.speaker, name, form, outcome)
    if match is None:
        return case
    tag = parse_rule_tag(match.resolution)
    confidence, right = _top_candidate(gold, match, tag is not None and tag.unnamed)
    return replace(
        case,
        confidence=confidence,
        top_right=right,
        rule=tag.rule if tag else None,
        raw_confidence=tag.raw if tag else None,
    )


def _top_candidate(gold: GoldSpeaker, match: Attribution, unnamed_referent: bool) -> tuple[float, bool]:
    """The stated confidence of the committed speaker or best candidate, and whether it is right."""
    if match.speaker is not None:
        top, confidence = match.speaker, match.confidence
    elif match.candidates:
        top, confidence = match.candidates[0].speaker, match.candidates[0].score
    else:
        return match.confidence, False
    if not gold.named or gold.speaker is None:
        return confidence, unnamed_referent
    same = same_entity(
        top.name, gold.speaker, gold_type=gold.type, predicted_type=top.type, aliases=gold.aliases
    )
    return confidence, same


def _outcome(gold: GoldSpeaker, match: Attribution | None) -> str:
    if match is None:
        return "unmatched"
    if not gold.named or gold.speaker is None:
        return "unnamed"
    if match.speaker is None:
        return "abstained"
    speaker = match.speaker
    same = same_entity(
        speaker.name, gold.speaker, gold_type=gold.type, predicted_type=speaker.type, aliases=gold.aliases
    )
    return "correct" if same else "wrong"
