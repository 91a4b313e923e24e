"""`python -m bench.asked DIR`: the analysts' own questions, asked of the calls they were asked on.

DIR holds labelled calls (the corpus halves `python -m bench.corpus --export` writes; tune on its `tune` half,
report its `report` half). Each call is indexed, and every Q&A exchange whose caller asks a question in a sentence of
eight words or more and whose management answers it gives one question: that sentence, as the caller said it, but for
a name addressed at its start ("Tim, can you..."). It is asked of its call with management's turns only (`ask(question,
transcript_id=..., role="executive")`; the caller's own words would otherwise answer it).

A hit: the answer cites a turn of management's answer in that exchange. The call's prepared remarks, or another
exchange, may answer the same question too, so the rate is a floor, and its use is to compare two versions of the
code on the same calls. Beside it, the rate of one management turn of the call chosen at random, and the answers'
share of cited turns that are the exchange's answer.
"""

from __future__ import annotations

import argparse
import json
import re
import sys
import tempfile
import time
from pathlib import Path

from .common import OUT_DIR, markdown_table

MIN_WORDS = 8
_VOCATIVE = re.compile(r"^(?:(?:and|so|okay|ok|great|then|yes|hi|hey|thanks|just|maybe)[\s,]+)*(?:[A-Z][a-z]+(?:\s+(?:and|or)\s+[A-Z][a-z]+)?),\s+(?=[a-z])")
_PLEASANTRY = re.compile(r"\b(?:thank|thanks|congrat\w*|good (?:morning|afternoon|evening)|hi|hello|hey|taking my question|nice quarter|great quarter)\b", re.I)


def question_of(turn_text: str) -> str | None:
    """The caller's first asking sentence of MIN_WORDS or more, without a name addressed at its start, after the
    sentence before it when that one sets it up ("Gross margin fell 30 basis points. Can you give more color on
    that?"), not when it is a pleasantry."""
    from ingest.chunking import split_sentences

    said = [s.strip() for s in split_sentences(turn_text)]
    for i, sentence in enumerate(said):
        if sentence.endswith("?") and len(sentence.split()) >= MIN_WORDS:
            asked = _VOCATIVE.sub("", sentence)
            asked = asked[0].upper() + asked[1:]
            before = said[i - 1] if i else ""
            if len(before.split()) >= MIN_WORDS // 2 and not before.endswith("?") and not _PLEASANTRY.search(before):
                asked = f"{_VOCATIVE.sub('', before)} {asked}"
            return asked
    return None


def exchanges(transcript) -> list[tuple[str, set[int]]]:
    "(question, indexes of management's answer turns) per Q&A exchange that has both."
    by_exchange: dict[int, list] = {}
    for turn in transcript.turns:
        if turn.exchange_id is not None and turn.section == "qa":
            by_exchange.setdefault(turn.exchange_id, []).append(turn)
    out = []
    for turns in by_exchange.values():
        asking = next((t for t in turns if t.role == "analyst"), None)
        if asking is None:
            continue
        answers = {t.index for t in turns if t.role == "executive" and t.index > asking.index}
        if answers and (question := question_of(asking.text)):
            out.append((question, answers))
    return out


def run(folder: Path, n_calls: int | None) -> dict:
    from index import Config, Store
    from ingest import TranscriptError, load_transcript
    from qa import Earshot

    transcripts = []
    for path in sorted(folder.iterdir()):
        if n_calls is not None and len(transcripts) == n_calls:
            break
        try:
            transcripts.append(load_transcript(path))
        except TranscriptError:
            continue
    with tempfile.TemporaryDirectory() as scratch:
        started = time.perf_counter()
        store = Store(Config(index_dir=Path(scratch) / "index", collection="asked"))
        store.add(transcripts)
        ingest_s = time.perf_counter() - started
        engine = Earshot(store.config, store=store)
        asked = hits = answered = 0
        chance = share = 0.0
        misses = []
        started = time.perf_counter()
        for t in transcripts:
            management = [turn.index for turn in t.turns if turn.role == "executive"]
            for question, answer_turns in exchanges(t):
                answer = engine.ask(question, transcript_id=t.id, role="executive")
                cited = [c.turn_index for c in answer.citations]
                asked += 1
                answered += bool(cited)
                hit = any(i in answer_turns for i in cited)
                hits += hit
                share += sum(i in answer_turns for i in cited) / len(cited) if cited else 0.0
                chance += len(answer_turns) / len(management)
                if not hit:
                    misses.append({"call": Path(t.source).name, "question": question, "answer_turns": sorted(answer_turns), "cited": cited})
        ask_s = time.perf_counter() - started
    return {"calls": len(transcripts), "questions": asked, "hits": hits, "answered": answered, "share": share / max(asked, 1),
            "chance": chance / max(asked, 1), "ingest_s": ingest_s, "ask_s": ask_s, "misses": misses}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench.asked", description=__doc__.splitlines()[0])
    parser.add_argument("folder", type=Path, help="a folder of labelled calls")
    parser.add_argument("--calls", type=int, help="the first N calls of the folder, by file name")
    args = parser.parse_args(argv)

    from index.offline import go_offline

    go_offline()
    out = run(args.folder, args.calls)
    n = max(out["questions"], 1)
    print(f"{out['calls']} calls, {out['questions']} questions; indexed in {out['ingest_s']:.0f} s, asked in {out['ask_s']:.0f} s\n")
    print(markdown_table(["system", "cites the exchange's answer", "answered", "share of cited turns in it"], [
        ("Earshot (extractive, management's turns)", f"{out['hits']} ({out['hits'] / n:.3f})", f"{out['answered'] / n:.3f}", f"{out['share']:.3f}"),
        ("one management turn of the call at random", f"{out['chance']:.3f}", "", ""),
    ]))
    OUT_DIR.mkdir(parents=True, exist_ok=True)
    (OUT_DIR / f"asked-{args.folder.name}.json").write_text(json.dumps(out, indent=2))
    print(f"\nmisses: bench/out/asked-{args.folder.name}.json")
    return 0


if __name__ == "__main__":
    sys.exit(main())
