"""Speaker attribution on unlabelled calls: each cue on real sentences, and the sample's gold file."""

from __future__ import annotations

import json
import re

import pytest

from ingest import attribution, cues, decoder, evidence, load_transcript, parse_transcript, render
from ingest.evidence import Evidence
from ingest.readers import RawTurn
from ingest.evaluate import FIXTURES, LABELLED, all_scores, render_unlabelled, score_rendering, score_sample, strip_labels
from ingest.evaluate import main as evaluate_main
from ingest.wording import roles_of

from .conftest import SAMPLE


def test_sample_matches_its_gold_file_turn_by_turn():
    score, misses = score_sample()
    assert misses == []
    assert score.role_accuracy == 1.0 and score.name_accuracy == 1.0
    assert score.translation_correct == score.translation_turns == 8


def test_label_stripped_real_calls_meet_the_role_and_name_targets():
    # these three were the calls the earlier rule chain was written on (it scored 0.95-0.98 role, 0.83-0.92 name
    # here and 0.81 / 0.30 on unseen calls); the decoder is judged on the held-out corpus, and must stay this good
    # here: 0.85 role, 0.6 name, under 10% named wrongly. (Names below the calibrated gate are withheld: 0.63-0.71
    # here, against 0.67-0.85 when every decoded name was shown with 3-5 of them wrong per call.)
    stripped = all_scores()[1:]
    assert len(stripped) >= 3
    for score, _ in stripped:
        assert score.role_accuracy >= 0.85 and score.name_accuracy >= 0.6, score
        assert score.wrong_names <= 0.1 * score.named_turns, score  # where no cue names the speaker it says "unidentified"


def test_the_labelled_call_written_out_from_the_json_reads_back_with_its_labels():
    t = load_transcript(LABELLED)
    assert t.format == "labelled-text" and t.company == "Apple" and t.period == "FY2023 Q1"
    assert [x.speaker for x in t.turns[:4]] == ["Operator", "Teja Skala", "Tim Cook", "Luca Maestri"]
    assert t.turns[3].title == "Chief Financial Officer" and t.turns[3].section == "prepared_remarks"
    shannon = next(x for x in t.turns if x.speaker == "Shannon Cross")
    assert shannon.role == "analyst" and shannon.firm == "Credit Suisse" and shannon.section == "qa" and shannon.exchange_id
    assert {p.name for p in t.participants} >= {"Tim Cook", "Luca Maestri", "Teja Skala", "Wamsi Moan", "Jim Suva"}


def test_evaluate_scores_a_labelled_file_it_is_given(capsys):
    assert evaluate_main([str(LABELLED)]) == 0
    out = capsys.readouterr().out
    assert "aapl_fy2023_q1_labelled.txt (labels stripped) | 122 |" in out
    assert evaluate_main([str(SAMPLE)]) == 2  # the unlabelled sample has no labels to score against
    assert "not a labelled transcript" in capsys.readouterr().err


def test_the_paragraphs_of_one_turn_are_decided_together():
    """Apple's FY2023 Q1 call written without labels, a paragraph a line: where the seam model hears no change at a
    break, the paragraphs either side are decided as one unit, as a turn written on one line is. 41 of the 54 breaks
    inside a turn are joined and none between two speakers; before, each paragraph was decided alone."""
    _, truth, text = strip_labels(LABELLED)
    paragraphs = [p for p in text.split("\n")[3:] if p.strip()]
    assert len(paragraphs) == len(truth)
    groups = attribution._quiet_groups([RawTurn(p) for p in paragraphs], labelled=False)
    assert all(len({truth[i].name for i in g}) == 1 for g in groups)
    inside = sum(truth[i].name == truth[i - 1].name for i in range(1, len(truth)))
    assert sum(len(g) - 1 for g in groups) >= 0.7 * inside
    t = parse_transcript(text.encode(), "aapl_fy2023_q1.stripped.txt")
    assert [x.text for x in t.turns] == paragraphs  # each paragraph is still a turn of its own, with its run's speaker
    assert all(len({t.turns[i].speaker for i in g}) == 1 for g in groups)
    assert attribution._quiet_groups([RawTurn(p, speaker="Tim Cook") for p in paragraphs], labelled=True) is None


def test_a_label_that_states_only_a_role_is_decided_within_that_role():
    """StreetEvents and some Motley Fool pages write "Unidentified Analyst" or "Analyst:" for callers the operator
    announced by name. Apple's FY2023 Q1 JSON with every caller so labelled: before, all 23 caller turns stayed
    "Unidentified analyst"; now each is the caller the operator announced (or unnamed), never an executive, and the
    executives' turns keep their labels. On the 146 held-back tune calls written that way, 3,344 of 3,466 caller
    turns are named right and 38 wrongly."""
    data = json.loads((FIXTURES / "layouts" / "aapl_fy2023_q1.fool.json").read_text())
    truth = [turn["speaker"] for turn in data["q_and_a"]]
    callers = {p.split("--")[0] for p in data["participants"] if "Analyst" in p}
    for turn in data["q_and_a"]:
        turn["speaker"] = "Unidentified Analyst" if turn["speaker"] in callers else turn["speaker"]
    t = parse_transcript(json.dumps(data).encode(), "aapl_fy2023_q1.fool.json")
    qa = t.turns[-len(truth):]
    asked = [(want, got) for want, got in zip(truth, qa) if want in callers]
    assert len(asked) >= 20 and all(got.role == "analyst" for _, got in asked)
    assert sum(got.speaker == want for want, got in asked) >= len(asked) - 2
    # the one other: "Great, thank you." right after David Bott's question, which the page gives to Harsh Kumar, who
    # asks only later; the call's sequence says David Bott
    assert [(got.speaker, got.text) for want, got in asked if got.speaker not in (want, "Unidentified analyst")] == [("David Bott", "Great, thank you.")]
    assert all(got.speaker == want for want, got in zip(truth, qa) if want not in callers)


def test_a_label_that_names_nobody_is_decided_from_the_call_and_scores_no_truth():
    # la83la's Motley Fool JSON writes "Unknown speaker" and "Unidentified Participant" where the page names nobody
    # (119 turns in the tune half); here Apple's Motley Fool JSON with two callers' turns labelled so
    data = json.loads((FIXTURES / "layouts" / "aapl_fy2023_q1.fool.json").read_text())
    relabelled = {"David Bott": "Unknown speaker", "Eric Woodring": "Unidentified Participant"}
    for turn in data["q_and_a"]:
        turn["speaker"] = relabelled.get(turn["speaker"], turn["speaker"])
    t = parse_transcript(json.dumps(data).encode(), "aapl_fy2023_q1.fool.json")
    decided = [x for x in t.turns if x.confidence < 1.0]
    # before, each was a person called "Unknown speaker", an executive; now the operator's announcements name them
    assert [(x.speaker, x.role) for x in decided] == [("David Bott", "analyst")] + [("Eric Woodring", "analyst")] * 3
    assert not {p.name for p in t.participants} & set(relabelled.values())
    tally = score_rendering(t, "one line per turn")
    assert tally.unknown == 4 and tally.turns == len(t.turns) - 4  # no truth to score them against


@pytest.mark.parametrize(
    "label, expected",
    [("Unknown speaker", (True, None)), ("Unidentified Participant", (True, None)), ("Unidentified Analyst", (True, "analyst")),
     ("Unidentified Company Representative", (True, "executive")), ("Unknown Speaker 2", (True, None)),
     ("Tim Cook", (False, None)), ("Unger Knowles", (False, None))],
)
def test_labels_that_name_nobody(label, expected):
    assert cues.anonymous_label(label) == expected


@pytest.mark.parametrize(
    "sentence, expected",
    [
        # H.B. Fuller Q2 2021 (tune half): before, "H.B. Fuller" was the chief executive and Jim Owens had no title
        ("Our speakers are Jim Owens, H.B. Fuller, President and Chief Executive Officer; and John Corkrean, Executive Vice President and Chief Financial Officer.",
         [("Jim Owens", "President and Chief Executive Officer"), ("John Corkrean", "Executive Vice President and Chief Financial Officer")]),
        # Iron Mountain Q4 2020 (tune half): "hear from" is no firm's "from"; before, only "Iron Mountain" was listed
        ("On today's call, we'll hear from Bill Meaney, Iron Mountain, President and CEO, who will discuss highlights and progress toward our strategic plan.",
         [("Bill Meaney", "President and CEO")]),
        # the firm before the name (U.S. Cellular Q2 2020) and the call's name before the host (Cinemark Q3 2021), tune half
        ("From TDS Telecom, Vicki Villacrez, Senior Vice President of Finance and Chief Financial Officer.",
         [("Vicki Villacrez", "Senior Vice President of Finance and Chief Financial Officer")]),
        ("At this time, I would like to welcome you to Cinemark Holdings, Inc.'s Third Quarter 2021 Earnings Release Conference Call, hosted by Mark Zoradi, "
         "Chief Executive Officer and Board Director; as well as Sean Gamble, President and Chief Financial Officer.",
         [("Mark Zoradi", "Chief Executive Officer and Board Director"), ("Sean Gamble", "President and Chief Financial Officer")]),
    ],
)
def test_a_firm_between_a_name_and_its_title_is_no_person(sentence, expected):
    assert sorted(cues.roster(sentence)) == sorted(expected)


