"""Roles and titles: "Press Secretary Dmitry Peskov", "Hugh Hill, a doctor,", "the Kremlin spokesman"."""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache

from spacy.tokens import Doc, Token

from saidwhat.entities.lexicon import Gender, lexicon
from saidwhat.entities.names import bare_word, strip_possessive

_DETERMINERS = frozenset({"the", "a", "an", "its", "their", "his", "her", "this", "that"})
_ORG_LABELS = frozenset({"ORG", "GPE", "NORP", "FAC", "LOC", "PERSON"})


@dataclass(frozen=True)
class Role:
    """A role as the article words it ("Press Secretary"), with the organisation it gives, if any."""

    text: str
    organization: str | None = None

    @property
    def role_class(self) -> str | None:
        return role_class(self.text)


def role_class(text: str) -> str | None:
    """The synonym class of a role phrase ("Kremlin press secretary" → spokesperson), or None."""
    words = [bare_word(word) for word in text.split()]
    words = [lexicon().title_abbreviations.get(word, word).lower() for word in words]
    classes = lexicon().role_classes
    for start in range(len(words)):  # the longest role phrase that ends the text wins
        phrase = " ".join(words[start:])
        if phrase in classes:
            return classes[phrase]
    return _singular_class(words[-1]) if words else None


def _singular_class(word: str) -> str | None:
    for singular in (word[:-1] if word.endswith("s") else None, word[:-2] if word.endswith("es") else None):
        if singular and singular in lexicon().role_classes:
            return lexicon().role_classes[singular]
    return None


def role_gender(text: str) -> Gender | None:
    """The gender a role noun marks ("spokeswoman" → female)."""
    words = text.lower().split()
    return lexicon().role_genders.get(words[-1]) if words else None


def roles_compatible(a: str, b: str) -> bool:
    """Whether two role phrases can name the same office (spokesman ≈ press secretary)."""
    class_a, class_b = role_class(a), role_class(b)
    return class_a is not None and class_a == class_b


def canonical_organization(text: str) -> str:
    """A key for comparing organisations: the country a government seat or demonym stands for, else the name.

    "the Kremlin", "Moscow" and "Russian" all give "russia", so a "Kremlin spokesman" is compatible with
    someone the article introduced as a Russian official.
    """
    words = strip_possessive(text).split()
    if words and words[0].lower() == "the":
        words = words[1:]
    name = " ".join(words)
    key = name.lower()
    country = lexicon().country_of(name) or lexicon().places.get(key) or lexicon().parties.get(key)
    return (country or name).lower()


def organizations_compatible(a: str | None, b: str | None) -> bool:
    """Unknown organisations are compatible with any; known ones must have the same key, unless one is a
    party and the other is not: "the Vermont senator" may be "Democratic presidential candidate Bernie
    Sanders", as a party and a state or body say different things about someone."""
    if a is None or b is None:
        return True
    one, other = canonical_organization(a), canonical_organization(b)
    if (one in party_keys()) != (other in party_keys()):
        return True
    return one == other


@lru_cache(maxsize=1)
def party_keys() -> frozenset[str]:
    """The canonical keys of the political parties (``canonical_organization`` of any party name)."""
    return frozenset(party.lower() for party in lexicon().parties.values())


@lru_cache(maxsize=1)
def _role_words() -> frozenset[str]:
    return frozenset(word for phrase in lexicon().role_classes for word in phrase.split())


def is_role_word(token: Token) -> bool:
    """A role noun ("spokesman"), a title abbreviation ("Sen."), or a capitalised role word ("Press")."""
    key = bare_word(token.text)
    if key in lexicon().role_classes or key in lexicon().title_abbreviations:
        return True
    return token.text[:1].isupper() and key in _role_words()


def _is_title_word(token: Token) -> bool:
    if token.ent_type_ == "PERSON" and not is_role_word(token):
        return False
    return is_role_word(token) or bare_word(token.text) in lexicon().role_modifiers


def _title_start(doc: Doc, name_start: int) -> int:
    """The first token of the run of title words right before a name (``name_start`` if none)."""
    start = name_start
    while start > 0 and name_start - start <= lexicon().longest_role:
        if (phrase := _of_role_before(doc, start)) is not None:  # "Secretary of State" Hillary Clinton
            start = phrase
        elif _is_title_word(doc[start - 1]):
            start -= 1
        else:
            break
    return start


def _of_role_before(doc: Doc, end: int) -> int | None:
    """The first token of a role phrase with "of" inside ("Secretary of State") ending at ``end``."""
    for words in lexicon().of_roles:
        start = end - len(words)
        if start >= 0 and tuple(token.lower_ for token in doc[start:end]) == words:
            return start
    return None


def title_start(doc: Doc, name_start: int) -> int:
    """The first token of the title words right before a name (``name_start`` if none), organisation aside."""
    return _title_start(doc, name_start)


