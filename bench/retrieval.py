"""`python -m bench.retrieval`: Recall@1/3/5 and MRR on the golden questions for four retrievers, side by side.

(a) naive: what a newcomer writes with llama-index: SimpleDirectoryReader over the raw files + a default in-memory
    VectorStoreIndex, same embedding model; a retrieved chunk counts for a gold turn if it contains 8 consecutive
    words of it. (b) BM25 only and (c) dense only: Earshot's two sides alone, no detection of names and periods.
(d) Earshot: hybrid, with names and periods in the question applied as filters, as `ask()` retrieves.
A question is found at k when any of its gold turns is among the first k results.

--distractors N asks the same questions again after N other real calls (MAEC, drawn at random, seed 0) join the index,
so the two tables show in one run what a library of calls costs each retriever.
"""

from __future__ import annotations

import argparse
import json
import re
import sys
import tempfile
from collections import defaultdict
from pathlib import Path

from .common import OUT_DIR, PROJECT_DIR, markdown_table, parse_some

GOLDEN = PROJECT_DIR / "bench" / "golden.json"
KS = (1, 3, 5)
SHINGLE = 8


def load_golden(path: Path = GOLDEN) -> dict:
    return json.loads(path.read_text(encoding="utf-8"))


def build_engine(golden: dict, index_dir: Path, backend: str = "onnx"):
    "A fresh Earshot index over the golden calls (embedded Chroma in a scratch folder), embedding with `backend`."
    from index import Config, Store
    from ingest import load_transcript
    from qa import Earshot

    store = Store(Config(index_dir=index_dir, embed_backend=backend))
    transcripts = [load_transcript(PROJECT_DIR / path) for path in golden["calls"].values()]
    assert {t.id for t in transcripts} == set(golden["calls"]), "golden call ids no longer match the parser's ids"
    store.add(transcripts)
    return Earshot(store.config, store=store)


def _words(text: str) -> list[str]:
    return re.findall(r"[a-z0-9]+", text.lower())


def _shingles(text: str) -> set[tuple[str, ...]]:
    words = _words(text)
    return {tuple(words[i : i + SHINGLE]) for i in range(max(1, len(words) - SHINGLE + 1))}


def naive_ranker(golden: dict, embed_model):
    "The newcomer's pipeline; returns question -> ranked list of chunk texts."
    from llama_index.core import SimpleDirectoryReader, VectorStoreIndex

    documents = SimpleDirectoryReader(input_files=[str(PROJECT_DIR / p) for p in golden["calls"].values()]).load_data()
    index = VectorStoreIndex.from_documents(documents, embed_model=embed_model)
    retriever = index.as_retriever(similarity_top_k=max(KS))
    return lambda question: [n.node.get_content() for n in retriever.retrieve(question)]


