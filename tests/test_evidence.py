"""Each cue of the attribution engine, on real sentences, and the decoder on the issue's seven-turn call.
Sentences come from the tune half of the labelled corpus and from the Apple calls; none from the reported half."""

from __future__ import annotations

import pytest

from ingest import attribution, cues, evidence, parse_transcript, segment
from ingest.evidence import Evidence
from ingest.readers import RawTurn


def _people(*names_roles):
    people = attribution._People()
    for name, role, *title in names_roles:
        people.add(name, role, title[0] if title else None)
    return people


def _said(cue, units, i, people):
    return cue(units, i, people)


def test_an_announcement_with_initials_names_the_caller_who_speaks_next():
    units = ["Your next question comes from the line of A.J. Rice with Credit Suisse.", "Hi, everybody. Impressive quarter across the board."]
    people = attribution._collect_people([RawTurn(u) for u in units])
    said = _said(evidence.announcement, units, 0, people)
    assert Evidence(1, "announcement", 6.0, person="A.J. Rice") in said and Evidence(0, "announcement", 3.0, role="operator") in said


def test_a_caller_speaking_for_the_announced_analyst_is_named_as_themselves():
    units = ["Our next question comes from Peter Keith with Piper Sandler.", "Good morning. It's Bobby Friedner on for Peter Keith. Just wanted to ask around high-end ver"]
    people = attribution._collect_people([RawTurn(u) for u in units])
    assert _said(evidence.self_identification, units, 1, people) == [Evidence(1, "self_identification", 7.0, person="Bobby Friedner")]


def test_a_caller_who_gives_a_whole_name_is_not_the_caller_of_the_same_first_name():
    "SL Green Q3 2021 (tune half): Michael Lewis asked before; Michael Bilerman asks with Manny Korchman, who was announced."
    units = [
        "Okay. Got it. And then my second question, and I've asked this one before, but as we get closer to let 625 Madison",
        "Our next question comes from the line of Manny Korchman with Citi. Your line is open.",
        "Hey. It's Michael Bilerman with Manny. How are you? Marc, my kids are really excited to go up to the Summit.",
    ]
    people = attribution._collect_people([RawTurn(u) for u in units], roster=[("Michael Lewis", "Analyst", "Truist Securities")])
    assert people.find("Michael Bilerman") is not None
    assert _said(evidence.self_identification, units, 2, people) == [Evidence(2, "self_identification", 6.0, person="Michael Bilerman")]
    assert Evidence(2, "named_in_unit", -2.0, person="Michael Lewis") in _said(evidence.named_in_unit, units, 2, people)


def test_a_caller_announced_by_first_name_who_gives_the_whole_name_is_one_person():
    "Dun & Bradstreet Q1 2021 (tune half): the operator gives a first name and a firm, the caller the whole name."
    units = ["Thank you. Your next question comes from the line of George from Goldman Sachs. Please go ahead. Your line is now open.",
             "Hi. Thanks. Good morning. It's George Tong.\nIn the quarter, organic constant-currency growth was 1.3%."]
    people = attribution._collect_people([RawTurn(u) for u in units])
    assert "George" not in people.by_name and people.find("George").name == "George Tong"
    assert people.find("George Tong").firm == "Goldman Sachs" and people.find("George Tong").role == "analyst"
    assert _said(evidence.self_identification, units, 1, people) == [Evidence(1, "self_identification", 6.0, person="George Tong")]


def test_a_name_said_as_ones_own_runs_on_into_a_word_and_its_first_word_names_the_speaker():
    "Boston Properties Q3 2022 (tune half): 'Clearly' opens the next clause; the call uses 'clearly' in lower case."
    units = ["Owen, how do you think about the hurdle rates now?",
             "Steve, it's Owen Clearly, the -- our cost of capital is going up, as indicated and what we've reported. It clearly is."]
    people = attribution._collect_people([RawTurn(u) for u in units], roster=[("Owen Thomas", "Chief Executive Officer", None)])
    assert people.find("Owen Clearly") is None
    assert _said(evidence.self_identification, units, 1, people) == [Evidence(1, "self_identification", 6.0, person="Owen Thomas")]
    assert not any(e.person == "Owen Thomas" for e in _said(evidence.named_in_unit, units, 1, people))


def test_a_first_name_an_executive_and_a_caller_share_is_left_to_the_role_the_turn_sounds_like():
    "Lithia & Driveway Q3 2021 (tune half): the COO Chris Holzshu answers; Chris Bottiglieri of BNP Paribas asked earlier."
    units = [
        "Thank you, and welcome to the Lithia & Driveway Third Quarter 2021 Earnings Call. Presenting today are Bryan DeBoer, President and CEO; "
        "Chris Holzshu, Executive Vice President and COO; and Tina Miller, Senior Vice President and CFO.",
        "Our next question is from Chris Bottiglieri with the BNP Paribas. Please proceed.",
        "Our next question is from David Whiston with Morningstar. Please proceed.",
        "Yeah. Good morning, David. This is Chris. I mean, going back to our operating model where we engage and expect each of our stores "
        "to make independent market decisions, it's kind of hard to generically just answer that we did something specifically from corporate on pricing.",
    ]
    people = attribution._collect_people([RawTurn(u) for u in units])
    assert people.find("Chris") is None  # two people of the call
    said = _said(evidence.self_identification, units, 3, people)
    assert sorted(e.person for e in said) == ["Chris Bottiglieri", "Chris Holzshu"] and {e.weight for e in said} == {6.0}


