"""What speaker resolution reads in the parse: pronoun classes and small tests on tokens and sources.

Pure functions of the parse and the lexicon, with no state of the resolver's.
"""

from __future__ import annotations

import re
from functools import lru_cache

from spacy.tokens import Doc, Token
from spacy.tokens import Span as TokenSpan

from saidwhat.entities.lexicon import lexicon
from saidwhat.entities.names import honorific_gender, strip_possessive
from saidwhat.entities.nominals import Nominal, artefact_kind_of
from saidwhat.model import EntityType, Span

# Pronoun classes, lower-cased.
MALE = frozenset({"he", "him"})
FEMALE = frozenset({"she", "her"})
MALE_FORMS = MALE | {"his", "himself"}
FEMALE_FORMS = FEMALE | {"hers", "herself"}
PLURAL = frozenset({"they", "them"})
FIRST_PERSON = frozenset({"i", "we", "me", "us"})
SINGULAR_FIRST_PERSON = frozenset({"i", "me"})
POSSESSIVE = {"his": "he", "her": "she", "its": "it", "their": "they"}
PROPER_TAGS = frozenset({"NNP", "NNPS"})
WHEN_LABELS = frozenset({"DATE", "TIME"})
#: Heads of a phrase of time the parse may hang on a source's name ("Trump at the time said").
_TIME_NOUNS = frozenset({"time", "moment", "point", "outset", "start", "end"})
SHORT_QUOTATION_WORDS = 4  # a quotation this short inside a cue's clause does not end it ("“Ted Cruz” pins")
#: Lower-case words inside an organisation's name ("Council on Foreign Relations", "Bread and Roses").
NAME_CONNECTORS = frozenset({"and", "of", "for", "on", "&", "the", "in"})
#: Links along which a verb shares its head's subject: "gestured, then boomed", "rallied … by warning".
SHARED_SUBJECT = frozenset({"conj", "advcl", "xcomp", "pcomp", "prep", "dep"})
_QUOTE_CHARS = "\"'“”‘’«»„`"
_TIME = re.compile(r"^\d{1,2}\s*:\s*\d{2}")


def last_line(source: Span) -> Span:
    """A source never runs over a line break: "7:00 p.m.\n\nNevada's Democratic party" is its last line."""
    cut = source.text.rfind("\n")
    if cut < 0 or not source.text[cut:].strip():
        return source
    rest = source.text[cut + 1 :]
    start = source.start + cut + 1 + (len(rest) - len(rest.lstrip()))
    return Span(start=start, end=source.end, text=rest.strip())


def before_cue(source: Span, at: int, text: str) -> Span:
    """The source cut before its cue when the cue at character ``at`` falls inside it (the parse hung
    the cue's clause on the subject: "Republican presidential nominee Donald Trump on Friday endorsed
    …" given as the source of "endorsed")."""
    if not source.start < at < source.end:
        return source
    end = len(text[source.start : at].rstrip()) + source.start
    return Span.of(text, source.start, end) if end > source.start else source


def names_no_one(text: str) -> bool:
    """A source that cannot mention a speaker: a quotation, a time stamp, a demonstrative ("That")."""
    stripped = text.strip()
    if stripped[:1] in _QUOTE_CHARS or stripped[-1:] in _QUOTE_CHARS or _TIME.match(stripped):
        return True
    return stripped.lower() in ("that", "this", "it")


def clause_boundary(token: Token) -> bool:
    """Where the clause of a cue cannot reach back past: a line break, a quote mark, a sentence mark. An
    apostrophe is no quote mark: "the club's" and "members'" (a possessive) or "don't" go on."""
    text = token.text
    quote = token.tag_ != "POS" and bool(text) and all(c in _QUOTE_CHARS for c in text)
    return ("\n" in text) or text in (".", ";", "!", "?", ":") or quote


def short_quotation_ending(doc: Doc, closing: int, limit: int) -> int | None:
    """The opening mark's index of a quotation of at most :data:`SHORT_QUOTATION_WORDS` words in one
    sentence that ends with the closing mark at ``closing``, or None. A quotation ending in punctuation
    ('“Very sad,” said Clinton') is a quoted statement, not a name or term, and ends the clause."""
    if doc[closing].tag_ != "''" or closing == 0 or doc[closing - 1].is_punct:
        return None
    for i in range(closing - 1, max(limit, closing - SHORT_QUOTATION_WORDS - 1) - 1, -1):
        if doc[i].tag_ == "``":
            return i
        if clause_boundary(doc[i]):
            return None
    return None


