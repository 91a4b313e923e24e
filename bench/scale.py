"""`python -m bench.scale`: ingest a whole corpus (default: MAEC, 3,443 calls) and measure throughput, size, memory, latency.

Prints one table and writes it, with the raw numbers, to bench/out/scale.json. Run it on an otherwise idle machine.
"""

from __future__ import annotations

import argparse
import json
import random
import resource
import shutil
import statistics
import sys
import time
from pathlib import Path

from .common import OUT_DIR, PROJECT_DIR, markdown_table, parse_some

MAEC = PROJECT_DIR.parent / "shared" / "corpus" / "maec"
RAW_SAMPLE = 1024  # chunks embedded straight through the model for the raw-throughput baseline

# 100 questions an analyst might put to a coverage universe: half generic, half naming a company's ticker
TOPICS = (
    "What drove the gross margin change?", "What is the outlook for revenue growth next year?",
    "How did foreign exchange affect results?", "What did management say about pricing?",
    "What is the capital expenditure plan?", "How is the company using its free cash flow?",
    "What did they say about share repurchases?", "What happened to operating expenses?",
    "How much did same store sales grow?", "What is the guidance for earnings per share?",
    "What did they say about the tax rate?", "How are acquisitions contributing to growth?",
    "What is happening with inventory levels?", "How did the weather affect the quarter?",
    "What did management say about China?", "What are the main risks to the outlook?",
    "How is the balance sheet and leverage?", "What did they say about the dividend?",
    "How did the energy segment perform?", "What drove the increase in operating cash flow?",
    "What is the restructuring program expected to save?", "How are interest rates affecting the business?",
    "What did they say about customer demand?", "How is the new product launch going?",
    "What happened to backlog and orders?", "What are the cost savings initiatives?",
    "What did the CFO say about working capital?", "How is e-commerce growing?",
    "What is the headcount plan?", "What drove the loss in the quarter?",
    "How did the oil price decline affect results?", "What did they say about healthcare costs?",
    "What is the expected impact of tax reform?", "How is the loan portfolio performing?",
    "What did they say about net interest margin?", "How are raw material costs trending?",
    "What did management say about competition?", "What was said about the pipeline of new deals?",
    "How did the acquisition integration go?", "What is the long-term margin target?",
    "What is the outlook for the second half?", "What drove subscriber growth?",
    "How did currency translation affect revenue?", "What did they say about pension expense?",
    "What is the status of the regulatory approval?", "How did the hurricane affect operations?",
    "What were the drivers of organic growth?", "What is the plan for debt reduction?",
    "What did they say about wage inflation?", "How did international sales perform?",
)


def questions(tickers: list[str]) -> list[str]:
    "The 100 timed questions: the 50 topics as asked, then each again about one of the indexed companies."
    rng = random.Random(7)
    named = [f"{topic.rstrip('?')} at {rng.choice(tickers)}?" for topic in TOPICS] if tickers else list(TOPICS)
    return list(TOPICS) + named


def latency(engine, asked: list[str]) -> dict:
    "Warm p50/p95 of ask() over the questions, in milliseconds."
    engine.ask(asked[0])  # warm: keyword index, transcript cache, sentence vectors
    times = []
    answered = 0
    for question in asked:
        start = time.perf_counter()
        answer = engine.ask(question)
        times.append((time.perf_counter() - start) * 1000)
        answered += bool(answer.citations)
    times.sort()
    return {"p50_ms": statistics.median(times), "p95_ms": times[int(0.95 * (len(times) - 1))], "questions": len(times), "answered": answered}


def seconds_to_answer(engine, question: str = "What drove revenue growth?") -> float:
    start = time.perf_counter()
    engine.ask(question)
    return time.perf_counter() - start


def answer_timings(store, embed_model, calls: int) -> dict:
    """The first answer over a freshly written index (it builds the keyword index), warm latency over the 100
    questions, the first answer of a fresh Store and engine (as a restarted app sees it), and after adding a call."""
    from index import Store
    from qa import Earshot

    engine = Earshot(store.config, store=store)
    return {
        "first_ask_after_ingest_s": seconds_to_answer(engine),
        f"ask_{calls}_calls": latency(engine, questions(sorted({c.company for c in store.calls()}))),
        "first_ask_reopened_s": seconds_to_answer(Earshot(store.config, store=Store(store.config, embed_model=embed_model))),
        "first_ask_after_adding_one_s": first_ask_after_adding_a_call(engine, store),
    }


def first_ask_after_adding_a_call(engine, store) -> float:
    "Seconds to the first answer after one more call (the sample) joins the index; the call is removed again after."
    from index.config import SAMPLE_DIR
    from ingest import load_transcript

    transcript = load_transcript(next(SAMPLE_DIR.glob("*.txt")))
    store.add([transcript])
    try:
        return seconds_to_answer(engine, "What drove the funding cost decline?")
    finally:
        store.remove(transcript.id)
        engine.ask("What drove revenue growth?")  # the keyword index catches up with the removal


def raw_embedding(store, transcripts) -> dict:
    "Chunks per second straight through the model, on the exact text the pipeline embeds, in the same batch size."
    from llama_index.core.schema import MetadataMode

    from ingest import chunk_transcript

    nodes = [store._node(t, c) for t in transcripts for c in chunk_transcript(t)]
    rng = random.Random(11)
    texts = [n.get_content(metadata_mode=MetadataMode.EMBED) for n in rng.sample(nodes, min(RAW_SAMPLE, len(nodes)))]
    store.embed_model.get_text_embedding_batch(texts[:32])  # warm
    start = time.perf_counter()
    store.embed_model.get_text_embedding_batch(texts)
    return {"chunks": len(texts), "chunks_per_s": len(texts) / (time.perf_counter() - start)}