def test_a_colleague_handed_the_call_by_a_first_name_only_callers_have_is_a_person_of_their_own():
    "Sun Communities Q2 2021 (tune half): the COO is only ever 'John'; the callers John Pawlowski and John Kim ask later."
    units = [
        "I will now turn the call over to John to discuss our operational performance. John?",
        "Our next question comes from the line of Wes Golladay with Robert W. Baird. Please, proceed with your question.",
        "Hey, Wes, this is John. Yeah, I mean, reiterating some of the metrics that we shared in the prepared remarks.",
        "Our next question comes from the line of John Pawlowski with Green Street Advisors. Please, proceed with your question.",
        "Our next question comes from the line of John Kim from BMO Capital Markets. Please, proceed with your question.",
    ]
    people = attribution._collect_people([RawTurn(u) for u in units])
    colleague = people.find("John", colleague=True)
    assert colleague is not None and colleague.name == "John" and colleague.role != "analyst"
    assert people.find("John Kim").role == "analyst" and people.find("John Pawlowski").role == "analyst"
    said = _said(evidence.self_identification, units, 2, people)
    assert said == [Evidence(2, "self_identification", 6.0, person="John")]  # not one of two callers


def test_a_short_turn_passing_a_callers_question_to_an_executive_is_investor_relations_moderating():
    "Novo Nordisk's Q3 2023 and Q1 2024 calls (tune half): the head of investor relations moderates the Q&A."
    people = _people(("Daniel Bohsen", "host", "Head of Investor Relations"), ("Martin Holst Lange", "executive"),
                     ("Lars Fruergaard Jorgensen", "executive", "CEO"), ("Doug Langa", "executive"),
                     ("Emily Field", "analyst"), ("Evan Seigerman", "analyst"), ("Harry Sephton", "analyst"))
    for text in ["Thank you, Emily. Martin, two for you.", "Thank you, Evan. So, Lars, will you give that a go?",
                 "Thank you, Doug, and thank you, Harry. We're ready for the next question."]:
        assert attribution._moderates(text, people), text
    # speaking to the caller alone, or to an executive alone, passes nothing on; nor does an answer
    assert not attribution._moderates("Thank you, Emily.", people)
    assert not attribution._moderates("Martin, two for you.", people)
    # Benchmark Electronics' Q3 2020 call (tune half): the CFO adds to the CEO's answer and speaks to the caller, at an
    # answer's length
    answer = ("Yeah. Thanks, Jeff. And so I think you've answered it well there. The only thing I would add is, to your specific comments, "
              "first half, second half, we'll see it start to ramp with those new program ramps in Q1 and carrying through the year for "
              "overall sequential growth annually is what we expect, Anja.")
    benchmark = _people(("Roop Lakkaraju", "executive", "CFO"), ("Jeff Benck", "executive", "CEO"), ("Anja Soderstrom", "analyst"))
    assert not attribution._moderates(answer, benchmark)
    decoded = attribution._label(people, attribution.Label(None, "host"), 0.5, hosting=True)
    assert decoded.speaker == "Daniel Bohsen"


def test_a_first_name_two_executives_share_names_neither():
    "KB Home Q4 2021 (tune half): the CEO Jeff Mezger and the CFO Jeff Kaminski; the role cannot tell them apart."
    units = [
        "Thank you, Alex. Good afternoon, everyone, and thank you for joining us today to review our results for the fourth quarter of fiscal 2021. "
        "On the call are Jeff Mezger, chairman, president, and chief executive officer; Jeff Kaminski, executive vice president and chief financial officer.",
        "Truman, this is Jeff. If I could expand on it a little bit. And we are not spiking a football here because we have a lot of work to do.",
    ]
    people = _people(("Jeff Mezger", "executive"), ("Jeff Kaminski", "executive"), ("Truman Patterson", "analyst"))
    assert _said(evidence.self_identification, units, 1, people) == []


@pytest.mark.parametrize(
    "opening, thanked",
    [("Thank you, Fabrice. Good afternoon, everyone and thank you for joining", "Fabrice"), ("Thanks, Linn, and good morning everyone.", "Linn")],
)
def test_thanks_at_the_start_name_the_speaker_before_not_this_one(opening, thanked):
    units = ["With that, I'll hand it over.", opening]
    people = _people((thanked, "executive"))
    said = _said(evidence.thanks_opening, units, 1, people)
    assert Evidence(0, "thanks_opening", 3.5, person=thanked) in said and Evidence(1, "thanks_opening", -6.0, person=thanked) in said


