"""`python -m bench.layouts ROOT`: load real files of every layout from local copies of the public corpora
(bench/corpus.py says where they come from and what is held out) and report what the ingest report says:
layout detected, company, period and date found (and from where), turns, named speakers, sections, warnings."""

from __future__ import annotations

import argparse
import statistics
import sys
from collections import Counter
from pathlib import Path

from ingest import TranscriptError, parse_transcript
from ingest.report import describe

from .corpus import SOURCES, files


def run(root: Path, limit: int | None, show: int) -> list[dict]:
    "One row per layout."
    rows = []
    for layout in dict.fromkeys(s.layout for s in SOURCES):
        stats: Counter[str] = Counter()
        turns, named, examples = [], [], []
        for name, data in files(root, layout, limit):
            stats["files"] += 1
            try:
                t = parse_transcript(data, name)
                report = describe(t)
            except TranscriptError as exc:
                stats["rejected"] += 1
                examples.append(f"  rejected {exc}")
                continue
            stats["loaded"] += 1
            stats[f"layout {t.format.split(' ')[0]}"] += 1
            for fact in ("company", "period", "date"):
                stats[f"{fact} from {t.source_of(fact) or 'nowhere'}"] += 1
            stats["with warnings"] += bool(report.warnings)
            turns.append(len(t.turns))
            named.append(len(report.named_speakers))
            stats["two sections"] += len(report.sections) == 2
            if len(examples) < show:
                examples.append(f"  {report.line()}")
        rows.append({"layout": layout, "stats": stats, "turns": turns, "named": named, "examples": examples})
    return rows


def main(argv: list[str] | None = None) -> int:
    "Print a table per layout."
    parser = argparse.ArgumentParser(prog="python -m bench.layouts")
    parser.add_argument("root", type=Path, help="folder holding local copies of the corpora (see bench/corpus.py)")
    parser.add_argument("--limit", type=int, default=None, help="files per layout at most")
    parser.add_argument("--show", type=int, default=3, help="report lines to print per layout")
    args = parser.parse_args(argv)
    rows = run(args.root, args.limit, args.show)
    print("| layout | files | loaded | right layout | company from the file / text / file name | period from the file / text / file name / date | median turns | median named speakers | Q&A found |")
    print("|---|---|---|---|---|---|---|---|---|")
    for row in rows:
        s, layout = row["stats"], row["layout"]
        med = lambda xs: statistics.median(xs) if xs else 0  # noqa: E731
        company = " / ".join(str(s[f"company from {k}"]) for k in ("file", "call text", "file name"))
        period = " / ".join(str(s[f"period from {k}"]) for k in ("file", "call text", "file name", "call date"))
        right = s[f"layout {layout}"] + (s["layout sentence-per-line"] if layout == "sentences" else 0)
        print(f"| {layout} | {s['files']} | {s['loaded']} | {right} | {company} | {period} | {med(row['turns'])} | {med(row['named'])} | {s['two sections']} |")
    for row in rows:
        print(f"\n{row['layout']}:")
        print("\n".join(row["examples"]))
    return 0


if __name__ == "__main__":
    sys.exit(main())
