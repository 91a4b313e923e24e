"""The wording model: what a unit's own words say about the speaker's role, on a real call it was not fitted on, as
one more cue for the decoder, and refitted from labelled calls."""

from __future__ import annotations

import pytest

from ingest import evidence, load_transcript, wording
from ingest.evaluate import LABELLED

from .conftest import model_missing, refit_on_the_labelled_call, with_and_without


@pytest.fixture(scope="module")
def apple():
    "A real Apple call with its speakers labelled (not in the calls the model was fitted on)."
    return load_transcript(LABELLED)


def _top(probabilities):
    return max(probabilities, key=probabilities.get)


def test_the_wording_alone_tells_most_roles_of_a_real_call(apple):
    right = sum(_top(wording.role_probabilities(t.text)) == t.role for t in apple.turns)
    assert right >= 0.85 * len(apple.turns), right / len(apple.turns)


@pytest.mark.parametrize(
    "text, role",
    [
        ("Our next question is from Amit Daryanani with Evercore. Please go ahead.", "operator"),
        ("Hi, thanks for taking my question. How should we think about gross margin for the March quarter?", "analyst"),
        ("We expect revenue to grow double digits year over year, and our gross margin to be between 43% and 44%.", "executive"),
        ("Thank you. Good afternoon, and thank you for joining us. Speaking first today is Apple's CEO, Tim Cook.", "host"),
    ],
)
def test_a_real_sentence_is_worded_like_its_speakers_role(text, role):
    assert _top(wording.role_probabilities(text)) == role


def test_the_decoder_gets_more_roles_right_with_the_wording_cue(apple, monkeypatch):
    with_it, without = with_and_without(apple, "one line per paragraph", monkeypatch, evidence, "WORDING")
    assert with_it.role_correct > without.role_correct and with_it.wrong_names <= without.wrong_names


def test_the_model_is_refitted_from_labelled_calls(tmp_path, apple):
    fitted = refit_on_the_labelled_call(tmp_path, wording.main)
    assert fitted["meta"]["calls"] == 1 and fitted["meta"]["roles"]["analyst"] > 10
    right = sum(_top(wording.role_probabilities(t.text, fitted["weights"])) == t.role for t in apple.turns)
    assert right >= 0.8 * len(apple.turns)  # fitted on this call: it has learnt its roles


def test_a_missing_wording_model_is_named(tmp_path, monkeypatch):
    with model_missing(monkeypatch, tmp_path, wording, wording._fitted), pytest.raises(RuntimeError, match="wording_model.json"):
        wording.role_probabilities("Our next question is from Amit Daryanani.")