def test_the_operator_thanked_by_name_is_the_operator():
    units = ["Good day, ladies and gentlemen. My name is Daniel and I will be your coordinator for today. I would now like to turn the call over to Jerome Nichols.",
             "Thank you, Daniel. Good morning, everyone."]
    people = attribution._collect_people([RawTurn(u) for u in units])
    assert people.find("Daniel").role == "operator"
    assert Evidence(0, "thanks_opening", 3.5, role="operator") in evidence.gather(units, people)[0]


@pytest.mark.parametrize(
    "text, operator",
    [
        ("[Operator Instructions] We'll hear next from Bret Jordan.", True),
        ("Thank you. There are no additional questions at this time.", True),
        ("I'd now like to turn the call over to Tim for introductory remarks.", None),  # anyone may say it
        ("Operator, can we move on to the next? Richard. Okay.", False),
    ],
)
def test_operator_voice(text, operator):
    said = evidence.operator_voice(["Good day.", text], 1, _people())
    weight = sum(e.weight for e in said)
    assert (weight > 0) if operator else (weight < 0 if operator is False else not said)


@pytest.mark.parametrize(
    "text, asks",
    [
        ("Got it. That's helpful. And then I just wanted to pivot a little bit here, and a lot of talk about rates", True),
        ("Okay, thank you.", True),
        ("Operator, can we move on to the next? Richard. Okay.", False),
        ("Great. Thanks. Can we have the next question, please?", False),
    ],
)
def test_asking_wording(text, asks):
    said = evidence.asking(["Hello.", text], 1, _people())
    assert (sum(e.weight for e in said) > 0) == asks


def test_people_rarely_say_their_own_name():
    units = ["It's $250 million about this year, Phil, and probably about another $2 billion next year."]
    assert Evidence(0, "named_in_unit", -2.0, person="Phil Gibbs") in evidence.named_in_unit(units, 0, _people(("Phil Gibbs", "analyst")))


CALL = """This conference call transcript was computer generated and almost certainly contains errors.
Example Corp
1/30/2025
Good day and welcome to the Example Corp fourth quarter 2024 earnings call. I would now like to turn the call over to Daniel Brooks, Vice President, Investor Relations. Please go ahead.
Thank you, operator. Joining me today are Maria Lopez, our Chief Executive Officer, and Sam Patel, our Chief Financial Officer. Please note that today's remarks include forward-looking statements. Now, let me turn the call over to Maria Lopez.
Thanks, Daniel, and good morning. Our net sales grew 24% this quarter on strong demand in every region. With that, I'll turn it over to Sam.
Thanks, Maria. Gross margin expanded 150 basis points to 41%, and operating cash flow was $2.1 billion. Now let's open the call for questions.
Thank you. Our first question comes from Kevin Chen with Morgan Stanley. Please go ahead.
Thanks for taking my question. Sam, can you talk about the margin outlook for next year?
Sure, Kevin. This is Sam. We expect gross margin to stay between 40% and 42% next year.
"""


def test_the_seven_turn_call_reads_as_it_was_spoken():
    t = parse_transcript(CALL.encode(), "example.txt")
    assert [(x.speaker, x.role) for x in t.turns] == [
        ("Operator", "operator"),
        ("Daniel Brooks", "host"),
        ("Maria Lopez", "executive"),
        ("Sam Patel", "executive"),
        ("Operator", "operator"),
        ("Kevin Chen", "analyst"),
        ("Sam Patel", "executive"),
    ]


@pytest.mark.parametrize(
    "mention, name, same",
    [("Jerry", "Gerard H. Sweeney", True), ("Tony", "Anthony Paolone", True), ("Betsy Graseck", "Elizabeth Graseck", True),
     ("Steve", "Stephen J. Rolfs", True), ("Tom", "Tim Cook", False), ("Steve", "Steven Chubak", True), ("Jerry", "Jeremy Stone", False),
     # the name a call uses against the one a participants list gives (tune half): a middle name gone by, an initial
     # before it, a suffix, one part of a double family name
     ("Colin Connolly", "Michael Colin Connolly", True), ("Greg Peters", "C. Gregory Peters", True),
     ("Chris Wellborn", "W. Christopher Wellborn", True), ("Vince Delie", "Vincent J. Delie, Jr.", True),
     ("Shagun Singh", "Shagun Singh Chadha", True), ("Paulina Rojas", "Paulina A. Rojas-Schmidt", True),
     ("Tom", "James Thomas Hill", True), ("Haendel St. Juste", "Haendel Emmanuel St. Juste", True),
     ("Eric Larson", "Erica Eiler", False), ("Steve Barger", "Stephen Volkmann", False), ("Mike Ng", "Mike Hickey", False),
     # initials a person goes by ("I will now turn the call over to LT.", UScellular Q3 2020, tune half)
     ("LT", "Laurent Therivel", True), ("LT", "Lisa Smith", False),
     # a nickname the participants list gives in quotes or brackets, against the name the call itself uses (Quanta
     # Services Q1 2021, tune half)
     ("Duke Austin", 'Earl C. "Duke" Austin', True), ("Duke", 'Earl C. "Duke" Austin', True), ("Tim Timanus", "H.E. (Tim) Timanus", True),
     ("Earl Austin", 'Earl C. "Duke" Austin', True), ("Tim", 'Earl C. "Duke" Austin', False)],
)
def test_a_short_form_of_a_first_name_is_the_same_person(mention, name, same):
    from ingest.cues import same_person

    assert same_person(mention, name) is same