@pytest.mark.parametrize(
    "sentence, expected",
    [
        ("Joining me today are Mr. Wu Haisheng, our CEO, Mr. Alex Xu, our CFO, and Mr. Zheng Yan, our CRO.", [("Wu Haisheng", "CEO"), ("Alex Xu", "CFO"), ("Zheng Yan", "CRO")]),
        ("Speaking first today is Apple CEO Tim Cook, and he'll be followed by CFO Luca Maestri.", [("Tim Cook", "CEO"), ("Luca Maestri", "CFO")]),
        ("At this time, I'd like to turn the conference call over to Ms. Karen Gee, Senior Director of Capital Markets. Please go ahead, Karen.", [("Karen Gee", "Senior Director of Capital Markets")]),
        # Capital One Q1 2021 (Motley Fool, tune half): the title in lower case, as that publisher writes it
        ("I would now like to turn the call over to Mr. Jeff Norris, senior vice president of finance. Sir, you may begin.", [("Jeff Norris", "senior vice president of finance")]),
        # Hersha Q4 2020 and Choice Hotels Q1 2021 (tune half): a middle initial, and the words before a name
        ("With that, it is now my pleasure to turn the call over to Mr. Neil H. Shah, Hersha Hospitality Trust President and "
         "Chief Operating Officer. Neil, you may begin.", [("Neil H. Shah", "Hersha Hospitality Trust President and Chief Operating Officer")]),
        ("This morning Pat Pacious, our President and Chief Executive Officer; and Dom Dragisich, our Chief Financial Officer "
         "will speak to our first quarter operating results.", [("Pat Pacious", "President"), ("Dom Dragisich", "Chief Financial Officer")]),
    ],
)
def test_roster_in_the_introduction_gives_names_and_titles(sentence, expected):
    assert set(expected) <= set(cues.roster(sentence))


@pytest.mark.parametrize(
    "sentence, names",
    [
        # tune-half calls (the ticker and quarter after each): before, a month, a verb before a name, and a company's
        # division each joined the roster as an executive, and could then name a turn
        ("Recall that in January, our board of directors authorized a repurchase plan of up to $7.5 billion of the company's "
         "common stock.", set()),  # COF Q1 2021: "January" was an executive
        ("I do want to recognize Scott Brown, our Chief Revenue Officer, who just departed the company.", {"Scott Brown"}),  # TDC Q3 2020
        ("As we look at Dice, our strategy continues to be on larger customer relationships through moving upstream.", set()),  # DHX Q2 2020
        ("They will be joined by Scott Oaksmith, Senior Vice President, Real Estate & Finance.", {"Scott Oaksmith"}),  # CHH Q1 2021: "Real Estate" was a president
        # the part of the company a title goes on with: each was an executive before
        ("Then we'll ask Doug Long, Senior Vice President, Forest Resources, to comment on our U.S. and New Zealand timber results.", {"Doug Long"}),  # RYN Q3 2021
        ("Pete Dragich, Chief Operating Officer, Metal cutting business segment; and Ron Port, Chief Commercial Officer, Metal Cutting "
         "Business Segment.", {"Pete Dragich", "Ron Port"}),  # KMT Q4 2020
        ("Jack Molloy, Executive Vice President, Worldwide Products and Sales; and Mahesh Saptharishi, Senior Vice President and CTO, "
         "Software Enterprise and Mobile Video.", {"Jack Molloy", "Mahesh Saptharishi"}),  # MSI Q2 2021
    ],
)
def test_the_roster_holds_only_people(sentence, names):
    assert {name for name, _ in cues.roster(sentence)} == names


def test_the_company_a_title_goes_on_with_is_no_person():
    # Novo Nordisk Q1 2024 (Motley Fool page, tune half): before, "CEO of Novo Nordisk" also listed "Novo Nordisk" as
    # an executive, and a question naming the company then filtered on that "speaker" and found nothing
    found = cues.roster("With me today, I have the CEO of Novo Nordisk, Lars Fruergaard Jorgensen; and finally, chief financial officer, Karsten Munk Knudsen.")
    assert {name for name, _ in found} == {"Lars Fruergaard Jorgensen", "Karsten Munk Knudsen"}, found


def test_a_title_in_lower_case_gives_the_role_and_a_clause_after_the_name_is_no_title():
    norris = cues.roster("I would now like to turn the call over to Mr. Jeff Norris, senior vice president of finance. Sir, you may begin.")
    assert [cues.role_for_title(title) for _, title in norris] == ["executive"]  # finance, not investor relations: not the host
    assert cues.roster("I would now like to turn the call over to Jeff, who will walk you through, and then questions.") == []


@pytest.mark.parametrize(
    "sentence, expected",
    [
        ("Joining me today are Mr. Wu Haisheng, our CEO, Mr. Alex Xu, our CFO, and Mr. Zheng Yan, our CRO.",
         [("Wu Haisheng", "CEO"), ("Alex Xu", "CFO"), ("Zheng Yan", "CRO")]),  # the sample: each title follows its name
        ("On our call today, our CEO, Ron O'Hanley, will speak first. Then Eric Aboaf, our CFO, will take you through our second quarter.",
         [("Eric Aboaf", "CFO"), ("Ron O'Hanley", "CEO")]),  # tune half: the title first, and a sentence's first word
    ],
)
def test_a_roster_list_pairs_each_name_with_its_own_title_only(sentence, expected):
    assert sorted(cues.roster(sentence)) == sorted(expected)


@pytest.mark.parametrize(
    "sentence, name, title, role",
    [
        # the operator or a speaker hands the floor to someone and says their title (tune half; each was missed before)
        ("I'd now like to hand the conference over to Jenn Kettnich, vice president of investor relations for The Walt Disney "
         "Company. Please go ahead.", "Jenn Kettnich", "vice president of investor relations", "host"),  # DIS Q1 2022
        ("At this time, I'd like to introduce you to your host for today's conference, Senior Vice President of Investor "
         "Relations, Shub Mukherjee. Please go ahead.", "Shub Mukherjee", "Senior Vice President of Investor Relations", "host"),  # OMC Q3 2020
        ("I will now turn the conference over to your host, Kim Orlando with ADDO Investor Relations. You may begin.",
         "Kim Orlando", "ADDO Investor Relations", "host"),  # RS Q2 2021
        ("Now I'll turn the call over to our CEO and president Molly Langenstein.", "Molly Langenstein", "CEO and president",
         "executive"),  # CHS Q3 2021: the title before the name
        ("Now, I'd like to turn the call over to Vandy Fartaj, PMT's senior managing director and chief investment officer, who "
         "will discuss the drivers of PMT's first-quarter investment results.", "Vandy Fartaj",
         "senior managing director and chief investment officer", "executive"),  # PMT Q1 2021
        # words after a title's "and" or "of" end the title when a name follows: before, "Strategic Planning" was the
        # host and the next speaker, and "Capital Markets" was read as a firm, so nobody took the floor
        ("At this time, I would like to begin the presentation by turning the call over to Dana's Senior Director of Investor "
         "Relations and Strategic Planning, Craig Barber. Please go ahead, Mr. Barber.", "Craig Barber",
         "Senior Director of Investor Relations and Strategic Planning", "host"),  # DAN Q2 2021
        ("I would now like to hand the conference over to your host, Vice President of Capital Markets, Jeff Norman. Please go "
         "ahead.", "Jeff Norman", "Vice President of Capital Markets", "host"),  # EXR Q1 2021: he runs investor relations
    ],
)
def test_a_handoff_gives_the_title_said_with_the_name(sentence, name, title, role):
    assert (name, title) in cues.roster(sentence)
    assert cues.role_for_title(title) == role
    assert cues.handoff_target(sentence) == name
    assert all(cues.same_person(found, name) for found, _ in cues.roster(sentence))


def test_a_name_in_the_roster_starts_a_word():
    # RS Q4 2020 (tune half): the "O." ending "CFO." was read as an initial, and "O. Bill Sales" named a turn that was not his
    found = cues.roster("I am joined by Jim Hoffman, our President and CEO; and Karla Lewis, our Senior Executive Vice President "
                        "and CFO. Bill Sales, our Executive Vice President of Operations, will also be available during the Q&A.")
    assert ("Bill Sales", "Executive Vice President of Operations") in found
    assert {name for name, _ in found} == {"Jim Hoffman", "Karla Lewis", "Bill Sales"}, found


