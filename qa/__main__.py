"""`python -m qa "question"`: print the answer and its citations (`--json` for machine output).

With no question it answers one question per line, loading the index once; `--url` asks a running app instead.
"""

from __future__ import annotations

import argparse
import json
import os
import sys

from .types import ANSWERED

# Set once this process has written to the index (the sample indexed on first use): such a run ends normally.
_wrote = False

FILTERS = ("company", "period", "speaker", "role", "firm", "section", "transcript_id", "answered")


def main(argv: list[str] | None = None) -> int:
    "Answer one question, or each line of the input, from the index or from a running app."
    parser = argparse.ArgumentParser(prog="python -m qa", description="Ask the indexed earnings calls a question.")
    parser.add_argument("question", nargs="?", help="the question; without it, one question per line until an empty line or end of input")
    parser.add_argument("--json", action="store_true", help="print the Answer as JSON")
    parser.add_argument("--url", help="ask the Earshot app running at this address (e.g. http://127.0.0.1:7860) instead of opening the index")
    for name in FILTERS[:-1]:
        parser.add_argument(f"--{name.replace('_', '-')}", help=f"only turns with this {name.replace('_', ' ')}")
    parser.add_argument("--answered", choices=list(ANSWERED), help="only exchanges management answered this way")
    args = parser.parse_args(argv)
    filters = {k: getattr(args, k) for k in FILTERS}

    try:
        answer_one = _remote(args.url, filters) if args.url else _local(filters)
    except Exception as exc:  # noqa: BLE001 - only the errors the loaders name are shown, others re-raise
        if not _known(exc):
            raise
        print(f"error: {exc}", file=sys.stderr)
        return 2
    if args.question is not None:
        return _answer(answer_one, args.question, [], args.json)
    interactive = sys.stdin.isatty()
    if interactive:
        print("Ask a question (an empty line or Ctrl-D ends); follow-ups may refer to the previous answers.", file=sys.stderr)
    history: list = []
    status = 0
    while True:
        try:
            line = input("? " if interactive else "")
        except EOFError:
            break
        if not line.strip():
            break
        status = max(status, _answer(answer_one, line, history, args.json))
        if not args.json:
            print("-" * 72)
    return status


def _local(filters: dict):
    "ask() on the index, loaded now (indexing the sample on first use)."
    from index import Config
    from index.library import ensure_sample
    from index.offline import go_offline

    from .engine import Earshot

    global _wrote
    go_offline()
    engine = Earshot(Config.from_env())
    _wrote = bool(list(ensure_sample(engine.store)))
    return lambda question, history: engine.ask(question, history, **filters)


def _remote(url: str, filters: dict):
    "ask() through the app at url (history is kept by the app's own chat, not over the API)."
    from .remote import ask_remote

    return lambda question, history: ask_remote(url, question, filters, auth=os.environ.get("EARSHOT_AUTH"))


def _known(exc: Exception) -> bool:
    "Errors that mean a setting, the index or the app is wrong, as opposed to a bug."
    from .remote import RemoteError

    if isinstance(exc, RemoteError):
        return True
    from index import ConfigError, IndexUnavailable

    return isinstance(exc, (ConfigError, IndexUnavailable))


def _answer(answer_one, question: str, history: list, as_json: bool) -> int:
    "Print one answer; 2 when it could not be had."
    try:
        answer = answer_one(question, history)
    except Exception as exc:  # noqa: BLE001
        if not _known(exc):
            raise
        print(f"error: {exc}", file=sys.stderr)
        return 2
    history.append(answer)
    if as_json:
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


def _exit(status: int) -> None:
    """End the process. After a run that only read the index, skip the interpreter's teardown: unloading
    chromadb, ONNX Runtime and their threads takes a third of a second here, after the answer is printed, and
    nothing is left to save. A run that wrote to the index ends normally."""
    if _wrote:
        sys.exit(status)
    sys.stdout.flush()
    sys.stderr.flush()
    os._exit(status)


if __name__ == "__main__":
    _exit(main())
