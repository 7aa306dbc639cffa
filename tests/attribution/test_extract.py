"""Each attribution construction, on short news passages written for these tests."""

from __future__ import annotations

import pytest

import saidwhat
from saidwhat import Analysis, AttributionKind


def analyse(text: str) -> Analysis:
    return saidwhat.analyze(text)


def summary(analysis: Analysis) -> list[tuple[str, str | None, str | None, list[str]]]:
    return [
        (
            a.kind.value,
            a.cue.text if a.cue else None,
            a.speaker.name if a.speaker else None,
            [span.text for span in a.content],
        )
        for a in analysis.attributions
    ]


def test_extract_colon_introduction() -> None:
    text = "Finance Minister Olga Brandt said: “We will not raise taxes this year.”"
    assert summary(analyse(text)) == [
        ("direct", "said", "Olga Brandt", ["“We will not raise taxes this year.”"]),
    ]


def test_extract_cue_after_inverted_subject() -> None:
    text = "“The port will reopen on Monday,” said Harbour Master Tomas Lind."
    (found,) = summary(analyse(text))
    assert found[:3] == ("direct", "said", "Tomas Lind")


@pytest.mark.parametrize("dash", ["—", "–", "-"])
def test_extract_dash_sign_off(dash: str) -> None:
    text = f"The council voted late on Tuesday.\n“We will rebuild the bridge.” {dash} Mayor Anna Keller\n"
    analysis = analyse(text)
    (signed,) = [a for a in analysis.attributions if a.cue is not None and a.cue.text == dash]
    assert signed.kind == AttributionKind.DIRECT
    assert signed.source is not None and signed.source.text == "Mayor Anna Keller"
    assert signed.speaker is not None and signed.speaker.name == "Anna Keller"


def test_extract_participle_cue_speaks_for_the_noun_it_modifies() -> None:
    # The tweet attacks, so the tweet is the source and its author the speaker.
    text = "The mayor is describing as “reckless” a Donald Trump tweet attacking the city’s police chief."
    attacking = next(a for a in analyse(text).attributions if a.cue is not None and a.cue.text == "attacking")
    assert attacking.source is not None and attacking.source.text == "a Donald Trump tweet"
    assert attacking.speaker is not None and attacking.speaker.name == "Donald Trump"
    # A participle on a noun that cannot speak ("a reference remarking") gets no source from it.
    text = "Clinton ended the debate with a reference to the film, remarking that the force was with them."
    for found in analyse(text).attributions:
        assert found.source is None or found.source.text != "a reference"


def test_extract_name_next_to_the_cue_past_a_short_quotation() -> None:
    # The parser leaves "said" without a subject; the name before the aside is the speaker, and the
    # quoted name inside the aside ("“Kasich 2020” buttons") does not end the cue's clause.
    text = (
        "“We will be back in four years,” Ohio delegate Mary Stone, wearing a straw hat and “Kasich 2020” "
        "buttons, said as the hall emptied."
    )
    (found,) = analyse(text).attributions
    assert found.speaker is not None and found.speaker.name == "Mary Stone", found.resolution