# introductions that list who is on the call, from tune-half calls of the labelled corpus (the ticker and quarter
# after each); each list gives every person's whole title, whichever side of the name it is said on
@pytest.mark.parametrize(
    "sentence, people",
    [
        ("And with me to talk about our business and financial results are Horacio Rozanski, our President and Chief "
         "Executive Officer; and Lloyd Howell, Executive Vice President, Chief Financial Officer and Treasurer.",  # BAH Q1 2022
         [("Horacio Rozanski", "President and Chief Executive Officer"),
          ("Lloyd Howell", "Executive Vice President, Chief Financial Officer and Treasurer")]),
        ("Participating with me today are our Chairman and Chief Executive Officer, Tom Linebarger; our President and Chief "
         "Operating Officer, Jennifer Rumsey; and our Chief Financial Officer, Mark Smith.",  # CMI Q2 2021
         [("Tom Linebarger", "Chairman and Chief Executive Officer"), ("Jennifer Rumsey", "President and Chief Operating Officer"),
          ("Mark Smith", "Chief Financial Officer")]),
        ("On our call today are Rick Olson, Chairman and Chief Executive Officer and Renee Peterson, Vice President, "
         "Treasurer, and Chief Financial Officer.",  # TTC Q2 2020
         [("Rick Olson", "Chairman and Chief Executive Officer"), ("Renee Peterson", "Vice President, Treasurer, and Chief Financial Officer")]),
        ("The agenda for today's call will include Bob Kramer, President and Chief Executive Officer, who will comment on "
         "the current state of the company and Rich Lindahl, Chief Financial Officer.",  # EBS Q3 2021
         [("Bob Kramer", "President and Chief Executive Officer"), ("Rich Lindahl", "Chief Financial Officer")]),
        ("With me on the call today are ResMed's chief executive officer, Mick Farrell; and chief financial officer, Brett "
         "Sandercock.",  # RMD Q1 2022
         [("Mick Farrell", "chief executive officer"), ("Brett Sandercock", "chief financial officer")]),
        ("Joining me on the call today are Dev Ittycheria, president and CEO of MongoDB; and Serge Tanjga, MongoDB's "
         "interim CFO.",  # MDB Q1 2025
         [("Dev Ittycheria", "president and CEO of MongoDB"), ("Serge Tanjga", "interim CFO")]),
        # titles and names all parted by semicolons: who holds which title cannot be told, so only the last is paired
        ("This afternoon's conference call is hosted by Americold's Chief Executive Officer; George Chappelle; Chief "
         "Commercial Officer; Rob Chambers; and Chief Financial Officer, Marc Smernoff.",  # COLD Q3 2022
         [("Marc Smernoff", "Chief Financial Officer")]),
        ("Following the prepared remarks, Tom and Chris will be joined for Q&A by our three segment presidents: Alberto "
         "Mas, President of the Medical segment; Simon Campion, President of Interventional segment; and Dave Hickey, "
         "President of the Life Sciences segment.",  # BDX Q3 2021
         [("Alberto Mas", "President of the Medical segment"), ("Simon Campion", "President of Interventional segment"),
          ("Dave Hickey", "President of the Life Sciences segment")]),
        ("I'm Yan Jin, Eaton's Senior Vice President of Investor Relations.",  # ETN Q3 2021
         [("Yan Jin", "Senior Vice President of Investor Relations")]),
        # sentences that list no one
        ("Our revenue, which grew 5%, was driven by Services, Wearables and iPhone sales.", []),
        ("Thank you, operator, and good morning, everyone.", []),
        ("Our Purchasing Managers' Index reached its highest level since February 2018, and our CEO, Mr. Smith, noted it.", []),
    ],
)
def test_an_introductions_list_gives_each_person_their_title(sentence, people):
    assert cues.listed(sentence) == people


def test_the_roster_reads_an_introductions_list():
    "The opening turn's list puts both executives, with their titles and so their roles, on the call's roster."
    raw = [
        RawTurn(speaker=None, text="Good morning and welcome to the Booz Allen Hamilton earnings call. I would now like to turn "
                                   "the call over to Mr. Rubun Dey."),
        RawTurn(speaker=None, text="Thank you. I'm Rubun Dey, Head of Investor Relations. And with me to talk about our business "
                                   "and financial results are Horacio Rozanski, our President and Chief Executive Officer; and "
                                   "Lloyd Howell, Executive Vice President, Chief Financial Officer and Treasurer. It is now my "
                                   "pleasure to turn the call over to our CEO, Horacio Rozanski."),
    ]
    people = attribution._collect_people(raw)
    howell = people.find("Lloyd Howell")
    assert howell is not None and howell.role == "executive"
    assert howell.title == "Executive Vice President, Chief Financial Officer and Treasurer"
    assert people.find("Horacio Rozanski").title == "President and Chief Executive Officer"


@pytest.mark.parametrize(
    "text, name",
    [
        ("Now I will turn the call over to Mr. Wu Haisheng. Please go ahead.", "Wu Haisheng"),
        ("With that, I will now turn the call over to Alex Xu.", "Alex Xu"),
        ("I will now turn it over to Luca to go over our quarterly results in more detail.", "Luca"),
        ("We also think that it will maintain a relatively stable level later this year. Karen.", "Karen"),
        ("Please also note today's event is being recorded. Please go ahead, Karen.", "Karen"),
        ("Please go ahead, Mr. Giacobbe.", "Giacobbe"),  # CI Q4 2021, a line of its own: the honorific is not the name
        # asking a colleague to take the next part, and returning the call (real turns' last words, tune calls)
        ("And I'm going to ask Mike Irizarry to give you a bit more detail on this. Mike?", "Mike Irizarry"),
        ("Thanks and now we'll return the call to Paul.", "Paul"),
        ("I'd now like to ask Shawn to provide an update on our operations.", "Shawn"),
        # of an ask and a hand-off, the later one is who speaks next
        ("I will ask Tim to comment on China first. And now I will turn the call over to Luca Maestri.", "Luca Maestri"),
        # ... and asking about someone, or asking the listener, hands nothing on
        ("I wanted to ask Tim about margins in China.", None),
        ("I would ask you to turn to slide 5 of the presentation.", None),
        ("So I will ask Operator to open the line for questions.", None),
    ],
)
def test_handoff_line_names_the_next_speaker(text, name):
    assert cues.handoff_target(text) == name


@pytest.mark.parametrize(
    "text, name",
    [("Thank you, Haisheng. Good evening and good morning, everyone.", "Haisheng"), ("Thank you, Tejas, and good afternoon.", "Tejas"), ("Thank you, operator. Hello, everyone.", "operator"),
     # CI Q4 2021 (tune half): the operator's honorific is not the name; before, "Mr" became a person on the call
     ("Thank you, Mr. Fidel. Our next question comes from Mr. Steven Valiquette with Barclays.", "Fidel")],
)
def test_thanks_names_the_previous_speaker(text, name):
    assert cues.thanked_name(text) == name


@pytest.mark.parametrize(
    "text, analyst, firm",
    [
        ("Thank you. We will now take our first question. This is from the line of Chiao Huang from Morgan Stanley. Please go ahead.", "Chiao Huang", "Morgan Stanley"),
        ("Please stand by. This question is from the line of Emma Xu from Bank of America. Please go ahead.", "Emma Xu", "Bank of America"),
        ("We'll hear next from Katie Huberty with Morgan Stanley.", "Katie Huberty", "Morgan Stanley"),
        ("Our next question comes from Eric Woodring of Morgan Stanley.", "Eric Woodring", "Morgan Stanley"),
    ],
)
def test_operator_announcement_names_the_analyst_and_firm(text, analyst, firm):
    assert cues.announcements(text)[-1] == (analyst, firm)
    assert cues.operator_share(text) >= 0.5


@pytest.mark.parametrize(
    "text, operator",
    [
        ("Thank you. We'll now take our next question.", True),
        ("Thank you. That does conclude the conference for today. Thank you for participating, and you may now disconnect.", True),
        ("Can we have the next question, please?", False),  # investor relations asking the operator
        ("OK. Operator, let's take the final question for the day.", False),
        ("So about 20% ahead of a schedule, right now. Thanks. Next question, please.", False),
    ],
)
def test_operator_voice_is_told_from_the_hosts(text, operator):
    assert (cues.operator_share(text) >= 0.5 and not cues.addresses_operator(text)) is operator


def test_interpreter_turn_points_to_the_original():
    t = load_transcript(SAMPLE)
    take_rate = t.turns[13]
    assert take_rate.text.startswith("Okay, I will do the translation. Regarding the take rate")
    assert take_rate.translation_of == 12 and t.turns[12].translation_of is None
    assert take_rate.exchange_id == t.turns[12].exchange_id == 1


def test_interpreter_hand_over_inside_a_paragraph_splits_the_turn():
    t = load_transcript(SAMPLE)
    assert t.turns[8].text.endswith("So we believe that these policies will gradually play a role.")
    assert t.turns[9].text.startswith("Okay, I will do the translation. We understand everyone is concerned")
    assert t.turns[9].translation_of == 8


def test_an_english_restatement_without_a_cue_is_an_interpretation():
    t = load_transcript(SAMPLE)
    # "Okay, in addition, we have also achieved a good result in backhand collection" restates turn 20
    assert t.turns[21].translation_of == 20 and t.turns[20].translation_of is None
    assert t.turns[22].translation_of is None  # the English buyback answer is original speech


def test_analyst_translating_their_own_question_stays_one_turn():
    t = load_transcript(SAMPLE)
    assert t.turns[29].speaker == "Yadan Li" and "Then I will do the translation" in t.turns[29].text


def test_a_speaker_continuing_over_paragraphs_stays_the_same_speaker():
    t = load_transcript(SAMPLE)
    assert [x.speaker for x in t.turns[2:5]] == ["Wu Haisheng"] * 3
    assert t.turns[5].speaker == "Alex Xu" and t.turns[5].title == "CFO"


def test_unknown_speakers_are_said_to_be_unknown_with_low_confidence():
    t = load_transcript(SAMPLE)
    unknown = t.turns[25]
    assert unknown.speaker == "Unidentified executive" and unknown.role == "executive"
    assert unknown.confidence < t.turns[5].confidence