def test_thanks_to_a_short_form_credit_the_person_the_roster_names_in_full():
    units = ["Good morning. On our call today, our CEO, Ron O'Hanley, will speak first. Then Eric Aboaf, our CFO, will take you through our "
             "second quarter 2021 earnings slide presentation. Now, let me turn it over to Ron.",
             "Thank you, Ilene, and good morning, everyone. Earlier this morning, we released strong second quarter financial results.",
             "Thank you, Ron, and good morning, everyone. I'll begin my review of our second quarter results on Slide 4."]
    people = attribution._collect_people([RawTurn(u) for u in units])
    assert people.find("Eric").name == "Eric Aboaf" and people.find("Ronald").name == "Ron O'Hanley"
    assert Evidence(1, "thanks_opening", 3.5, person="Ron O'Hanley") in evidence.gather(units, people)[1]


def test_a_word_the_call_uses_in_lower_case_is_not_a_person():
    units = ["Okay. Thanks, Mark. And the next question will be from David Green with Boldhaven.",
             "So, Ella. This is Assi. I will answer, as of the end of the quarter, it was roughly $1 billion.",
             "Right. Right.", "Thanks, Right. We think that is right, and the right way to look at it, right now."]
    people = attribution._collect_people([RawTurn(u) for u in units])
    assert people.find("Assi") is not None and people.find("Right") is None


def test_the_operator_turning_the_call_back_names_who_speaks_next():
    units = ["Thank you. I would now like to turn it back to Ron Lombardi for closing remarks.",
             "Thank you, operator, and thanks to everyone for joining us today, and we'll talk next quarter."]
    people = _people(("Ron Lombardi", "executive"))
    assert Evidence(1, "handoff", 5.0, person="Ron Lombardi") in evidence.handoff(units, 0, people)


def test_a_first_name_as_the_roster_writes_it_is_that_person_not_a_longer_form_of_it():
    # Clean Harbors, Q1 2020: the CFO Mike Battles answers Michael Hoffman; the host is Michael McDonald
    people = _people(("Mike Battles", "executive", "Chief Financial Officer"), ("Michael Hoffman", "analyst"), ("Michael McDonald", "host"))
    units = ["Michael, this is Mike. It was $300 million for the avian flu, not $170 million. But the -- to answer your question, the margins are pretty good."]
    assert _said(evidence.self_identification, units, 0, people) == [Evidence(0, "self_identification", 6.0, person="Mike Battles")]
    assert people.find("Mike").name == "Mike Battles"
    assert people.find("Michael") is None  # two people are written Michael: it says nothing about which


def test_a_name_the_speaker_talks_to_points_forward_when_the_turn_asks_and_back_when_it_replies():
    # Clean Harbors, Q1 2020: Tyler Brown asks Alan McKim; Mike Battles answers Tyler
    people = _people(("Alan McKim", "executive", "CEO"), ("Mike Battles", "executive"), ("Tyler Brown", "analyst"))
    asks = (
        "OK. And then, you know, Alan, I know these are just unprecedented times, but in the SK branch business, I mean, how should we "
        "think about revenues there versus the 50% drop in gas station pump volumes that I think we're seeing here in April?"
    )
    replies = "Yup. It is about $10 million for the de-con work, Tyler, and about $11 million for the chemical spill, chemical fire."
    units = ["Sure.", asks, "Sure.", replies, "OK."]
    assert _said(evidence.vocative, units, 1, people) == [
        Evidence(0, "vocative", 0.5, person="Alan McKim"), Evidence(2, "vocative", 1.5, person="Alan McKim")]
    assert _said(evidence.vocative, units, 3, people) == [
        Evidence(2, "vocative", 1.5, person="Tyler Brown"), Evidence(4, "vocative", 0.5, person="Tyler Brown")]


@pytest.mark.parametrize(
    "text, caller",
    [
        ("Good morning, guys. This is actually Randy Toth sitting in for Anthony. Can you just talk about", "Randy Toth"),
        ("Hey, good morning. This is Ravi Vaidya on the line for Todd Thomas.", "Ravi Vaidya"),
        ("Hey guys. This is Michael Kessler [Phonetic] on for Simeon. Thank you for taking our questions.", "Michael Kessler"),
        ("This is Ethan Saghi, on for Eric this morning. First question", "Ethan Saghi"),
        ("Good morning. This is Samuel Varga for Brody Preston.", "Samuel Varga"),
        ("Hey, guys. This is James Moore here on for Shar, how are you doing?", "James Moore"),
        ("Thank you and good morning. This is Adam Beatty in for Brennan.", "Adam Beatty"),
        ("Hi good morning everyone. This is Jatin Khanna on behalf of Jerry Revich.", "Jatin Khanna"),
        ("Hi, this is Steven Chang coming on for Joe.", "Steven Chang"),
        ("Hey, good morning, team. It's Julian [Phonetic] here, on for Cody.", "Julian"),
        ("Hi, thanks for taking my questions. It's actually, Ryan Gunning filling in for Hamzah today.", "Ryan Gunning"),
        # a full name opening a sentence, with no "this is" (Waste Management Q1 2021 and two more calls of the tune half)
        ("Mario Cortellacci filling in for Hamzah. Maybe you could talk about how much room you have", "Mario Cortellacci"),
        ("Thank you. Jacob Parsons, on the call for Josh.", "Jacob Parsons"),
    ],
)
def test_a_stand_in_for_the_announced_analyst_is_heard_in_any_usual_wording(text, caller):
    "Stand-ins from calls of the tune half: the first wording alone heard about half of them, these 145 of 155."
    assert cues.on_behalf_of(text) == caller


