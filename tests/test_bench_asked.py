"""The analysts'-questions benchmark's question rules (bench/asked.py), on Apple's FY2023 Q1 call as labelled."""

from pathlib import Path

from bench.asked import exchanges, question_of

FIXTURES = Path(__file__).parent / "fixtures"


def test_each_exchange_gives_the_caller_s_question_and_management_s_answer_turns():
    from ingest import load_transcript

    call = load_transcript(FIXTURES / "aapl_fy2023_q1_labelled.txt")
    asked = exchanges(call)
    assert len(asked) >= 5
    turns = {t.index: t for t in call.turns}
    for question, answers in asked:
        assert question.endswith("?") and answers and all(turns[i].role == "executive" and turns[i].section == "qa" for i in answers)
    # Harsh Kumar's: the install-base question after the sentence that sets it up
    assert any(q.endswith("can you provide the install base for the iPhone at year-end?") and q.startswith("And your install base") for q, _ in asked)


def test_a_pleasantry_is_no_setting_and_a_name_addressed_is_left_off():
    assert question_of("Thanks for taking my question. Tim, how are you thinking about pricing in emerging markets this year?") == (
        "How are you thinking about pricing in emerging markets this year?")
    assert question_of("Great quarter. Any color?") is None  # too short to stand alone
