"""Text normalisation for claim retrieval: strip a tweet of what says nothing about its claim.

Tweets in the CheckThat! 2A set (and social-media posts generally) end with a signature
("— Name (@handle) March 18, 2016"), carry t.co / pic.twitter.com links, hashtags, mentions and emojis.
The signature's date and handle match nothing in a fact-check and go, but its author's name stays
("… — Barack Obama"): fact-checks are often about what someone posted ("Barack Obama tweeted …"), and
keeping it raised the MiniLM cosine's MAP@5 over the CheckThat! 2A train tweets from 0.810 to 0.839
(docs/claims.md). Links are pure noise for both BM25 and the embedder; a hashtag's words do carry meaning,
so ``#AustralianFires`` becomes "Australian Fires".
"""

from __future__ import annotations

import re
import unicodedata
from datetime import date, datetime
from functools import lru_cache

# Anywhere, not only at the end: a quoted tweet carries its own signature in the middle of the quoting one.
_SIGNATURE = re.compile(r"\s*[—–-]\s+([^—\n]{0,80}?)\s*\(@\w+\)\s+\w+ \d{1,2}, \d{2}(?:\d{2})?\b")
_LINK = re.compile(r"(?:https?://|www\.|pic\.twitter\.com/)\S+", re.IGNORECASE)
_MENTION = re.compile(r"(?<!\w)[.]?@(\w+)")
_HASHTAG = re.compile(r"#(\w+)")
_CAMEL = re.compile(r"(?<=[a-z])(?=[A-Z])|(?<=[A-Z])(?=[A-Z][a-z])")
_SPACES = re.compile(r"\s+")
_TOKEN = re.compile(r"[a-z0-9]+(?:'[a-z]+)?")

# Function words that would dominate BM25 scores of short claims without telling claims apart.
STOPWORDS = frozenset(
    """
    a an the and or but if of to in on at by for with from as is are was were be been being it its
    this that these those he she they them his her their we our you your i me my not no do does did
    has have had will would can could should may might than then so such there here what which who
    whom whose when where why how all any some about into over after before says said via rt amp
    """.split()  # noqa: SIM905  (a word list reads better as text)
)


def clean_post(text: str) -> str:
    """The text of a social-media post without signatures, links, emojis; mentions and hashtags as words;
    the name in its last signature (the post's author) kept at the end, after a dash."""
    signatures = list(_SIGNATURE.finditer(text))
    text = _SIGNATURE.sub(" ", text)
    if signatures:
        text = f"{text.rstrip()} — {signatures[-1].group(1)}"
    text = _LINK.sub(" ", text)
    text = _HASHTAG.sub(_as_words, text)
    text = _MENTION.sub(_as_words, text)
    text = "".join(" " if _is_symbol(ch) else ch for ch in text)
    return _SPACES.sub(" ", text).strip()


def _as_words(match: re.Match[str]) -> str:
    """A hashtag's or mention's words, set apart from neighbours it was glued to ("#gold#silver")."""
    words = _split_camel(match.group(1))
    text, start, end = match.string, match.start(), match.end()
    before = " " if start > 0 and text[start - 1].isalnum() else ""
    after = " " if end < len(text) and (text[end].isalnum() or text[end] in "#@") else ""
    return f"{before}{words}{after}"


def _split_camel(word: str) -> str:
    return _CAMEL.sub(" ", word.replace("_", " "))


def _is_symbol(ch: str) -> bool:
    """Emojis and pictographs (category So) and variation selectors; keeps letters, digits, punctuation."""
    return unicodedata.category(ch) in {"So", "Sk", "Cs", "Co"} or 0xFE00 <= ord(ch) <= 0xFE0F


def fold(text: str) -> str:
    """Lower-cased, accents removed, typographic apostrophes made plain."""
    text = text.replace("’", "'").replace("‘", "'")
    if text.isascii():  # the common case, and 10x faster than decomposing
        return text.lower()
    text = unicodedata.normalize("NFKD", text)
    return "".join(ch for ch in text if not unicodedata.combining(ch)).lower()


def terms(text: str) -> list[str]:
    """Index terms: folded words without stopwords, possessives and plural -s removed."""
    return list(_terms(text))


@lru_cache(maxsize=65_536)
def _terms(text: str) -> tuple[str, ...]:
    # Cached: the same fact-checks come back as candidates for many claims.
    out = []
    for token in _TOKEN.findall(fold(text)):
        token = token.removesuffix("'s")
        if token in STOPWORDS:
            continue
        out.append(stem(token))
    return tuple(out)


def stem(token: str) -> str:
    """A light plural stemmer (S-stemmer, Harman 1991): safe on names, merges 'passports'/'passport'."""
    if len(token) > 4 and token.endswith("ies") and not token.endswith(("eies", "aies")):
        return token[:-3] + "y"
    if len(token) > 3 and token.endswith("es") and not token.endswith(("aes", "ees", "oes")):
        return token[:-1]
    if len(token) > 3 and token.endswith("s") and not token.endswith(("us", "ss")):
        return token[:-1]
    return token


_SIGNATURE_DATE = re.compile(r"\(@\w+\)\s+(\w+ \d{1,2}, \d{2}(?:\d{2})?)\s*$")
_DATE_FORMATS = ("%B %d, %Y", "%d %B %Y", "%Y-%m-%d", "%B %d %Y", "%b %d, %Y", "%d %b %Y", "%B %d, %y")


def post_date(text: str) -> date | None:
    """The date of a tweet's signature ("— Name (@handle) March 18, 2016"), if it has one."""
    match = _SIGNATURE_DATE.search(text)
    return parse_date(match.group(1)) if match else None


def parse_date(value: str | None) -> date | None:
    """A calendar date from ISO 8601 or the common English forms fact-checkers print; None if unreadable."""
    if not value:
        return None
    value = value.strip()
    try:
        return date.fromisoformat(value[:10])
    except ValueError:
        pass
    for fmt in _DATE_FORMATS:
        try:
            return datetime.strptime(value, fmt).date()
        except ValueError:
            continue
    return None