@pytest.mark.parametrize(
    "text",
    [
        "Thanks, Kevin. This is Luca for the second part of your question.",  # "for" then no one stood in for
        "It's Michael Bilerman here with Katy. Steve, if we can just go back",  # asking together, not instead
        "Hi. This is Tim Long. For the quarter, can you help us",
    ],
)
def test_saying_a_name_and_for_is_not_always_standing_in(text):
    assert cues.on_behalf_of(text) is None


def test_management_greeting_the_announced_caller_is_not_the_caller_and_the_caller_speaks_after():
    "Neenah's Q3 2021 call (tune half): the executive says 'Hey, Chris.' before Chris McGinnis asks."
    units = ["Your next question comes from Chris McGinnis with Sidoti and Company. Your line is open.", "Hey, Chris.",
             "Good morning. Thanks for taking the questions, and nice top-line in the quarter."]
    people = attribution._collect_people([RawTurn(u) for u in units])
    assert Evidence(1, "not self", evidence.NOT_SELF_WEIGHT, person="Chris McGinnis") in _said(evidence.not_self, units, 1, people)
    announced = _said(evidence.announcement, units, 0, people)
    assert Evidence(2, "announcement", 6.0, person="Chris McGinnis") in announced
    assert not [e for e in announced if e.unit == 1]
    # a name given as the speaker's own is not one they talk to
    assert _said(evidence.not_self, ["Sure, Kevin. This is Sam."], 0, _people(("Kevin", "analyst"), ("Sam", "executive"))) == [
        Evidence(0, "not self", evidence.NOT_SELF_WEIGHT, person="Kevin")]


@pytest.mark.parametrize(
    "text, target",
    [
        # Benchmark Electronics Q3 2020 and Choice Hotels Q4 2020 (tune half): the title said before the name
        ("If you will please turn to slide three in the presentation, I will turn the call over to our CEO, Jeff Benck.", "Jeff Benck"),
        ("I'd now like to turn it over to our CFO, Dom Dragisich, who will share more specifics of our financial results. Dom?", "Dom Dragisich"),
        ("At this time, I'd like to turn the call back over to CEO, Joe Margolis for closing remarks. Sir?", "Joe Margolis"),
        ("I will now turn the call over to our CEO.", None),  # a title, not a name
    ],
)
def test_a_handoff_names_the_person_after_their_title(text, target):
    assert cues.handoff_target(text) == target


