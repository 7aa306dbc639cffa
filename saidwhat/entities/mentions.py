"""Mentions of people, organisations, places and groups: spaCy's entities, the small model's errors fixed."""

from __future__ import annotations

import re
from dataclasses import dataclass, replace

from spacy.tokens import Doc, Token
from spacy.tokens import Span as TokenSpan

from saidwhat.entities.authors import credited_authors
from saidwhat.entities.labels import speaker_labels
from saidwhat.entities.lexicon import lexicon
from saidwhat.entities.names import (
    bare_word,
    first_name_gender,
    honorific_gender,
    is_particle,
    opens_with_first_name,
    parse_name,
)
from saidwhat.entities.normalise import country_of, is_country_name
from saidwhat.entities.roles import Role, apposition_role, is_role_word, title_before, title_start
from saidwhat.model import EntityType, Span

_TYPES = {
    "PERSON": EntityType.PERSON,
    "ORG": EntityType.ORGANIZATION,
    "GPE": EntityType.PLACE,
    "LOC": EntityType.PLACE,
    "FAC": EntityType.PLACE,
    "NORP": EntityType.GROUP,
}
_NAME_SUFFIXES = frozenset({"inc", "jr", "sr", "ltd", "llc", "co", "corp", "plc", "ii", "iii"})
_LEADING_FUNCTION_TAGS = frozenset({"DT", "PDT", "WDT", "WP", "WRB", "IN", "CC", "RB"})
_TRAILING = frozenset({"POS", ",", ".", ":", "HYPH", "''", "``", "-RRB-", "-LRB-"})


@dataclass(frozen=True)
class Mention:
    """A named mention at tokens [start, end) of the doc, with the role its title or apposition gives."""

    start: int
    end: int
    type: EntityType
    role: Role | None = None

    def text(self, doc: Doc) -> str:
        return doc[self.start : self.end].text

    def name_text(self, doc: Doc) -> str:
        """The text with the honorific before it, if any ("Mrs." + "Warren"), for parsing a person's name."""
        before = doc[self.start - 1] if self.start > 0 else None
        if before is not None and honorific_gender(before.text)[0]:
            return f"{before.text} {self.text(doc)}"
        return self.text(doc)

    def span(self, doc: Doc) -> Span:
        tokens = doc[self.start : self.end]
        return Span(start=tokens.start_char, end=tokens.end_char, text=tokens.text)


def find_mentions(doc: Doc) -> list[Mention]:
    """Every named mention in text order, each with its title or apposition role."""
    mentions = [mention for ent in doc.ents if (mention := _mention_of(ent)) is not None]
    mentions += [mention for ent in doc.ents if (mention := _person_after_comma(ent)) is not None]
    mentions = [_with_first_name_before(doc, mention) for mention in mentions]
    mentions = _with_speaker_labels(doc, mentions)
    mentions += _gazetteer_mentions(doc, mentions)
    mentions += _untagged_people(doc, mentions)
    mentions += _untagged_surnames(doc, mentions)
    mentions = _without_nested(mentions)
    mentions = _authors_as_people(doc, mentions)
    titles = {
        i
        for mention in mentions
        if mention.type == EntityType.PERSON
        for i in range(title_start(doc, mention.start), mention.start)
    }
    # "State" in "Secretary of State Hillary Clinton" is part of her title, not an organisation.
    mentions = [
        m for m in mentions if m.type == EntityType.PERSON or not set(range(m.start, m.end)) <= titles
    ]
    return [_with_role(doc, mention) for mention in mentions]


def _with_first_name_before(doc: Doc, mention: Mention) -> Mention:
    """A person's name the model tagged without its first name ("Marcel" + "Lazăr Lehel", the second
    name unknown to it): a known first name, untagged, right before a name that does not open with one
    starts the name."""
    if mention.type != EntityType.PERSON or mention.start == 0:
        return mention
    before = doc[mention.start - 1]
    if before.ent_type_ or before.tag_ != "NNP" or not before.text[:1].isupper():
        return mention
    if first_name_gender(before.text) is None or first_name_gender(doc[mention.start].text) is not None:
        return mention
    return replace(mention, start=mention.start - 1)


