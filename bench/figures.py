"""`python -m bench.figures ROOT`: masked-figure questions built from ECTSum's Reuters bullets, asked of real calls.

ROOT holds a local copy of rajdeep345/ECTSum (see bench/corpus.py). Its `train` split is for tuning, `val` is
reported; `test` is held out and never read.

The question rules:
1. Calls: the split's calls in a fixed order (sorted by a hash of the file name), the first N (`--calls`), or the N
   after the first S (`--skip S`: on `train`, `--skip 60 --calls 240` is a second, wider tuning set). By default
   the whole `val` split (249 calls) is reported, and the first 60 calls of `train` are tuned on.
2. Bullets: each line of the call's Reuters summary that states a figure. "compname says (that)" is dropped (the
   dataset's stand-in for the company) and "mln"/"bln" read as million/billion.
3. The figure: the first number in the bullet that is not a year, a quarter ("q3", "fy 2021"), a day of the month
   ("december 31"), part of a name ("covid-19") or of a word ("fy'22", "4q20", "2nd"), with its currency sign and
   scale word. It is replaced by "how much" and the bullet ends in "?".
   Bullets whose figure is not stated anywhere in the call (Reuters computed or rounded it) are left out: no system
   could quote it.
4. Scoped: the question is asked of its call alone. Library-wide: every call of the run is indexed together, and the
   question names the call's ticker and quarter ("At OMC, for q2 2021: ...").
5. A hit: the answer states the masked figure (5.3 billion = 5,300 million; "$1.40" = "1.40").

Systems, each giving an answer text of about the same length:
- Earshot (`ask()`, extractive), with a transcript_id filter (scoped) or none (library-wide);
- BM25 over the call's sentences (scoped) or all calls' sentences (library-wide), top 3 sentences;
- the naive llama-index pipeline (SimpleDirectoryReader, VectorStoreIndex, default chunking), top 3 chunks.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import re
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

from .common import OUT_DIR, markdown_table
from .corpus import _locate

REPO = "rajdeep345/ECTSum"
SPLITS = {"tune": "train", "report": "val"}  # the test split is held out
_SCALE_WORDS = r"(?:\s*(?:million|billion|thousand|trillion|percent|pct|cents?|basis points|bps|%))?"
# not part of a name or a word ("covid-19", "fy'22", "4q20", "2nd"); atomic, so "5 millions" is no "5"
_FIGURE = re.compile(r"(?<![\w.'’-])(?>(\$|rmb\s?|€|£)?(\d{1,3}(?:,\d{3})+|\d+)(\.\d+)?" + _SCALE_WORDS + r")(?![\w'’])", re.I)
_PERIODISH = re.compile(r"^(?:q[1-4]|fy|h[12])$", re.I)
_MONTH = re.compile(r"\b(?:jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|aug(?:ust)?|sept?(?:ember)?|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?)\.?\s*$", re.I)


@dataclass(frozen=True)
class Question:
    call: str  # file name, e.g. OMC_q2_2021.txt
    bullet: str
    figure: str  # as written in the bullet
    scoped: str  # the question asked of the call alone
    library: str  # the question asked of the whole library, naming ticker and quarter


def _git(where: Path, *args: str) -> str:
    return subprocess.run(["git", f"--git-dir={where}", *args], capture_output=True, text=True, check=True).stdout


def load_split(root: Path, split: str) -> dict[str, tuple[str, str]]:
    "file name -> (call text, summary text) for one allowed split."
    if split not in SPLITS.values():
        raise ValueError(f"split {split!r} is not allowed (the test split is held out)")
    found = _locate(root, REPO)
    if found is None:
        raise SystemExit(f"error: no local copy of {REPO} under {root}")
    kind, where = found
    out = {}
    if kind == "tree":
        for path in sorted((where / "data" / "final" / split / "ects").glob("*.txt")):
            out[path.name] = (path.read_text(encoding="utf-8"), (where / "data" / "final" / split / "gt_summaries" / path.name).read_text(encoding="utf-8"))
        return out
    for path in sorted(_git(where, "ls-tree", "-r", "--name-only", "HEAD", "--", f"data/final/{split}/ects").splitlines()):
        name = Path(path).name
        out[name] = (_git(where, "show", f"HEAD:{path}"), _git(where, "show", f"HEAD:data/final/{split}/gt_summaries/{name}"))
    return out


def _clean(bullet: str) -> str:
    bullet = re.sub(r"^\s*compname\s+says\s+(?:that\s+)?", "", bullet.strip(), flags=re.I)
    bullet = re.sub(r"\bcompname\b", "the company", bullet, flags=re.I)
    bullet = re.sub(r"\b(\d)\s*mln\b", r"\1 million", bullet, flags=re.I)
    bullet = re.sub(r"\b(\d)\s*bln\b", r"\1 billion", bullet, flags=re.I)
    return re.sub(r"\bmln\b", "million", re.sub(r"\bbln\b", "billion", bullet, flags=re.I), flags=re.I)


def mask(bullet: str) -> tuple[str, str] | None:
    "(masked question, figure) for a bullet, or None if it states no figure."
    for match in _FIGURE.finditer(bullet):
        number = match.group(2) + (match.group(3) or "")
        before = bullet[: match.start()].rstrip().split(" ")[-1] if bullet[: match.start()].strip() else ""
        if re.fullmatch(r"(?:19|20)\d\d", number) or _PERIODISH.match(before) or bullet[match.end() : match.end() + 1] == "-":
            continue
        if _MONTH.search(bullet[: match.start()]):
            continue  # a day: "as of december 31, 2020"
        question = (bullet[: match.start()] + "how much" + bullet[match.end() :]).strip().rstrip(".") + "?"
        return question, match.group(0).strip()
    return None


def questions(calls: dict[str, tuple[str, str]], n_calls: int | None, skip: int = 0) -> tuple[list[str], list[Question]]:
    "The calls chosen and their questions, by the rules in the module's docstring."
    from qa.checks import figures, supported

    chosen = sorted(calls, key=lambda name: hashlib.sha1(name.encode()).hexdigest())[skip : None if n_calls is None else skip + n_calls]
    out = []
    for name in chosen:
        text, summary = calls[name]
        stated = figures(text)
        ticker, quarter, year = (name.rsplit(".", 1)[0].split("_") + ["", "", ""])[:3]
        for line in summary.splitlines():
            bullet = _clean(line)
            masked = mask(bullet)
            if not masked:
                continue
            question, figure = masked
            wanted = figures(figure)
            if not wanted or not supported(wanted[0], stated):
                continue
            out.append(Question(name, bullet, figure, question, f"At {ticker}, for {quarter} {year}: {question}"))
    return chosen, out


def hit(answer: str, figure: str) -> bool:
    "Does the answer state the masked figure?"
    from qa.checks import figures, supported

    wanted = figures(figure)
    return bool(wanted) and supported(wanted[0], figures(answer))


def _bm25(sentences: list[tuple[str, str]]):
    "BM25 over (call, sentence) pairs; returns (question, call or None) -> top-3 sentences joined."
    import numpy as np

    from index.bm25 import BM25
    from index.text import tokens

    model = BM25.build([tokens(s) or ["_"] for _, s in sentences])
    calls = np.array([c for c, _ in sentences], dtype=object)

    def top3(question: str, call: str | None) -> str:
        query = [t for t in tokens(question) if t in model.vocab]
        if not query:
            return ""
        docs, scores = model.top(query, 3, None if call is None else (calls == call).astype(np.float32))
        return " ".join(sentences[int(d)][1] for d, s in zip(docs, scores) if s > 0)

    return top3


def run(root: Path, half: str, n_calls: int | None, naive: bool, limit: int | None, skip: int = 0) -> dict:
    from index import Config, Store
    from ingest import parse_transcript
    from qa import Earshot

    calls = load_split(root, SPLITS[half])
    chosen, qs = questions(calls, n_calls, skip)
    qs = qs[:limit] if limit else qs
    with tempfile.TemporaryDirectory() as scratch:
        started = time.perf_counter()
        store = Store(Config(index_dir=Path(scratch) / "index", collection="figures"))
        transcripts = {name: parse_transcript(calls[name][0].encode("utf-8"), name) for name in chosen}
        store.add(list(transcripts.values()))
        ingest_s = time.perf_counter() - started
        engine = Earshot(store.config, store=store)
        sentences = [(name, s.strip()) for name in chosen for s in calls[name][0].splitlines() if s.strip()]
        bm25 = _bm25(sentences)
        systems = {
            "Earshot": (lambda q: engine.ask(q.scoped, transcript_id=transcripts[q.call].id).text, lambda q: engine.ask(q.library).text),
            "BM25, top 3 sentences": (lambda q: bm25(q.scoped, q.call), lambda q: bm25(q.library, None)),
        }
        if naive:
            from llama_index.core import Document, VectorStoreIndex
            from llama_index.core.vector_stores.types import MetadataFilter, MetadataFilters

            documents = [Document(text=calls[name][0], metadata={"file_name": name}) for name in chosen]
            index = VectorStoreIndex.from_documents(documents, embed_model=store.embed_model)

            def naive_answer(question: str, call: str | None) -> str:
                filters = MetadataFilters(filters=[MetadataFilter(key="file_name", value=call)]) if call else None
                return " ".join(n.node.get_content() for n in index.as_retriever(similarity_top_k=3, filters=filters).retrieve(question))

            systems["naive llama-index, top 3 chunks"] = (lambda q: naive_answer(q.scoped, q.call), lambda q: naive_answer(q.library, None))
        results = {}
        misses = []
        for name, (scoped, library) in systems.items():
            got_scoped = [hit(scoped(q), q.figure) for q in qs]
            got_library = [hit(library(q), q.figure) for q in qs]
            results[name] = (sum(got_scoped) / len(qs), sum(got_library) / len(qs), got_scoped, got_library)
        earshot_scoped, earshot_library = results["Earshot"][2], results["Earshot"][3]
        for q, a, b in zip(qs, earshot_scoped, earshot_library):
            if not (a and b):
                misses.append({"call": q.call, "question": q.scoped, "figure": q.figure, "scoped": a, "library": b})
    return {"calls": len(chosen), "questions": len(qs), "ingest_s": ingest_s, "results": results, "misses": misses}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench.figures", description=__doc__.splitlines()[0])
    parser.add_argument("root", type=Path, help="folder holding a local copy of rajdeep345/ECTSum")
    parser.add_argument("--half", choices=sorted(SPLITS), default="report", help="tune (ECTSum train) or report (ECTSum val)")
    parser.add_argument("--calls", type=int, help="the first N calls of the fixed order (default: all of val, 60 of train)")
    parser.add_argument("--skip", type=int, default=0, help="leave out the first S calls of the fixed order")
    parser.add_argument("--limit", type=int, help="ask only the first N questions")
    parser.add_argument("--no-naive", action="store_true", help="skip the naive llama-index pipeline")
    args = parser.parse_args(argv)

    from index.offline import go_offline

    go_offline()
    n_calls = args.calls if args.calls is not None or args.half == "report" else 60
    out = run(args.root, args.half, n_calls, not args.no_naive, args.limit, args.skip)
    rows = [(name, f"{s:.2f}", f"{lib:.2f}") for name, (s, lib, _, _) in out["results"].items()]
    which = f"calls {args.skip + 1}-{args.skip + out['calls']}" if args.skip else f"{out['calls']} calls"
    print(f"ECTSum {SPLITS[args.half]} ({args.half} half): {which}, {out['questions']} masked-figure questions\n")
    print(markdown_table(["system", "scoped to the call", "library-wide (ticker and quarter named)"], rows))
    OUT_DIR.mkdir(parents=True, exist_ok=True)
    stem = f"figures-{args.half}" + (f"-skip{args.skip}" if args.skip else "")
    (OUT_DIR / f"{stem}.json").write_text(json.dumps({k: v for k, v in out.items() if k != "results"} | {
        "results": {name: {"scoped": s, "library": lib} for name, (s, lib, _, _) in out["results"].items()}
    }, indent=2))
    print(f"\nmisses of Earshot: bench/out/{stem}.json")
    return 0


if __name__ == "__main__":
    sys.exit(main())
