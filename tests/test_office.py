"""The office model: whether an executive's words are the chief financial officer's or the chief executive's, on a
real call it was not fitted on, as evidence for one of the two in the Q&A of a call whose roster names both, and
refitted from labelled calls."""

from __future__ import annotations

import pytest

from ingest import attribution, evidence, load_transcript, office
from ingest.evaluate import LABELLED
from ingest.readers import RawTurn

from .conftest import model_missing, refit_on_the_labelled_call, with_and_without


@pytest.fixture(scope="module")
def apple():
    "A real Apple call with its speakers labelled (Apple's tickers start with A: not in the calls it was fitted on)."
    return load_transcript(LABELLED)


def _answers(call):
    "(office, text) of each executive's Q&A turn whose title names one of the two offices."
    return [(office.office(t.title), t.text) for t in call.turns if t.role == "executive" and t.section == "qa" and office.office(t.title)]


@pytest.mark.parametrize(
    "title, kind",
    [
        ("Chief Financial Officer", "CFO"), ("Executive Vice President, Chief Financial Officer and Treasurer", "CFO"),
        ("interim CFO", "CFO"), ("Chairman and Chief Executive Officer", "CEO"), ("President and CEO of MongoDB", "CEO"),
        ("President and Chief Operating Officer", None), ("Vice President of Investor Relations", None), (None, None),
    ],
)
def test_a_title_names_an_office(title, kind):
    assert office.office(title) == kind


def test_the_words_alone_tell_the_cfos_answers_from_the_ceos_on_a_real_call(apple):
    answers = _answers(apple)
    right = sum((office.cfo_log_odds(text) > 0) == (kind == "CFO") for kind, text in answers)
    assert {kind for kind, _ in answers} == {"CFO", "CEO"} and len(answers) >= 15
    assert right >= 0.75 * len(answers), right / len(answers)


def _people(*entries):
    people = attribution._People()
    for name, role, title in entries:
        people.add(name, role, title)
    return people


CFO_ANSWER = ("Shannon? Yes, I mean, we've had good margin for the December quarter to start with. We reported 43%. Obviously, "
              "in December, we have the benefit of leverage because of the seasonality of the business.")  # Luca Maestri, the Apple call


def test_the_office_is_heard_in_the_qa_of_a_call_with_one_cfo_and_one_ceo():
    units = ["Thank you. Good afternoon, and welcome to the call.", CFO_ANSWER]
    both = _people(("Tim Cook", "executive", "Chief Executive Officer"), ("Luca Maestri", "executive", "Chief Financial Officer"))
    heard = [e for e in evidence.gather(units, both, qa_start=1)[1] if e.cue == "office"]
    weight = {e.person: e.weight for e in heard}
    assert weight["Luca Maestri"] > 0 > weight["Tim Cook"] and weight["Luca Maestri"] == -weight["Tim Cook"]
    # not in the prepared remarks, where the hand-offs say who speaks, nor before the Q&A is found
    assert not [e for e in evidence.gather(units, both, qa_start=2)[1] if e.cue == "office"]
    assert not [e for e in evidence.gather(units, both)[1] if e.cue == "office"]
    # nor when the roster does not name exactly one of each office
    two_ceos = _people(("Tim Cook", "executive", "Chief Executive Officer"), ("Jeff Williams", "executive", "Chief Executive Officer"))
    assert not [e for e in evidence.gather(units, two_ceos, qa_start=1)[1] if e.cue == "office"]


def test_the_decoder_names_more_of_a_real_calls_executives_with_the_office_cue(apple, monkeypatch):
    with_it, without = with_and_without(apple, "one line per paragraph", monkeypatch, evidence, "OFFICE")
    # the cue costs this call one wrong name for the four right ones it adds, with the name model reading what is
    # around each answer (51 / 2 against 47 / 1 without it; 50 / 2 against 45 / 1 with the step near a named answer
    # it replaced; before that step, no wrong name more)
    assert with_it.name_correct >= without.name_correct + 4 and with_it.wrong_names <= without.wrong_names + 1


def test_the_model_is_refitted_from_labelled_calls(tmp_path, apple):
    fitted = refit_on_the_labelled_call(tmp_path, office.main)
    turns = [office.office(t.title) for t in apple.turns if t.role == "executive" and office.office(t.title)]
    assert fitted["meta"]["calls"] == 1 and fitted["meta"]["offices"] == {"CFO": turns.count("CFO"), "CEO": turns.count("CEO")}
    # one call has too few turns to keep a word (each must be in 25): what it learns is that the CEO speaks more often
    assert turns.count("CEO") > turns.count("CFO") and office.cfo_log_odds(CFO_ANSWER, fitted["weights"]) < 0


def test_a_missing_office_model_is_named(tmp_path, monkeypatch):
    with model_missing(monkeypatch, tmp_path, office, office._weights), pytest.raises(RuntimeError, match="office_model.json"):
        office.cfo_log_odds(CFO_ANSWER)