def _without_nested(mentions: list[Mention]) -> list[Mention]:
    """The mentions in text order, less those inside a longer one: a name extended over the word the model
    tagged apart ("Ursula von der" + "Leyen", tagged as a place) keeps that word."""
    kept: list[Mention] = []
    for mention in sorted(mentions, key=lambda m: (m.start, m.start - m.end)):
        if kept and kept[-1].start <= mention.start and mention.end <= kept[-1].end:
            continue
        kept.append(mention)
    return kept


def _trimmed(ent: TokenSpan, label: str) -> tuple[int, int]:
    """The ent's tokens without "the", honorifics or titles in front and possessives or punctuation behind,
    read as a name of type ``label``."""
    start, end = ent.start, ent.end
    doc = ent.doc
    # A name ends before what the model ran on into: an opening quote mark ("Trump’s “Make"), a
    # possessive before a common word ("Obama’s agenda"), or, for a person or organisation, a number
    # ("Trump 46 percent", "Laquan McDonald 16", "Bachmann’s 2012").
    end = next((t.i for t in ent if t.i > start and _ends_name(t, label)), end)
    while end > start and (
        doc[end - 1].tag_ in _TRAILING
        or doc[end - 1].text in ("’s", "'s")
        or doc[end - 1].is_space
        or doc[end - 1].tag_ == "CC"  # "Al Ashry and"
        or (label == "PERSON" and doc[end - 1].pos_ in ("VERB", "AUX"))  # "Hillary needed"
    ):
        end -= 1
    while start < end - 1 and _leading_noise(doc[start], label, end - start):
        start += 1
    return start, end


def _person_after_comma(ent: TokenSpan) -> Mention | None:
    """The person's name after the comma of two names the model ran together ("Lehigh, Bruce Turry"),
    when it opens with a known first name."""
    if ent.label_ not in ("PERSON", "ORG"):  # "Friday, April 1" is a date, not "April" and a name
        return None
    commas = [t.i for t in ent if t.text == "," and _ends_name(t, ent.label_)]
    if not commas or commas[0] + 2 >= ent.end or first_name_gender(ent.doc[commas[0] + 1].text) is None:
        return None
    start, end = commas[0] + 1, ent.end
    while end > start + 1 and ent.doc[end - 1].tag_ in _TRAILING:
        end -= 1
    return Mention(start=start, end=end, type=EntityType.PERSON)


def _ends_name(token: Token, label: str) -> bool:
    if token.tag_ == "``" or token.text == "/":  # "Carlos Barria / Reuters": a photo credit
        return True
    following = token.nbor() if token.i + 1 < len(token.doc) else None
    if token.text == "," and label in ("PERSON", "ORG"):  # "Washington, D.C." stays one place
        # "Lehigh, Bruce Turry": two names run together ("Apple, Inc.", "Jr." stay)
        return following is None or bare_word(following.text) not in _NAME_SUFFIXES
    if token.tag_ == "POS" and following is not None and following.text[:1].islower():
        return True
    return label in ("PERSON", "ORG", "GPE") and any(char.isdigit() for char in token.text)


def _leading_noise(token: Token, label: str, length: int) -> bool:
    if token.lower_ == "the" or token.tag_ in _TRAILING or token.is_space:  # "the\xa0Daily News"
        return True
    if token.text[:1].islower() and token.tag_ in _LEADING_FUNCTION_TAGS and not is_particle(token.text):
        return True  # "another Justice Department", "where Republican Party"; "de Blasio" stays
    return label == "PERSON" and (
        honorific_gender(token.text)[0] or is_role_word(token) or _headline_word(token, length)
    )