def test_extract_poll_speaks_for_whoever_conducted_it() -> None:
    # Wire copy gives poll figures first and who conducted the poll a few sentences later.
    text = (
        "Early results of an entrance poll of Iowa Republican caucus-goers are showing that about half "
        "want an outsider.\n\nAbout 4 in 10 say experience matters most.\n\nThe survey was conducted for "
        "the networks by Edison Research as voters arrived at 40 randomly selected sites.\n\nThe survey "
        "also showed that evangelical voters mostly backed Cruz.\n\nA new poll conducted by Quinnipiac "
        "University found that voters are split."
    )
    speakers = {
        a.cue.text: a.speaker.name if a.speaker else None for a in analyse(text).attributions if a.cue
    }
    assert speakers["are showing"] == "Edison Research"
    assert speakers["showed"] == "Edison Research"  # "The survey" refers back
    assert speakers["found"] == "Quinnipiac University"  # "conducted by" inside the source
    # The "of" phrase on an artefact says what it is about, not who issued it.
    review = analyse("A recent review of Hillary Clinton’s emails seems to show a pattern.")
    assert [a.speaker for a in review.attributions] == [None]
    # the issuer of the poll whose results they are; of figures a campaign released; of a count
    wire = analyse(
        "Early results of the exit poll conducted by Edison Research for the Associated Press show that "
        "Trump leads.\n\nHillary Clinton raised $30 million. The figures her campaign released Friday "
        "show strong support.\n\nClinton won 500 delegates, according to a count by The Associated Press."
    )
    assert [a.speaker.name if a.speaker else None for a in wire.attributions] == [
        "Edison Research",
        "the Clinton campaign",
        "Associated Press",
    ]
    # Cables and readouts speak for the office that sent them.
    sent = analyse("A Pentagon readout said the two ministers spoke by phone.").attributions
    assert [a.speaker.name if a.speaker else None for a in sent] == ["Pentagon"]
    # An investigation, like a report, speaks for its publisher.
    investigation = analyse("Donors gave $2 million in improper gifts, a Reuters investigation found.")
    (found,) = investigation.attributions
    assert found.speaker is not None and found.speaker.name == "Reuters"


def test_extract_speakers_of_a_relative_clause_do_not_take_the_next_he() -> None:
    # "who say" makes Bush and Christie speakers, but the next sentence is still about Rubio.
    text = (
        "Florida Sen. Marco Rubio says he did well in the debate.\n\nSpeaking on Monday, Rubio refrained "
        "from attacking his rivals, particularly Govs. Jeb Bush and Chris Christie, who say the senator "
        "lacks experience.\n\nHe dismissed criticism of his performance, saying that it was his best night."
    )
    found = analyse(text).attributions
    dismissed = next(a for a in found if a.cue is not None and a.cue.text == "dismissed")
    assert dismissed.speaker is not None and dismissed.speaker.name == "Marco Rubio", dismissed.resolution


def test_extract_indefinite_description_introduces_someone_new() -> None:
    text = (
        "Judge Mary Cole heard the case in May.\n\nA district judge ruled on Tuesday that the law was void."
    )
    (ruled,) = analyse(text).attributions
    assert ruled.speaker is not None and ruled.speaker.name == "A district judge", ruled.resolution


def test_extract_a_party_is_no_court_and_one_party_has_one_entity() -> None:
    text = (
        "The Republican Party filed an appeal on Monday. The GOP said the ruling was wrong.\n\n"
        "The appeals court said on Tuesday that the case would be heard in May."
    )
    found = {a.source.text: a.speaker for a in analyse(text).attributions if a.source is not None}
    party, gop, court = found["The Republican Party"], found["The GOP"], found["The appeals court"]
    assert party is not None and gop is not None and party.id == gop.id
    assert court is None or court.id != party.id


def test_extract_untagged_full_name_is_a_new_person() -> None:
    # a list bullet glued to the name ("-Matthew") hides it from the model; a known first name shows it
    text = "Analysts disagree about the race:\n\n-Matthew Yglesias thinks Trump will cause long term damage."
    thinks = next(a for a in analyse(text).attributions if a.cue is not None and a.cue.text == "thinks")
    assert thinks.speaker is not None and thinks.speaker.name == "Matthew Yglesias", thinks.resolution
    assert thinks.speaker.type.value == "person"


def test_extract_according_to_at_the_end() -> None:
    text = "The factory will close in March, according to the regional labour office."
    (found,) = analyse(text).attributions
    assert found.kind == AttributionKind.ACCORDING_TO
    assert found.source is not None and found.source.text == "the regional labour office"
    assert [s.text for s in found.content] == ["The factory will close in March"]