def folder_size(path: Path) -> int:
    return sum(p.stat().st_size for p in path.rglob("*") if p.is_file())


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench.scale", description=__doc__.splitlines()[0])
    parser.add_argument("--corpus", type=Path, default=MAEC, help="folder of transcripts (default: the MAEC corpus)")
    parser.add_argument("--limit", type=int, default=0, help="only the first N files (0: all)")
    parser.add_argument("--work", type=Path, default=OUT_DIR / "scale-index", help="scratch folder for the indexes (emptied first)")
    parser.add_argument("--latency-only", action="store_true", help="re-time ask() on the indexes a previous run left in --work")
    args = parser.parse_args(argv)

    from tqdm import tqdm

    from index import Config, Store
    from index.embedding import load_embed_model
    from index.library import expand, ingest_files
    from qa import Earshot

    files = expand([args.corpus])[: args.limit or None]
    if not files:
        print(f"error: no transcripts in {args.corpus}", file=sys.stderr)
        return 2
    embed_model = load_embed_model()
    if args.latency_only:
        return relatency(args.work, embed_model)
    shutil.rmtree(args.work, ignore_errors=True)

    # 1 call
    one = Store(Config(index_dir=args.work / "one"), embed_model=embed_model)
    ingest_files(one, files[:1])
    single = latency(Earshot(one.config, store=one), questions([]))

    # the raw model on a sample of the corpus's chunks, then the whole pipeline on all of it
    parsed = parse_some(files, 80, seed=3)
    big = Store(Config(index_dir=args.work / "all"), embed_model=embed_model)
    raw = raw_embedding(big, parsed)
    bar = tqdm(total=len(files), unit="file", desc="ingest", file=sys.stderr)
    start = time.perf_counter()
    results = ingest_files(big, files, lambda r: bar.update(1))
    ingest_s = time.perf_counter() - start
    bar.close()
    chunks = big.chunk_count()
    calls = len(big.calls())
    timings = answer_timings(big, embed_model, calls)

    report = {
        "date": time.strftime("%Y-%m-%d"),
        "files": len(files), "calls": calls, "rejected": sum(r.status == "rejected" for r in results), "chunks": chunks,
        "ingest_s": ingest_s, "pipeline_chunks_per_s": chunks / ingest_s, "raw_embedding": raw,
        "pipeline_vs_raw": chunks / ingest_s / raw["chunks_per_s"], "index_bytes": folder_size(args.work / "all"),
        "peak_rss_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024, "ask_1_call": single,
    } | timings
    OUT_DIR.mkdir(parents=True, exist_ok=True)
    (OUT_DIR / ("scale.json" if not args.limit else f"scale-{args.limit}.json")).write_text(json.dumps(report, indent=2))
    print_report(report)
    return 0


def relatency(work: Path, embed_model) -> int:
    "Time ask() again over the indexes of an earlier run and update its report."
    from index import Config, Store
    from qa import Earshot

    report = json.loads((OUT_DIR / "scale.json").read_text())
    one = Store(Config(index_dir=work / "one"), embed_model=embed_model)
    report["ask_1_call"] = latency(Earshot(one.config, store=one), questions([]))
    big = Store(Config(index_dir=work / "all"), embed_model=embed_model)
    shutil.rmtree(big.keyword_dir(), ignore_errors=True)  # time the build, as right after an ingest
    report |= answer_timings(big, embed_model, report["calls"])
    (OUT_DIR / "scale.json").write_text(json.dumps(report, indent=2))
    print_report(report)
    return 0


def print_report(report: dict) -> None:
    calls, chunks, raw, ingest_s = report["calls"], report["chunks"], report["raw_embedding"], report["ingest_s"]
    single, many, first_s = report["ask_1_call"], report[f"ask_{calls}_calls"], report["first_ask_after_ingest_s"]
    rows = [
        ("calls indexed (rejected)", f"{calls:,} ({report['rejected']})"),
        ("chunks", f"{chunks:,}"),
        ("ingest wall time", f"{ingest_s / 60:.1f} min"),
        ("pipeline throughput", f"{report['pipeline_chunks_per_s']:.1f} chunks/s"),
        ("raw embedding throughput (same model, same run)", f"{raw['chunks_per_s']:.1f} chunks/s"),
        ("pipeline / raw", f"{report['pipeline_vs_raw']:.0%}"),
        ("index size on disk", f"{report['index_bytes'] / 2**20:.0f} MB"),
        ("peak memory (RSS)", f"{report['peak_rss_mb']:.0f} MB"),
        ("first ask after ingest (builds and saves the keyword index)", f"{first_s:.1f} s"),
        ("first ask after a restart (saved keyword index)", f"{report['first_ask_reopened_s']:.1f} s" if "first_ask_reopened_s" in report else "-"),
        ("first ask after adding one call (keyword index updated)", f"{report['first_ask_after_adding_one_s']:.1f} s" if "first_ask_after_adding_one_s" in report else "-"),
        ("warm ask p50 / p95, 1 call", f"{single['p50_ms']:.0f} / {single['p95_ms']:.0f} ms"),
        (f"warm ask p50 / p95, {calls:,} calls", f"{many['p50_ms']:.0f} / {many['p95_ms']:.0f} ms"),
    ]
    print(markdown_table(("measure", "value"), rows))


if __name__ == "__main__":
    sys.exit(main())