def test_exchanges_carry_the_asking_analyst_and_firm():
    t = load_transcript(SAMPLE)
    assert [(e.analyst, e.firm) for e in t.exchanges] == [
        ("Chiao Huang", "Morgan Stanley"), ("Emma Xu", "Bank of America"), ("Alex Yee", "UBS"), ("Yadan Li", "CICC"),
    ]
    assert all(turn.exchange_id is not None for turn in t.turns if turn.section == "qa")
    assert all(turn.exchange_id is None for turn in t.turns if turn.section == "prepared_remarks")


def test_participants_list_names_everyone_the_call_introduces():
    names = {p.name: p for p in load_transcript(SAMPLE).participants}
    assert {"Karen Gee", "Wu Haisheng", "Alex Xu", "Zheng Yan", "Emma Xu"} <= set(names)
    assert names["Zheng Yan"].title == "CRO" and names["Emma Xu"].firm == "Bank of America"


@pytest.mark.parametrize(
    "text, name",
    [
        ("Very helpful, Tim. Thank you.", "Tim"),
        ("Okay, fair enough. Thank you, Tim.", "Tim"),
        ("Thanks a lot, Tim.", "Tim"),
        ("Great. Thank you for the color, Tim. And then, you know, Luca, obviously the December quarter was negatively impacted by the production challenges.", "Tim"),
        ("Thanks, Jim. Thanks, Luca. Thank you, Wamsi. Can we have the next question, please?", None),  # several people: no cue
        ("Thank you very much.", None),
    ],
)
def test_an_askers_thanks_name_who_answered(text, name):
    assert cues.closing_thanks_name(text) == name


def _stripped_fy2023(decided: bool = False):
    """The FY2023 Apple call without its labels, attributed. `decided`: as the decoder decided it, every name kept
    (the transcript itself withholds a name below NAME_GATE)."""
    import json

    if decided:
        gate, attribution.NAME_GATE = attribution.NAME_GATE, 0.0
        try:
            return _stripped_fy2023()
        finally:
            attribution.NAME_GATE = gate
    people = json.loads((FIXTURES / "aapl_speakers.gold.json").read_text())["aapl_fy2023_q1_level2_speakermap.json"]
    return strip_labels(FIXTURES / "aapl_fy2023_q1_level2_speakermap.json", people)[0]


def _turn(t, start: str):
    return next(x for x in t.turns if x.text.startswith(start))


def test_thanks_by_name_attribute_the_answer_before_them_on_a_stripped_real_call():
    decided, t = _stripped_fy2023(decided=True), _stripped_fy2023()
    # Harsh Kumar: "Okay, fair enough. Thank you, Tim." after the answer on chip costs
    closing = _turn(decided, "Okay, fair enough. Thank you, Tim.")
    answer = decided.turns[closing.index - 1]
    # a decided name, never as sure as one the file gives (1.0)
    assert answer.speaker == "Tim Cook" and answer.role == "executive" and 0.5 < answer.confidence < 1.0
    # the transcript names Tim only if the fitted probability clears the gate
    shown = t.turns[closing.index - 1]
    assert shown.speaker == ("Tim Cook" if answer.confidence >= attribution.NAME_GATE else "Unidentified executive")


def test_a_call_in_many_paragraphs_keeps_its_speakers():
    t, truth, _ = strip_labels(LABELLED)
    gate, attribution.NAME_GATE = attribution.NAME_GATE, 0.0
    try:
        decided = strip_labels(LABELLED)[0]
    finally:
        attribution.NAME_GATE = gate
    # Luca's answer on gross margin runs over four paragraphs; the second starts "But we also had favorable mix"
    first = _turn(t, "Shannon? Yes, I mean, we've had good margin")
    assert [x.speaker for x in decided.turns[first.index : first.index + 4]] == ["Luca Maestri"] * 4
    assert [g.name for g in truth[first.index : first.index + 4]] == ["Luca Maestri"] * 4
    # the four paragraphs are one decision: named together or withheld together
    assert len({x.speaker for x in t.turns[first.index : first.index + 4]}) == 1
    # the host's hand-off in a paragraph of its own is still the host, not the operator
    handoff = _turn(t, "I'd now like to turn the call over to Tim for introductory remarks.")
    assert handoff.speaker == "Teja Skala" and handoff.role == "host"


@pytest.mark.parametrize(
    "text, analyst, firm",
    [
        ("Our next question comes from harsh Kumar Piper Sandler.", "Harsh Kumar", "Piper Sandler"),  # no "of" or "with"
        ("Our next question comes from Richard Kramer of Crete Research, LLP.", "Richard Kramer", "Crete Research, LLP"),
    ],
)
def test_announcement_without_a_linking_word_still_names_analyst_and_firm(text, analyst, firm):
    assert cues.announcements(text)[-1] == (analyst, firm)


@pytest.mark.parametrize(
    "text, analyst, firm",
    [
        # Capital One Q1 2021 (Motley Fool, tune half): words between "question" and "from"
        ("We'll take our final question this evening from John Hecht with Jefferies. Please go ahead.", "John Hecht", "Jefferies"),
        # Charles River Q2 2021 (tune half): the analyst's first name only, then the firm
        ("Your next question comes from the line of Juan with Bank of America.", "Juan", "Bank of America"),
        ("Our first question today comes from Ken Usdin with Jefferies.", "Ken Usdin", "Jefferies"),
        # BankUnited Q2 2021 (tune half): "from" left out; the firm had become the caller
        ("[Operator Instructions] Our first question will come the line of Ben Gerlinger from Hovde Group. You may begin.",
         "Ben Gerlinger", "Hovde Group"),
        # Brixmor Q3 2022 (tune half): a family name written with "St."
        ("Our next question is from Haendel St. Juste with Mizuho.", "Haendel St. Juste", "Mizuho"),
        # Booz Allen Q3 2021 (tune half): a family name with a particle (the caller had gone unnamed all through his turns)
        ("Thank you. Our next question comes from Cai von Rumohr of Cowen. Your line is open.", "Cai von Rumohr", "Cowen"),
        # Conagra Q2 2021 (tune half): the caller first, then "has the next question"
        ("Thank you. It looks like David Palmer has the next question. Please go ahead.", "David Palmer", ""),
        # Figma Q1 2026 (tune half)
        ("Nick Altmann from BTIG has the next question.", "Nick Altmann", "BTIG"),
        # Lennox Q4 2020 and Iron Mountain Q4 2021 (tune half): "line of" without its article, and a follow-up
        # announced (the firm had become the caller in both)
        ("Our next question then comes from line of Robert Barry from Buckingham Research. Please go ahead.", "Robert Barry", "Buckingham Research"),
        ("Our next question is a follow-up from Eric Luebchow from Wells Fargo. Eric, please go ahead.", "Eric Luebchow", "Wells Fargo"),
        # Kadant Q2 2020 and Manitowoc Q4 2021 (tune half): a follow-up announced with no firm
        ("Okay, you have a follow up from Kurt Yinger.", "Kurt Yinger", ""),
        ("[Operator instructions] We'll take a follow-up from Cliff Ransom.", "Cliff Ransom", ""),
        # a firm whose name holds initials ends at the sentence's end, not at the initials' periods (tune half;
        # the firm had been "J.P", "D.A" or "B")
        ("The next question comes from Ann Duignan of J.P. Morgan. Please go ahead.", "Ann Duignan", "J.P. Morgan"),
        ("Our next question comes from Dave Bishop with D.A. Davidson. Your line is now open.", "Dave Bishop", "D.A. Davidson"),
        ("[Operator Instructions] We'll go ahead and take our next question from Lucas Pipes with B. Riley Securities. Please go ahead.", "Lucas Pipes", "B. Riley Securities"),
    ],
)
def test_announcement_with_words_before_from_or_a_first_name_only(text, analyst, firm):
    assert cues.announcements(text)[-1] == (analyst, firm)


@pytest.mark.parametrize(
    "text, analyst, firm",
    [
        # operators' own wordings, from calls of the tune half: a name joined to a firm near words of the script
        ("Your next question is from the line of Mike Hickey with the Benchmark Company.", "Mike Hickey", "Benchmark Company"),
        ("Our next question comes off the line of Richard Parkes, BNP Paribas. Please go ahead.", "Richard Parkes", "BNP Paribas"),
        ("Our next question is coming from the line of Taylor -- Tyler Radke of Citi. Your line is open.", "Tyler Radke", "Citi"),
        ("Thank you. Pito Chickering from Deutsche Bank, you may go ahead, sir.", "Pito Chickering", "Deutsche Bank"),
        ("We'll go now to Chris Schott with J.P. Morgan.", "Chris Schott", "J.P. Morgan"),
        ("We'll go next to Ann Duignan with JP\xa0Morgan.", "Ann Duignan", "JP Morgan"),
        ("Next, we have Walt Liptak from Seaport Research.", "Walt Liptak", "Seaport Research"),
        ("We will go next to Ali Faghri [Phonetic] with Guggenheim. Please go ahead.", "Ali Faghri", "Guggenheim"),
        ("Your next question comes from the line Doug Harned with Bernstein.", "Doug Harned", "Bernstein"),
        ("Ken Usdin, your line is open with Jefferies.", "Ken Usdin", ""),  # the line opened to a name
        # a firm that reads like a person, after the caller's name (Figma Q1 2026, Kadant Q4 2020, Omnicom Q3 2020):
        # the caller is the name before "from", not the firm after it
        ("Your next question is Arjun Bhatia from William Blair.", "Arjun Bhatia", "William Blair"),
        ("[Operator Instructions] For the next question we have Kurt Yinger from D. A. Davidson. Line is open.", "Kurt Yinger", "D. A. Davidson"),
        ("Your next question -- your next question comes from the line of John Janedis is from Wolfe Research. Please go ahead.",
         "John Janedis", "Wolfe Research"),
        ("Our next question will come from the line of Tobey Sommer. Please go ahead.", "Tobey Sommer", ""),
    ],
)
def test_any_wording_of_the_operators_script_names_the_caller(text, analyst, firm):
    assert cues.announcements(text) == [(analyst, firm)]