def test_extract_a_fronted_viewpoint() -> None:
    """PolNeAR annotates "To X, …" as what X holds: cue "To", source X, content the clause."""
    text = (
        "Jared Sexton has studied Trump rallies for months. To Sexton, who has made something of a study "
        "of Trump rallies, Tuesday marked a turning point. For years, the party has struggled."
    )
    (found,) = analyse(text).attributions
    assert found.cue is not None and found.cue.text == "To"
    assert found.speaker is not None and found.speaker.name == "Jared Sexton"
    assert [s.text for s in found.content] == ["Tuesday marked a turning point"]


@pytest.mark.parametrize(
    ("text", "source", "content"),
    [
        pytest.param(
            "As BuzzFeed News first reported, Donald Trump voiced support for the war in 2002.",
            "BuzzFeed News",
            ["Donald Trump voiced support for the war in 2002"],
            id="fronted",
        ),
        pytest.param(
            "Sean Hannity was among those supporting Roger Ailes, as Breitbart reported a few weeks ago.",
            "Breitbart",
            ["Sean Hannity was among those supporting Roger Ailes"],
            id="trailing",
        ),
    ],
)
def test_extract_a_report_opened_by_as(text: str, source: str, content: list[str]) -> None:
    """ "As X reported, CLAUSE": the cue's subject is the source and the clause it hangs on the content."""
    reports = [a for a in analyse(text).attributions if a.cue is not None and a.cue.text == "reported"]
    assert len(reports) == 1
    assert reports[0].source is not None and reports[0].source.text == source
    assert [s.text for s in reports[0].content] == content


def test_extract_a_complement_the_parser_hung_on_a_prepositional_object() -> None:
    """The small model parses "that Trump was a clown" as a relative clause on "editorial"; a relative
    clause has no complementiser "that", so it is what "said" reports."""
    text = "The Global Times tabloid said in an editorial that Trump was a clown."
    (found,) = analyse(text).attributions
    assert found.cue is not None and found.cue.text == "said"
    assert [s.text for s in found.content] == ["that Trump was a clown"]


def test_extract_nominal_cue() -> None:
    text = "The senator's claim that the budget was balanced drew sharp criticism from economists."
    found = analyse(text).attributions[0]
    assert found.cue is not None and found.cue.text == "claim"
    assert [s.text for s in found.content] == ["that the budget was balanced"]


def test_extract_second_quotation_and_follow_on_paragraph() -> None:
    text = (
        "Coach Maria Silva was blunt after the defeat.\n"
        "“We were not good enough,” Silva said. “The second half was a disaster.”\n"
        "“I take responsibility for it, and we will work harder next week.”\n"
    )
    attributions = analyse(text).attributions
    first, follow_on = attributions
    assert [s.text for s in first.content] == [
        "“We were not good enough,”",
        "“The second half was a disaster.”",
    ]
    assert follow_on.kind == AttributionKind.FOLLOW_ON
    assert follow_on.continues == first.id
    assert follow_on.speaker is not None and follow_on.speaker.name == "Maria Silva"


def test_extract_pronoun_across_paragraphs_by_gender() -> None:
    text = (
        "Economy Minister Paul Verhoeven and central bank governor Ingrid Lang met investors on Friday.\n"
        "She said inflation would fall below 3 percent by the summer.\n"
    )
    (found,) = analyse(text).attributions
    assert found.speaker is not None and found.speaker.name == "Ingrid Lang"


def test_extract_outlet_facts_are_not_attributions() -> None:
    text = "The government has built 12,000 new homes since 2019. Rents in the capital rose by 8 percent."
    assert analyse(text).attributions == []


def test_extract_scare_quote() -> None:
    text = "The company called the layoffs a “restructuring”. Workers gathered outside the “new” offices."
    analysis = analyse(text)
    assert [q.span.text for q in analysis.scare_quotes] == ["“new”"]
    assert analysis.scare_quotes[0].sentence.text == "Workers gathered outside the “new” offices."
    # quoted digits (a tweet id left in the markup, a number) are no loaded words
    embedded = analyse('Workers left the “new” offices.\n\n<tweet tweet-id="669350861383049216"><tweet/>.')
    assert [q.span.text for q in embedded.scare_quotes] == ["“new”"]