def _headline_word(token: Token, length: int) -> bool:
    """A title-case headline's word fused onto the name after it: a verb or a sentence-opening gerund
    ("Injecting Clinton"), or,
    in front of a first name and a surname, a word that is no first name nor an initial ("Lawmakers
    Rip Donald Trump"; "Rand Paul" and "J. Edgar Hoover" keep theirs)."""
    if token.pos_ == "VERB":
        return True
    if token.is_sent_start and token.lower_.endswith("ing") and first_name_gender(token.text) is None:
        return True  # a gerund opening a sentence, tagged as a name: "Injecting Clinton's marital troubles"
    if length < 3 or len(token.text.rstrip(".")) <= 1:
        return False
    return first_name_gender(token.nbor().text) is not None and first_name_gender(token.text) is None


def _mention_of(ent: TokenSpan) -> Mention | None:
    if ent.label_ not in _TYPES:
        return None
    label = "PERSON" if _titled_person(ent) else ent.label_
    start, end = _trimmed(ent, label)
    if label == "PERSON":
        end = _with_surname(ent.doc, start, end)
    tokens = ent.doc[start:end]
    if not any(token.text[:1].isupper() for token in tokens) or _is_modifier(tokens, label):
        return None
    if _is_title_fragment(tokens) or _names_a_day(tokens):
        return None
    if label == "PERSON" and len(tokens) > 1 and tokens[-1].text == "Day":
        return None  # "Martin Luther King Day", "Presidents Day": a holiday
    if len(tokens) > 1 and tokens[-1].text == "Time":
        return None  # "Eastern Standard Time", "Pacific Time": a time zone
    return Mention(start=start, end=end, type=_fixed_type(tokens, label))


def _titled_person(ent: TokenSpan) -> bool:
    """A span of another label that is a title and a person's name ("Actress Amandla Stenberg", tagged as
    an organisation): role words, then at least two capitalised words that open with a known first name
    or end in a surname the model tags as a person elsewhere in the article ("Stenberg said")."""
    if ent.label_ == "PERSON":
        return False
    first = ent.start
    while first < ent.end and is_role_word(ent.doc[first]):
        first += 1
    name = ent.doc[first : ent.end]
    if not ent.start < first < ent.end - 1 or not all(token.text[:1].isupper() for token in name):
        return False
    surname = name[-1].text
    return opens_with_first_name([token.text for token in name]) or any(
        other.label_ == "PERSON" and other[-1].text == surname for other in ent.doc.ents
    )


def _with_surname(doc: Doc, start: int, end: int) -> int:
    """The end of a person's name that the model cut short: after a particle ("Ursula von der" before
    "Leyen"), or after the first name because the surname is also a title or a common word ("Lt. Gov.
    Patty Judge" is tagged "Patty"; the parse still hangs the first name on the surname as a compound,
    which is what this trusts)."""
    if end < len(doc) and is_particle(doc[end - 1].text) and doc[end].text[:1].isupper():
        return end + 1
    if end - start != 1 or end >= len(doc) or first_name_gender(doc[start].text) is None:
        return end
    after = doc[end]
    joined = doc[start].dep_ == "compound" and doc[start].head.i == after.i
    if joined and after.tag_ == "NNP" and after.text[:1].isupper() and after.ent_type_ in ("", "PERSON"):
        return end + 1
    return end


def _is_modifier(tokens: TokenSpan, label: str) -> bool:
    """Adjectives ("Russophone", "Eastern European") and modifiers ("Nazi ideology") name no actor."""
    if all(token.tag_ in ("JJ", "JJR", "JJS") for token in tokens):
        return True
    return label == "NORP" and tokens.root.dep_ in ("amod", "compound")


def _names_a_day(tokens: TokenSpan) -> bool:
    """ "Super" in "Super Tuesday", which the small model tags as a place: the words before a weekday
    that make a day's name (``day_names.txt``) name no actor."""
    following = tokens.doc[tokens.end] if tokens.end < len(tokens.doc) else None
    return following is not None and f"{tokens.text} {following.text}".lower() in lexicon().day_names


