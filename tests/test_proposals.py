"""A language model's proposed speakers at ingest: the real openai client against a local server speaking the
OpenAI API, on Apple's FY2023 Q1 call stripped of its labels (its true speakers known)."""

from __future__ import annotations

import dataclasses
import json
import shutil

import pytest

from index import Config, ConfigError, Store
from index.library import ingest_files
from ingest import attribution, parse_transcript
from ingest.evaluate import LABELLED, strip_labels
from ingest.proposals import accepted
from qa.assist import model_assist
from qa.speakers import WINDOW, read_reply

from .fake_openai import FakeOpenAI, Reply

TIM, LUCA = "Tim Cook", "Luca Maestri"


@pytest.fixture(scope="module")
def fake():
    with FakeOpenAI() as server:
        yield server


@pytest.fixture(scope="module")
def stripped():
    """(the call attributed offline, who really spoke each paragraph, the stripped text). A model's proposals are asked
    and read a paragraph at a time, so with one the paragraphs are decided apart (`attribution.JOIN_QUIET`); the
    offline call they are held against is decided so too."""
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(attribution, "JOIN_QUIET", 0.0)
        return strip_labels(LABELLED)


def _assist(fake):
    config = Config(openai_api_key="sk-test", openai_base_url=fake.url, llm_model="test-model", llm_timeout=2.0, llm_speakers=True)
    return model_assist(config)


def _parse(fake, text: str, reply: dict | Reply | str):
    fake.reply(reply if isinstance(reply, (Reply, str)) else json.dumps(reply))
    return parse_transcript(text.encode(), "aapl_fy2023_q1.stripped.txt", _assist(fake))


def _at(transcript, truth, start: str) -> int:
    return next(i for i, t in enumerate(transcript.turns) if t.text.startswith(start))