def test_extract_unresolvable_speaker_is_null_with_candidates() -> None:
    text = "John Smith and Paul Jones met in Geneva on Monday.\nHe said the talks had gone well."
    (found,) = analyse(text).attributions
    assert found.speaker is None
    assert {c.speaker.name for c in found.candidates} >= {"John Smith", "Paul Jones"}
    assert found.confidence < 0.5


def test_extract_verb_after_a_closed_quotation_is_not_its_cue() -> None:
    # The quotation ends its sentence with a full stop; "has also announced" belongs to the next one.
    text = (
        "“The talks were constructive and we will meet again.” The mayor has also announced "
        "a review of the city budget.\n"
    )
    for attribution in analyse(text).attributions:
        contents = [span.text for span in attribution.content]
        assert "“The talks were constructive and we will meet again.”" not in contents


def test_extract_cue_after_a_question_is_kept() -> None:
    text = "The minister paused. “Who is going to pay for the new bridge?” Anna Keller asked.\n"
    (found,) = analyse(text).attributions
    assert found.cue is not None and found.cue.text == "asked"
    assert [s.text for s in found.content] == ["“Who is going to pay for the new bridge?”"]


def test_extract_cue_never_reaches_over_a_paragraph_break() -> None:
    text = "“We are ready for the season,”\nThe club confirmed the signing of two new players on Monday.\n"
    for attribution in analyse(text).attributions:
        assert (
            attribution.cue is None
            or attribution.cue.text != "confirmed"
            or all("ready" not in span.text for span in attribution.content)
        )


def test_extract_passive_cue_with_its_agent() -> None:
    text = (
        "The council met on Tuesday. The mayor's budget plan was sharply criticised by opposition leaders.\n"
    )
    (found,) = analyse(text).attributions
    assert found.cue is not None and found.cue.text == "was sharply criticised"
    assert found.source is not None and found.source.text == "opposition leaders"
    assert [s.text for s in found.content] == ["The mayor's budget plan"]


def test_extract_passive_subject_is_not_the_source_when_the_parse_nests_the_agent() -> None:
    # the parser hangs "by Bernie Sanders" on "the speeches": the one attacked is not who spoke, and
    # the agent's own report ("who cites them …") is not swallowed by the passive cue's content
    text = (
        "Hillary Clinton spoke to voters in Brooklyn on Thursday.\n\nClinton has been attacked on the "
        "speeches by Bernie Sanders, who cites them as evidence of her close ties to Wall Street banks.\n"
    )
    assert all(a.source is None or a.source.text != "Clinton" for a in analyse(text).attributions)
    cites = cue_attribution(text, "cites")
    assert cites.source is not None and cites.source.text == "who"
    assert cites.speaker is not None and cites.speaker.name == "Bernie Sanders"


def test_extract_object_content_stops_before_a_clause_of_another_kind() -> None:
    # "after … told …" is an adverbial clause of "issued", between its object and a trailing "compared
    # to …": the statement is what was issued; the governor's words are his own attribution
    text = (
        "Senator Jane Holt, the party's nominee in 2012, issued a statement after Governor Tom Reyes told "
        'reporters in Dover on Monday that the new tariffs were "a gift," compared to what the previous '
        "administration had done.\n"
    )
    assert [s.text for s in cue_attribution(text, "issued").content] == ["a statement"]
    told = cue_attribution(text, "told")
    assert told.speaker is not None and told.speaker.name == "Tom Reyes"


def test_extract_passive_act_is_not_an_attribution() -> None:
    assert analyse("The bridge was built in 1932 and repaired in 1990.\n").attributions == []


def test_extract_call_for_someone_to_act() -> None:
    text = "The senator is calling for the United States to step up its military efforts against the group.\n"
    (found,) = analyse(text).attributions
    assert found.cue is not None and found.cue.text == "is calling for"
    assert found.source is not None and found.source.text == "The senator"
    assert [s.text for s in found.content] == [
        "the United States to step up its military efforts against the group"
    ]


