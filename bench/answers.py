"""`python -m bench.answers`: the golden questions through the answer modes, scored on what an analyst cares about.

Prints per mode: questions answered (and unanswerable ones refused), answers stating every expected figure,
citation precision (cited turns that are gold turns), the rate of figures in answers not found in the turns they
cite, and latency. The generative mode runs only when OPENAI_API_KEY (and OPENAI_BASE_URL for a local server) is set.
"""

from __future__ import annotations

import argparse
import dataclasses
import json
import statistics
import sys
import tempfile
import time
from pathlib import Path

from .common import OUT_DIR, markdown_table
from .retrieval import build_engine, load_golden


def evaluate(engine, questions: list[dict]) -> dict:
    "Score one engine's answers to the golden questions."
    from index.text import normalize
    from qa.checks import check

    answered = refused = with_figures = figures_ok = cited = cited_gold = numbers = unsupported = 0
    times = []
    misses = []
    for q in questions:
        start = time.perf_counter()
        answer = engine.ask(q["q"])
        times.append((time.perf_counter() - start) * 1000)
        if not q["turns"]:
            refused += not answer.answered
            continue
        answered += answer.answered
        if q.get("figures"):
            with_figures += 1
            text = normalize(answer.text)
            ok = all(normalize(f) in text for f in q["figures"])
            figures_ok += ok
            if not ok:
                misses.append(f"figures {q['figures']} not in: {q['q']} -> {answer.text[:160]}")
        gold = {(q["call"], t) for t in q["turns"]}
        cited += len(answer.citations)
        cited_gold += sum((c.transcript_id, c.turn_index) in gold for c in answer.citations)
        # the same figure check the generative mode applies, run on every answer as shown
        sources = [f"{c.company} {c.period or ''} {c.date or ''} {c.text}" for c in sorted(answer.citations, key=lambda c: c.marker)]
        result = check(answer.text, sources, q["q"]).checks
        numbers += result["numbers_checked"]
        unsupported += result["unsupported_numbers"]
    answerable = [q for q in questions if q["turns"]]
    times.sort()
    return {
        "answered": f"{answered}/{len(answerable)}",
        "refused (unanswerable)": f"{refused}/{len(questions) - len(answerable)}",
        "all expected figures stated": f"{figures_ok}/{with_figures}",
        "citation precision": f"{cited_gold / cited:.2f}" if cited else "-",
        "unsupported-figure rate": f"{unsupported / numbers:.3f} ({unsupported}/{numbers})" if numbers else "-",
        "latency p50 / p95 (ms)": f"{statistics.median(times):.0f} / {times[int(0.95 * (len(times) - 1))]:.0f}",
        "_misses": misses,
    }


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench.answers", description=__doc__.splitlines()[0])
    parser.add_argument("--misses", action="store_true", help="list answers missing an expected figure")
    args = parser.parse_args(argv)

    from index import Config
    from index.offline import go_offline
    from qa import Earshot

    go_offline()
    golden = load_golden()
    env = Config.from_env()
    with tempfile.TemporaryDirectory() as scratch:
        extractive = build_engine(golden, Path(scratch))
        extractive.ask("warm-up")
        modes = {"extractive": extractive}
        if env.llm_enabled:
            config = dataclasses.replace(extractive.config, openai_api_key=env.openai_api_key, openai_base_url=env.openai_base_url, llm_model=env.llm_model)
            modes[f"generative ({env.llm_model})"] = Earshot(config, store=extractive.store)
        results = {name: evaluate(engine, golden["questions"]) for name, engine in modes.items()}
    measures = [k for k in next(iter(results.values())) if not k.startswith("_")]
    print(markdown_table(("measure", *results), [(m, *(r[m] for r in results.values())) for m in measures]))
    if not env.llm_enabled:
        print("\n(generative mode not run: set OPENAI_API_KEY, and OPENAI_BASE_URL for a local server)")
    if args.misses:
        for name, r in results.items():
            for miss in r["_misses"]:
                print(f"{name}: {miss}")
    OUT_DIR.mkdir(parents=True, exist_ok=True)
    (OUT_DIR / "answers.json").write_text(json.dumps(results, indent=2))
    return 0


if __name__ == "__main__":
    sys.exit(main())