@pytest.mark.parametrize(
    "text",
    [
        # the call's opening names the company and hands over to the host, who is no caller
        "Welcome to FLEETCOR Technologies, Inc. Second Quarter 2021 Earnings Conference Call. [Operator Instructions] A question-and-answer session will follow the formal presentation.",
        "Good morning, and welcome to the Highwoods Properties earnings call. [Operator Instructions] I would now like to turn the conference over to Mark Mulhern. Please go ahead.",
        # a firm, or a name run into a firm, is no caller
        "Thank you. Our last question comes from the line of with Green Street Advisors. Your line is now open.",
        "Thank you. Our next question today is coming from Dan Hurren MST Marquee. Your line is now live.",
        # a caller standing in for the analyst names the analyst, who does not speak
        "Hi, this is Min Cho for Alex Regal at B. Riley Securities. Thanks for taking the question.",
        # the host's roster is no announcement
        "Joining me this afternoon are Jeff Benck, CEO and President, and Mike Hedger, our CFO.",
    ],
)
def test_names_outside_the_operators_script_are_no_announcement(text):
    assert cues.announcements(text) == []


def test_a_firm_alone_is_no_first_name():
    assert all(name != "Morgan" for name, _ in cues.announcements("Our next question comes from Morgan Stanley. Please go ahead."))


def test_an_analyst_announced_without_a_linking_word_asks_and_follows_up():
    decided, t = _stripped_fy2023(decided=True), _stripped_fy2023()
    question = _turn(t, "Yeah. Hey, uh, Tim, I had a quick question on emerging markets.")
    follow_up = _turn(t, "Understood. And for my follow-up, I had sort of an interesting theoretical question")
    assert question.speaker == follow_up.speaker == "Harsh Kumar" and question.firm == "Piper Sandler"
    answer = decided.turns[question.index + 1]
    assert answer.speaker == "Tim Cook" and answer.role == "executive"  # the question was put to Tim
    # shown only when the fitted probability clears the gate, else as an unidentified executive
    shown = t.turns[question.index + 1]
    assert shown.role == "executive"
    assert shown.speaker == ("Tim Cook" if answer.confidence >= attribution.NAME_GATE else "Unidentified executive")


@pytest.mark.parametrize(
    "text, name",
    [
        ("I think I'll let Luca comment on the second part of that. But if you back up and sort of look at how we're doing", "Luca"),
        ("I'll let Vince take that question.", "Vince"),  # MAEC
        ("I'm going to let him address the product and systems.", None),  # MAEC: no name
    ],
)
def test_leaving_part_of_an_answer_to_a_colleague_names_them(text, name):
    assert cues.deferred_to(text) == name


@pytest.mark.parametrize(
    "text, ack",
    [("Yeah.", True), ("Yep.", True), ("Thanks for the question.", True), ("Thanks.", True), ("Now we can. Yes.", False), ("Congrats on the results.", False)],
)
def test_an_acknowledgement_says_nothing_else(text, ack):
    assert cues.acknowledgement(text) is ack


def test_the_one_thanked_by_name_is_evidence_for_who_answers_the_thanks():
    t = _stripped_fy2023()
    thanks = _turn(t, "Thanks a lot, Tim.")
    units = [x.text for x in t.turns]
    people = attribution._collect_people([RawTurn(u) for u in units])
    said = evidence.closing_thanks(units, thanks.index, people)
    assert Evidence(thanks.index + 1, "closing_thanks", 3.0, person="Tim Cook") in said  # "Yeah." comes from Tim
    assert Evidence(thanks.index - 1, "closing_thanks", 3.0, person="Tim Cook") in said


@pytest.mark.parametrize(
    "text, analyst",
    [
        ("Yep. And then kind of, you know, from a strategic perspective, given kind of the things that we're seeing out in some of your peer group, I'm curious, you know, how you see AI.", True),
        ("just help us think about when you think about the next few years, where are the biggest opportunities", True),
        ("Thanks for the question. And then maybe just maybe just on the supply chain, you know, obviously you've been managing it incredibly well", True),
        ("Understood. And for my follow-up, I had sort of an interesting theoretical question on pricing.", True),
        ("Yeah, it is a major focus of ours. It's incredible in terms of how it can enrich customers' lives.", False),
        ("I mean, there's a number of things, and I mentioned a few of them during the call, but the first step is always the install base.", False),
    ],
)
def test_wording_only_the_asking_side_uses(text, analyst):
    assert cues.analyst_request(text) is analyst


def test_taking_that_one_as_well_is_the_last_answerer():
    answer = _turn(_stripped_fy2023(decided=True), "Yeah, Eric, I'll take that one as well.")
    assert cues.same_answerer(answer.text) and answer.speaker == "Tim Cook"


def test_a_question_to_two_executives_names_neither_as_the_answerer():
    assert cues.addressed_names("Tim and Luca, you both mentioned earlier on the Q&A a little bit about India.") == []
    assert cues.addressed_names("Yeah. Hey, uh, Tim, I had a quick question on emerging markets.") == ["Tim"]


def test_investor_relations_asking_the_operator_to_move_on_is_the_host_even_after_an_announcement():
    t = _stripped_fy2023()
    turn = _turn(t, "Operator, can we move on to the next? Richard. Okay.")
    assert turn.role == "host" and turn.speaker == "Teja Skala"
    closing = _turn(t, "Thanks, Krish. A replay of today's call will be available")
    assert closing.role == "host" and closing.speaker == "Teja Skala"


def test_a_product_named_in_the_remarks_is_not_a_person():
    assert cues.roster("And we unveiled our reimagined MacBook Pros, our first notebooks with M1 Pro and M1 Max chips.") == []


@pytest.mark.parametrize(
    "text, analyst",
    [
        ("Our next question will come from the line of Tobey Sommer. Please go ahead.", "Tobey Sommer"),  # no firm
        ("I think our next question is from Scott Davis. Scott, are you there?", "Scott Davis"),
        ("And our next question is going to come from the of Tyler Brown with Raymond.", "Tyler Brown"),  # ASR dropped "line"
    ],
)
def test_an_announcement_names_the_caller_when_the_firm_or_a_word_is_missing(text, analyst):
    assert cues.announcements(text)[-1][0] == analyst


@pytest.mark.parametrize(
    "text, expected",
    [
        ("Yes, John, that's a great question.", [("John", "open")]),  # answers whoever asked
        ("OK. And then maybe a broader question for Kessel.", [("Kessel", "close")]),  # Kessel answers next
        ("Thank you, Karsten. Lars?", [("Karsten", "open"), ("Lars", "close")]),
        ("Good morning. I wonder maybe I could start with the knee growth in the quarter. So Bryan, maybe a couple of questions there.", [("Bryan", "inside")]),
        ("The 62 and the 50 are both in Tampa, and we have a prospect for a lot of that space.", []),
    ],
)
def test_a_name_the_speaker_talks_to_and_where_it_points(text, expected):
    assert cues.vocatives(text) == expected


def test_the_one_a_caller_talks_to_answers_next_and_an_answer_names_who_asked():
    people = attribution._collect_people([RawTurn("Joining us today are Kessel Stelling, our Chairman and CEO, and Jamie Gregory, our CFO.")])
    people.add("Michael Rose", "analyst", "Analyst")
    units = ["OK. Very helpful. And then maybe a broader question for Kessel.", "Yeah, Michael. Hey, great question. Let me start by saying this."]
    assert evidence.vocative(units, 0, people) == [Evidence(1, "vocative", 2.5, person="Kessel Stelling")]
    assert evidence.vocative(units, 1, people) == [Evidence(0, "vocative", 2.5, person="Michael Rose")]


def test_how_often_a_call_changes_speaker_is_read_from_its_own_lines():
    "The same real call written one line per turn and one line per paragraph: unmarked seams change speaker far more often in the first."
    call = load_transcript(LABELLED)
    odds = {}
    for name, rendering in (("turn", render.one_line_per_turn), ("paragraph", render.one_line_per_paragraph)):
        lines = [line for line in rendering(call).splitlines()[3:] if line.strip()]
        odds[name] = decoder.seam_odds([evidence.opens_turn(line) for line in lines])
    assert odds["turn"]["plain"] > 0.5 > 0.35 > odds["paragraph"]["plain"]
    assert odds["turn"]["opening"] > 0.9 and odds["paragraph"]["opening"] > 0.8