def test_a_model_that_knows_the_speakers_names_answers_no_cue_names(fake, stripped):
    offline, truth, text = stripped
    honest = {str(i): g.name for i, g in enumerate(truth)}
    proposed = _parse(fake, text, honest)
    # the call goes out a window of paragraphs at a time, each request holding the roster and its paragraphs only
    assert len(fake.requests) == -(-len(truth) // WINDOW)
    first = fake.requests[0]["messages"][-1]["content"]
    assert "- Luca Maestri, executive, CFO" in first and '<p n="0">' in first and f'<p n="{WINDOW}">' not in first
    right = lambda t: [i for i, (x, g) in enumerate(zip(t.turns, truth)) if x.speaker == g.name]  # noqa: E731
    # Luca's answer on gross margin ("Shannon? Yes, I mean, we've had good margin..."), unnamed offline, is now his
    margin = _at(offline, truth, "Shannon? Yes, I mean, we've had good margin")
    assert offline.turns[margin].speaker == "Unidentified executive" and proposed.turns[margin].speaker == LUCA
    assert len(right(proposed)) >= len(right(offline)) + 10
    # it only fills in: every name the text alone gave stays as it was
    assert all(p.speaker == o.speaker for o, p in zip(offline.turns, proposed.turns) if not o.speaker.startswith("Unidentified"))


def test_a_proposal_never_overrules_what_the_text_says_nor_adds_a_person(fake, stripped):
    offline, truth, text = stripped
    wrong = {str(i): g.name for i, g in enumerate(truth)}
    its_luca = _at(offline, truth, "It's Luca. And yes, of course")
    this_is_tim = _at(offline, truth, "This is Tim, David.")  # left unnamed offline: under the name gate
    yeah = next(i for i, t in enumerate(offline.turns) if t.speaker == "Unidentified executive" and i != this_is_tim)
    wrong[str(this_is_tim)], wrong[str(its_luca)] = LUCA, TIM  # each paragraph says who speaks, against the model
    wrong[str(yeah)] = "Warren Buffett"  # nobody on the call
    proposed = _parse(fake, text, wrong)
    assert offline.turns[its_luca].speaker == proposed.turns[its_luca].speaker == LUCA
    assert offline.turns[this_is_tim].speaker == proposed.turns[this_is_tim].speaker == "Unidentified executive"
    assert proposed.turns[yeah].speaker == "Unidentified executive"
    assert "Warren Buffett" not in {p.name for p in proposed.participants}
    assert {p.name for p in proposed.participants} == {p.name for p in offline.participants}


def test_a_model_that_swaps_the_two_executives_cannot_touch_the_turns_the_text_names(fake, stripped, monkeypatch):
    offline, truth, text = stripped
    swapped = {str(i): {TIM: LUCA, LUCA: TIM}.get(g.name, g.name) for i, g in enumerate(truth)}
    decided = {}  # unit -> (whom the decoder took, guided by the proposals; whether the proposal was accepted)

    def spy(problem, guided):
        taken = accepted(problem, guided)
        decided.update({i: (guided[i].name, i in taken) for i in problem.proposed})
        return taken

    monkeypatch.setattr(attribution, "accepted", spy)
    proposed = _parse(fake, text, swapped)
    changed = [i for i, (o, p) in enumerate(zip(offline.turns, proposed.turns)) if o.speaker != p.speaker]
    # what it may change is what the text left open, and in the same role: a bad model costs names there only
    assert changed and all(offline.turns[i].speaker == "Unidentified executive" and proposed.turns[i].role == "executive" for i in changed)
    # "It's Luca.": the decoder, pulled by the swapped proposals all round, takes Tim here too, but the paragraph
    # names its speaker, so the proposal is not accepted, and the name the text gives stays
    its_luca = _at(offline, truth, "It's Luca. And yes, of course")
    assert decided[its_luca] == (TIM, False)
    assert offline.turns[its_luca].speaker == proposed.turns[its_luca].speaker == LUCA


@pytest.mark.parametrize("reply", [Reply(status=500), Reply(status=401), "I think the first speaker is the operator.", '{"3": 17}'])
def test_a_model_that_fails_or_answers_nonsense_leaves_the_offline_attribution(fake, stripped, reply):
    offline, _, text = stripped
    proposed = _parse(fake, text, reply)
    assert [(t.speaker, t.role) for t in proposed.turns] == [(t.speaker, t.role) for t in offline.turns]


def test_reading_a_reply_keeps_only_the_paragraphs_asked_about():
    assert read_reply('Here you go:\n```json\n{"40": "Tim Cook", "41": "?", "39": "Luca Maestri", "x": "A"}\n```', range(40, 80)) == {40: "Tim Cook"}
    assert read_reply("{not json}", range(0, 10)) == {}


def test_speaker_proposals_are_switched_on_by_a_setting_and_need_a_model():
    assert not Config.from_env({"OPENAI_API_KEY": "sk-x"}).proposes_speakers
    assert not Config.from_env({"EARSHOT_LLM_SPEAKERS": "1"}).proposes_speakers  # no model configured
    assert Config.from_env({"OPENAI_API_KEY": "sk-x", "EARSHOT_LLM_SPEAKERS": "1"}).proposes_speakers
    with pytest.raises(ConfigError, match="EARSHOT_LLM_SPEAKERS='maybe'"):
        Config.from_env({"EARSHOT_LLM_SPEAKERS": "maybe"})
    assert model_assist(Config.from_env({"OPENAI_API_KEY": "sk-x"})) is None


def test_ingesting_with_proposals_asks_the_model_once_per_version_of_a_call(fake, stripped, make_store, tmp_path):
    _, truth, text = stripped
    plain = make_store()
    store = Store(dataclasses.replace(plain.config, openai_api_key="sk-test", openai_base_url=fake.url, llm_model="test-model",
                                      llm_timeout=2.0, llm_speakers=True), embed_model=plain._embed_model)
    call = tmp_path / "aapl_fy2023_q1.stripped.txt"
    call.write_text(text)
    fake.reply(json.dumps({str(i): g.name for i, g in enumerate(truth)}))
    assert [r.status for r in ingest_files(store, [call])] == ["added"]
    asked = len(fake.requests)
    assert asked == -(-len(truth) // WINDOW)
    indexed = store.transcript(store.calls()[0].id)
    assert indexed.turns[_at(indexed, truth, "Shannon? Yes, I mean, we've had good margin")].speaker == LUCA
    # the same file again: found unchanged without asking the model
    assert [r.status for r in ingest_files(store, [call])] == ["unchanged"]
    assert len(fake.requests) == asked
    # a labelled file names every turn itself: nothing to propose, nothing sent
    labelled = tmp_path / LABELLED.name
    shutil.copy(LABELLED, labelled)
    ingest_files(store, [labelled])
    assert len(fake.requests) == asked
