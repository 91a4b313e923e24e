"""What the fitted models of `ingest/` share: their examples as a sparse design matrix over the features seen often
enough. Fitting needs numpy and scipy (installed with the embedding model); reading a fitted model does not."""

from __future__ import annotations

import argparse
import json
import sys
from collections import Counter
from datetime import date
from pathlib import Path
from typing import Callable


def design(features: list[dict[str, float]], min_count: int):
    "(matrix, feature names) over the features that appear in at least `min_count` examples; 'bias' is always kept."
    from scipy import sparse

    counts = Counter(k for f in features for k in f)
    names = sorted(k for k, n in counts.items() if n >= min_count or k == "bias")
    column = {k: j for j, k in enumerate(names)}
    data, ind, ptr = [], [], [0]
    for f in features:
        for k, v in f.items():
            if k in column:
                ind.append(column[k])
                data.append(v)
        ptr.append(len(ind))
    return sparse.csr_matrix((data, ind, ptr), shape=(len(features), len(names))), names


def binary_logistic(rows: list[tuple[dict[str, float], int]], min_count: int, l2: float, maxiter: int = 3000) -> dict[str, float]:
    """L2-regularised logistic regression (bias unpenalised) by L-BFGS over the features seen in `min_count` examples
    or more; weights that round to zero are dropped."""
    import numpy as np
    from scipy.optimize import minimize

    x, names = design([f for f, _ in rows], min_count)
    y = np.array([t for _, t in rows], dtype=float)
    penalty = np.full(len(names), l2)
    penalty[names.index("bias")] = 0.0

    def loss(w):
        z = x @ w
        p = 1 / (1 + np.exp(-np.clip(z, -30, 30)))
        value = float(np.sum(np.logaddexp(0, z) - y * z) + 0.5 * np.sum(penalty * w * w))
        return value, x.T @ (p - y) + penalty * w

    w = minimize(loss, np.zeros(len(names)), jac=True, method="L-BFGS-B", options={"maxiter": maxiter}).x
    return {k: round(float(v), 3) for k, v in zip(names, w) if abs(v) >= 0.005}


def read_weights(model: Path, what: str, command: str) -> dict[str, float]:
    "A fitted logistic model's weights from its file, or a RuntimeError naming the file and how to refit it."
    try:
        return json.loads(model.read_text())["weights"]
    except (OSError, ValueError, KeyError) as exc:
        raise RuntimeError(f"the {what} model {model.name} is missing or unreadable ({exc!r}); refit it with {command}") from exc


def log_odds(weights: dict[str, float], features: dict[str, float]) -> float:
    "A logistic model's log odds for one example (features it does not weigh count as 0)."
    return sum(weights.get(k, 0.0) * v for k, v in features.items())


def boosted_trees(x, y, names: list[str], trees: int, leaves: int, rate: float, l2: float = 0.0) -> dict:
    """Gradient-boosted trees (scikit-learn's, installed with the embedding model) on a dense matrix `x` whose columns
    are `names`: each tree one entry, its nodes [feature, threshold, left, right] or a leaf's [value]; below the
    threshold goes left. Thresholds are kept unrounded: rounded, a split between two close values can send a value
    to the wrong side. Reads the layout of scikit-learn's fitted trees, which is not public API (hence its pin)."""
    import numpy as np
    from sklearn.ensemble import HistGradientBoostingClassifier

    model = HistGradientBoostingClassifier(max_iter=trees, learning_rate=rate, max_leaf_nodes=leaves, l2_regularization=l2,
                                           early_stopping=False, random_state=0)
    model.fit(x, np.asarray(y))
    out: dict = {"features": list(names), "baseline": round(float(np.ravel(model._baseline_prediction)[0]), 6)}
    for t, (predictor,) in enumerate(model._predictors):
        out[f"tree:{t:03d}"] = [[round(float(n["value"]), 6)] if n["is_leaf"] else
                                [int(n["feature_idx"]), float(n["num_threshold"]), int(n["left"]), int(n["right"])]
                                for n in predictor.nodes]
    return out


class Forest:
    "Fitted trees (`boosted_trees`) read with numpy: each node's feature, threshold and children, and each leaf's value."

    def __init__(self, weights: dict) -> None:
        import numpy as np

        self.column = {name: j for j, name in enumerate(weights["features"])}
        self.baseline = float(weights["baseline"])
        self.trees = []
        for key in sorted(k for k in weights if k.startswith("tree:")):
            nodes = weights[key]
            split = [n if len(n) == 4 else [0, 0.0, 0, 0] for n in nodes]
            self.trees.append((np.array([len(n) == 1 for n in nodes]), np.array([n[0] for n in split]), np.array([n[1] for n in split]),
                               np.array([n[2] for n in split]), np.array([n[3] for n in split]), np.array([n[0] if len(n) == 1 else 0.0 for n in nodes])))

    def p(self, rows: list[dict[str, float]]) -> list[float]:
        "The fitted probability for each row (features it does not read count as 0)."
        import numpy as np

        x = np.zeros((len(rows), len(self.column)))
        for i, f in enumerate(rows):
            for k, v in f.items():
                if (j := self.column.get(k)) is not None:
                    x[i, j] = v
        z, at = np.full(len(rows), self.baseline), np.arange(len(rows))
        for leaf, feature, threshold, left, right, value in self.trees:
            node = np.zeros(len(rows), dtype=int)
            while not leaf[node].all():
                node = np.where(leaf[node], node, np.where(x[at, feature[node]] <= threshold[node], left[node], right[node]))
            z += value[node]
        return [float(v) for v in 1 / (1 + np.exp(-np.clip(z, -30, 30)))]


def dump(body: dict) -> str:
    """A model file: its meta, then one weight per line (a multinomial weight's numbers on that line), so a refit
    diffs line by line (the wording model: 544 KB, against 728 KB written by json's indent, one number a line)."""
    weights = ",\n".join(f"  {json.dumps(k)}: {json.dumps(v, separators=(', ', ': '))}" for k, v in sorted(body["weights"].items()))
    return "{\n" + f' "meta": {json.dumps(body["meta"], sort_keys=True)},\n "weights": {{\n{weights}\n }}\n}}\n'


def refit(argv: list[str] | None, prog: str, model: Path, examples: Callable, fit: Callable, about: Callable[[list], dict]) -> int:
    """The `--fit FOLDER...` command of a fitted model: `examples(call)` gives a labelled call's rows, `fit(rows)`
    the weights, `about(rows)` what the model file says of them besides where and when it was fitted."""
    from .evaluate import labelled_calls

    parser = argparse.ArgumentParser(prog=prog)
    parser.add_argument("--fit", nargs="+", type=Path, metavar="FOLDER", required=True, help="folders of labelled calls (the tune half)")
    parser.add_argument("--out", type=Path, default=model)
    args = parser.parse_args(argv)
    calls = labelled_calls(args.fit)
    rows = [row for call in calls for row in examples(call)]
    if not rows:
        print("error: no labelled calls in " + ", ".join(map(str, args.fit)), file=sys.stderr)
        return 2
    meta = {"fitted_on": ", ".join(p.name for p in args.fit), "calls": len(calls), "examples": len(rows), "date": date.today().isoformat()}
    args.out.write_text(dump({"meta": meta | about(rows), "weights": fit(rows)}))
    print(f"fitted on {len(rows)} examples from {len(calls)} calls; wrote {args.out}")
    return 0