def test_after_the_operator_speaks_the_last_caller_is_not_assumed_to_ask_again():
    "Real lines from the tune half: the operator's second hand-over names nobody the cues can read, so the caller after it is unnamed."
    call = "\n".join([
        "This conference call transcript was computer generated and almost certainly contains errors.", "Example Corp", "1/30/2025",
        "Thank you. Our first question comes from Tyler Brown with Raymond James. Please go ahead.",
        "Hey, good morning. So back at your conference, you talked about some pretty stark differences in the small container business. Can you give us an update?",
        "Right. So Tyler, you're right, we talked about some of those states that were early in reopening, and Florida looks great.",
        "Thank you. [Operator Instructions] And I'm currently showing that our next caller is on the line.",
        "Good morning, everyone. Does yesterday's vaccine announcement impact the pace of credit asset sales for the rest of the year?",
    ]) + "\n"
    t = parse_transcript(call.encode(), "example.txt")
    assert [x.role for x in t.turns] == ["operator", "analyst", "executive", "operator", "analyst"]
    assert t.turns[1].speaker == "Tyler Brown" and t.turns[4].speaker != "Tyler Brown"


def test_a_question_to_two_people_names_neither_as_the_one_who_answers():
    # Apple FY2023 Q1: Jim Suva asks "Tim and Luca, you both..."; Tim Cook answers
    text = "Tim and Luca, you both mentioned earlier on the Q&A a little bit about India. I was wondering if we're now entering a situation of even more opportunity?"
    assert cues.vocatives(text) == [] and cues.addressed_names(text) == []


def test_announcement_with_is_coming_from():
    # MarineMax FY2021 Q1 (Motley Fool, tune half): before, the firm became the caller's name
    text = "Thank you. Our next question is coming from James Hardiman from Wedbush Securities. Your line is now live."
    assert cues.announcements(text) == [("James Hardiman", "Wedbush Securities")]


def test_management_thanking_back_and_passing_a_question_are_executives_on_maec_calls():
    "MAEC sentence-per-line calls (CC BY-SA 4.0): a closing 'Thank you.' and a question passed on are management's."
    cbu = load_transcript(FIXTURES / "maec" / "20150420_CBU.txt")
    last = cbu.turns[-1]
    assert last.text.endswith("we will talk again next quarter. Thank you.") or (last.text == "Thank you." and cbu.turns[-2].text.endswith("next quarter."))
    assert last.role == "executive"
    cnsl = load_transcript(FIXTURES / "maec" / "20150507_CNSL.txt")
    # the sentence may open a turn or end the one that says "We'll take those three questions in order"
    passing = next(t for t in cnsl.turns if "Steve, you want to start on distribution follow-up." in t.text)
    assert passing.role == "executive"


def test_after_the_operator_in_the_qa_management_speaks_not_investor_relations():
    "Culp's Q3 2020 call (earnings21), its speaker labels taken off: the CEO's closing remarks, after the operator, are an executive's."
    lines = [re.sub(r"^Speaker \d+:\s*", "", line) for line in (FIXTURES / "layouts" / "earnings21_4330115_speakers.txt").read_text().splitlines() if line.strip()]
    call = parse_transcript(render_unlabelled("Culp, Inc.", "March 4, 2020", lines).encode(), "culp_stripped.txt")
    closing = next(t for t in call.turns if t.text.startswith("Okay. Thank you operator. And again, thanks to everyone"))
    assert call.turns[call.turns.index(closing) - 1].role == "operator"
    assert closing.role == "executive"
    # and the same after thanks: the caller's "Okay. Thank you very much." is answered by management's "Thank you."
    thanks = [i for i, t in enumerate(call.turns) if t.text == "Thank you." and call.turns[i - 1].text == "Okay. Thank you very much."]
    assert thanks and all(call.turns[i].role == "executive" for i in thanks)


def test_an_executive_who_names_the_other_of_two_is_that_other_one():
    "Apple's FY2022 Q1 call without its labels (hand-labelled speaker ids as truth): Tim Cook and Luca Maestri answer."
    people = json.loads((FIXTURES / "aapl_speakers.gold.json").read_text())["aapl_fy2022_q1_level2.json"]
    t, truth, _ = strip_labels(FIXTURES / "aapl_fy2022_q1_level2.json", people)
    assert len(t.turns) == len(truth)
    # "... factored into our gross margin and OPEX that Luca mentioned" and "I think I'll let Luca comment on the second
    # part of that" were unnamed executives; each names Luca, so each is Tim (by elimination, or now by the name model
    # reading the answers around them)
    for start in ("We're seeing inflation and it's factored into our gross margin and OPEX that Luca mentioned",
                  "I think I'll let Luca comment on the second part of that."):
        turn = _turn(t, start)
        assert turn.speaker == truth[turn.index].name == "Tim Cook"
        assert turn.confidence >= min(attribution.ELIMINATION_CONFIDENCE, attribution.NAME_GATE)
    named = [x for x in t.turns if x.confidence == attribution.ELIMINATION_CONFIDENCE and x.role == "executive"]
    assert len(named) >= 3 and all(x.speaker == truth[x.index].name for x in named)


def _two_executives_and_a_caller(first: tuple[str, str], second: tuple[str, str], caller: tuple[str, str]) -> "attribution._People":
    "A call's people: two executives (name, title) and a caller (name, firm)."
    people = attribution._People()
    for name, title in (first, second):
        people.add(name, "executive", title)
    people.add(caller[0], "analyst", None, caller[1])
    return people


def test_a_short_thanks_to_one_of_two_executives_is_not_named_the_other_by_elimination():
    # IQVIA's Q1 2021 call (tune half): Ari Bousbib and Ron Bruehlman answer, and the callers' closing "Thanks, Ari."
    # had been taken for management's and named Ron Bruehlman; Ron's own answer that thanks Ari is still his
    people = _two_executives_and_a_caller(
        ("Ari Bousbib", "Chairman and Chief Executive Officer"),
        ("Ron Bruehlman", "Executive Vice President and Chief Financial Officer"),
        ("Robert Jones", "Goldman Sachs"),
    )
    texts = [
        "Your next question comes from the line of Robert Jones from Goldman Sachs. Please go ahead, your line is now open.",
        "Great. Good morning, congrats to everyone and especially, Andrew.",
        "All right, well, John, you're -- I'm sorry Robert, lots of questions here.",
        "Thanks, Ari.",
        "$23 billion. Okay. It's over $23 billion and it's growing double-digits, both in volume and value.",
        "Thanks, Ari, and good morning everyone. As already mentioned, this was a very strong quarter.",
    ]
    raw = [RawTurn(text) for text in texts]
    ari, unnamed = attribution._Label("Ari Bousbib", "executive"), attribution._Label(attribution.UNNAMED["executive"], "executive")
    labels = [attribution._Label("Operator", "operator"), attribution._Label("Robert Jones", "analyst"), ari, unnamed, ari, unnamed]
    decoded = [decoder.Label("Operator", "operator"), decoder.Label("Robert Jones", "analyst"), decoder.Label("Ari Bousbib", "executive"),
               decoder.Label("Ron Bruehlman", "executive"), decoder.Label("Ari Bousbib", "executive"), decoder.Label("Ron Bruehlman", "executive")]
    out = attribution._by_elimination(raw, labels, people, 0, decoded)
    assert out[3] == unnamed
    assert (out[5].speaker, out[5].confidence) == ("Ron Bruehlman", attribution.ELIMINATION_CONFIDENCE)


def test_a_first_name_a_caller_shares_said_to_someone_names_no_one_by_elimination():
    # International Paper's Q1 2021 call (tune half): Mark Sutton and Tim Nicholls answer, and the callers Mark Wilde and
    # Mark Weintraub ask. "It's a difficult question, Mark" is said to the caller, and had named Tim by elimination;
    # "as Tim said" speaks of the colleague and still names Mark Sutton
    people = _two_executives_and_a_caller(
        ("Mark S. Sutton", "Chairman and Chief Executive Officer"),
        ("Tim S. Nicholls", "Senior Vice President and Chief Financial Officer"),
        ("Mark Weintraub", "Seaport Global"),
    )
    texts = [
        "Our next question comes from the line of Mark Weintraub of Seaport Global.",
        "Thank you. First question was you really did have a lot more pricing in the Industrial Packaging business flow-through than I think "
        "your original guidance had been.",
        "It's a difficult question, Mark, because there's so many customers and so many unique commercial agreements.",
        "Great. And can you give us a sense -- I recognize that certainly by the end of the quarter, it was all in.",
        "Yes. It's small, Mark. There's probably just a little bit from the first price increase, but virtually all of it's in.",
        "Adam, this is Mark. Just to add. It's -- look, it's a good question. We have given the investment community, as Tim said, at least an "
        "EBITDA range, a couple of years out.",
        "It's a good question. We have given the investment community, as Tim said, at least an EBITDA range.",
    ]
    raw = [RawTurn(text) for text in texts]
    unnamed = attribution._Label(attribution.UNNAMED["executive"], "executive")
    labels = [attribution._Label("Operator", "operator"), attribution._Label("Mark Weintraub", "analyst"), unnamed,
              attribution._Label("Mark Weintraub", "analyst"), unnamed, unnamed, unnamed]
    decoded = [decoder.Label("Operator", "operator"), decoder.Label("Mark Weintraub", "analyst"), decoder.Label("Mark S. Sutton", "executive"),
               decoder.Label("Mark Weintraub", "analyst"), decoder.Label("Tim S. Nicholls", "executive"),
               decoder.Label("Mark S. Sutton", "executive"), decoder.Label("Tim S. Nicholls", "executive")]
    out = attribution._by_elimination(raw, labels, people, 0, decoded)
    assert out[2] == unnamed and out[4] == unnamed
    assert out[5] == unnamed  # names himself: left to the self-identification cue
    assert (out[6].speaker, out[6].confidence) == ("Mark S. Sutton", attribution.ELIMINATION_CONFIDENCE)
    # had the decoder taken a third executive (a placeholder: this call has two) for one answer, naming Tim would say
    # nothing of which of the other two speaks
    people.add("Pat Placeholder", "executive", "Senior Vice President")
    decoded[2] = decoder.Label("Pat Placeholder", "executive")
    decoded[0] = decoder.Label("Mark S. Sutton", "executive")  # Mark still speaks twice
    assert attribution._by_elimination(raw, labels, people, 1, decoded)[6] == unnamed
    assert attribution._by_elimination(raw, labels, people, 3, decoded)[6].speaker == "Mark S. Sutton"  # that answer before the Q&A


