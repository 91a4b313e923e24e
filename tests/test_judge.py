"""A language model's verdict on each Q&A exchange, kept only as far as the answer's own words bear it out: real
exchanges of Apple's FY2022 Q1 call, the model behind a local server speaking the OpenAI API."""

from __future__ import annotations

import dataclasses
import json

import pytest

from index import Config, Store
from index.library import ingest_files
from ingest import load_transcript
from ingest.evasion import call_signals
from qa.assist import model_assist

from .conftest import FIXTURES
from .fake_openai import FakeOpenAI, Reply

CALL = FIXTURES / "aapl_fy2022_q1_level2.json"
# exchange 3: Shannon Cross on the Mac; Tim Cook answers it in full (no withholding sentence offline)
ANSWER_3 = "MAC set an all-time revenue record at $10.9 billion for the quarter."


@pytest.fixture(scope="module")
def turns():
    return load_transcript(CALL).turns


@pytest.fixture(scope="module")
def offline(turns):
    return call_signals(turns)


@pytest.fixture(scope="module")
def fake():
    with FakeOpenAI() as server:
        yield server


def _verdict_for(exchange: int, verdict):
    "A judge giving `verdict` on one exchange and none on the others, and the exchanges it was shown."
    shown = []

    def judge(asked, answered):
        shown.append((asked, answered))
        return verdict if len(shown) == exchange else None

    return judge, shown


def test_an_answered_verdict_clears_the_offline_evidence(turns, offline):
    # exchange 5 (David Vogt on China): offline, "we pride ourselves on..." reads as withholding
    assert offline[5].status == "partly answered" and offline[5].evidence
    judge, _ = _verdict_for(5, {"status": "answered", "evidence": []})
    judged = call_signals(turns, judge)
    assert judged[5].status == "answered" and judged[5].evidence == ()
    assert {k: v for k, v in judged.items() if k != 5} == {k: v for k, v in offline.items() if k != 5}


def test_a_non_answer_verdict_stands_only_on_a_sentence_the_answer_says(turns, offline):
    assert offline[3].status == "answered"
    invented = {"status": "not answered", "evidence": [{"sentence": "We are not going to comment on services margins.", "kind": "refuse"}]}
    assert call_signals(turns, _verdict_for(3, invented)[0])[3] == offline[3]
    quoted = {"status": "partly answered", "evidence": [{"sentence": ANSWER_3[:40], "kind": "unable"}]}  # 40 characters of it, word for word
    judged = call_signals(turns, _verdict_for(3, quoted)[0])[3]
    assert judged.status == "partly answered"
    assert [(e.kind, e.sentence) for e in judged.evidence] == [("unable", ANSWER_3)]
    # too short a piece could be anyone's words: a whole sentence or 20 characters at least
    assert call_signals(turns, _verdict_for(3, {"status": "not answered", "evidence": ["MAC set"]})[0])[3] == offline[3]


@pytest.mark.parametrize("verdict", [None, {}, {"status": "evasive"}, {"status": "not answered"}, {"status": "not answered", "evidence": ["Yeah"]}, ["answered"]])
def test_a_verdict_in_any_other_form_leaves_the_offline_signal(turns, offline, verdict):
    assert call_signals(turns, _verdict_for(7, verdict)[0]) == offline


def _judging(fake, reply) -> Config:
    fake.reply(reply)
    return Config(openai_api_key="sk-test", openai_base_url=fake.url, llm_model="test-model", llm_timeout=2.0, llm_judge=True)


def test_the_model_is_asked_once_per_exchange_with_its_question_and_answers(fake, offline):
    parsed = load_transcript(CALL, model_assist(_judging(fake, json.dumps({"status": "answered", "evidence": []}))))
    assert len(fake.requests) == len(offline) == 10
    prompt = fake.requests[6]["messages"][-1]["content"]  # exchange 7: Apple TV+ subscribers
    question, answer = prompt.rsplit("<question>", 1)[1].split("</question>")[0], prompt.rsplit("<answer>", 1)[1].split("</answer>")[0]
    assert "TV+" in question and "we don't give out subscriber numbers for Apple TV+." in answer and "TV+" not in prompt.rsplit("<question>", 1)[0]
    assert all(e.answered == "answered" and not e.evidence for e in parsed.exchanges if e.answered)


@pytest.mark.parametrize("reply", [Reply(status=500), Reply(status=429), "Mostly answered, I would say."])
def test_a_model_that_fails_or_answers_nonsense_leaves_every_exchange_as_offline(fake, reply):
    offline = load_transcript(CALL)
    parsed = load_transcript(CALL, model_assist(_judging(fake, reply)))
    assert parsed.exchanges == offline.exchanges


def test_ingesting_with_the_judge_asks_once_per_version_of_a_call(fake, make_store):
    plain = make_store()
    config = _judging(fake, json.dumps({"status": "answered", "evidence": []}))
    store = Store(dataclasses.replace(plain.config, **{k: getattr(config, k) for k in ("openai_api_key", "openai_base_url", "llm_model", "llm_timeout", "llm_judge")}),
                  embed_model=plain._embed_model)
    assert [r.status for r in ingest_files(store, [CALL])] == ["added"]
    asked = len(fake.requests)
    assert asked == 10
    assert all(e.answered == "answered" for e in store.transcript(store.calls()[0].id).exchanges if e.answered)
    assert [r.status for r in ingest_files(store, [CALL])] == ["unchanged"] and len(fake.requests) == asked
    # the same index with the judge switched off reads the call offline: another version, which replaces the judged one
    assert [r.status for r in ingest_files(plain, [CALL])] == ["replaced"]
