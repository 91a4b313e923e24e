"""What a unit's own wording says about the speaker's role: a multinomial logistic model over the words it opens and
closes with, the words it uses, its length, its questions and how much it says "we", "you" and "I". Callers say
"you" and ask; management says "we" and answers; the operator announces and instructs; investor relations opens,
hands over and closes.

The model is one more cue for the decoder (`evidence.wording`), weighed with the sequence of the whole call. It is
fitted on the tune half of the labelled corpus only: `python -m ingest.wording --fit FOLDER` writes
`wording_model.json`, every turn of every call and each paragraph of a long turn being one example."""

from __future__ import annotations

import json
import math
import re
import sys
from collections import Counter
from functools import lru_cache
from pathlib import Path

from .fitting import design, refit

MODEL = Path(__file__).with_name("wording_model.json")
ROLES = ("analyst", "executive", "host", "operator")
MIN_COUNT = 25  # a feature is kept when this many examples of the fitting set have it
_WORD = re.compile(r"[a-z']+|\?|\d+")
_PRONOUNS = {"we": ("we", "our", "us", "we're", "we've", "we'll"), "you": ("you", "your", "you're", "guys"), "i": ("i", "my", "i'm", "i'd", "i'll")}


def _length(n: int) -> str:
    return "1" if n <= 3 else "2" if n <= 8 else "3" if n <= 20 else "4" if n <= 60 else "5"


def wording_features(text: str) -> dict[str, float]:
    "The features of a unit's text."
    words = _WORD.findall(text.lower())
    f = {"bias": 1.0}
    for n in (1, 2, 3):
        if len(words) >= n:
            f[f"o{n}:" + " ".join(words[:n])] = 1.0
    f.update({"w:" + w: 1.0 for w in words})
    f.update({"e:" + w: 1.0 for w in words[-4:]})
    f["len:" + _length(len(words))] = 1.0
    f["q:" + str(min(text.count("?"), 3))] = 1.0
    if text.rstrip().endswith("?"):
        f["ends?"] = 1.0
    counts, n = Counter(words), max(len(words), 1)
    for key, forms in _PRONOUNS.items():
        f["rate:" + key] = 10 * sum(counts[w] for w in forms) / n
    return f


@lru_cache(maxsize=1)
def _fitted() -> dict:
    try:
        data = json.loads(MODEL.read_text())
        assert tuple(data["meta"]["role_order"]) == ROLES and set(data["meta"]["roles"]) == set(ROLES)
        counts = data["meta"]["roles"]
        data["base_rates"] = {role: counts[role] / sum(counts.values()) for role in ROLES}  # read for every unit
        return data
    except (OSError, ValueError, KeyError, AssertionError) as exc:
        raise RuntimeError(f"the wording model {MODEL.name} is missing or unreadable ({exc!r}); refit it with python -m ingest.wording --fit") from exc


def _model() -> dict[str, list[float]]:
    return _fitted()["weights"]


def base_rates() -> dict[str, float]:
    "How often each role spoke in the examples the model was fitted on."
    return _fitted()["base_rates"]


def role_probabilities(text: str, weights: dict[str, list[float]] | None = None) -> dict[str, float]:
    "P(role | the unit's wording) for each role."
    weights = _model() if weights is None else weights
    a = b = c = d = 0.0  # one score per role, in ROLES order
    for key, value in wording_features(text).items():
        if (w := weights.get(key)) is not None:
            a, b, c, d = a + value * w[0], b + value * w[1], c + value * w[2], d + value * w[3]
    z = (a, b, c, d)
    top = max(z)
    e = [math.exp(x - top) for x in z]
    return {role: x / sum(e) for role, x in zip(ROLES, e)}


@lru_cache(maxsize=8192)
def roles_of(text: str) -> dict[str, float]:
    """`role_probabilities` under the installed model, kept: the role evidence, the office cue's gate and the seam
    model all read the same units. The dict is shared, so it is read, never changed."""
    return role_probabilities(text)


def examples(turns: list[tuple[str, str]]) -> list[tuple[dict[str, float], str]]:
    "(features, role) for each labelled (role, text) turn, and for each paragraph of a turn written in several."
    from .render import paragraphs

    out = []
    for role, text in turns:
        if role not in ROLES:
            continue
        parts = paragraphs(text)
        for piece in ([text] + parts if len(parts) > 1 else [text]):
            out.append((wording_features(" ".join(piece.split())), role))
    return out


def fit(rows: list[tuple[dict[str, float], str]], l2: float = 1.0) -> dict[str, list[float]]:
    "Multinomial logistic regression (L2, bias unpenalised) by L-BFGS over features seen in MIN_COUNT examples or more."
    import numpy as np
    from scipy.optimize import minimize
    from scipy.special import logsumexp

    x, names = design([f for f, _ in rows], MIN_COUNT)
    y = np.zeros((len(rows), len(ROLES)))
    y[np.arange(len(rows)), [ROLES.index(r) for _, r in rows]] = 1.0
    penalty = np.full((len(names), 1), l2)
    penalty[names.index("bias")] = 0.0
    shape = (len(names), len(ROLES))

    def loss(flat):
        w = flat.reshape(shape)
        z = x @ w
        norm = logsumexp(z, axis=1, keepdims=True)
        value = float(np.sum(norm) - np.sum(z * y) + 0.5 * np.sum(penalty * w * w))
        grad = x.T @ (np.exp(z - norm) - y) + penalty * w
        return value, grad.ravel()

    w = minimize(loss, np.zeros(shape).ravel(), jac=True, method="L-BFGS-B", options={"maxiter": 3000}).x.reshape(shape)
    return {k: [round(float(v), 3) for v in row] for k, row in zip(names, w) if np.abs(row).max() >= 0.005}


def main(argv: list[str] | None = None) -> int:
    "Refit the wording model on labelled calls (the tune half only)."
    return refit(argv, "python -m ingest.wording", MODEL, lambda call: examples([(t.role, t.text) for t in call.turns]),
                 fit, lambda rows: {"roles": dict(Counter(r for _, r in rows)), "role_order": list(ROLES)})


if __name__ == "__main__":
    sys.exit(main())
