"""Text normalisation for claim retrieval: strip a tweet of what says nothing about its claim.

Tweets in the CheckThat! 2A set (and social-media posts generally) end with a signature
("— Name (@handle) March 18, 2016"), carry t.co / pic.twitter.com links, hashtags, mentions and emojis.
The signature's date and handle match nothing in a fact-check, and links are pure noise for both BM25
and the embedder; a hashtag's words do carry meaning, so ``#AustralianFires`` becomes "Australian Fires".
"""

from __future__ import annotations

import re
import unicodedata
from datetime import date, datetime

_SIGNATURE = re.compile(r"\s+[—–-]\s+[^—–]{0,80}\(@\w+\)\s+\w+ \d{1,2}, \d{4}\s*$")
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
    """The text of a social-media post without signature, links, emojis; mentions and hashtags as words."""
    text = _SIGNATURE.sub("", text)
    text = _LINK.sub(" ", text)
    text = _HASHTAG.sub(lambda m: _split_camel(m.group(1)), text)
    text = _MENTION.sub(lambda m: _split_camel(m.group(1)), text)
    text = "".join(ch for ch in text if not _is_symbol(ch))
    return _SPACES.sub(" ", text).strip()


def _split_camel(word: str) -> str:
    return _CAMEL.sub(" ", word.replace("_", " "))


def _is_symbol(ch: str) -> bool:
    """Emojis and pictographs (category So) and variation selectors; keeps letters, digits, punctuation."""
    return unicodedata.category(ch) in {"So", "Sk", "Cs", "Co"} or 0xFE00 <= ord(ch) <= 0xFE0F


def fold(text: str) -> str:
    """Lower-cased, accents removed, typographic apostrophes made plain."""
    text = unicodedata.normalize("NFKD", text.replace("’", "'").replace("‘", "'"))
    return "".join(ch for ch in text if not unicodedata.combining(ch)).lower()


def terms(text: str) -> list[str]:
    """Index terms: folded words without stopwords, possessives and plural -s removed."""
    out = []
    for token in _TOKEN.findall(fold(text)):
        token = token.removesuffix("'s")
        if token in STOPWORDS:
            continue
        out.append(stem(token))
    return out


def stem(token: str) -> str:
    """A light plural stemmer (S-stemmer, Harman 1991): safe on names, merges 'passports'/'passport'."""
    if len(token) > 4 and token.endswith("ies") and not token.endswith(("eies", "aies")):
        return token[:-3] + "y"
    if len(token) > 3 and token.endswith("es") and not token.endswith(("aes", "ees", "oes")):
        return token[:-1]
    if len(token) > 3 and token.endswith("s") and not token.endswith(("us", "ss")):
        return token[:-1]
    return token


_SIGNATURE_DATE = re.compile(r"\(@\w+\)\s+(\w+ \d{1,2}, \d{4})\s*$")
_DATE_FORMATS = ("%B %d, %Y", "%d %B %Y", "%Y-%m-%d", "%B %d %Y", "%b %d, %Y", "%d %b %Y")


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
