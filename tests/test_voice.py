"""The executives' voices within one call (ingest/voice.py): Apple's Q1 FY2023 call as labelled by hand, and Crown
Castle's Q2 2021 call (tune half), Jay Brown's and Dan Schlanger's prepared remarks cut to their first sentences
and two of their answers in the Q&A; and an answer in WESCO's Q2 2021 Q&A (tune half) crediting the colleague who answered
before it."""

from pathlib import Path

from ingest import attribution, calibration, decoder, evidence
from ingest.decoder import Label
from ingest.loader import parse_transcript
from ingest.voice import CallWords, Voices

FIXTURES = Path(__file__).parent / "fixtures"

JAY, DAN = "Jay Brown", "Dan Schlanger"
UNITS = [
    "Thanks, Ben, and thank you, everyone, for joining us on the call this morning. As you saw from our second quarter results and "
    "increased full year outlook, we continue to generate significant growth in cash flows and dividends from the deployment of 5G in "
    "the U.S. We are experiencing the highest level of tower activity in our history, resulting in a year of outsized growth as we now "
    "anticipate 12% growth in AFFO per share for full year 2021, meaningfully above our long-term annual target of 7% to 8%. Our current "
    "7% to 8% growth target was established in 2017 when we expanded our fiber and small cell strategy through the completion of our "
    "largest acquisition.",
    "Thanks, Jay, and good morning, everyone. As Jay mentioned, 2021 is shaping up to be a great year of growth for Crown Castle as our "
    "customers deploy 5G nationwide. The elevated tower activity drove strong second quarter financial results and another increase to "
    "our full year outlook, which now includes an expected 12% growth in AFFO per share. Turning to second quarter results on slide "
    "seven. Site rental revenue increased 8%, including 5.3% growth in organic contribution to site rental revenue. This growth included "
    "8.6% growth from new leasing activity and contracted escalators net of 3.3% from nonrenewal. The higher activity levels also drove "
    "a $40 million increase in contribution from services when compared to second quarter 2020, leading to 15% growth in adjusted "
    "EBITDA and 18% growth in AFFO per share.",
    "Thank you. We'll take our next question from Dave Barden with Bank of America.",
    "Sure. Good morning, Dave. On your first question, yes, typically, our build cycle is about 24 months to 36 months. And when you "
    "think about where is the world going, it's an interesting year on the small cell side because while we're talking about the "
    "contraction of how many nodes we're actually going to put on this year, we signed the largest commitment of new nodes in the "
    "company's history just a few months ago.",
    "Yes. So going from growth to net capex is probably the easiest way to do that. We're about -- we think that now we're going to be "
    "in the neighborhood of $1.3 billion of growth where we were at about $1.5 billion in our prior expectations. Right now, we think "
    "we'll be around $900 million of net versus in the $1 billion range.",
]
LABELS = [Label(JAY, "executive"), Label(DAN, "executive"), Label("Operator", "operator"), Label(JAY, "executive"), Label(DAN, "executive")]
PREPARED = [True, True, False, False, False]


def _apple():
    "Apple's Q1 FY2023 call as labelled by hand, and its executives' voices from their prepared remarks."
    t = parse_transcript((FIXTURES / "aapl_fy2023_q1_labelled.txt").read_bytes(), "aapl_fy2023_q1_labelled.txt")
    return t, Voices(CallWords([x.text for x in t.turns]), [Label(x.speaker, x.role) for x in t.turns], [x.section != "qa" for x in t.turns])


def test_an_answer_sounds_like_the_executive_whose_prepared_remarks_it_echoes():
    # Apple's Q1 FY2023 call, its hand labels: Tim Cook and Luca Maestri read the prepared remarks and answer 18
    # turns of the Q&A in more than a word ("Yeah."), Tim Cook 11 of them
    t, voices = _apple()
    assert set(voices.own) == {"Tim Cook", "Luca Maestri"}
    answers = [(i, x.speaker) for i, x in enumerate(t.turns) if x.section == "qa" and x.role == "executive" and len(x.text.split()) > 1]
    heard = [voices.margin(speaker, range(i, i + 1)) > 0 for i, speaker in answers]
    assert len(answers) == 18 and sum(heard) == 13  # saying Tim Cook every time would be right 11 times
    # Luca Maestri on the December quarter's margin to Shannon Cross
    i = next(i for i, x in enumerate(t.turns) if x.text.startswith("Shannon? Yes, I mean, we've had good margin"))
    assert voices.margin("Luca Maestri", range(i, i + 1)) > 1 and voices.margin("Tim Cook", range(i, i + 1)) < -1


