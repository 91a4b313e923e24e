"""Which office an executive's words come from: the chief financial officer's or the chief executive's. The CFO
talks margins, tax rates, cash flow and guidance, the CEO customers, strategy and the team; so in a call whose
roster names one of each, an answer's words are evidence for one of the two (`evidence.office_voice`).

A binary logistic model over the words a unit uses and the pairs of words it says in a row, fitted on the
executives' turns of the tune half of the labelled corpus whose speaker's title names one of the two offices:
`python -m ingest.office --fit FOLDER` writes `office_model.json`."""

from __future__ import annotations

import math
import re
import sys
from functools import lru_cache
from pathlib import Path

from .fitting import binary_logistic, log_odds, read_weights, refit

MODEL = Path(__file__).with_name("office_model.json")
MIN_COUNT = 25  # a feature is kept when this many examples of the fitting set have it
_WORD = re.compile(r"[a-z']+|\d+|%|\$")
_CFO = re.compile(r"\bfinanc|\bCFO\b|\btreasurer\b", re.I)
_CEO = re.compile(r"\bchief executive|\bCEO\b", re.I)


def office(title: str | None) -> str | None:
    "'CFO' or 'CEO' when the title names one of the two offices and not both, else None."
    cfo, ceo = bool(title and _CFO.search(title)), bool(title and _CEO.search(title))
    return "CFO" if cfo and not ceo else "CEO" if ceo and not cfo else None


def office_features(text: str) -> dict[str, float]:
    "The words of a unit and the pairs said in a row, once each, and its length."
    words = _WORD.findall(text.lower())
    f = {"bias": 1.0}
    f.update({"w:" + w: 1.0 for w in words})
    f.update({"b:" + a + " " + b: 1.0 for a, b in zip(words, words[1:])})
    f["len"] = math.log1p(len(words)) / 5
    return f


@lru_cache(maxsize=1)
def _weights() -> dict[str, float]:
    return read_weights(MODEL, "office", "python -m ingest.office --fit")


def cfo_log_odds(text: str, weights: dict[str, float] | None = None) -> float:
    "log P(the CFO says it) / P(the CEO says it), from the unit's words alone."
    weights = _weights() if weights is None else weights
    return log_odds(weights, office_features(text))


def examples(call) -> list[tuple[dict[str, float], int]]:
    "(features, 1 for the CFO, 0 for the CEO) for each executive turn of a labelled call whose title names one office."
    out = []
    for t in call.turns:
        if t.role == "executive" and (kind := office(t.title)) is not None:
            out.append((office_features(" ".join(t.text.split())), int(kind == "CFO")))
    return out


# the penalty: fitted on 577 tune calls and scored on the executives' Q&A turns of 146 other tune calls, 4 / 16 / 64 / 128
# / 256 gave log loss 0.610 / 0.547 / 0.534 / 0.538 / 0.546 (accuracy 0.72-0.73; CEO for every turn: 0.64)
L2 = 64.0


def fit(rows: list[tuple[dict[str, float], int]], l2: float = L2) -> dict[str, float]:
    "Logistic regression over the features seen in MIN_COUNT examples or more (`fitting.binary_logistic`)."
    return binary_logistic(rows, MIN_COUNT, l2)


def main(argv: list[str] | None = None) -> int:
    "Refit the office model on labelled calls (the tune half only)."
    return refit(argv, "python -m ingest.office", MODEL, examples, fit,
                 lambda rows: {"offices": {"CFO": sum(y for _, y in rows), "CEO": sum(1 - y for _, y in rows)}})


if __name__ == "__main__":
    sys.exit(main())
