"""`python -m bench.summary ROOT`: how many of the figures in Reuters' bullet summary of a call the call's highlights
state (`qa/highlights.py`, what "Summarize the call" answers offline), beside the first sentences of management's
remarks, the same number of them.

ROOT holds a local copy of rajdeep345/ECTSum. Its `train` split is for tuning (the first 60 calls in the fixed order
of `bench.figures`), `val` is reported (all 249 calls); `test` is held out and never read. A bullet counts when it
states a figure the call also states (`bench.figures.questions`), and it is covered when the summary states that
figure (`bench.figures.hit`)."""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

from .common import OUT_DIR, markdown_table
from .figures import SPLITS, hit, load_split, questions


def lead(transcript, most: int) -> list[str]:
    "The first sentences management says that are no part of the call's script, as many as a summary has."
    from qa.extractive import MANAGEMENT, sentences_of
    from qa.highlights import said_of_the_quarter

    said = [s for t in transcript.turns if t.role in MANAGEMENT for s in sentences_of(t.text)]
    return [s for s in said if said_of_the_quarter(s)][:most]


def run(root: Path, half: str, n_calls: int | None) -> dict:
    from ingest import parse_transcript
    from qa.highlights import MOST, highlights

    calls = load_split(root, SPLITS[half])
    chosen, qs = questions(calls, n_calls)
    summaries = {}
    for name in chosen:
        transcript = parse_transcript(calls[name][0].encode("utf-8"), name)
        summaries[name] = {"Earshot highlights": " ".join(s for _, _, s in highlights(transcript)),
                           f"first {MOST} sentences": " ".join(lead(transcript, MOST))}
    results = {system: sum(hit(summaries[q.call][system], q.figure) for q in qs) for system in next(iter(summaries.values()))}
    return {"calls": len(chosen), "bullets": len(qs), "covered": results}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench.summary", description=__doc__.splitlines()[0])
    parser.add_argument("root", type=Path, help="folder holding a local copy of rajdeep345/ECTSum")
    parser.add_argument("--half", choices=sorted(SPLITS), default="report", help="tune (ECTSum train) or report (ECTSum val)")
    parser.add_argument("--calls", type=int, help="the first N calls of the fixed order (default: all of val, 60 of train)")
    args = parser.parse_args(argv)
    n_calls = args.calls if args.calls is not None or args.half == "report" else 60
    out = run(args.root, args.half, n_calls)
    print(f"ECTSum {SPLITS[args.half]} ({args.half} half): {out['calls']} calls, {out['bullets']} bullets stating a figure the call states\n")
    rows = [(system, f"{n} ({n / out['bullets']:.2f})") for system, n in out["covered"].items()]
    print(markdown_table(["summary", "bullets whose figure it states"], rows))
    OUT_DIR.mkdir(parents=True, exist_ok=True)
    (OUT_DIR / f"summary-{args.half}.json").write_text(json.dumps(out, indent=2))
    return 0


if __name__ == "__main__":
    sys.exit(main())
