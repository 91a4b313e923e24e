"""Okapi BM25 (Lucene's variant) over tokenised chunks, in numpy: built once, saved, scored per question.

Each (term, chunk) score is computed when the index is built and kept per term (a compressed sparse column
matrix), so scoring a question is one scatter-add per question term. This is how bm25s lays it out, and with the
same parameters, formulas and float32 arithmetic it gives the same scores and the same top k (tested against it
when it was replaced). Having it here keeps scipy, which bm25s imports, off the path of a question: a fifth of a
second of every fresh process.
"""

from __future__ import annotations

import json
from collections import Counter
from pathlib import Path

import numpy as np

K1 = 1.5  # term-frequency saturation
B = 0.75  # length normalisation
FORMAT = 3  # of the saved files and the tokens in them; another number is rebuilt, not read


class Outdated(ValueError):
    "The saved index was written by an earlier version: rebuilt, not an error."


class BM25:
    "Term scores per chunk: for term t, chunks indices[indptr[t]:indptr[t+1]] score data[indptr[t]:indptr[t+1]]."

    def __init__(self, vocab: dict[str, int], data: np.ndarray, indices: np.ndarray, indptr: np.ndarray, docs: int) -> None:
        self.vocab = vocab
        self.data = data
        self.indices = indices
        self.indptr = indptr
        self.docs = docs

    @classmethod
    def build(cls, corpus: list[list[str]]) -> "BM25":
        "The index of these documents (each a list of tokens)."
        vocab: dict[str, int] = {}
        rows, cols, freqs = [], [], []
        lengths = np.zeros(len(corpus), dtype=np.float64)
        for row, doc in enumerate(corpus):
            lengths[row] = len(doc)
            for term, tf in Counter(doc).items():
                rows.append(row)
                cols.append(vocab.setdefault(term, len(vocab)))
                freqs.append(tf)
        rows_a, cols_a = np.array(rows, dtype=np.int32), np.array(cols, dtype=np.int64)
        tf = np.array(freqs, dtype=np.float64)
        df = np.bincount(cols_a, minlength=len(vocab)).astype(np.float64)
        n = len(corpus)
        idf = np.log(1 + (n - df + 0.5) / (df + 0.5)).astype(np.float32)
        average = float(lengths.mean()) if n else 0.0
        # float64 arithmetic rounded to float32 at the end, in bm25s's order of operations
        tfc = tf / (K1 * ((1 - B) + B * lengths[rows_a] / average) + tf)
        scores = (idf[cols_a] * tfc).astype(np.float32)
        order = np.lexsort((rows_a, cols_a))  # by term, then by chunk
        indptr = np.zeros(len(vocab) + 1, dtype=np.int64)
        np.cumsum(np.bincount(cols_a, minlength=len(vocab)), out=indptr[1:])
        return cls(vocab, scores[order], rows_a[order], indptr, n)

    def scores(self, terms: list[str], weights: np.ndarray | None = None) -> np.ndarray:
        "Every chunk's score for these query terms (a repeated term counts again), times weights if given."
        out = np.zeros(self.docs, dtype=np.float32)
        for term in terms:
            t = self.vocab.get(term)
            if t is not None:
                start, end = self.indptr[t], self.indptr[t + 1]
                out[self.indices[start:end]] += self.data[start:end]  # a chunk appears once per term
        if weights is not None:
            out *= weights
        return out

    def top(self, terms: list[str], k: int, weights: np.ndarray | None = None) -> tuple[np.ndarray, np.ndarray]:
        "(chunk positions, scores) of the k best chunks, best first."
        scores = self.scores(terms, weights)
        k = min(k, self.docs)
        if k <= 0:
            return np.zeros(0, dtype=np.int64), np.zeros(0, dtype=np.float32)
        best = np.argpartition(scores, -k)[-k:]
        best = best[np.flip(np.argsort(scores[best]))]
        return best, scores[best]

    def save(self, folder: Path) -> None:
        folder.mkdir(parents=True, exist_ok=True)
        np.savez(folder / "scores.npz", data=self.data, indices=self.indices, indptr=self.indptr)
        (folder / "vocab.json").write_text(json.dumps({"format": FORMAT, "docs": self.docs, "vocab": self.vocab}))

    @classmethod
    def load(cls, folder: Path) -> "BM25":
        "The saved index; ValueError if it is not one this code wrote."
        if not (folder / "vocab.json").is_file():
            raise Outdated("it was saved by an earlier version")
        meta = json.loads((folder / "vocab.json").read_text())
        if meta.get("format") != FORMAT:
            raise Outdated(f"it was saved in another format ({meta.get('format')})")
        with np.load(folder / "scores.npz") as arrays:
            model = cls(meta["vocab"], arrays["data"], arrays["indices"], arrays["indptr"], int(meta["docs"]))
        if len(model.indptr) != len(model.vocab) + 1 or len(model.data) != len(model.indices) or model.indptr[-1] != len(model.data):
            raise ValueError("its arrays do not fit together")
        return model