@pytest.mark.parametrize(
    "text, target",
    [
        # the words speakers hand the floor on with, from calls of the tune half (the old wordings missed each one)
        ("I would now like to turn the conference over to Kelly Boyer, Vice President of Investor Relations.", "Kelly Boyer"),  # KMT Q1 2021
        ("And now I will turn the call over to ManpowerGroup Chairman and CEO, Jonas Prising. Sir, you may begin.", "Jonas Prising"),  # MAN Q1 2021
        ("Now I'll turn the call over to our CEO and president Molly Langenstein.", "Molly Langenstein"),  # CHS Q3 2021
        ("Now, I'll turn the call over to Waste Management's president and CEO, Jim Fish.", "Jim Fish"),  # WM Q1 2021
        ("At this time, I'd like to introduce your host for today's conference, Mr. Blake McCarthy, Vice President of Corporate "
         "Development and Investor Relations. Sir, you may begin.", "Blake McCarthy"),  # NOV Q2 2021
        ("I would now like to turn the conference over to Mr. Jim Stark. Please go ahead.", "Jim Stark"),  # DAR Q2 2021
        ("That concludes the question-and-answer session for today. Ms. Grow, I will turn the conference back to you.", "Grow"),  # IDA Q3 2021
        ("Mr. Pfeifer, I would now like to turn the floor back over to you for closing comments.", "Pfeifer"),  # OSK Q2 2021
        ("Yeah. Brett, I'll hand that question to you.", "Brett"),  # RMD Q1 2022
        ("That was our last question for today. I will turn the program back over to John Lindsay for any additional or closing "
         "remarks.", "John Lindsay"),  # HP Q4 2021
        ("At this time, there are no further questions. I'll hand over the call to Joe Hamrock, President and Chief Executive "
         "Officer for any closing remarks.", "Joe Hamrock"),  # NI Q1 2021
        ("And with that, I will hand over the word to Doug.", "Doug"),  # NVO Q2 2023
        ("I'll pass it on to Martin, who can more easily explain you the differentiation to our own assets.", "Martin"),  # NVO Q3 2025
        ("That covers the remaining details on the outlook for 2025. Now back to you, Lars.", "Lars"),  # NVO Q4 2024
        ("There are no further questions at this time. So I'll now hand you back over to Chris Czarnecki for closing remarks.",
         "Chris Czarnecki"),  # Broadstone Net Lease Q3 2022
        ("Please turn to Slide 4, and I'll now hand it off to Mike. Mike?", "Mike"),  # MMM Q2 2021: the slide turned to, Mike handed to
        # the next speaker presented
        ("As we look ahead, we remain confident MongoDB, Inc.'s position to lead both the current wave of digital transformation and the "
         "next wave powered by AI. With that, here's Mike.", "Mike"),  # MDB Q2 2026
        ("You may see the reconciliation of these measures in the appendix to our presentation. And now here's Kessel Stelling.",
         "Kessel Stelling"),  # SNV Q1 2021
        ("And with that, here is Jeff Mezger.", "Jeff Mezger"),  # KBH Q4 2021
        ("Now with more on this quarter's financial results, here is our Chief Financial Officer, Avi Goldin.", "Avi Goldin"),  # GNE Q1 2020
        # "over to" with no verb
        ("Now over to Adrian for more about our Q1 financial performance.", "Adrian"),  # GBX Q1 2022
        ("Now over to Avi Goldin for his discussion of our Q2 financial results.", "Avi Goldin"),  # GNE Q2 2021
    ],
)
def test_any_wording_of_a_handoff_names_who_takes_the_floor(text, target):
    assert cues.handoff_target(text) == target


@pytest.mark.parametrize(
    "text",
    [
        # turning to a topic, a market or a firm is no hand-off (tune half)
        "So those customers are more apt to turn to the Internet to find inventory just because it's available.",  # LAD Q2 2021
        "That's very helpful. And then, turning to the Concentrix business, what are you seeing?",  # SNX Q3 2020
        "Just how do we think about capital funding for all of it, and why introduce Maryland to the mix?",  # BDN Q1 2021
        "I would like to turn the conference back over to the SCI management for any closing remarks.",  # SCI Q4 2021
        "I'd now like to turn the call over to the operator for questions.",
        "Please go ahead, sir.",
        "Here's Jim with the numbers.",  # no lead-in: "here's" opens far more than hand-offs
        "And now here is what we are seeing.",
        "So, here's the thing.",
        "Hey, here's how it goes around here.",  # CB Q2 2021
    ],
)
def test_turning_to_a_topic_or_a_firm_names_nobody(text):
    assert cues.handoff_target(text) is None
    if "here" in text:  # nor is it heard as a hand-off where the seam model reads the sentence before a break
        assert segment.seam_handoff(text, "Thank you.") == 0.0


@pytest.mark.parametrize(
    "before, text, executive",
    [
        # IDACORP Q2 2021 and Dick's Q1 2021 (tune half): the caller closes with thanks, management thanks back
        ("Got it. I'll leave it there. Thank you.", "Thank you.", True),
        ("Very helpful. Good luck with the rest of the spring. Thank you.", "Thank you.", True),
        # Culp Q3 2020 (earnings21): the same after an analyst's "Okay. Thank you very much."
        ("Okay. Thank you very much.", "Thank you.", True),
        # a thanks after an answer that thanks nobody is the caller's own closing
        ("So we feel good about where the pipeline sits going into the back half.", "Thank you.", False),
        # thanks that go on to say more are not a reply
        ("Okay. Thank you very much.", "Thank you. And my second question is on the margin.", False),
    ],
)
def test_thanks_after_thanks_is_management_thanking_back(before, text, executive):
    units = [before, text]
    said = _said(evidence.thanks_reply, units, 1, _people())
    assert said == ([Evidence(1, "thanks_reply", 3.0, role="executive")] if executive else [])
    asking = _said(evidence.asking, units, 1, _people())
    # a thanks-only closing still leans to the caller when it replies to nothing
    assert bool(asking) is not executive


@pytest.mark.parametrize(
    "text, passes",
    [
        # Bio-Techne Q2 2021, Dick's Q1 2021, Guess Q2 2022, Central Pacific Q1 2021 (tune half)
        ("Annette, do you want to take that one?", True),
        ("Lee, you want to take that?", True),
        ("Okay, Katie. Why don't you just go ahead?", True),
        ("All right, David, do you want to take that?", True),
        ("Do you want to take that, Andy?", True),
        ("Greg?", True),  # Greg is an executive on the call
        ("Laura?", False),  # an analyst's name: the operator or host calls on her
        # callers putting a question to someone (Comfort Systems Q1 2021, IDACORP Q4 2020, Quanta Q3 2021, tune half)
        ("Bill, how do you see SG&A trending this year?", False),
        ("Lisa, what's the next important date for us to really look for on B2H?", False),
        ("Duke, do you think that with the hydrogen and CO2 lines, there's actually less industry pushback?", False),
    ],
)
def test_a_question_passed_to_a_colleague_is_passed_by_an_executive(text, passes):
    people = _people(("Greg Hill", "executive"), ("Laura Chen", "analyst"))
    said = _said(evidence.passes_question, ["What is the cadence of drilling over the rest of the year?", text], 1, people)
    assert said == ([Evidence(1, "passes_question", 3.0, role="executive")] if passes else [])