def _organization_before(doc: Doc, start: int) -> tuple[str, int] | None:
    """The organisation modifying a title that starts at ``start``: "Russian", "Kremlin", "Russia’s"."""
    end = start - 1 if start > 0 and doc[start - 1].tag_ == "POS" else start
    # "Libertarian presidential candidate": a lower-case adjective or two between party and title
    skipped = 0
    while skipped < 2 and end > 1 and doc[end - 1].tag_ == "JJ" and doc[end - 1].text.islower():
        end, skipped = end - 1, skipped + 1
    if end == 0 or not _is_organization_token(doc[end - 1]):
        return None
    token = doc[end - 1]
    first = _entity_bounds(token)[0] if token.ent_iob_ in ("B", "I") else token.i
    return _entity_text(token), first


def title_before(doc: Doc, name_start: int) -> tuple[Role, int] | None:
    """The title right before a name ("Russian President" Vladimir Putin) and its first token."""
    start = _title_start(doc, name_start)
    if start == name_start or role_class(doc[start:name_start].text) is None:
        return None
    organization = _organization_before(doc, start)
    role_text = doc[start:name_start].text
    if organization is None:
        return Role(text=role_text), start
    return Role(text=role_text, organization=organization[0]), organization[1]


def _noun_phrase_role(head: Token) -> Role | None:
    """The role an NP headed by a role noun gives: "a doctor", "the Kremlin spokesman"."""
    left = [t for t in head.lefts if t.dep_ in ("compound", "amod", "poss", "nmod")]
    words = [t for t in left if t.i >= head.i - lexicon().longest_role and not _is_organization_token(t)]
    role_tokens = [
        t for t in words if t.i > max((o.i for o in left if _is_organization_token(o)), default=-1)
    ]
    text = _joined([*role_tokens, head])
    of_object = _of_role_object(head)
    if of_object is not None:  # "the former secretary of state": the whole phrase is the role
        text = f"{text} of {of_object.text}"
    if role_class(text) is None:
        return None
    return Role(text=text, organization=_organization_of(head, left, skip=of_object))


def _joined(tokens: list[Token]) -> str:
    """The words, hyphenated where the text hyphenates them ("front" "runner" → "front-runner")."""
    text = ""
    for previous, token in zip([None, *tokens], tokens, strict=False):
        if previous is not None:
            hyphen = token.i == previous.i + 2 and token.doc[previous.i + 1].tag_ == "HYPH"
            text += "-" if hyphen else " "
        text += token.text
    return text


def _of_role_object(head: Token) -> Token | None:
    """The object of "of" when the head, "of" and it make one role phrase ("secretary" of "state")."""
    for prep in head.rights:
        if prep.dep_ == "prep" and prep.lower_ == "of":
            for obj in prep.children:
                words = (bare_word(head.text), "of", obj.lower_)
                if obj.dep_ == "pobj" and obj.i == prep.i + 1 and words in lexicon().of_roles:
                    return obj
    return None


def _is_organization_token(token: Token) -> bool:
    return (
        token.ent_type_ in _ORG_LABELS
        or token.text.lower() in lexicon().demonyms
        or (token.text[:1].isupper() and token.lower_ in lexicon().parties)  # "Libertarian candidate"
        or (token.dep_ == "poss" and token.tag_ == "NNP")
    )


def _organization_of(head: Token, left: list[Token], skip: Token | None = None) -> str | None:
    for token in left:
        if _is_organization_token(token):
            return _entity_text(token)
    for prep in (t for t in head.rights if t.dep_ == "prep" and t.lower_ in ("for", "of", "at", "to")):
        objects = [t for t in prep.children if t.dep_ == "pobj" and _is_organization_token(t) and t != skip]
        if objects:
            return _entity_text(objects[0])
    return None


def _entity_text(token: Token) -> str:
    """The whole named entity a token belongs to, or the country it names ("Russian" → Russia)."""
    if token.text.lower() in lexicon().demonyms and token.tag_ == "JJ":
        return lexicon().demonyms[token.text.lower()]
    if token.ent_iob_ in ("B", "I"):
        start, end = _entity_bounds(token)
        return strip_possessive(token.doc[start:end].text)
    return strip_possessive(token.text)


def _entity_bounds(token: Token) -> tuple[int, int]:
    """The tokens [start, end) of the named entity ``token`` is in.

    Read from the IOB tags around the token rather than by scanning ``doc.ents``, which would cost the
    whole article's entities for every title and make finding roles quadratic in article length.
    """
    doc = token.doc
    start = token.i
    while doc[start].ent_iob_ == "I" and start > 0:
        start -= 1
    end = token.i + 1
    while end < len(doc) and doc[end].ent_iob_ == "I":
        end += 1
    return start, end


def apposition_role(doc: Doc, start: int, end: int) -> Role | None:
    """The role an apposition gives a name at tokens [start, end): "Hugh Hill, a doctor, said"."""
    for token in doc[start:end]:
        for child in token.children:
            if child.dep_ == "appos" and not start <= child.i < end:
                role = _noun_phrase_role(child)
                if role is not None:
                    return role
    head = doc[start:end].root
    if head.dep_ == "appos" and not start <= head.head.i < end:  # "the Kremlin spokesman, Dmitry Peskov,"
        return _noun_phrase_role(head.head)
    return None


def noun_phrase_role(head: Token) -> Role | None:
    """The role a nominal headed by ``head`` describes, if its head is a role noun."""
    return _noun_phrase_role(head)


def is_determiner(word: str) -> bool:
    return word.lower() in _DETERMINERS
