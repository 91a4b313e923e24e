"""`python -m bench.speed`: the ONNX Runtime path against the PyTorch path, in one run, as ratios.

Times, for each embedding backend on the same files in the same run:
- a question from the CLI (`python -m qa "..."`, a fresh process on an existing one-call index), median wall;
- the same question through a running app (`python -m qa --url`), median wall (ONNX only: the app is warm);
- raw embedding throughput (chunks per second straight through the encoder, the texts the pipeline embeds);
- ingest throughput (chunks per second indexing N MAEC calls into a fresh store, parsing included);
- warm `ask()` latency p50 / p95 on the one-call index and on the N-call index.
The machine's load average is printed before and after: compare ratios, not absolute times, across days.
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import statistics
import subprocess
import sys
import time
from pathlib import Path

from .common import OUT_DIR, PROJECT_DIR, markdown_table
from .scale import MAEC, TOPICS
from .ui import free_port

BACKENDS = ("torch", "onnx")
QUESTION = "What was the leverage ratio?"


def _env(work: Path, backend: str, index: str) -> dict:
    env = {k: v for k, v in os.environ.items() if not k.startswith("OPENAI") and k != "EARSHOT_AUTH"}
    return env | {"EARSHOT_INDEX_DIR": str(work / index), "EARSHOT_EMBED_BACKEND": backend}


def _median_wall(cmd: list[str], env: dict, runs: int) -> float:
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        subprocess.run(cmd, env=env, cwd=PROJECT_DIR, capture_output=True, check=True)
        times.append(time.perf_counter() - start)
    return statistics.median(times)


def _percentiles(values: list[float]) -> tuple[float, float]:
    values = sorted(values)
    return statistics.median(values), values[min(len(values) - 1, int(0.95 * len(values)))]


def warm_latency(engine) -> tuple[float, float]:
    "p50 / p95 ms of ask() over the 50 timed topics, after one question to warm up."
    engine.ask(QUESTION)
    timed = []
    for topic in TOPICS:
        start = time.perf_counter()
        engine.ask(topic)
        timed.append((time.perf_counter() - start) * 1000)
    return _percentiles(timed)


def backend_run(work: Path, backend: str, files: list[Path]) -> dict:
    "Everything timed in-process for one backend: raw embedding, ingest, warm ask() on one call and on N calls."
    from index import Config, Store
    from index.library import ensure_sample
    from ingest import chunk_transcript, load_transcript
    from qa import Earshot

    out: dict = {}
    one = Store(Config(index_dir=work / f"one-{backend}", embed_backend=backend))
    list(ensure_sample(one))
    out["ask_1_call_ms"] = warm_latency(Earshot(one.config, store=one))

    transcripts = [load_transcript(p) for p in files]
    texts = [c.text for t in transcripts for c in chunk_transcript(t)][:1024]
    one.encoder(texts[:32])
    start = time.perf_counter()
    one.encoder(texts)
    out["raw_chunks_per_s"] = len(texts) / (time.perf_counter() - start)

    big = Store(Config(index_dir=work / f"many-{backend}", embed_backend=backend), embed_model=one.embed_model)
    start = time.perf_counter()
    big.add([load_transcript(p) for p in files])  # parsing counts: it is part of ingesting
    seconds = time.perf_counter() - start
    chunks = big.chunk_count()
    out["ingest"] = {"calls": len(files), "chunks": chunks, "seconds": seconds, "chunks_per_s": chunks / seconds}
    out["ask_n_calls_ms"] = warm_latency(Earshot(big.config, store=big))
    return out


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench.speed", description=__doc__.splitlines()[0])
    parser.add_argument("--calls", type=int, default=100, help="MAEC calls to ingest (default 100)")
    parser.add_argument("--runs", type=int, default=7, help="CLI runs per backend (median reported)")
    parser.add_argument("--work", type=Path, default=OUT_DIR / "speed", help="scratch folder (emptied first)")
    args = parser.parse_args(argv)
    shutil.rmtree(args.work, ignore_errors=True)
    args.work.mkdir(parents=True)
    files = sorted(MAEC.glob("*.txt"))[: args.calls]
    load = [os.getloadavg()[0]]
    report: dict = {"calls": len(files)}

    for backend in BACKENDS:
        env = _env(args.work, backend, f"cli-{backend}")
        subprocess.run([sys.executable, "-m", "qa", QUESTION], env=env, cwd=PROJECT_DIR, capture_output=True, check=True)  # indexes the sample
        report[f"cli_{backend}_s"] = _median_wall([sys.executable, "-m", "qa", QUESTION], env, args.runs)

    port = free_port()
    env = _env(args.work, "onnx", "cli-onnx") | {"EARSHOT_PORT": str(port)}
    app = subprocess.Popen([sys.executable, "app.py"], env=env, cwd=PROJECT_DIR, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
    try:
        for line in app.stdout:
            if "listening on" in line:
                break
        url = f"http://127.0.0.1:{port}"
        report["cli_url_s"] = _median_wall([sys.executable, "-m", "qa", "--url", url, QUESTION], env, args.runs)
    finally:
        app.terminate()
        app.wait(timeout=30)

    for backend in BACKENDS:
        report[backend] = backend_run(args.work, backend, files)
    load.append(os.getloadavg()[0])
    report["load_before_after"] = load

    t, o = report["torch"], report["onnx"]
    rows = [
        ["`python -m qa` on a one-call index, median wall", f"{report['cli_torch_s']:.2f} s", f"{report['cli_onnx_s']:.2f} s", f"{report['cli_torch_s'] / report['cli_onnx_s']:.1f}x"],
        ["`python -m qa --url` (a running app)", "-", f"{report['cli_url_s']:.2f} s", f"{report['cli_torch_s'] / report['cli_url_s']:.1f}x"],
        ["raw embedding, chunks/s", f"{t['raw_chunks_per_s']:.1f}", f"{o['raw_chunks_per_s']:.1f}", f"{o['raw_chunks_per_s'] / t['raw_chunks_per_s']:.2f}x"],
        [f"ingest {len(files)} MAEC calls, chunks/s", f"{t['ingest']['chunks_per_s']:.1f}", f"{o['ingest']['chunks_per_s']:.1f}", f"{o['ingest']['chunks_per_s'] / t['ingest']['chunks_per_s']:.2f}x"],
        ["warm `ask()` p50 / p95, 1 call", "{:.0f} / {:.0f} ms".format(*t["ask_1_call_ms"]), "{:.0f} / {:.0f} ms".format(*o["ask_1_call_ms"]), f"{t['ask_1_call_ms'][0] / o['ask_1_call_ms'][0]:.2f}x"],
        [f"warm `ask()` p50 / p95, {len(files)} calls", "{:.0f} / {:.0f} ms".format(*t["ask_n_calls_ms"]), "{:.0f} / {:.0f} ms".format(*o["ask_n_calls_ms"]), f"{t['ask_n_calls_ms'][0] / o['ask_n_calls_ms'][0]:.2f}x"],
    ]
    table = markdown_table(["measure", "PyTorch", "ONNX Runtime", "ratio"], rows)
    print(table)
    print(f"\nload average (1 min) before / after: {load[0]:.2f} / {load[1]:.2f}")
    OUT_DIR.mkdir(parents=True, exist_ok=True)
    (OUT_DIR / "speed.json").write_text(json.dumps(report, indent=2))
    (OUT_DIR / "speed.md").write_text(table + "\n")
    return 0


if __name__ == "__main__":
    sys.exit(main())