def test_the_qa_opens_where_it_is_opened_not_where_the_host_announces_it_for_later():
    """Apple's FY2022 Q1 host, cut from unbroken text apart from the "Thank you." before it: the agenda ("After that,
    we'll open the call to questions") is followed by a hand-over for remarks, so the Q&A does not start there."""

    host = ("Good afternoon, and thank you for joining us. Speaking first today is Apple CEO Tim Cook, and he'll be followed "
            "by CFO Luca Maestri. After that, we'll open the call to questions from analysts. Please note that some of the "
            "information you'll hear during our discussion today will consist of forward-looking statements. I'd now like "
            "to turn the call over to Tim for introductory remarks.")
    opening = "With that, we'll open the call to questions. Operator, may we have the first question, please?"
    assert not cues.starts_qa(host) and cues.starts_qa(opening)
    raw = [RawTurn("Good day and welcome to the Apple Q1 FY 2022 earnings conference call. Please go ahead."), RawTurn("Thank you."),
           RawTurn(host), RawTurn("Thank you, Tejas, and good afternoon. Today we are proud to announce Apple's biggest quarter ever."),
           RawTurn(opening), RawTurn("Our first question is from Katy Huberty with Morgan Stanley. Please go ahead.")]
    assert attribution._qa_start(raw) == 4


def test_a_hand_off_to_a_first_name_two_people_share_goes_to_the_colleague_not_the_caller():
    # Clorox Q2 FY2021 (tune half): the CFO and an analyst who asks later are both Kevin
    units = [
        "Thank you, Sharon. Welcome, everyone. On the call with me today are Linda Rendle, our CEO; and Kevin Jacobsen, our CFO.",
        "Now I'll turn it over to Kevin, who will discuss Q2 results as well as updated outlook for FY '21.",
        "Thank you, Lisah, and thank you, everyone, for joining us today.",
        "Next question comes from Kevin Grundy with Jefferies.",
    ]
    people = attribution._collect_people([RawTurn(u) for u in units])
    assert {(p.name, p.role) for p in people.by_name.values() if p.name.startswith("Kevin")} == {("Kevin Jacobsen", "executive"), ("Kevin Grundy", "analyst")}
    assert people.find("Kevin") is None  # said on its own, "Kevin" could be either
    assert Evidence(2, "handoff", 5.0, person="Kevin Jacobsen") in _said(evidence.handoff, units, 1, people)


def test_thanks_in_the_prepared_remarks_go_to_a_colleague_when_a_caller_shares_the_first_name():
    # CF Industries Q3 2020 (tune half): Chris Bohn, the CFO, hands to Tony Will; an analyst, Chris Parkinson, asks later
    units = ["With that, Tony will provide some closing remarks before we open the call to Q&A.",
             "Thanks, Chris. Before we move on to your questions, I want to thank everyone at CF for their continued outstanding execution."]
    people = _people(("Chris Bohn", "executive", "CFO"), ("Chris Parkinson", "analyst"), ("Tony Will", "executive", "CEO"))
    assert Evidence(0, "thanks_opening", 3.5, person="Chris Bohn") in evidence.gather(units, people)[0]  # prepared remarks
    # in the Q&A either Chris may be thanked: no evidence for one
    assert not any(e.cue == "thanks_opening" for e in evidence.gather(units, people, qa_start=0)[0])


@pytest.mark.parametrize(
    "opening, speaker",
    [
        # Cummins Q2 2021, Citizens Financial Q4 2020 and Donaldson Q1 2021 (tune half): an executive says who answers
        ("Yeah David, Jennifer here. I'll comment a little bit about, what we're seeing right now.", "Jennifer Rumsey"),
        ("Yeah. I think -- it's Bruce and I would flag ed refi and the merchant partnerships", "Bruce Van Saun"),
        ("Dillon this is Brad. I'll add one point, if you think about PMI in this activity.", "Brad Pogalz"),
        # Herbalife Q4 2021 (tune half): a word that opens the sentence before "this is"
        ("Yes. So this is John DeSimone. I'll take that question. So let me see if I can get it", "John DeSimone"),
    ],
)
def test_a_speaker_names_themselves_after_a_dash_a_bare_name_or_as_name_here(opening, speaker):
    assert _said(evidence.self_identification, [opening], 0, _people((speaker, "executive"))) == [Evidence(0, "self_identification", 6.0, person=speaker)]


