"""One index shared by several real processes: readers see other processes' writes, writers take turns, a
`kill -9` at any step of a write leaves nothing a question can see, and a Chroma server that stops, freezes or
never answers gives one clear line instead of a hang or a traceback."""

from __future__ import annotations

import os
import signal
import socket
import subprocess
import sys
import threading
import time
import urllib.request
from pathlib import Path

import pytest

from index import Config, IndexUnavailable, Store
from index.maintain import check
from ingest import load_transcript, parse_transcript
from qa import Earshot

from .conftest import FIXTURES, SAMPLE

ROOT = Path(__file__).parent.parent
APPLE = FIXTURES / "layouts" / "aapl_fy2023_q1.fool.json"
FUNDING = "What drove the funding cost decline?"
CHROMA = Path(sys.executable).with_name("chroma")


def cli_env(config: Config, **extra) -> dict:
    "The environment of a CLI process on the same index as `config`."
    env = {k: v for k, v in os.environ.items() if not k.startswith(("OPENAI", "EARSHOT"))}
    env |= {"EARSHOT_INDEX_DIR": str(config.index_dir), "EARSHOT_COLLECTION": config.collection}
    if config.chroma_url:
        env["EARSHOT_CHROMA_URL"] = config.chroma_url
    return env | extra


def run(config: Config, *args: str, module: str = "ingest", **extra) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-m", module, *args], cwd=ROOT, env=cli_env(config, **extra), capture_output=True, text=True, timeout=900
    )


def edited_sample(folder: Path) -> Path:
    "The sample call with one figure changed, under the sample's own name (so it is a new version of the same call)."
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / SAMPLE.name
    path.write_bytes(SAMPLE.read_bytes().replace(b"declined over 70 basis points", b"declined over 75 basis points"))
    return path


def paused_at(config: Config, point: str, args: list[str], tmp_path: Path, module: str = "ingest") -> subprocess.Popen:
    "A CLI process stopped for good at a fault point of its write (it says when it got there)."
    marker = tmp_path / f"reached-{point}"
    env = cli_env(config, EARSHOT_FAILPOINT=point, EARSHOT_FAILPOINT_FILE=str(marker), EARSHOT_INSERT_BATCH="16")
    proc = subprocess.Popen([sys.executable, "-m", module, *args], cwd=ROOT, env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT)
    deadline = time.monotonic() + 600  # a safety net, not a race: the process says when it is there
    while not marker.exists():
        if proc.poll() is not None:
            raise AssertionError(f"the process ended before {point}: {proc.stdout.read().decode()[-2000:]}")
        assert time.monotonic() < deadline, f"{point} never reached"
        time.sleep(0.1)
    return proc


def kill9(proc: subprocess.Popen) -> None:
    os.kill(proc.pid, signal.SIGKILL)
    proc.wait()


def cfo_quote(engine: Earshot) -> str:
    answer = engine.ask(FUNDING)
    cited = [c for c in answer.citations if c.speaker == "Alex Xu"]
    assert cited, answer.text
    return " ".join(c.text for c in cited)


def chunk_ids(store: Store) -> list[str]:
    return sorted(store.chunks.get(include=[])["ids"])


# readers and writers in different processes ------------------------------------------------------


def test_a_running_engine_answers_from_calls_another_process_adds_changes_and_removes(make_store, tmp_path):
    store = make_store("shared")
    store.add([load_transcript(SAMPLE)])
    engine = Earshot(store.config, store=store)
    assert "declined over 70 basis points" in cfo_quote(engine)

    added = run(store.config, str(APPLE))
    assert added.returncode == 0, added.stderr
    apple = load_transcript(APPLE)
    answer = engine.ask("What did Apple say about iPhone revenue?")
    assert answer.citations and answer.citations[0].transcript_id == apple.id

    replaced = run(store.config, str(edited_sample(tmp_path / "edit")))
    assert replaced.returncode == 0 and "1 replaced" in replaced.stdout, replaced.stdout + replaced.stderr
    assert "declined over 75 basis points" in cfo_quote(engine)

    removed = run(store.config, "--remove", apple.id)
    assert removed.returncode == 0 and f"removed   {apple.id}" in removed.stdout
    answer = engine.ask("What did Apple say about iPhone revenue?")
    assert all(c.transcript_id != apple.id for c in answer.citations)
    assert [c.id for c in store.calls()] == [load_transcript(SAMPLE).id]
    listed = run(store.config, "--list")
    assert load_transcript(SAMPLE).id in listed.stdout and "1 calls" in listed.stdout