def test_a_voice_comes_only_from_turns_the_call_is_sure_of_and_never_from_the_run_it_judges():
    voices = Voices(CallWords(UNITS), LABELS, PREPARED)
    assert voices.margin(JAY, range(3, 4)) > 0  # small cells and nodes, as in his remarks
    # the answers are no source here: only the two prepared remarks speak for their executives
    assert voices.own == {JAY: [0], DAN: [1]}
    # judging Dan's prepared remarks leaves him no other words: no margin to give
    assert voices.margin(DAN, range(1, 2)) is None
    # a call that gives a voice to one executive only says nothing about which executive speaks
    assert Voices(CallWords(UNITS), LABELS, [True, False, False, False, False]).margin(JAY, range(3, 4)) is None


def test_the_name_model_reads_the_voice_in_the_q_and_a_only():
    p = decoder.Problem(units=UNITS, evidence=[[] for _ in UNITS], roles={JAY: "executive", DAN: "executive"}, seams=["unknown"] * 5,
                        qa_start=2, fixed={}, openings=[True] * 5)
    p.voices = Voices(p.words, LABELS, PREPARED)
    wrong = LABELS[:3] + [Label(DAN, "executive")] + LABELS[4:]
    assert calibration.features(p, 3, LABELS)["voice"] > 0 > calibration.features(p, 3, wrong)["voice"]
    assert calibration.features(p, 0, LABELS)["voice"] == 0.0  # prepared remarks: the hand-offs name them
    assert calibration.features(p, 2, LABELS) is not None and calibration.features(p, 3, LABELS)["unheard"] == 0.0


def test_an_answer_pointing_back_to_its_own_words_is_the_executive_who_said_them():
    # Luca Maestri to Amit Daryanani: "I mentioned that both transacting accounts and paid accounts grew double digits",
    # as he had in his prepared remarks; and to Aaron Rakers on foreign exchange, "I mentioned earlier"
    t, voices = _apple()
    named = {i: voices.own_words(i) for i, x in enumerate(t.turns) if x.section == "qa" and x.role == "executive"}
    said = {i: name for i, name in named.items() if name}
    assert len(named) == 20 and len(said) == 2
    assert {t.turns[i].speaker for i in said} == set(said.values()) == {"Luca Maestri"}
    assert any("transacting accounts and paid accounts grew double digits" in t.turns[i].text for i in said)
    # Tim Cook's answer on the production impact names Luca ("the color that Luca provided") but not his own words
    i = next(i for i, x in enumerate(t.turns) if x.text.startswith("It's very hard to estimate"))
    assert voices.own_words(i) is None


def test_the_decoder_hears_an_answer_pointing_back_to_its_speakers_words():
    # an answer made of words from Dan Schlanger's prepared remarks, pointing back to them ("As I mentioned in my
    # remarks"), is his, where the sequence alone gives it to Jay Brown, who answered the question before
    units = UNITS[:4] + ["Yes. As I mentioned in my remarks, the elevated tower activity drove strong site rental revenue and "
                         "adjusted EBITDA, and the services contribution rose $40 million."]
    p = decoder.Problem(units=units, evidence=[[] for _ in units], roles={JAY: "executive", DAN: "executive"}, seams=["unknown"] * 5,
                        qa_start=2, fixed={0: LABELS[0], 1: LABELS[1], 2: LABELS[2], 3: LABELS[3]}, openings=[True] * 5)
    p.given = {0, 1, 2, 3}
    assert [e.person for e in p.evidence[4]] == []
    labels = [label for label, _ in decoder.decode(p)]
    assert labels[4] == Label(DAN, "executive")
    assert [(e.cue, e.person) for e in p.evidence[4]] == [("own_words", DAN)]
    # heard once per call: decoding again adds nothing
    decoder.decode(p)
    assert len(p.evidence[4]) == 1


