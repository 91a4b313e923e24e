"""`python -m qa "question"`: print the answer and its citations (`--json` for machine output)."""

from __future__ import annotations

import argparse
import json
import sys


def main(argv: list[str] | None = None) -> int:
    "Answer one question from the index."
    parser = argparse.ArgumentParser(prog="python -m qa", description="Ask the indexed earnings calls a question.")
    parser.add_argument("question")
    parser.add_argument("--json", action="store_true", help="print the Answer as JSON")
    for name in ("company", "period", "speaker", "role", "firm", "section", "transcript-id"):
        parser.add_argument(f"--{name}", help=f"only turns with this {name.replace('-', ' ')}")
    args = parser.parse_args(argv)

    from index import Config, ConfigError, IndexUnavailable
    from index.library import ensure_sample
    from index.offline import go_offline

    from .engine import Earshot

    go_offline()
    try:
        engine = Earshot(Config.from_env())
        ensure_sample(engine.store)
        filters = {k: getattr(args, k) for k in ("company", "period", "speaker", "role", "firm", "section", "transcript_id")}
        answer = engine.ask(args.question, **filters)
    except (ConfigError, IndexUnavailable) as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2
    if args.json:
        print(json.dumps(answer.to_dict(), ensure_ascii=False, indent=2))
        return 0
    print(answer.text)
    if answer.note:
        print(f"\nnote: {answer.note}")
    if answer.filters:
        print(f"\nfilters: {answer.scope_line()}")
    for c in answer.citations:
        print(f"\n[{c.marker}] {c.label()}\n    \"{c.quote}\"")
    print(f"\n({answer.mode})")
    return 0


if __name__ == "__main__":
    sys.exit(main())