def test_extract_place_continuing_an_act_is_not_an_attribution() -> None:
    # A country doing something (a clause object of a verb that does not report speech) is the
    # outlet's own statement, as in the example article's "as Moscow continues to attack its neighbor".
    text = "Shipping rates rose again, as Beijing continues to expand its naval presence in the region.\n"
    assert analyse(text).attributions == []


def test_extract_subject_nearest_the_verb_after_a_fronted_place() -> None:
    text = (
        "Speaking at a town hall event in Salem, New Hampshire, Trump went after Bush, "
        "calling him “a total stiff.”"
    )
    (calling,) = [a for a in analyse(text).attributions if a.cue is not None and a.cue.text == "calling"]
    assert calling.source is not None and calling.source.text == "Trump"


def test_extract_participle_after_a_parenthetical_speech_verb_shares_its_subject() -> None:
    # the parse hangs "recalling" on "struggled", whose subject is "She"; the speaker is Cruz
    text = (
        "Ted Cruz said he knows the tragic consequences of opioid addiction firsthand. He lost his older "
        "half-sister to an overdose several years ago. She had struggled her whole life, Cruz explained, "
        "recalling the time he and his father visited her at a crack house."
    )
    (recalling,) = [a for a in analyse(text).attributions if a.cue is not None and a.cue.text == "recalling"]
    assert recalling.source is not None and recalling.source.text == "Cruz"
    assert recalling.speaker is not None and recalling.speaker.name == "Ted Cruz"


def test_extract_source_after_a_wire_dateline() -> None:
    # the parser takes the dateline's place for the subject and the name for its apposition
    text = (
        "Obama to frame election.\n\nPhiladelphia (AFP) – US President Barack Obama said on Wednesday "
        "that Donald Trump is unfit to be commander-in-chief."
    )
    (said,) = [a for a in analyse(text).attributions if a.cue is not None and a.cue.text == "said"]
    assert said.source is not None and said.source.text == "US President Barack Obama"
    assert said.speaker is not None and said.speaker.name == "Barack Obama"


def test_extract_name_the_parser_fused_onto_its_cue() -> None:
    # the small model reads "Trump predicts" as a noun phrase; the name is still the source
    text = (
        "Donald Trump spoke in Nevada on Friday. Trump predicts that as Jeb Bush and other "
        "candidates drop out, many of their supporters will come to him."
    )
    (predicts,) = analyse(text).attributions
    assert predicts.source is not None and predicts.source.text == "Trump"
    assert predicts.speaker is not None and predicts.speaker.name == "Donald Trump"


def test_extract_source_found_by_the_resolver_is_the_attributions_source() -> None:
    # the parse gives "Tweeted" no subject; the resolver reads the name next to the cue, and that
    # mention, not nothing, is the source an analyst sees
    text = (
        "Mike Murphy runs the Rural Alliance. “Not us, but we can’t argue with it!” Murphy, the head "
        "of the Rural Alliance, Tweeted on Friday with an image of the stadium."
    )
    (tweeted,) = analyse(text).attributions
    assert tweeted.source is not None and tweeted.source.text == "Murphy"
    assert text[tweeted.source.start : tweeted.source.end] == "Murphy"
    assert tweeted.speaker is not None and tweeted.speaker.name == "Mike Murphy"


TRANSCRIPT = (
    "Governor Susan Ruiz defended the budget in a radio interview on Sunday.\n\n"
    "Partial transcript as follows:\n\n"
    '"BRENNAN: Governor, the deficit doubled last year. Why should voters trust your numbers?\n\n'
    '"RUIZ: Because the auditors checked every one of them. The deficit came from the floods, and '
    "our opponents said the floods would cost nothing.\n\n"
    '"BRENNAN: Will you raise taxes?\n\n'
    '"RUIZ: No. Not this year and not next year."\n\n'
    "UPDATE: The governor's office later released the auditors' report.\n"
)


