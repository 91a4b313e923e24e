"""Speaker attribution on unlabelled calls: each cue on real sentences, and the sample's gold file."""

from __future__ import annotations

import pytest

from ingest import cues, load_transcript
from ingest.evaluate import all_scores, score_sample

from .conftest import SAMPLE


def test_sample_matches_its_gold_file_turn_by_turn():
    score, misses = score_sample()
    assert misses == []
    assert score.role_accuracy == 1.0 and score.name_accuracy == 1.0
    assert score.translation_correct == score.translation_turns == 8


def test_label_stripped_real_calls_meet_the_role_target():
    for score, _ in all_scores()[1:]:
        assert score.role_accuracy >= 0.9, score


@pytest.mark.parametrize(
    "sentence, expected",
    [
        ("Joining me today are Mr. Wu Haisheng, our CEO, Mr. Alex Xu, our CFO, and Mr. Zheng Yan, our CRO.", [("Wu Haisheng", "CEO"), ("Alex Xu", "CFO"), ("Zheng Yan", "CRO")]),
        ("Speaking first today is Apple CEO Tim Cook, and he'll be followed by CFO Luca Maestri.", [("Tim Cook", "CEO"), ("Luca Maestri", "CFO")]),
        ("At this time, I'd like to turn the conference call over to Ms. Karen Gee, Senior Director of Capital Markets. Please go ahead, Karen.", [("Karen Gee", "Senior Director of Capital Markets")]),
    ],
)
def test_roster_in_the_introduction_gives_names_and_titles(sentence, expected):
    assert set(expected) <= set(cues.roster(sentence))


@pytest.mark.parametrize(
    "text, name",
    [
        ("Now I will turn the call over to Mr. Wu Haisheng. Please go ahead.", "Wu Haisheng"),
        ("With that, I will now turn the call over to Alex Xu.", "Alex Xu"),
        ("I will now turn it over to Luca to go over our quarterly results in more detail.", "Luca"),
        ("We also think that it will maintain a relatively stable level later this year. Karen.", "Karen"),
        ("Please also note today's event is being recorded. Please go ahead, Karen.", "Karen"),
    ],
)
def test_handoff_line_names_the_next_speaker(text, name):
    assert cues.handoff_target(text) == name


@pytest.mark.parametrize(
    "text, name",
    [("Thank you, Haisheng. Good evening and good morning, everyone.", "Haisheng"), ("Thank you, Tejas, and good afternoon.", "Tejas"), ("Thank you, operator. Hello, everyone.", "operator")],
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


def test_thanks_by_name_attribute_the_answer_before_them_on_a_stripped_real_call():
    import json

    from ingest.evaluate import FIXTURES, render_unlabelled
    from ingest.loader import parse_transcript

    data = json.loads((FIXTURES / "aapl_fy2023_q1_level2_speakermap.json").read_text())
    t = parse_transcript(render_unlabelled(data, "Apple Inc").encode(), "aapl.txt")
    # Harsh Kumar: "Okay, fair enough. Thank you, Tim." after the answer on chip costs
    closing = next(x for x in t.turns if x.text.startswith("Okay, fair enough. Thank you, Tim."))
    answer = t.turns[closing.index - 1]
    assert answer.speaker == "Tim Cook" and answer.role == "executive" and 0.5 < answer.confidence < 0.9


def test_a_call_split_into_many_paragraphs_keeps_its_speakers():
    score, _ = next(s for s in all_scores() if "split into paragraphs" in s[0].name)
    assert score.role_accuracy >= 0.9 and score.name_accuracy >= 0.8, score