@pytest.mark.parametrize(
    "opening, speaker",
    [
        # Public Service Enterprise Group Q4 2020 (tune half): a stand-in caller, "actually" before the name and the
        # transcriber's mark after it, and "for Shar" heard as "for sure"; before, the caller announced (Shahriar
        # Pourreza) was named for all five of his turns
        ("Hi, morning. It's actually Constantine [Phonetic] here for sure.", "Constantine"),
        # the same caller's next turn and Unitil Q2 2021 (tune half): read as stand-ins already, and still
        ("It's actually Constantine here for Shar. Just a quick one.", "Constantine"),
        ("It's Julian [Phonetic] here, on for Cody. Thank you guys for the opportunity.", "Julian"),
    ],
)
def test_a_caller_names_themselves_with_actually_or_a_transcribers_mark(opening, speaker):
    found = _said(evidence.self_identification, [opening], 0, _people((speaker, "analyst")))
    assert [(e.cue, e.person) for e in found] == [("self_identification", speaker)] and found[0].weight >= 6.0, found


def test_one_who_answers_and_names_themselves_is_the_colleague_of_that_name():
    # Clorox Q4 FY2021 (tune half): the CFO answers Steve Powers; Kevin Grundy, an analyst, is on the call too
    people = _people(("Kevin Jacobsen", "executive", "CFO"), ("Kevin Grundy", "analyst"))
    answer = "Yes. Steve, this is Kevin. Thanks for the question. And what I'd say about these investments, a couple of thoughts"
    assert _said(evidence.self_identification, [answer], 0, people) == [Evidence(0, "self_identification", 6.0, person="Kevin Jacobsen")]
    # without the words of one answering, "this is Kevin" could be either, and the decoder chooses by the role
    assert sorted(e.person for e in _said(evidence.self_identification, ["Yes. Steve, this is Kevin."], 0, people)) == ["Kevin Grundy", "Kevin Jacobsen"]


@pytest.mark.parametrize(
    "text, credited",
    [
        # tune-half calls, executives answering right after a colleague
        ("Right. We also had indicated when we were through the quarter that we had talked about being down year-over-year, about 8%, "
         "and we did get the benefit of an extra workday. But as John mentioned, we also finished strong.", {"John"}),
        ("Just to add to what Lorie said is, also keep in mind that Q2 was kind of a period where", {"Lorie"}),
        ("The only thing I'd add to what Tammy said is it was designed to make it more offerable", {"Tammy"}),
        ("And I would agree with Frank's comments that it's sometimes hard to predict", {"Frank"}),
        ("Yeah. No, I'll just amplify a little bit. I think John and Bruce covered a lot of it", {"John", "Bruce"}),
        # words said before the answer just given credit no one in it
        ("And everything that goes into that fleet has leases attached in high quality staggered maturities as Lorie mentioned earlier.", set()),
        ("And so Tim mentioned it. during, I think, his prepared remarks that when you look at it in constant", set()),
    ],
)
def test_an_answer_credits_the_colleague_whose_words_it_builds_on(text, credited):
    assert cues.credited_names(text) == credited


def test_the_one_colleague_credited_is_a_person_of_the_call_and_not_a_caller():
    # Citizens Financial's Q4 2020 call (tune half): two Johns, the finance chief and a caller
    people = _people(("John F. Woods", "executive"), ("Bruce Van Saun", "executive"), ("Donald H. McCree", "executive"), ("John Pancari", "analyst"))
    assert attribution._credited("We are, as John said, moving up the league tables nicely", people) == "John F. Woods"
    assert attribution._credited("whether there is some opportunities thereafter but it does dissipate as Bruce mentioned.", people) == "Bruce Van Saun"
    assert attribution._credited("I think John and Bruce covered a lot of it, but the other thing that I focus on is share gains.", people) is None
    assert attribution._credited("That said, pipelines in our fee businesses look good early in the quarter.", people) is None
    # a name nobody on the call has (another call's sentence)
    assert attribution._credited("Raj already pointed out the unrealized loss on marketable equity securities", people) is None


def test_the_operators_own_next_paragraph_goes_before_the_announced_caller():
    # Salesforce's Q2 FY2022 call (tune half), written a paragraph per line: the operator's turn ends in a paragraph of its own
    units = ["Thank you. Next question comes from the line of Mark Murphy of J.P. Morgan. Your line is now open.",
             "You may ask your question.",
             "Yes. Thank you very much. Congrats on a fantastic quarter. Gavin, we have heard that you're selling Slack by actually "
             "using it with customers in the selling process itself."]
    people = attribution._collect_people([RawTurn(u) for u in units])
    assert cues.operator_share(units[1]) == 1.0
    said = _said(evidence.announcement, units, 0, people)
    assert Evidence(2, "announcement", 6.0, person="Mark Murphy") in said and not any(e.unit == 1 for e in said)
    # a caller's own question is never passed over, even one that reads like the operator's words
    # (Greenbrier's Q4 2021 call, tune half)
    units[1] = "Since we're later in the call, can I ask a big picture question or I can get back in queue, if there is someone waiting?"
    assert cues.operator_share(units[1]) == 1.0
    assert Evidence(1, "announcement", 6.0, person="Mark Murphy") in _said(evidence.announcement, units, 0, people)
