"""The non-answer signal on real exchanges from the committed calls (the gold standard itself stays out of the repo)."""

from __future__ import annotations

import pytest

from ingest import load_transcript
from ingest.evasion import call_signals, exchange_signal, response_evidence

from .conftest import FIXTURES, SAMPLE


@pytest.fixture(scope="module")
def apple_2022():
    return call_signals(load_transcript(FIXTURES / "aapl_fy2022_q1_level2.json").turns)


def test_a_refusal_is_found_and_named_with_its_sentence(apple_2022):
    # Samik Chatterjee asks about Apple TV+ subscribers; Tim Cook: "we don't give out subscriber numbers"
    signal = apple_2022[7]
    refusal = next(e for e in signal.evidence if "subscriber numbers" in e.phrase)
    assert refusal.kind == "refuse" and refusal.sentence == "You know, we don't give out subscriber numbers for Apple TV+."
    # ... and then gives the total subscriptions instead: withheld in part, not a non-answer
    assert signal.status == "partly answered"


def test_declining_to_guide_is_evidence(apple_2022):
    assert [e.phrase for e in apple_2022[2].evidence] == ["not guiding"]
    assert {e.kind for e in apple_2022[1].evidence} == {"refuse"}  # "we don't comment directly on mix", "we do not guide"


def test_answers_with_figures_are_answered():
    signals = call_signals(load_transcript(SAMPLE).turns)
    assert signals[1].status == "answered" and not signals[1].evidence
    assert signals[3].status == "answered"
    # the sample's exchange 4: "Regarding the SM mix, we do not have a specific target."
    assert [e.sentence for e in signals[4].evidence] == ["Regarding the SM mix, we do not have a specific target."]


def test_a_hedge_followed_by_a_view_is_an_answer_and_without_one_it_is_not():
    # real sentences from the Apple calls: a hedge the speaker answers through, and one left standing
    assert not response_evidence(
        "Yeah, Amit, what we've said in terms of December and March was that, you know, it's very difficult to estimate "
        "with great precision constraints. But we said that they would be more than the Q4 or more than the September quarter."
    )
    standing = response_evidence("It's very hard to estimate is the real answer because you have to know a lot of data.")
    assert [(e.kind, e.phrase) for e in standing] == [("unable", "hard to estimate")]


def test_a_withheld_answer_with_nothing_else_is_not_answered_and_untouched_questions_are_named():
    question = "What was the subscriber count for Apple TV+ at the end of the quarter? And how did churn develop in Europe?"
    refused = exchange_signal([question], ["You know, we don't give out subscriber numbers for Apple TV+."])
    assert refused.status == "not answered"
    assert refused.untouched == ("What was the subscriber count for Apple TV+ at the end of the quarter?", "And how did churn develop in Europe?")
    half = exchange_signal([question], ["We don't disclose churn. Subscribers for Apple TV+ grew strongly in the quarter."])
    assert half.status == "partly answered" and half.untouched == ("And how did churn develop in Europe?",)
    full = exchange_signal([question], ["Subscribers for Apple TV+ grew strongly in the quarter, and we are pleased."])
    assert full.status == "answered" and full.untouched == ("And how did churn develop in Europe?",)  # listed, not flagged
    # each question on its own: the refusal goes with the question it names
    assert [(p.status, p.evidence) for p in refused.parts] == [("not answered", "You know, we don't give out subscriber numbers for Apple TV+."), ("not taken up", "")]
    assert [(p.status, p.evidence) for p in half.parts] == [("answered", ""), ("not answered", "We don't disclose churn.")]
    assert [p.status for p in full.parts] == ["answered", "not taken up"]


def test_each_question_of_a_real_exchange_is_scored_on_its_own():
    # Wamsi Mohan asks three things of Apple; Tim Cook answers the first, declines the iPhone mix in part, and Luca
    # Maestri declines to guide services margins at that level before talking about them
    exchange = next(e for e in load_transcript(FIXTURES / "aapl_fy2022_q1_level2.json").exchanges if e.id == 1)
    assert exchange.answered == "partly answered"
    first, mix, services = exchange.parts
    assert first.status == "answered" and first.question.startswith("So Tim, I'm curious, how sustainable") and not first.evidence
    assert mix.question == "And can you share any thoughts across how the pro and pro max mix compared to prior cycles?"
    assert mix.status == "partly answered" and mix.evidence.startswith("In terms of the mix, we don't comment directly on mix")
    assert services.status == "partly answered" and services.evidence.startswith("You know, we do not guide at the product and services level")


def test_each_exchange_carries_its_signal_through_the_index_copy():
    from ingest.serialize import from_json, to_json

    transcript = load_transcript(FIXTURES / "aapl_fy2022_q1_level2.json")
    exchange = next(e for e in transcript.exchanges if e.id == 7)
    assert exchange.answered == "partly answered" and "You know, we don't give out subscriber numbers for Apple TV+." in exchange.evidence
    assert from_json(to_json(transcript)).exchanges == transcript.exchanges
    assert {e.answered for e in transcript.exchanges} <= {"answered", "partly answered", "not answered", ""}