def _is_title_fragment(tokens: TokenSpan) -> bool:
    """ "Press" in "Press Secretary Dmitry Peskov", which the small model tags as an organisation."""
    following = tokens.doc[tokens.end] if tokens.end < len(tokens.doc) else None
    return following is not None and all(is_role_word(token) for token in tokens) and is_role_word(following)


def _fixed_type(tokens: TokenSpan, label: str) -> EntityType:
    """The ent's type, corrected by the gazetteers: the small model calls "Kiev" and "Donbass" people."""
    key = tokens.text.lower()
    if key in lexicon().organizations:
        return EntityType.ORGANIZATION
    if key in lexicon().places:
        return EntityType.PLACE
    if label == "PERSON" and any(token.lower_ in lexicon().places for token in tokens):
        return EntityType.PLACE
    if label == "PERSON" and len(tokens) > 1 and tokens[-1].lower_ in lexicon().org_nouns:
        return EntityType.ORGANIZATION  # "Peter G. Peterson Foundation"
    if label == "PERSON" and len(tokens) == 2 and tokens[0].lower_ in lexicon().org_nouns:
        return EntityType.ORGANIZATION  # "Team Clinton": the candidate's team, not a person named Team
    if label == "PERSON" and len(tokens) > 1 and tokens[-1].lower_ in lexicon().place_nouns:
        return EntityType.PLACE  # "Ho Chi Minh City"
    if label in ("ORG", "PERSON") and is_country_name(tokens.text):
        return EntityType.PLACE  # "American Samoa", "Puerto Rico" tagged as organisations
    if label in ("ORG", "PERSON") and key.endswith("s") and country_of(key[:-1]) is not None:
        return EntityType.GROUP  # "Romanians", "Israelis" tagged as a person or an organisation
    return _TYPES[label]


def _with_speaker_labels(doc: Doc, found: list[Mention]) -> list[Mention]:
    """A transcript's speaker labels ("PENCE:") are people, whatever the model made of them."""
    labels = []
    for label in speaker_labels(doc):
        tokens = doc.char_span(label.start, label.end, alignment_mode="contract")
        if tokens is not None and len(tokens):
            labels.append(Mention(tokens.start, tokens.end, EntityType.PERSON))
    if not labels:
        return found
    covered = {i for mention in labels for i in range(mention.start, mention.end)}
    kept = [m for m in found if covered.isdisjoint(range(m.start, m.end))]
    return kept + labels


def _authors_as_people(doc: Doc, mentions: list[Mention]) -> list[Mention]:
    """The article's credited author is a person, whatever the model tagged or missed ("Dinesh
    D’Souza", an organisation to the small model, or nothing, credits a book excerpt)."""
    authors = credited_authors(doc.text)
    if not authors:
        return mentions
    keys = {name.lower() for name in authors}
    kept = [replace(m, type=EntityType.PERSON) if m.text(doc).lower() in keys else m for m in mentions]
    covered = {i for m in kept for i in range(m.start, m.end)}
    for name in authors:
        for match in re.finditer(re.escape(name), doc.text):
            tokens = doc.char_span(match.start(), match.end())
            if tokens is not None and covered.isdisjoint(range(tokens.start, tokens.end)):
                kept.append(Mention(tokens.start, tokens.end, EntityType.PERSON))
                covered.update(range(tokens.start, tokens.end))
    return sorted(kept, key=lambda m: m.start)


