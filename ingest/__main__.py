"""`python -m ingest PATH...`: index transcript files or folders, with a progress bar and a summary.

`--list`, `--remove ID` and `--check [--repair]` look after the index itself."""

from __future__ import annotations

import argparse
import sys
from collections import Counter


def main(argv: list[str] | None = None) -> int:
    "Index the given files and folders; exit 1 if any file was rejected."
    parser = argparse.ArgumentParser(prog="python -m ingest", description="Index earnings-call transcripts into Earshot.")
    parser.add_argument("paths", nargs="*", help="transcript files or folders (.txt, .json, .md, .vtt, .nlp)")
    parser.add_argument("--quiet", action="store_true", help="print only the summary")
    parser.add_argument("--list", action="store_true", help="list the indexed calls")
    parser.add_argument("--remove", metavar="ID", action="append", default=[], help="remove a call by its id (see --list); repeatable")
    parser.add_argument("--check", action="store_true", help="report orphaned chunks, mixed versions, unfinished writes and a stale keyword index")
    parser.add_argument("--repair", action="store_true", help="with --check: fix what it found")
    args = parser.parse_args(argv)
    if not (args.paths or args.list or args.remove or args.check):
        parser.error("give transcript files or folders, or --list, --remove ID or --check")
    if args.repair and not args.check:
        parser.error("--repair goes with --check")

    from index import Config, ConfigError, Store
    from index.library import find_files
    from index.offline import go_offline
    from index.store import IndexUnavailable

    go_offline()
    try:
        config = Config.from_env()
    except ConfigError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2
    try:
        files, problems = find_files(args.paths) if args.paths else ([], [])
        for problem in problems:
            print(f"error: {problem}", file=sys.stderr)
        if args.paths and not files:
            print("error: no transcript files found", file=sys.stderr)
            return 2
        store = Store(config, sweep=not args.check)
        if args.list or args.remove or args.check:
            return _maintain(store, args)
        return _ingest(store, files, args.quiet) or (1 if problems else 0)
    except IndexUnavailable as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2


def _maintain(store, args) -> int:
    "--list, --remove and --check [--repair]."
    from index.maintain import check, repair

    status = 0
    for transcript_id in args.remove:
        if store.remove(transcript_id):
            print(f"removed   {transcript_id}")
        else:
            print(f"error: {transcript_id}: no such call in the index at {store.describe()} (see --list)", file=sys.stderr)
            status = 1
    if args.remove:
        _update_keyword_index(store)
    if args.list:
        calls = store.calls()
        rows = [("id", "company", "ticker", "period", "date", "layout", "turns", "chunks")]
        rows += [(c.id, c.company, c.ticker, c.period, c.date, c.format, str(c.turns), str(c.chunks)) for c in calls]
        widths = [max(len(r[i]) for r in rows) for i in range(len(rows[0]))]
        for row in rows:
            print("  ".join(v.ljust(w) for v, w in zip(row, widths)).rstrip())
        print(f"{len(calls)} calls, {store.chunk_count()} chunks in {store.describe()}")
    if args.check:
        problems = check(store)
        for problem in problems:
            print(problem.line())
        if not problems:
            print(f"ok: {len(store.calls())} calls, {store.chunk_count()} chunks, nothing to repair")
        elif args.repair:
            for line in repair(store, problems):
                print(f"repaired  {line}")
            left = check(store)
            for problem in left:
                print(f"still     {problem.line()}")
            status = max(status, 1 if left else 0)
        else:
            print(f"{len(problems)} problem(s); run with --repair to fix them", file=sys.stderr)
            status = 1
    return status


def _update_keyword_index(store) -> None:
    "Bring the saved keyword index up to date now (only changed calls are read), so the next question need not."
    from index import Retriever

    Retriever(store).keyword_index()


def _ingest(store, files, quiet: bool) -> int:
    "Index files with a progress bar; 1 if any was rejected."
    from index.library import ingest_files
    from tqdm import tqdm

    bar = tqdm(total=len(files), unit="file", desc="ingest", disable=quiet, file=sys.stderr)

    def on_file(result) -> None:
        bar.update(1)
        if result.status == "rejected":
            bar.write(result.line(), file=sys.stderr)
        elif not quiet and result.status != "unchanged":
            bar.write(result.line())

    results = ingest_files(store, files, on_file)
    bar.close()
    if any(r.status in ("added", "replaced") for r in results):
        _update_keyword_index(store)
    counts = Counter(r.status for r in results)
    summary = ", ".join(f"{counts[s]} {s}" for s in ("added", "replaced", "unchanged", "rejected"))
    calls = store.calls()
    print(f"{summary}; index at {store.describe()} holds {len(calls)} calls, {sum(c.chunks for c in calls)} chunks")
    return 1 if counts["rejected"] else 0


if __name__ == "__main__":
    sys.exit(main())
