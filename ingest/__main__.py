"""`python -m ingest PATH...`: index transcript files or folders, with a progress bar and a summary."""

from __future__ import annotations

import argparse
import sys
from collections import Counter


def main(argv: list[str] | None = None) -> int:
    "Index the given files and folders; exit 1 if any file was rejected."
    parser = argparse.ArgumentParser(prog="python -m ingest", description="Index earnings-call transcripts into Earshot.")
    parser.add_argument("paths", nargs="+", help="transcript files or folders (.txt, .json, .md)")
    parser.add_argument("--quiet", action="store_true", help="print only the summary")
    args = parser.parse_args(argv)

    from index import Config, ConfigError, Store
    from index.library import expand, ingest_files
    from index.offline import go_offline

    go_offline()
    try:
        config = Config.from_env()
    except ConfigError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2
    files = expand(args.paths)
    missing = [p for p in files if not p.exists()]
    for path in missing:
        print(f"error: {path}: no such file or folder", file=sys.stderr)
    files = [p for p in files if p.exists()]
    if not files:
        print("error: no transcript files found", file=sys.stderr)
        return 2
    from tqdm import tqdm

    store = Store(config)
    bar = tqdm(total=len(files), unit="file", desc="ingest", disable=args.quiet, file=sys.stderr)

    def on_file(result) -> None:
        bar.update(1)
        if result.status == "rejected":
            bar.write(result.line(), file=sys.stderr)
        elif not args.quiet and result.status != "unchanged":
            bar.write(result.line())

    results = ingest_files(store, files, on_file)
    bar.close()
    counts = Counter(r.status for r in results)
    summary = ", ".join(f"{counts[s]} {s}" for s in ("added", "replaced", "unchanged", "rejected"))
    print(f"{summary}; index at {store.describe()} holds {len(store.calls())} calls, {store.chunk_count()} chunks")
    return 1 if counts["rejected"] or missing else 0


if __name__ == "__main__":
    sys.exit(main())