def test_extract_transcript_turns() -> None:
    analysis = analyse(TRANSCRIPT)
    turns = [a for a in analysis.attributions if a.cue is not None and a.cue.text == ":"]
    assert [(a.source.text if a.source else None, a.kind) for a in turns] == [
        ("BRENNAN", AttributionKind.DIRECT),
        ("RUIZ", AttributionKind.DIRECT),
        ("BRENNAN", AttributionKind.DIRECT),
        ("RUIZ", AttributionKind.DIRECT),
    ]
    assert [a.speaker.name if a.speaker else None for a in turns] == [
        "Brennan",
        "Susan Ruiz",
        "Brennan",
        "Susan Ruiz",
    ]
    # A turn is one attribution: "our opponents said" inside Ruiz's answer is part of her words.
    assert turns[1].content[0].text.startswith("Because the auditors")
    assert turns[1].content[0].text.endswith("would cost nothing.")
    assert not any(a.cue is not None and a.cue.text == "said" for a in analysis.attributions)
    # "UPDATE:" is the outlet's heading, nobody's turn.
    assert not any(a.source is not None and a.source.text == "UPDATE" for a in analysis.attributions)


def test_inverted_cue_before_an_honorific_and_name() -> None:
    # the parser takes "Mr. Manafort" for the object of "asked"; the name after the cue still speaks
    text = (
        "Paul Manafort, a longtime strategist, offered an olive branch to the party officials.\n\n"
        "“Is Donald Trump running against the Republican National Committee?” asked Mr. Manafort."
    )
    asked = [a for a in analyse(text).attributions if a.cue is not None and a.cue.text == "asked"]
    assert [a.speaker.name if a.speaker else None for a in asked] == ["Paul Manafort"]


def test_a_paragraph_break_keeps_each_speaker_to_their_paragraph() -> None:
    text = (
        "Dean Johnson, a 55-year-old salesman from Sumter, South Carolina, says Cruz will “leave here "
        "with momentum.”\n\nJoe Bateman, who traveled from Illinois to help the campaign in South "
        "Carolina, says there’s a “long road ahead” but he feels confident that Cruz will “blow away "
        "people’s expectations.”"
    )
    found = {a.cue.text: a.speaker.name if a.speaker else None for a in analyse(text).attributions if a.cue}
    assert found.get("feels confident") == "Joe Bateman", found


def cue_attribution(text: str, cue: str) -> saidwhat.Attribution:
    (found,) = [a for a in analyse(text).attributions if a.cue is not None and a.cue.text == cue]
    return found


# Sources the parse misses, each with why: (text, cue, expected source)
SOURCES_THE_PARSE_MISSES = {
    # the parse hangs "remarking" on "reference" with no subject: the nearest clause above is Clinton's
    "trailing participle": (
        "David Axelrod has been a frequent critic. “Too forced?” He tweeted when Clinton ended a Democratic "
        'debate last December with a reference to the blockbuster "Star Wars" sequel hitting the theaters, '
        "remarking, “Thank you, and may The Force be with you.”",
        "remarking",
        "Clinton",
    ),
    # the parse makes "Addressing" the root and "Trump" a modifier of a later verb
    "opening participle": (
        "Donald Trump has delivered a defense of “New York values.” Addressing attendees of the state "
        "Republican Party’s annual gala Thursday, Trump described families playing in Central Park and "
        "restaurants packed with patrons.",
        "Addressing",
        "Trump",
    ),
    # "Trump defended eminent domain": Trump/ROOT, "defended" a modifier of "domain"; the source is the
    # name alone, not the sentence it heads
    "name made the root": (
        "Real estate mogul Donald Trump drew boos from the audience. Trump defended eminent domain, calling "
        'the expropriation of private property for public use an "absolute necessity" for the government.',
        "calling",
        "Trump",
    ),
}