@pytest.mark.parametrize("text, first, said_to", [
    ("It's a difficult question, Mark, because there's so many customers and so many unique commercial agreements.", "Mark", True),
    ("I think, Mark, on your converting question, Mark, the unique thing that's happening in converting, given the demand, is on the labor side.", "Mark", True),
    ("Yes. Thanks, David. The Pizza Hut strategy, as we've talked about over the last few years, has been to revitalize the brand.", "David", True),
    ("Yeah, thanks, David. As David mentioned, we are very excited about the momentum in development.", "David", False),
    ("Yes. So I'll give you a little bit color and turn it over to Rob.", "Rob", False),
    ("Yes, I'll let Mick. Mick [Speech Overlap]", "Mick", False),
    ("Sure. And I think the board and the management team, Ken and I included, have had a consistent view.", "Ken", False),
])
def test_a_name_said_to_someone_or_of_someone(text, first, said_to):
    # tune-half answers: International Paper, Yum! Brands, Roper, Campbell Soup, B&G Foods
    assert cues.said_only_to(text, first) is said_to


def test_no_one_is_named_by_elimination_where_more_than_two_executives_speak():
    "The sample names four people on management's side: an executive naming one of them says nothing of who speaks."
    t = load_transcript(SAMPLE)
    assert len({x.speaker for x in t.turns if x.role == "executive" and not x.speaker.startswith("Unidentified")}) > 2
    assert not [x for x in t.turns if x.role == "executive" and x.confidence == attribution.ELIMINATION_CONFIDENCE]


def test_a_one_word_sentence_ending_a_turn_names_only_someone_the_call_knows():
    # CenterPoint's Q2 2021 call (tune half): Tom Webb's farewell ends "Godspeed.", which had become a person and
    # then the name of Dave Lesar's reply; the sample's "... later this year. Karen." still hands over to Karen Gee
    paragraphs = [
        "Good morning, and welcome to the CenterPoint Energy's Second Quarter 2021 Earnings Conference Call with Senior Management. "
        "[Operator Instructions] I will now turn the call over to Phil Holder, Senior Vice President of Strategic Planning and Investor Relations. Mr. Holder?",
        "Good morning, everyone. Welcome to CenterPoint's earnings conference call. Dave Lesar, our CEO; Jason Wells, our CFO; and Tom Webb, our "
        "Senior Adviser, will discuss the company's second quarter 2021 results. Now I'd like to turn the discussion over to Dave.",
        "Thank you, Phil. Good morning, and thank you for joining our second quarter 2021 earnings call. With that, let me turn the call over to Jason.",
        "Thank you, Dave, and thank you to all of you for joining us this morning for our second quarter earnings call. I hope you can all join us "
        "for a celebratory toast in person to acknowledge all that Tom has done for CenterPoint.",
        "Thank you, Jason, and thank you, Dave. Thank you for allowing me to join the ride. CenterPoint is a great company with wonderful people "
        "and a huge investment opportunity. Godspeed.",
        "Thank you, Tom. As Jason said, you've been a valuable part of our team, and we're grateful for the time you have shared with us. "
        "I believe the best is yet to come.",
    ]
    t = parse_transcript(render_unlabelled("CenterPoint Energy", "7/29/2021", paragraphs).encode(), "cnp.txt")
    assert "Godspeed" not in {p.name for p in t.participants}
    assert [x.speaker for x in t.turns[1:4]] == ["Phil Holder", "Dave Lesar", "Jason Wells"]
    assert t.turns[5].speaker in ("Dave Lesar", "Unidentified executive")
    sample = load_transcript(SAMPLE)
    assert next(x for x in sample.turns if x.text.startswith("Okay, I will do the translation. First, it's about our funding cost")).speaker == "Karen Gee"


def test_between_two_operator_turns_one_caller_asks():
    # Crown Castle's Q2 2021 call (tune half), each turn cut to its first sentences: Michael Rollins's closing
    # "Thank you." had been "Unidentified analyst" beside his named question
    paragraphs = [
        "Good day, and welcome to the Crown Castle Q2 2021 Earnings Conference Call. Today's call is being recorded. And now at this time, "
        "I'd like to turn the conference over to Mr. Ben Lowe, Vice President of Corporate Finance. Please go ahead, sir.",
        "Great. Thank you, Cody, and good morning, everyone. Thank you for joining us today as we discuss our second quarter 2021 results. "
        "With me on the call this morning are Jay Brown, Crown Castle's Chief Executive Officer; and Dan Schlanger, Crown Castle's Chief "
        "Financial Officer. With that, I'll turn the call over to Jay.",
        "Thanks, Ben, and thank you, everyone, for joining us on the call this morning. As you saw from our second quarter results and "
        "increased full year outlook, we continue to generate significant growth in cash flows and dividends from the deployment of 5G in "
        "the U.S. And with that, I'll turn the call over to Dan.",
        "Thanks, Jay, and good morning, everyone. As Jay mentioned, 2021 is shaping up to be a great year of growth for Crown Castle as our "
        "customers deploy 5G nationwide.",
        "Absolutely. Thank you. [Operator Instructions] And we'll take our first question from Michael Rollins from Citi.",
        "Thanks and good morning. Curious, if you could just unpack a bit more in terms of the change in the small cell target for 2021 and 2022?",
        "Yeah. Good morning Mike. I'll take the first question. And then, Dan can address the second one. As we highlighted, there's three "
        "primary components of our decision to push out some of this activity beyond 2022.",
        "Yeah. Mike, I'll hit your second question around the straight line increases and extension. As we've discussed before, those "
        "straight line increases happened a couple of ways.",
        "Thank you.",
        "Sure.",
        "Thank you. We'll now take our next question from Simon Flannery from Morgan Stanley.",
        "Great. Thank you very much. Great to hear the commentary on the macro business and the historical rate of activity. Could you just "
        "be a little bit clearer about what you mean by activity?",
        "Yes. Simon thanks for the question. Good morning. When we talk about activity, we're speaking specifically about applications for our towers.",
        "Great. And just one follow-up on the capex point. I know you're not giving 2022 guidance, but is it fair to think then given 5,000 "
        "this year, 5,000 next year, the discretionary capex should be similar to 2021?",
        "Yes. I mean I'm going to say yes to everything you just said there, Simon. We don't want to give into the guidance right now. "
        "We'll do that in three months.",
        "Thanks.",
        "Thank you. We'll hear next from Matt Niknam with Deutsche Bank.",
    ]
    t = parse_transcript(render_unlabelled("Crown Castle", "7/22/2021", paragraphs).encode(), "cci.txt")
    callers = [(x.text, x.speaker) for x in t.turns if x.role == "analyst"]
    assert ("Thank you.", "Michael Rollins") in callers
    assert {speaker for _, speaker in callers} == {"Michael Rollins", "Simon Flannery"}
    # the one who answers is never taken for the caller, though he says the caller's name
    assert next(x for x in t.turns if x.text.startswith("Yes. I mean I'm going to say yes")).speaker != "Simon Flannery"


@pytest.mark.parametrize(
    "reply, decoded, cut, named",
    [  # Danaher's Q1 2021 call (tune half): Patrick Donnelly asks, Rainer Blair answers; the last turn the operator's
        ("That's really helpful. I appreciate it.", "Patrick Donnelly", False, True),
        ("That's really helpful. I appreciate it.", None, False, True),
        ("Hi Patrick.", "Patrick Donnelly", False, False),  # management greeting the caller
        # text the seam model cut: a piece that reads as a caller's (attribution.CALLER_WORDING)
        ("That's really helpful. I appreciate it.", "Patrick Donnelly", True, True),
    ],
)
def test_one_caller_per_exchange_names_the_callers_other_turns_only(reply, decoded, cut, named):
    L, D = attribution._Label, decoder.Label
    units = ["Your final question will come from the line of Patrick Donnelly of Citi.", "Great. Thanks. Hey, how are you guys?",
             "Sure, Patrick. There's a number of data points to consider here.", reply, "I will now return the call to Matt Gugino for any closing comments."]
    labels = [L("Operator", "operator"), L("Patrick Donnelly", "analyst", "Analyst", "Citi", 0.99), L("Unidentified executive", "executive"),
              L("Unidentified analyst", "analyst", confidence=0.8), L("Operator", "operator")]
    decoded_labels = [D(None, "operator"), D("Patrick Donnelly", "analyst"), D(None, "executive"), D(decoded, "analyst"), D(None, "operator")]
    out = attribution._one_caller_per_exchange(units, labels, decoded_labels, 1, set(), 0.92, cut)
    assert out[3].speaker == ("Patrick Donnelly" if named else "Unidentified analyst")
    assert out[3].firm == ("Citi" if named else None) and out[:3] == labels[:3]


