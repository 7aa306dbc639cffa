"""The resolver's parameters: each rule's base confidence (before competition and calibration) and the
limits the rules work within. Calibration (:mod:`saidwhat.attribution.calibration`) maps the confidences to
observed accuracy on the PolNeAR train speaker gold."""

from __future__ import annotations

# Base probabilities per rule, before competition.
EXACT_NAME = 0.97
SURNAME = 0.93
NAMED_ACTOR = 0.95  # an organisation or place named as the source ("the Kremlin", "Moscow")
#: "Republicans", "Democrats" alone as the source: mostly the party acting (about 11 of 14 in the train
#: speaker gold, 116 articles), sometimes an unnamed part of it.
NAMED_GROUP = 0.6
#: "some Republicans", "Many liberal Democrats", "Democrats in Congress": a part of the group, not the group
#: acting (none of the 16 in the train speaker gold is the party), so withheld with the group as candidate.
GROUP_SUBSET = 0.3
PARTIAL_NAME = 0.9
PRONOUN_GENDER_KNOWN = 0.88
#: "I" outside quotations in an article that credits one author (by-line, book credit, bio line, metadata).
AUTHOR = 0.9
PRONOUN_GENDER_UNKNOWN = 0.75
PLURAL_PRONOUN = 0.85
ROLE_WITH_ORGANIZATION = 0.9
ROLE_ONLY = 0.85
ORGANIZATION_SPEAKER = 0.6
POSSESSOR_ACTOR = 0.8  # "Kiev's armed forces" act for Kiev
NEW_NOMINAL = 0.8  # "the leaders of the republics", "Donald Trump's campaign": a referent of its own
NEW_ROLE_HOLDER = 0.6  # "the senator" with no senator named before
LATER_ROLE_HOLDER = 0.7  # "the judge" with no judge named before and exactly one named later
LATER_ROLE_SENTENCES = 10  # how far after "the judge" the one judge may first be named
APPOSED_NAME = 0.9  # "The chief, Paul Manafort," or "Texas delegate Bill Eastland": the name says who
ARTEFACT_ISSUER = 0.85  # "A Bloomberg poll", "an NBC report", "Axelrod's memoir": whoever issued it
ARTEFACT_EARLIER = 0.8  # "the same poll", "The survey": the issuer of the last poll named before
ARTEFACT_SPEAKER = 0.75  # "the release", "The remarks" with no issuer named: whoever was speaking
ARTEFACT_LOOKBACK = 6  # sentences back that "the survey" looks for the poll it refers to (and ahead)
#: Sentences after an article's first, unnamed poll ("according to a new poll") within which a poll
#: named with its issuer is taken to be the same one.
ARTEFACT_INTRODUCED_AFTER = 2
#: "The Israeli newspaper Haaretz", "the RealClearPolitics average": a name the model missed.
UNTAGGED_NAME = 0.85
BARE_NAME = 0.75  # "In 2014, Pew found": a capitalised name alone, untagged, its type a guess
BARE_NAME_WORDS = 3  # at most this many words
RELATIVE_CLIMB_STEPS = 6  # links "who" climbs from an organisation to the person it describes
#: "the Indiana governor": a governor introduced with no state, beside one of Indiana.
UNKNOWN_ORGANIZATION = 0.5
#: "the billionaire businessman" with no one introduced so: the most salient person, if that person was a
#: subject (weight 2) or speaker (3) within the last sentence or two.
SALIENT_DESCRIPTION = 0.8
SALIENT_DESCRIPTION_FLOOR = 0.5
#: A person not known to hold a role still competes for a definite role description ("the senator") with
#: this share of their salience, if their salience reaches the floor (a subject or speaker just before).
NON_HOLDER = 0.15
NON_HOLDER_FLOOR = 1.0
#: ... unless they were introduced with another office: a candidate may be "the senator", a senator is not
#: "the governor".
ROLES_HELD_WITH_OTHERS = frozenset({"candidate", "businessperson", "leader"})
#: Roles that serve someone else: the person a story is about is not its unintroduced "top aide".
SERVING_ROLES = frozenset({"spokesperson", "official", "campaign manager"})
#: Heads that name an organisation when singular, though the lexicon lists them as groups of people.
ORGANIZATION_HEADS = frozenset({"group", "organization", "organisation"})
#: Heads that can stand for an organisation of any kind ("the group" for the National Rifle Association).
GENERIC_ORGANIZATION_HEADS = ORGANIZATION_HEADS | {"company", "firm", "body", "institution", "outfit"}
CATAPHOR = 0.75  # "A major Muslim civil rights group says …" named as the next sentence's subject
CATAPHOR_SENTENCES = 2  # sentences after an indefinite description that may name it
FRONTED_POSSESSIVE = 0.85  # "In his assessment …, Calderon said": the subject after the fronted phrase
KIN = 0.8  # "Donald Trump's wife" → the one other Trump the article names
UNKNOWN_GENDER_FIT = 0.5  # salience factor of a person of unknown gender for "he"/"she" (known: 1)
GENDER_PRIOR_WEIGHT = 0.5  # how far a census share moves that factor from even (1: all the way)
CAMPAIGN = 0.85  # "his campaign", "Donald Trump's campaign": the candidate's campaign organisation

IMPLICIT_SUBJECT = 0.9  # a cue with no source, spoken by the subject of the clause it hangs on
IMPLICIT_SUBJECT_STEPS = 4  # links climbed from such a cue to a verb with a subject
CUE_NEIGHBOUR = 0.85  # a name next to the cue when the source found names no one ("Shrum, a …, said")
CUE_NEIGHBOUR_WINDOW = 30  # tokens before the cue that its clause may span
#: Cues whose subject answers whoever asked just before, so is not the asker.
REPLY_VERBS = frozenset({"reply", "respond", "answer", "retort"})
#: Cues news puts before their speaker ("…,” said Mr. Trump").
INVERTED_CUES = frozenset({"say", "add", "ask", "write", "tell", "explain", "note", "continue", "reply"})

#: "they" for an organisation is possible (British usage) but rarer than a plural noun phrase.
ORGANIZATION_AS_THEY = 0.3
PLURAL_NP_WEIGHT = 1.5