def without_time(tokens: TokenSpan) -> TokenSpan:
    """A source without the time words the parse took into it: "Broaddrick Sunday night recounted" (the
    time taken for the head), "Trump at the time said" (a phrase of time on the name)."""
    while len(tokens) > 1:
        last = tokens[-1]
        if last.ent_type_ in WHEN_LABELS:
            tokens = tokens[:-1]
            continue
        opening = next((t for t in tokens[1:] if t.dep_ == "prep" and t.head.i == tokens.root.i), None)
        if opening is None or last.lemma_.lower() not in _TIME_NOUNS or last.head.i != opening.i:
            break
        tokens = tokens[: opening.i - tokens.start]
    return tokens


def opening_phrase(sentence: TokenSpan) -> tuple[TokenSpan, Token] | None:
    """The prepositional phrase opening a sentence, up to its first comma, and the word right after that
    comma: ("In his assessment of the magnate", "Calderon") in "In his assessment of the magnate,
    Calderon intimated …". Read from the surface, as the parse often misreads such sentences."""
    if len(sentence) == 0 or not sentence[0].is_alpha or sentence[0].pos_ != "ADP":
        return None
    comma = next((t for t in sentence if t.text == ","), None)
    if comma is None or comma.i + 1 >= sentence.end:
        return None
    return sentence.doc[sentence.start : comma.i], comma.nbor()


def of_phrases(head: Token) -> list[Token]:
    """The "of" prepositions on a noun ("results of the exit poll", "a review of her emails")."""
    return [prep for prep in head.rights if prep.dep_ == "prep" and prep.lower_ == "of"]


def of_objects(head: Token) -> list[Token]:
    """The objects of the "of" phrases on a noun ("the exit poll" in "results of the exit poll")."""
    return [obj for prep in of_phrases(head) for obj in prep.children if obj.dep_ == "pobj"]


def holder_of_purpose(cue: Token) -> Token | None:
    """The verb whose subject does what an infinitive on its object says: "Obama will get one more
    chance to poke fun at…", "Obama will spearhead an effort to paint Trump as…". Not when the verb
    has a recipient, who is then the doer ("gave Clinton a chance to respond")."""
    if not _infinitive_on_object(cue) or recipient_of_purpose(cue) is not None:
        return None
    return cue.head.head


def recipient_of_purpose(cue: Token) -> Token | None:
    """The recipient who does what an infinitive on the object says: "Clinton" in "Trump gave Clinton a
    chance to respond"."""
    if not _infinitive_on_object(cue):
        return None
    return next((c for c in cue.head.head.children if c.dep_ == "dative"), None)


def _infinitive_on_object(cue: Token) -> bool:
    to = any(c.dep_ == "aux" and c.lower_ == "to" for c in cue.children)
    return cue.dep_ == "acl" and to and cue.head.dep_ == "dobj"


def artefact_a_part_is_of(head: Token) -> Token | None:
    """The artefact ``head`` names a part or copy of ("excerpts of his speech" → speech), if any."""
    if head.lower_ not in lexicon().part_nouns and head.lemma_.lower() not in lexicon().part_nouns:
        return None
    for prep in head.rights:
        if prep.dep_ == "prep" and prep.lower_ == "of":
            whole = next((t for t in prep.children if t.dep_ == "pobj"), None)
            return whole if whole is not None and artefact_kind_of(whole) is not None else None
    return None


def artefacts_of_same_kind(head: Token) -> list[Token]:
    """The objects of the "of" phrases on an artefact that are artefacts of its kind ("an average of
    recent polls", "early results of the exit poll"): they speak with it."""
    kind = artefact_kind_of(head)
    return [obj for obj in of_objects(head) if artefact_kind_of(obj) == kind]


def is_party_member(head: Token) -> bool:
    """A singular party word with an article: "the Kentucky Republican", "a Democrat" (a person)."""
    singular = head.tag_ in ("NNP", "NN", "JJ") and not head.lower_.endswith("s")
    article = any(child.dep_ == "det" and child.lower_ in ("the", "a", "an") for child in head.children)
    return singular and article and head.lower_ in lexicon().parties


def is_organization_noun(token: Token) -> bool:
    nouns = lexicon().org_nouns
    return token.lower_ in nouns or token.lemma_.lower() in nouns


def nominal_kind(described: Nominal) -> EntityType:
    """What a description with no name makes: "a woman" a person, "the protesters" a group, "the
    delegation" or "his campaign" an organisation."""
    if described.person:
        return EntityType.PERSON
    return EntityType.GROUP if described.human and described.plural else EntityType.ORGANIZATION


def text_words(text: str) -> list[str]:
    """The words of a source after a leading article ("The bank" → ["bank"])."""
    words = text.split()
    return words[1:] if words and words[0].lower() in ("the", "a", "an") else words


@lru_cache(maxsize=8192)  # every entity's name is compared again for each source the entities missed
def name_key(text: str) -> str:
    """A name without determiner, honorifics or possessive, lower-cased, for comparing names."""
    words = strip_possessive(text.strip()).split()
    while len(words) > 1 and (words[0].lower() == "the" or honorific_gender(words[0])[0]):
        words.pop(0)
    return " ".join(words).lower()