@pytest.mark.parametrize(
    ("text", "cue", "source"), SOURCES_THE_PARSE_MISSES.values(), ids=SOURCES_THE_PARSE_MISSES.keys()
)
def test_extract_source_the_parse_misses(text: str, cue: str, source: str) -> None:
    found = cue_attribution(text, cue)
    assert found.source is not None and found.source.text == source
    assert found.speaker is not None and found.speaker.name.endswith(source)


# Speakers the parse would get wrong, each with why: (text, cue, expected speaker)
SPEAKERS_THE_PARSE_MISLEADS = {
    # the parse takes "Trump" in "like Trump" for the subject of "has spoken"
    "comparison is no subject": (
        "Duncan Hunter endorsed Donald Trump. Hunter represents a district in San Diego, and like Trump "
        "has spoken about the need for a border wall.",
        "has spoken about",
        "Duncan Hunter",
    ),
    # the passive subject of "asked" is who was asked; the agent asked
    "passive agent asks": (
        "Bernie Sanders appeared on a late-night show. Sanders was asked by host Bill Maher, “Would you "
        "run again?”",
        "was asked",
        "Bill Maher",
    ),
}


@pytest.mark.parametrize(
    ("text", "cue", "speaker"), SPEAKERS_THE_PARSE_MISLEADS.values(), ids=SPEAKERS_THE_PARSE_MISLEADS.keys()
)
def test_extract_speaker_the_parse_misleads(text: str, cue: str, speaker: str) -> None:
    found = cue_attribution(text, cue)
    assert found.speaker is not None and found.speaker.name == speaker


def test_extract_cue_noun_object_of_a_light_verb_is_its_subjects() -> None:
    # "makes no mention of X": X is what is (not) mentioned, never who mentions it
    text = (
        "Bernie Sanders is releasing a new ad in New York. The ad says the economy is rigged. It makes "
        "no mention of rival Hillary Clinton, but amplifies the senator's message."
    )
    mention = cue_attribution(text, "mention")
    assert mention.source is not None and mention.source.text == "It"
    assert [span.text for span in mention.content] == ["rival Hillary Clinton"]


def test_extract_a_stance_taken_is_its_takers() -> None:
    text = (
        "Felipe Calderon spoke in Mexico City on Monday. Since launching his bid, Donald Trump has taken a "
        "firm stance against illegal immigration.\n"
    )
    stance = cue_attribution(text, "stance")
    assert stance.speaker is not None and stance.speaker.name == "Donald Trump"


def test_extract_colon_introduction_closing_the_paragraph_before_the_quotation() -> None:
    text = (
        "Senator Ted Cruz took aim at the moderators.\n\nCruz continued:\n\n“You look at the questions: "
        "are you a comic book villain? Can you do math? How about the issues people care about?”"
    )
    continued = cue_attribution(text, "continued")
    assert continued.kind == AttributionKind.DIRECT
    assert continued.speaker is not None and continued.speaker.name == "Ted Cruz"
    assert continued.content[0].text.startswith("“You look at the questions")


def test_extract_comma_before_a_paragraph_break_introduces_nothing() -> None:
    # only a colon carries an introduction over a paragraph break
    text = "The senator spoke for an hour and said,\n\n“We will win.”"
    assert not [a for a in analyse(text).attributions if a.cue is not None and a.cue.text == "said"]


def test_extract_who_was_asked_is_not_who_asked() -> None:
    text = (
        "Donald Trump spoke to a magazine this week. In the interview, Trump was asked, “What’s the most "
        "dangerous place in the world you’ve been to?” Trump joked that it was Brooklyn."
    )
    asked = cue_attribution(text, "was asked")
    assert asked.source is None and asked.speaker is None


def test_extract_a_verb_coordinated_with_a_passive_ask_keeps_its_subject() -> None:
    text = (
        "Hillary Clinton was asked about her emails on Sunday and said that she regretted using one account."
    )
    said = cue_attribution(text, "said")
    assert said.speaker is not None and said.speaker.name == "Hillary Clinton"
    assert said.resolution is not None and "no source mention" not in said.resolution  # found, not recovered