def _untagged_people(doc: Doc, found: list[Mention]) -> list[Mention]:
    """A person's full name the model tagged as nothing ("And oh yes, Carly Fiorina: What…"): two or
    three proper nouns, the first a known first name and the last not one, nor a place or organisation
    noun ("Grace Church", "Virginia Beach")."""
    covered = {i for mention in found for i in range(mention.start, mention.end)}
    nouns = lexicon().org_nouns | lexicon().place_nouns
    extra = []
    for token in doc:
        if (
            token.i in covered
            or token.ent_type_
            or token.tag_ != "NNP"
            or first_name_gender(token.text) is None
        ):
            continue
        end = token.i + 1
        while end < len(doc) and end - token.i < 3 and _bare_proper_noun(doc[end]) and end not in covered:
            end += 1
        words = [t.text for t in doc[token.i : end]]
        if opens_with_first_name(words) and words[-1].lower() not in nouns:
            extra.append(Mention(token.i, end, EntityType.PERSON))
            covered.update(range(token.i, end))
    return extra


#: Parts of speech the small model gives a surname it does not recognise.
_NAME_POS = frozenset({"PROPN", "NOUN", "VERB", "ADJ"})


def _untagged_surnames(doc: Doc, found: list[Mention]) -> list[Mention]:
    """A surname alone that the model tagged as nothing ("Trump himself was delighted"), where the article
    names a person of that surname in full: a mention of that person, so that salience sees who the
    sentence is about. Not a word of a longer proper name ("Trump Tower") nor a surname two people share."""
    surnames: dict[str, set[str]] = {}
    for mention in found:
        if mention.type == EntityType.PERSON and mention.end - mention.start >= 2:
            name = parse_name(mention.name_text(doc))
            if name.given:
                surnames.setdefault(name.surname, set()).add(name.given[0])
    covered = {i for mention in found for i in range(mention.start, mention.end)}
    extra = []
    for token in doc:
        # the model may tag a surname opening a sentence as a verb ("Trump himself was delighted")
        capitalised = token.text[:1].isupper() and token.text.isalpha()
        if token.i in covered or token.ent_type_ or not capitalised or token.pos_ not in _NAME_POS:
            continue
        if len(surnames.get(token.lower_, ())) != 1:
            continue
        beside = [doc[i] for i in (token.i - 1, token.i + 1) if 0 <= i < len(doc)]
        if any(t.tag_ in ("NNP", "NNPS") and not honorific_gender(t.text)[0] for t in beside):
            continue
        extra.append(Mention(token.i, token.i + 1, EntityType.PERSON))
    return extra


def _bare_proper_noun(token: Token) -> bool:
    return token.tag_ == "NNP" and not token.ent_type_ and token.text[:1].isupper() and token.text.isalpha()


def _gazetteer_mentions(doc: Doc, found: list[Mention]) -> list[Mention]:
    """Known places and government seats the model did not tag at all."""
    covered = {i for mention in found for i in range(mention.start, mention.end)}
    extra = []
    for token in doc:
        if token.i in covered or not token.text[:1].isupper() or token.tag_ != "NNP":
            continue
        key = bare_word(token.text)
        if key in lexicon().organizations:
            extra.append(Mention(token.i, token.i + 1, EntityType.ORGANIZATION))
        elif key in lexicon().places:
            extra.append(Mention(token.i, token.i + 1, EntityType.PLACE))
    return extra


def _with_role(doc: Doc, mention: Mention) -> Mention:
    if mention.type != EntityType.PERSON:
        return mention
    title = title_before(doc, mention.start)
    role = title[0] if title else apposition_role(doc, mention.start, mention.end)
    if role is not None and role.organization is None:  # "Gov. Mike Pence of Indiana"
        role = Role(text=role.text, organization=_place_after(doc, mention.end))
    return replace(mention, role=role) if role else mention


def _place_after(doc: Doc, end: int) -> str | None:
    """The place or organisation in "of Indiana" right after a name, which a title before it belongs to."""
    if end + 1 >= len(doc) or doc[end].lower_ != "of" or doc[end + 1].ent_type_ not in ("GPE", "ORG"):
        return None
    first = doc[end + 1]
    last = end + 1
    while last + 1 < len(doc) and doc[last + 1].ent_iob_ == "I":
        last += 1
    return doc[first.i : last + 1].text