@pytest.mark.parametrize("piece, caller_words", [("Makes sense. Thank you.", True), ("No question about it. No question about it.", False)])
def test_in_cut_text_only_a_piece_that_reads_as_the_callers_is_named_for_the_exchange(piece, caller_words):
    """FTI Consulting's Q3 2020 call (tune half), word for word, as pieces the seam model cut: Andrew Nicholas's
    follow-up opening, and Ajay Sabherwal's answer opening, which the decoder took for the caller. On the 582 fitting
    tune calls, unbroken, naming every such piece for the caller added names right 0.79 of the time; only those that
    read as a caller's, 0.90."""
    L, D = attribution._Label, decoder.Label
    units = ["[Operator instructions] Our first question comes from Andrew Nicholas with William Blair. Please go ahead.",
             "Hi. Good morning.", "Good morning, Andrew.", piece]
    assert (roles_of(piece)["analyst"] >= attribution.CALLER_WORDING) == caller_words
    labels = [L("Operator", "operator"), L("Andrew Nicholas", "analyst", "Analyst", "William Blair", 0.97),
              L("Unidentified executive", "executive"), L("Unidentified analyst", "analyst", confidence=0.8)]
    decoded = [D(None, "operator"), D("Andrew Nicholas", "analyst"), D(None, "executive"), D("Andrew Nicholas", "analyst")]
    out = attribution._one_caller_per_exchange(units, labels, decoded, 1, set(), attribution.CUT_ANALYST_GATE, True)
    assert out[3].speaker == ("Andrew Nicholas" if caller_words else "Unidentified analyst") and out[:3] == labels[:3]
    assert out[3].firm == ("William Blair" if caller_words else None)


@pytest.mark.parametrize("paragraph, kept, junk", [
    # La-Z-Boy's Q3 2021 call (tune half): the host's introduction and hand-over; the firm's possessive was caught with
    # the name handed the call and, as the fuller name, replaced it ("Kurt Darrow La-Z-Boy's")
    ("Thank you, Holly, and good morning. Thank you for joining us to discuss our fiscal 2021 third quarter results. With us "
     "today are Kurt Darrow, La-Z-Boy's Chairman, President and Chief Executive Officer and Melinda Whittington, CFO. Kurt "
     "will open and close the call and Melinda will speak to the financials midway through. With that I will now turn the "
     "call over to Kurt Darrow La-Z-Boy's, Chairman, President and Chief Executive Officer. Kurt?",
     {"Kurt Darrow", "Melinda Whittington"}, "Kurt Darrow La-Z-Boy's"),
    # Coca-Cola's Q4 2021 call (tune half): a caller's words, where "It's just I'm" had added a person "I'm"
    ("Great. Good morning. The first thing is not a question. It's just I'm going to mention the free cash conversion and "
     "leave it at that.", set(), "I'm"),
])
def test_the_calls_people_hold_no_contraction_and_no_firms_possessive(paragraph, kept, junk):
    people = attribution._collect_people([RawTurn(paragraph)])
    assert kept <= set(people.by_name) and junk not in people.by_name


@pytest.mark.parametrize("paragraph, name, title", [
    # Teradata's Q3 2020, Omnicom's Q4 2021 and Waste Management's Q1 2021 calls (tune half), word for word: the
    # words after a name had been kept as the title ("as our Chief Information Officer", "who was previously CEO of
    # OMD Worldwide", "taking this new role as senior vice president")
    ("Molly is a seasoned leader with outstanding judgment and deep knowledge of Teradata and will help get guidance "
     "forward.\nFurther, we've named Erica Hausheer', as our Chief Information Officer. Erica will lead Teradata as IT and "
     "Security organizations and will drive the ongoing use of our own data analytics technology to advance her business "
     "objectives.", "Erica Hausheer", "Chief Information Officer"),
    ("After serving as CEO of Omnicom Media Group for more than two decades, Daryl will now work directly with me to oversee "
     "business operations across Omnicom.\nFlorian Adamski, who was previously CEO of OMD Worldwide, and help the agency "
     "earn back-to-back Adweek Global Media Agency of the Year titles in 2019 and 2020, has succeeded Daryl as the CEO of "
     "the Omnicom Media Group.", "Florian Adamski", None),
    ("I'm pleased to announce that Tara Hemmer, senior vice president of operations, will be taking this new role as senior "
     "vice president, chief sustainability officer reporting directly to me effective July 1.", "Tara Hemmer", "senior vice president"),
])
def test_an_introductions_title_is_a_title_or_none(paragraph, name, title):
    person = attribution._collect_people([RawTurn(paragraph)]).find(name)
    assert person is not None and person.name == name and person.title == title and person.role == "executive"


def test_a_name_keeps_an_apostrophe_before_a_capital_and_loses_a_stray_quote():
    # Roper's Q3 2021 and Teradata's Q3 2020 calls (tune half), as their introductions give them
    assert cues.person_name("Shannon O'Callaghan") == "Shannon O'Callaghan"
    assert cues.person_name("Erica Hausheer'") == "Erica Hausheer"


def test_a_caller_saying_who_they_are_and_their_firm_is_named_without_the_its():
    # Kosmos Energy's Q4 2021 call (tune half): the caller's opening reads like the operator's "X from Y"
    turns = [RawTurn("Our next question, please."), RawTurn("Hi, guys. It's Nick from RenCap. Thank you for taking my questions. I have three")]
    assert cues.person_name("It's Nick") is None
    assert list(attribution._collect_people(turns).by_name) == ["Nick"]


def test_a_transcribers_mark_is_no_part_of_a_name():
    # Sempra's Q2 2021 call (tune half) labels a caller "Paul Zimbardo[Phonetic]"; the call's words say Paul Zimbardo
    assert cues.person_name("Paul Zimbardo[Phonetic]") == "Paul Zimbardo"
    assert cues.same_person("Paul Zimbardo", "Paul Zimbardo[Phonetic]")
    turn = RawTurn("Okay, great. Thank you. And just to follow-up on Jeremy's question", "Paul Zimbardo[Phonetic]", role="analyst")
    assert attribution._from_label(turn, attribution._collect_people([turn])).speaker == "Paul Zimbardo"


@pytest.mark.parametrize("opening, handed_to, company", [
    # TreeHouse Foods' Q4 2020, Skechers' Q4 2021 and Worthington Industries' Q1 2022 calls (tune half), word for word
    # but for where a turn ends:
    # the operator hands the call to the company, which is no one's name
    ("Welcome to the TreeHouse Foods fourth-quarter 2019 conference call. This call is being recorded. At this time, I "
     "will turn the conference over to Treehouse Foods.", "Treehouse Foods", "Treehouse Foods"),
    ("Thank you for standing by. This is the conference operator. Welcome to the Skechers fourth quarter 2021 earnings "
     "conference call. [Operator instructions] I would now like to turn this conference over to Skechers. Please go ahead.",
     "Skechers", "Skechers"),
    ("At this time there are no further questions. I would like to turn the call back over to Worthington Industries for "
     "closing remarks.\nThank you, Lisa. Good afternoon, everyone, and welcome to Worthington Industries first quarter "
     "fiscal 2022 earnings call.", "Worthington Industries", "Worthington Industries"),
    # a person handed the call stays one (Conagra Brands' Q2 FY2021 call)
    ("Good day, and welcome to the Conagra Brands second-quarter fiscal-year 2021 earnings conference call. [Operator "
     "instructions] Please note This event is being recorded. I would now like to turn the conference over to Brian "
     "Kearney from Investor Relations. Please go ahead.", "Brian Kearney", None),
])
def test_the_company_handed_the_call_is_no_person(opening, handed_to, company):
    paragraphs = opening.split("\n")
    assert cues.handoff_target(paragraphs[0], trailing=False) == handed_to
    assert cues.the_calls_company(handed_to, opening) is (company is not None)
    people = attribution._collect_people([RawTurn(p) for p in paragraphs])
    assert (people.find(handed_to) is None) is (company is not None)


def test_a_clipped_first_name_the_call_also_gives_whole_is_no_participant_of_its_own():
    # Everest Re's Q3 2019 call (tune half), its labelled turns cut short: "Thank you, Dom." added a participant "Dom"
    # beside Dominic J. Addesso; 15 of the 728 tune calls listed such a one ("Pam", "Raj", "Ash", "Steph")
    text = "\n".join([
        "Operator: Good day, and welcome to the Everest Re Third Quarter 2019 Earnings Call. At this time, I would like to turn the conference over to Mr. Jon Levenson, Head of Investor Relations. Please go ahead.",
        "Jon Levenson: Thank you, Holley. The Everest executives leading today's call are Dom Addesso, President and Chief Executive Officer; and Juan Andrade, Chief Operating Officer.",
        "Dominic J. Addesso: Thanks, Jon, and good morning. Welcome to our call.",
        "Juan C. Andrade: Thank you, Dom. It's a privilege to be here as a member of the Everest team.",
    ])
    t = parse_transcript(text.encode(), "everest.txt")
    names = [p.name for p in t.participants]
    assert "Dominic J. Addesso" in names and "Juan C. Andrade" in names and "Dom" not in names