def test_two_ingests_at_once_take_turns_and_leave_a_clean_index(make_store, tmp_path):
    store = make_store("writers")
    env = cli_env(store.config)
    procs = [
        subprocess.Popen([sys.executable, "-m", "ingest", "--quiet", str(path)], cwd=ROOT, env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
        for path in (SAMPLE, APPLE)
    ]
    outputs = [p.communicate(timeout=900) for p in procs]
    assert [p.returncode for p in procs] == [0, 0], outputs
    assert {c.id for c in store.calls()} == {load_transcript(SAMPLE).id, load_transcript(APPLE).id}
    checked = run(store.config, "--check")
    assert checked.returncode == 0 and checked.stdout.startswith("ok: 2 calls"), checked.stdout + checked.stderr


# kill -9 in the middle of a write ------------------------------------------------------------------


@pytest.mark.parametrize("point", ["chunks-partial", "chunks-written", "registry-written"])
def test_a_writer_killed_at_any_step_leaves_no_trace_a_question_can_see(make_store, tmp_path, point):
    store = make_store(f"crash-{point}")
    sample = load_transcript(SAMPLE)
    store.add([sample])
    engine = Earshot(store.config, store=store)
    edited = edited_sample(tmp_path / "edit")
    writer = paused_at(store.config, point, [str(edited)], tmp_path)

    # while the writer is stopped half-way, a question sees one whole version: the old one until the registry
    # holds the new one, then the new one; the new version's chunks never crowd out the live ones
    live_before = point != "registry-written"
    assert ("declined over 70 basis points" if live_before else "declined over 75 basis points") in cfo_quote(engine)
    # opening the index meanwhile sweeps nothing: the write is still running
    Store(store.config, embed_model=store.embed_model)
    assert store.pending.get(include=[])["ids"] == [f"{sample.id}|{parse_transcript(edited.read_bytes(), edited.name).content_hash}"]
    kill9(writer)

    left = {p.kind for p in check(store)}
    assert "pending" in left and (left & {"orphan", "mixed"}), left
    reopened = Store(store.config, embed_model=store.embed_model)  # the next open sweeps what the dead writer left
    assert check(reopened) == []
    assert reopened.chunk_count() == sum(c.chunks for c in reopened.calls())
    assert ("declined over 70 basis points" if live_before else "declined over 75 basis points") in cfo_quote(Earshot(store.config, store=reopened))

    # ingesting again after the crash gives exactly what a clean run gives
    status = reopened.add([parse_transcript(edited.read_bytes(), edited.name)])
    assert status == {sample.id: "replaced" if live_before else "unchanged"}
    clean = make_store(f"clean-{point}")
    clean.add([sample])
    clean.add([parse_transcript(edited.read_bytes(), edited.name)])
    assert chunk_ids(reopened) == chunk_ids(clean)
    assert [(c.id, c.content_hash, c.chunks) for c in reopened.calls()] == [(c.id, c.content_hash, c.chunks) for c in clean.calls()]


@pytest.mark.parametrize("point", ["keyword-save", "keyword-swap"])
def test_a_process_killed_while_saving_the_keyword_index_leaves_no_folder_behind(make_store, tmp_path, point):
    store = make_store(f"kw-{point}")
    store.add([load_transcript(SAMPLE)])
    asker = paused_at(store.config, point, ["What was the leverage ratio?"], tmp_path, module="qa")
    kill9(asker)
    folder = store.keyword_dir()
    assert list(folder.parent.glob(f"{folder.name}.*")), "the save left no temporary folder to clean"
    reopened = Store(store.config, embed_model=store.embed_model)
    assert not list(folder.parent.glob(f"{folder.name}.*"))
    assert "leverage" in Earshot(store.config, store=reopened).ask("What was the leverage ratio?").text.lower()
    assert check(reopened) == []


def test_check_reports_what_a_killed_writer_left_and_repair_fixes_it(make_store, tmp_path):
    store = make_store("repair")
    store.add([load_transcript(SAMPLE)])
    run(store.config, str(APPLE))  # the keyword index is brought up to date by the ingest itself
    writer = paused_at(store.config, "chunks-written", [str(edited_sample(tmp_path / "edit"))], tmp_path)
    running = run(store.config, "--check")
    assert "did not finish (or is running now)" in running.stdout, running.stdout + running.stderr
    kill9(writer)
    found = run(store.config, "--check")
    assert found.returncode == 1, found.stdout + found.stderr
    assert "pending" in found.stdout and "orphan" not in found.stdout and "mixed " in found.stdout
    assert "run with --repair" in found.stderr
    fixed = run(store.config, "--check", "--repair")
    assert fixed.returncode == 0 and "repaired" in fixed.stdout, fixed.stdout + fixed.stderr
    again = run(store.config, "--check")
    assert again.returncode == 0 and again.stdout.startswith("ok: 2 calls"), again.stdout


# files the CLI cannot read -------------------------------------------------------------------------


def test_symbolic_link_loops_are_named_as_such(make_store, tmp_path):
    store = make_store("links")
    folder = tmp_path / "calls"
    folder.mkdir()
    (folder / "loop.txt").symlink_to("loop.txt")
    (folder / "gone.txt").symlink_to("nowhere.txt")
    (folder / SAMPLE.name).write_bytes(SAMPLE.read_bytes())
    result = run(store.config, "--quiet", str(folder), str(tmp_path / "calls" / "loop.txt"))
    assert result.returncode == 1
    assert f"{folder / 'loop.txt'}: symbolic link loop" in result.stderr
    assert f"{folder / 'gone.txt'}: symbolic link to nowhere.txt, which does not exist" in result.stderr
    assert "1 added" in result.stdout


def test_an_empty_password_is_refused_at_start(tmp_path):
    env = {k: v for k, v in os.environ.items() if not k.startswith("OPENAI")} | {"EARSHOT_AUTH": "user:", "EARSHOT_INDEX_DIR": str(tmp_path)}
    result = subprocess.run([sys.executable, "app.py"], cwd=ROOT, env=env, capture_output=True, text=True, timeout=300)
    assert result.returncode == 2 and "EARSHOT_AUTH must look like user:password, with neither part empty" in result.stderr



def test_a_port_in_use_is_refused_at_start_naming_the_port(tmp_path):
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        port = taken.getsockname()[1]
        env = {k: v for k, v in os.environ.items() if not k.startswith("OPENAI")} | {"EARSHOT_PORT": str(port), "EARSHOT_INDEX_DIR": str(tmp_path)}
        result = subprocess.run([sys.executable, "app.py"], cwd=ROOT, env=env, capture_output=True, text=True, timeout=300)
    assert result.returncode == 2 and f"error: cannot serve on http://127.0.0.1:{port}/" in result.stderr and "Traceback" not in result.stderr

# a Chroma server that stops, freezes or never answers --------------------------------------------


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class ChromaServer:
    "`chroma run` on a folder and port of its own; it can be stopped, frozen and started again."

    def __init__(self, folder: Path, port: int) -> None:
        self.folder, self.port, self.proc = folder, port, None

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def start(self) -> None:
        log = open(self.folder.with_suffix(".log"), "a")
        self.proc = subprocess.Popen([str(CHROMA), "run", "--path", str(self.folder), "--host", "127.0.0.1", "--port", str(self.port)], stdout=log, stderr=log)
        deadline = time.monotonic() + 120
        while True:
            try:
                urllib.request.urlopen(f"{self.url}/api/v2/heartbeat", timeout=2)
                return
            except OSError:
                assert self.proc.poll() is None and time.monotonic() < deadline, "chroma run did not start"
                time.sleep(0.2)

    def stop(self) -> None:
        self.proc.terminate()
        self.proc.wait(timeout=30)


@pytest.fixture
def chroma_server(tmp_path):
    if not CHROMA.exists():
        pytest.skip("the chroma command is not installed")
    server = ChromaServer(tmp_path / "chroma", _free_port())
    server.start()
    yield server
    if server.proc.poll() is None:
        os.kill(server.proc.pid, signal.SIGCONT)
        server.stop()


def _in_thread(call, limit: float = 180.0):
    "Run call() in a thread; what it returned or raised, or AssertionError if it is still waiting after `limit` s."
    out: dict = {}

    def target():
        try:
            out["value"] = call()
        except Exception as exc:  # noqa: BLE001 - handed back to the test
            out["error"] = exc

    thread = threading.Thread(target=target, daemon=True)
    thread.start()
    thread.join(limit)
    assert not thread.is_alive(), f"still waiting after {limit} s"
    return out


def test_a_stopped_or_frozen_server_gives_one_line_and_the_engine_recovers_without_a_restart(chroma_server, tmp_path, embed_model):
    config = Config(index_dir=tmp_path / "cache", chroma_url=chroma_server.url, collection="served", chroma_timeout=3)
    store = Store(config, embed_model=embed_model)
    store.add([load_transcript(SAMPLE)])
    engine = Earshot(config, store=store)
    assert "declined over 70 basis points" in cfo_quote(engine)

    os.kill(chroma_server.proc.pid, signal.SIGSTOP)  # frozen: the port accepts, nothing answers
    out = _in_thread(lambda: engine.ask(FUNDING))
    assert isinstance(out.get("error"), IndexUnavailable), out
    assert str(out["error"]) == f"Chroma at 127.0.0.1:{chroma_server.port} did not answer in 3 s; is `chroma run` up and responsive?"
    os.kill(chroma_server.proc.pid, signal.SIGCONT)
    assert "declined over 70 basis points" in cfo_quote(engine)

    chroma_server.stop()
    with pytest.raises(IndexUnavailable, match=rf"^cannot reach Chroma at 127\.0\.0\.1:{chroma_server.port} \(ConnectError\); is `chroma run` up\?$"):
        engine.ask(FUNDING)
    chroma_server.start()
    assert "declined over 70 basis points" in cfo_quote(engine)


def test_no_server_or_a_silent_port_gives_one_line_from_the_clis(tmp_path):
    nothing = _free_port()
    silent = socket.socket()
    silent.bind(("127.0.0.1", 0))
    silent.listen(8)  # accepts connections (the kernel does) and never answers
    try:
        for port, expected in (
            (nothing, f"error: cannot reach Chroma at 127.0.0.1:{nothing} (ConnectError); is `chroma run` up?"),
            (silent.getsockname()[1], f"error: Chroma at 127.0.0.1:{silent.getsockname()[1]} did not answer in 2 s; is `chroma run` up and responsive?"),
        ):
            config = Config(index_dir=tmp_path / "cache", chroma_url=f"http://127.0.0.1:{port}", collection="nothing")
            for module, args in (("qa", ["What was the leverage ratio?"]), ("ingest", ["--list"])):
                result = run(config, *args, module=module, EARSHOT_CHROMA_TIMEOUT="2")
                assert result.returncode == 2 and result.stderr.strip().splitlines()[-1] == expected, result.stderr[-1500:]
                assert "Traceback" not in result.stderr
        app = subprocess.run([sys.executable, "app.py"], cwd=ROOT, env=cli_env(config, EARSHOT_CHROMA_TIMEOUT="2"), capture_output=True, text=True, timeout=300)
        assert app.returncode == 2 and app.stderr.strip().splitlines()[-1] == expected and "Traceback" not in app.stderr
    finally:
        silent.close()
