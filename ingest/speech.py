"""Does a file's text read as a spoken call? Every reader finds turns in almost any prose: a licence, a manual or a
program read as paragraphs of unlabelled text is "a call" of a few dozen turns. So whatever the layout, the text of
the turns a reader found must read as speech before the call is attributed and indexed.

A binary logistic model over how often each word is said (the square root of its share of the text's words) and the
share of tokens that are not words (code, tables, numbers), fitted on calls against documents that are not calls:
`python -m ingest.speech --fit CALLS... --against DOCUMENTS...` writes `speech_model.json`. A call talks in the first
person, thanks, thinks and is going to; a document uses, defines, may and shall."""

from __future__ import annotations

import argparse
import math
import re
import sys
from collections import Counter
from datetime import date
from functools import lru_cache
from pathlib import Path

from .fitting import binary_logistic, dump, log_odds, read_weights
from .transcript import TranscriptError

MODEL = Path(__file__).with_name("speech_model.json")
MIN_COUNT = 20  # a word is a feature when this many fitting texts say it
MIN_WORDS = 20  # fewer words than this are too few to judge, and are let through (the readers refuse near-empty files)
# a text is refused only when the model is fairly sure it is not a call: P(call) under 0.27. A refused call is lost to
# the analyst, a document let through is one junk call in the Library, so the bar leans to letting text through.
REFUSE_BELOW = -1.0
_WORD = re.compile(r"[a-z]+(?:'[a-z]+)?")
_PLACEHOLDER = re.compile(r"<[A-Z]+>")  # a dataset's mask for a name (MAEC's <UNK>), not a word said
_PLAIN = re.compile(r"[\"'(\[]*[A-Za-z]+(?:['-][A-Za-z]+)*[.,;:!?\"')\]]*")


def _said(text: str) -> tuple[list[str], list[str]]:
    "The words said (lower-cased, a dataset's name masks left out) and the tokens between spaces."
    text = _PLACEHOLDER.sub(" ", text)
    return _WORD.findall(text.lower()), text.split()


def features(text: str) -> dict[str, float]:
    "The square root of each word's share of the words, the share of tokens that are not words, and a bias."
    return _features(*_said(text))


def _features(words: list[str], tokens: list[str]) -> dict[str, float]:
    f = {"bias": 1.0}
    if not words:
        return f | {"symbols": 1.0}
    f.update({"w:" + w: math.sqrt(k / len(words)) for w, k in Counter(words).items()})
    f["symbols"] = math.sqrt(sum(not _PLAIN.fullmatch(t) for t in tokens) / len(tokens))
    return f


@lru_cache(maxsize=1)
def _weights() -> dict[str, float]:
    return read_weights(MODEL, "speech", "python -m ingest.speech --fit")


def speech_log_odds(text: str, weights: dict[str, float] | None = None) -> float:
    "log P(the text is a call's speech) / P(it is a document), from its words."
    weights = _weights() if weights is None else weights
    return log_odds(weights, features(text))


def check(text: str, name: str) -> None:
    """Raise a TranscriptError naming the file when the text of its turns does not read as speech. Text with fewer than
    MIN_WORDS words is not judged, nor text that is mostly in a script other than Latin (a call in Chinese)."""
    said = _said(text)
    letters = [ch.isascii() for ch in text if ch.isalpha()]
    if len(said[0]) < MIN_WORDS or sum(letters) < 0.5 * len(letters):
        return
    if (z := log_odds(_weights(), _features(*said))) < REFUSE_BELOW:
        p = 1 / (1 + math.exp(-max(z, -30)))
        raise TranscriptError(f"{name}: not a call transcript: its text does not read as speech from a call "
                              f"(as a program, a licence or a manual does; {p:.0%} likely a call)")


def texts(paths: list[Path]) -> list[tuple[str, str]]:
    "(file name, text of the turns a reader finds) for every file in the files and folders given that a reader reads."
    from .loader import MAX_BYTES
    from .readers import decode, read_call

    out = []
    for path in (p for arg in paths for p in (sorted(arg.rglob("*")) if arg.is_dir() else [arg])):
        try:
            if path.is_file() and path.stat().st_size <= MAX_BYTES:
                call = read_call(path, decode(path, path.read_bytes()))
                out.append((path.name, "\n".join(t.text for t in call.turns)))
        except (TranscriptError, OSError):
            continue
    return out


def fit(calls: list[str], documents: list[str], l2: float = 1.0) -> dict[str, float]:
    """Logistic regression of calls against documents over the words said in MIN_COUNT texts or more, each side
    weighing as much in all: the documents, fewer, are repeated to about as many examples as the calls."""
    examples = [(features(t), 1) for t in calls] + [(features(t), 0) for t in documents]
    seen = Counter(k for f, _ in examples for k in f)
    repeat = max(1, round(len(calls) / max(len(documents), 1)))
    rows = [({k: v for k, v in f.items() if seen[k] >= MIN_COUNT}, y) for f, y in examples for _ in range(repeat if y == 0 else 1)]
    return binary_logistic(rows, 1, l2)


def main(argv: list[str] | None = None) -> int:
    "Refit the speech model: calls (any layout) against documents that are not calls."
    parser = argparse.ArgumentParser(prog="python -m ingest.speech")
    parser.add_argument("--fit", nargs="+", type=Path, metavar="CALLS", required=True, help="files or folders of calls (the tune half)")
    parser.add_argument("--against", nargs="+", type=Path, metavar="DOCUMENTS", required=True, help="files or folders of text that is not a call")
    parser.add_argument("--out", type=Path, default=MODEL)
    args = parser.parse_args(argv)
    calls, documents = texts(args.fit), texts(args.against)
    if not calls or not documents:
        print("error: need calls and documents that a reader reads", file=sys.stderr)
        return 2
    meta = {"fitted_on": ", ".join(p.name for p in args.fit), "against": ", ".join(p.name for p in args.against),
            "calls": len(calls), "documents": len(documents), "date": date.today().isoformat()}
    args.out.write_text(dump({"meta": meta, "weights": fit([t for _, t in calls], [t for _, t in documents])}))
    print(f"fitted on {len(calls)} calls against {len(documents)} documents; wrote {args.out}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