def test_a_real_answer_pointing_back_is_heard_for_the_executive_whose_remarks_it_echoes():
    # Jay Brown in Crown Castle's Q2 2021 Q&A (tune half), after Dan Schlanger had answered the question before
    answer = ("And 2021 represents a pretty meaningful step-up from anything that we saw in the years prior to 2021. And as I "
              "mentioned before, we think that activity is going to continue into 2022 and will be reflected in our results. "
              "Obviously, big picture, as I spoke to the longer term, this diversification, I think, has really helped us. Last year, "
              "as we went into 2020, we saw an allocation away from towers and toward small cells.")
    units = UNITS[:3] + [UNITS[4], answer]
    voices = Voices(CallWords(units), LABELS[:3] + [Label(DAN, "executive"), Label(JAY, "executive")], PREPARED)
    assert voices.own_words(4) == JAY
    assert voices.own_words(3) is None  # Dan's answer on capex points back to nothing


ENGEL, SCHULZ, RAMOS = "John J. Engel", "David S. Schulz", "Cristian Jose Ramos"
# WESCO's Q2 2021 Q&A (tune half), word for word: a caller's follow-up, John Engel's answer, then David Schulz adding
# to it and crediting him
FOLLOW_UP = ("That's very helpful, John. And if I could just follow-up and perhaps ask about the cadence of demand throughout the "
             "quarter? Because it sounds like -- or it seems like my math here suggests that back half of September was really strong. "
             "And so, any incremental color there you could offer would be really helpful. Thanks.")
ENGEL_ANSWER = ("Yes, we had given a data point, partially through the quarter. I think -- and so we did have a strong close, and that "
                "momentum has continued in October, as I've said, Dave, you may have read that. But we are -- we have a positive momentum "
                "vector right now, period, in terms of opportunity pipeline, bookings, book-to-bill above one and sales. And Dave?")
SCHULZ_OPENS = ("Right. We also had indicated when we were through the quarter that we had talked about being down year-over-year, about "
                "8%, and we did get the benefit of an extra workday.")
SCHULZ_GOES_ON = ("But as John mentioned, we also finished strong. And I think a lot of that goes back to when we combined with Anixter, "
                  "both companies have been working on how to grow share? And, we saw that beginning to take place here as we brought "
                  "the companies together in the third quarter. We had a strong close in September.")


def _wesco(units: list[str], openings: list[bool], credits: bool = True) -> decoder.Problem:
    """The exchange as the decoder sees it: every cue's evidence, the caller's turn given, and (unless `credits` is
    False) the colleague each unit credits, as attribution reads it."""
    people = attribution._People()
    for name, role in ((ENGEL, "executive"), (SCHULZ, "executive"), (RAMOS, "analyst")):
        people.add(name, role, None)
    credited = [attribution._credited(u, people) if credits else None for u in units]
    p = decoder.Problem(units=units, evidence=evidence.gather(units, people, 0), roles={ENGEL: "executive", SCHULZ: "executive", RAMOS: "analyst"},
                        seams=["unknown"] * len(units), qa_start=0, fixed={0: Label(RAMOS, "analyst")}, openings=openings, credited=credited)
    p.given = {0}
    return p


def test_an_answer_crediting_a_colleague_right_after_another_answer_names_that_answer():
    units = [FOLLOW_UP, ENGEL_ANSWER, SCHULZ_OPENS + " " + SCHULZ_GOES_ON]
    # nothing else names the first answer here: without the credit the decoder leaves it unnamed
    assert decoder.decode(_wesco(units, [True] * 3, credits=False))[1][0] == Label(None, "executive")
    p = _wesco(units, [True] * 3)
    assert p.credited == [None, None, ENGEL]
    labels = [label for label, _ in decoder.decode(p)]
    assert labels[1] == Label(ENGEL, "executive") and labels[2].name != ENGEL
    assert [(e.cue, e.person, e.weight) for e in p.evidence[1] if e.person] == [("credited", ENGEL, decoder.CREDIT_WEIGHT)]
    # heard once per call: decoding again adds nothing
    n = len(p.evidence[1])
    decoder.decode(p)
    assert len(p.evidence[1]) == n


def test_a_paragraph_crediting_a_colleague_inside_one_speakers_turn_names_no_one_before_it():
    # David Schulz's answer in two paragraphs: the decision hears one speaker go on into the second, so its 'as John
    # mentioned' speaks of words said before his answer, not of his own first paragraph
    p = _wesco([FOLLOW_UP, ENGEL_ANSWER, SCHULZ_OPENS, SCHULZ_GOES_ON], [True, True, True, False])
    assert p.credited == [None, None, None, ENGEL]
    labels = [label for label, _ in decoder.decode(p)]
    assert labels[2] == labels[3] == Label(SCHULZ, "executive")
    assert not any(e.cue == "credited" for ev in p.evidence for e in ev)