def scores(ranks: list[int | None]) -> dict:
    "Recall@k and MRR from the rank (1-based) of the first gold hit per question; None = not found."
    n = len(ranks) or 1
    out = {f"R@{k}": sum(1 for r in ranks if r is not None and r <= k) / n for k in KS}
    out["MRR"] = sum(1 / r for r in ranks if r is not None) / n
    return out


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench.retrieval", description=__doc__.splitlines()[0])
    parser.add_argument("--misses", action="store_true", help="list the questions Earshot misses at 5")
    parser.add_argument("--distractors", type=int, default=0, metavar="N", help="then add N MAEC calls to the index and ask again")
    args = parser.parse_args(argv)

    from index.offline import go_offline

    go_offline()
    golden = load_golden()
    answerable = [q for q in golden["questions"] if q["turns"]]
    with tempfile.TemporaryDirectory() as scratch:
        engine = build_engine(golden, Path(scratch))
        turn_text = {(tid, t.index): t.text for tid in golden["calls"] for t in engine.store.transcript(tid).turns}
        naive = naive_ranker(golden, engine.store.embed_model)

        def turn_rank(keys: list[tuple[str, int]], q: dict) -> int | None:
            gold = {(q["call"], t) for t in q["turns"]}
            return next((i for i, key in enumerate(keys, 1) if key in gold), None)

        systems = {
            "(a) naive llama-index": lambda q: _naive_rank(naive(q["q"]), q, turn_text),
            "(b) BM25 only": lambda q: turn_rank(_keys(engine.retriever.search(q["q"], max(KS), mode="keyword")), q),
            "(c) dense only": lambda q: turn_rank(_keys(engine.retriever.search(q["q"], max(KS), mode="dense")), q),
            "(d) Earshot": lambda q: turn_rank(_keys(engine.retrieve(q["q"], k=max(KS))[2]), q),
        }
        ranks = {name: [rank(q) for q in answerable] for name, rank in systems.items()}
        refused = [q["q"] for q in golden["questions"] if not q["turns"] and not engine.ask(q["q"]).answered]
        if args.distractors:
            added = add_distractors(engine.store, args.distractors)
            crowded = {name: [rank(q) for q in answerable] for name, rank in systems.items() if not name.startswith("(a)")}

    rows = [(name, *(f"{v:.2f}" for v in scores(r).values())) for name, r in ranks.items()]
    print(f"{len(answerable)} answerable golden questions over {len(golden['calls'])} calls\n")
    print(markdown_table(("retriever", *(f"R@{k}" for k in KS), "MRR"), rows))
    by_kind = defaultdict(list)
    for q, r in zip(answerable, ranks["(d) Earshot"]):
        by_kind[q["kind"]].append(r)
    print("\nEarshot by kind of question\n")
    print(markdown_table(("kind", "questions", *(f"R@{k}" for k in KS), "MRR"), [(k, len(v), *(f"{x:.2f}" for x in scores(v).values())) for k, v in sorted(by_kind.items())]))
    unanswerable = [q for q in golden["questions"] if not q["turns"]]
    print(f"\nunanswerable questions refused by ask(): {len(refused)} of {len(unanswerable)}")
    if args.distractors:
        print(f"\nThe same questions after {added} MAEC calls joined the {len(golden['calls'])} golden calls\n")
        rows = [(name, *(f"{v:.2f}" for v in scores(r).values())) for name, r in crowded.items()]
        print(markdown_table(("retriever", *(f"R@{k}" for k in KS), "MRR"), rows))
    if args.misses:
        for q, r in zip(answerable, ranks["(d) Earshot"]):
            if r is None or r > 5:
                print(f"miss: {q['q']} (gold {q['call']} {q['turns']})")
    OUT_DIR.mkdir(parents=True, exist_ok=True)
    results = {name: scores(r) for name, r in ranks.items()} | {"refused": len(refused)}
    if args.distractors:
        results["with_distractors"] = {"calls": added} | {name: scores(r) for name, r in crowded.items()}
    (OUT_DIR / "retrieval.json").write_text(json.dumps(results, indent=2))
    return 0


def add_distractors(store, n: int) -> int:
    "Index n MAEC calls drawn at random (seed 0), skipping the files the parser refuses; returns how many joined."
    from .scale import MAEC

    transcripts = parse_some(sorted(MAEC.glob("*.txt")), n, seed=0)
    store.add(transcripts)
    return len(transcripts)


def _keys(hits) -> list[tuple[str, int]]:
    return [(h.transcript.id, h.turn.index) for h in hits]


def _naive_rank(chunks: list[str], q: dict, turn_text: dict) -> int | None:
    "Rank of the first raw chunk that holds 8 consecutive words of a gold turn."
    gold = [_shingles(turn_text[(q["call"], t)]) for t in q["turns"]]
    for i, chunk in enumerate(chunks, 1):
        have = _shingles(chunk)
        if any(g & have for g in gold):
            return i
    return None


if __name__ == "__main__":
    sys.exit(main())
