"""The app's one HTTP endpoint, /ask, through gradio_client and through `python -m qa --url`; the CLI's line mode."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from ingest import load_transcript

from .conftest import SAMPLE
from .test_app import _free_port, serve_app

ROOT = Path(__file__).parent.parent
LEVERAGE = "What was the leverage ratio?"


def _env(**extra) -> dict:
    return {k: v for k, v in os.environ.items() if not k.startswith("OPENAI") and k != "EARSHOT_AUTH"} | extra


def _cli(*args: str, env: dict, stdin: str | None = None) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "qa", *args], input=stdin, capture_output=True, text=True, cwd=ROOT, env=env, timeout=300)


@pytest.fixture(scope="module")
def app_url(tmp_path_factory):
    with serve_app(tmp_path_factory) as url:
        yield url


def test_the_api_is_one_documented_endpoint_that_answers_with_citations(app_url):
    from gradio_client import Client

    client = Client(app_url, verbose=False)
    api = client.view_api(print_info=False, return_format="dict")
    assert list(api["named_endpoints"]) == ["/ask"] and not api["unnamed_endpoints"]
    assert [p["parameter_name"] for p in api["named_endpoints"]["/ask"]["parameters"]] == ["question", "call", "company", "period", "speaker", "role", "section", "firm", "answered"]

    answer = client.predict(LEVERAGE, api_name="/ask")
    assert "2.8 times" in answer["text"] and answer["mode"] == "extractive"
    cited = answer["citations"][0]
    assert (cited["speaker"], cited["title"], cited["role"], cited["section"], cited["turn_index"]) == ("Alex Xu", "CFO", "executive", "prepared_remarks", 5)
    assert cited["transcript_id"] == "qifu-technology-inc-2024-05-20"
    assert all(part in cited["text"] for part in cited["quote"].split(" … "))  # the quote is the turn's own words

    analysts = client.predict("What did analysts ask about the take rate?", role="analyst", api_name="/ask")
    assert analysts["filters"]["role"] == "analyst" and analysts["citations"]
    assert {(c["speaker"], c["firm"], c["role"]) for c in analysts["citations"]} == {("Chiao Huang", "Morgan Stanley", "analyst")}

    with pytest.raises(ValueError, match="respond"):  # the page's own handlers are not an API
        client.predict(api_name="/respond")


def test_the_cli_asks_a_running_app(app_url):
    shown = _cli("--url", app_url, LEVERAGE, env=_env())
    assert shown.returncode == 0, shown.stderr
    assert "[1] Alex Xu (CFO, executive) · Qifu Technology, Inc FY2024 Q1 · prepared remarks · turn 5" in shown.stdout

    as_json = _cli("--url", app_url, "--json", "--section", "qa", "What did analysts ask about the take rate?", env=_env())
    assert as_json.returncode == 0, as_json.stderr
    answer = json.loads(as_json.stdout)
    assert answer["filters"]["section"] == "qa" and answer["citations"]
    assert {c["section"] for c in answer["citations"]} == {"qa"}


def test_the_cli_says_when_no_app_answers_at_the_address():
    url = f"http://127.0.0.1:{_free_port()}"
    shown = _cli("--url", url, LEVERAGE, env=_env())
    assert shown.returncode == 2 and shown.stdout == ""
    assert f"cannot reach Earshot at {url}" in shown.stderr


def test_the_cli_signs_in_to_an_app_that_requires_it(tmp_path_factory):
    with serve_app(tmp_path_factory, EARSHOT_AUTH="ana:s3cret") as url:
        refused = _cli("--url", url, LEVERAGE, env=_env())
        allowed = _cli("--url", url, LEVERAGE, env=_env(EARSHOT_AUTH="ana:s3cret"))
    assert refused.returncode == 2 and "EARSHOT_AUTH" in refused.stderr
    assert allowed.returncode == 0 and "2.8 times" in allowed.stdout, allowed.stderr


def test_without_a_question_the_cli_answers_each_line_from_one_load(make_store):
    store = make_store("lines")
    store.add([load_transcript(SAMPLE)])
    env = _env(EARSHOT_INDEX_DIR=str(store.config.index_dir), EARSHOT_COLLECTION=store.config.collection)
    if store.config.chroma_url:
        env["EARSHOT_CHROMA_URL"] = store.config.chroma_url
    del store
    run = _cli("--json", env=env, stdin=f"{LEVERAGE}\nWhat was the take rate?\n\nnot asked: the empty line ended it\n")
    assert run.returncode == 0, run.stderr
    decoder, text, answers = json.JSONDecoder(), run.stdout.strip(), []
    while text:
        answer, end = decoder.raw_decode(text)
        answers.append(answer)
        text = text[end:].strip()
    assert len(answers) == 2
    assert "2.8 times" in answers[0]["text"] and "take rate" in answers[1]["text"].lower()
    assert answers[1]["citations"] and all("take rate" in c["text"].lower() for c in answers[1]["citations"])