def test_ask_keeps_to_exchanges_management_did_not_answer_and_says_so(make_store):
    from qa import Earshot

    store = make_store("evasion")
    store.add([load_transcript(FIXTURES / "aapl_fy2022_q1_level2.json"), load_transcript(SAMPLE)])
    apple = next(c for c in store.calls() if c.company == "Apple")
    assert (apple.exchanges, apple.unanswered, apple.partly) == (10, 0, 5)  # the Library's count
    engine = Earshot(store.config, store=store)

    answer = engine.ask("How many subscribers does Apple TV+ have?", answered="not answered or only in part")
    assert answer.scope_line() == "Apple · exchanges not answered or partly answered"
    assert answer.citations and {(c.transcript_id, c.exchange_id) for c in answer.citations} <= {(apple.id, 1), (apple.id, 2), (apple.id, 5), (apple.id, 6), (apple.id, 7)}
    assert "Asked by Samik Chatterjee (JP Morgan), Tim Cook did not fully answer" in answer.note
    assert "we don't give out subscriber numbers for Apple TV+." in answer.note

    # the note names the question the cited turn held back, with that turn's own withholding sentence
    mix = engine.ask("How did the iPhone 13 Pro and Pro Max mix compare with earlier cycles?", answered="not answered or only in part")
    assert "Asked by Wamsi Mohan (Bank of America) “And can you share any thoughts across how the pro and pro max mix compared to prior cycles?”, Tim Cook did not fully answer [" in mix.note
    margins = engine.ask("What is the services gross margin trajectory?", answered="not answered or only in part")
    assert [c.speaker for c in margins.citations] == ["Luca Maestri"]
    assert "Luca Maestri did not fully answer [1]: “You know, we do not guide at the product and services level" in margins.note
    assert "comment directly on mix" not in margins.note  # Tim Cook's refusal in the same exchange is not Luca's

    answered = engine.ask("What did Qifu say about the take rate?", answered="answered")
    assert answered.citations and all(c.exchange_id in (1, 2, 3) and c.section == "qa" for c in answered.citations)
    with pytest.raises(TypeError, match="answered="):
        engine.ask("What about margins?", answered="dodged")


def _phrases(sentences) -> dict[str, list[str]]:
    "Each sentence with the phrases found in it as evidence of a non-answer."
    return {s: [e.phrase for e in response_evidence(s)] for s in sentences}


def test_handing_the_question_on_or_commenting_on_the_answer_withholds_nothing():
    # real executives' sentences from tune calls of the labelled corpus: each matched a pattern before ("I don't
    # know", "n't provide ... information", "not sure", "n't say anything") and none withholds an answer
    asides = [
        "So I don't know, George, if you want to weigh in with any of your perspective on this?",  # Brandywine
        "I don't know, Jason, do you want to add anything else or I think I've covered it.",  # CenterPoint
        "But, David, why don't you provide any other information on expenses?",  # Central Pacific
        "But, Bryan, I don't know if there's anything you want to add to that.",  # Dun & Bradstreet
        "I don't know if Gary, you want to add to that, I mean, I think it's been sustained for several quarters.",  # F.N.B.
        "Jason, I don't know if you want to provide some color.",  # Webster
        "So I'm not sure if that answered your question.",  # CoreCivic
        "So I I don't know if I've answered your question.",  # Crown
        "I wouldn't say anything to speak of there between foodservice and retail.",  # Americold
    ]
    assert [s for s in asides if response_evidence(s)] == []
    # the same shapes withholding something are still evidence
    kept = {
        "So, I don't think we'll be able to specifically answer the question you're asking, which is head count in transformation services.": "n't think we'll be able to specifically answer",
        "And so I wouldn't say it's material as of yet, and we're not disclosing the details around the investment.": "not disclosing",
        "If you want to take a look at the historicals and then come back, we are happy to chat at another time, Mark.": "another time",
    }
    assert _phrases(kept) == {s: [p] for s, p in kept.items()}


def test_someone_else_telling_is_not_the_speaker_withholding():
    # real executives' sentences from tune calls of the labelled corpus, each evidence before: the negation is the
    # speaker's, but the verb of telling belongs to another subject (the analyst, a colleague, other people)
    others = [
        "Hopefully I don't think they were talking about us because I think our promotion levels have been down.",  # Kimberly-Clark
        "I didn't -- do you have a comment on the SKU count?",  # Kennametal
        "Why don't you give a little color on that if you can?",  # Minerals Technologies
        "It doesn't necessarily you have to break it out customer by customer.",  # MasTec
        "I think most people would say the TAM is about $165 billion, but that's not including exactly what you talked about, right?",  # ServiceNow
    ]
    assert [s for s in others if response_evidence(s)] == []
    # the speaker withholding with "you" as the one told, or after the verb, still is
    kept = {
        "I can't give you an exact data on what caused the uptick.": "n't give you an exact data",
        "I won't give you a specific number, Tobey.": "n't give you a specific",
        "So it doesn't give you the specific number you're looking for, but it does, at a high level, say, yes.": "n't give you the specific",
    }
    assert _phrases(kept) == {s: [p] for s, p in kept.items()}


def test_idioms_of_going_no_further_are_refusals():
    # real executives' sentences from tune calls of the labelled corpus that no pattern read before
    refusals = {
        "I mean, I'm not going to give the revenue guide.": "I'm not going to give",
        "So I'm not going to get into the quarterly cadence.": "I'm not going to get into",
        "I'm going to stop short of quantifying the specific contribution of those categories.": "stop short of quantifying",
        "Yeah, we're reluctant to put a number on that.": "reluctant to put a number",
    }
    assert _phrases(refusals) == {s: [p] for s, p in refusals.items()}
    # "I'm not going to say" qualifies a view far more often than it withholds one
    for view in ("I won't -- I'm not going to say never, but that's our primary focus right now.",
                 "And these things are all moving in a positive direction, and I'm not going to say it's a negative direction in any way."):
        assert not response_evidence(view), view
