"""`python -m bench.evasion GOLD [--phrase-lists DIR]`: the non-answer signal against Gow, Larcker and Zakolyukina's
hand-labelled gold standard, beside their published phrase lists, in one run.

GOLD is a local copy of iangow/non_answer_perf (its `gold_standard.csv` and `gold_standard_text.csv`: 1,796
management responses to analysts, 1,296 train / 500 test, each labelled non-answer or not). The text comes from
StreetEvents transcripts without a stated licence, so it is read from that copy and never stored here.
--phrase-lists is a local copy of iangow/ling_features (its `non_answer/` folder): their regular expressions run
as published, over sentences, as the baseline. A response counts as a non-answer when any sentence matches.

Earshot's signal was tuned on the train split only; the test split is reported. Prints accuracy, precision,
recall and F1 per split for each system, and with --misses the test responses each gets wrong. With --llm, the
signal as the configured model's judge refines it is scored too (prompts/judge.txt; not tuned on either split).
"""

from __future__ import annotations

import argparse
import csv
import re
import sys
from collections import defaultdict
from dataclasses import dataclass
from pathlib import Path

from .common import OUT_DIR, markdown_table


@dataclass(frozen=True)
class Response:
    "One management response to an analyst (one or more turns), with the gold label."

    key: str
    split: str  # train | test
    text: str
    nonanswer: bool
    kinds: tuple[str, ...]  # refuse / unable / aftercall, as labelled


def load_gold(folder: Path) -> list[Response]:
    "The labelled responses, their turns joined in order."
    csv.field_size_limit(10**8)
    turns: dict[tuple, list[tuple[int, str]]] = defaultdict(list)
    with open(folder / "gold_standard_text.csv", newline="", encoding="utf-8") as f:
        for row in csv.DictReader(f):
            turns[(row["file_name"], row["section"], row["answer_nums"])].append((int(row["speaker_number"]), row["speaker_text"]))
    out = []
    with open(folder / "gold_standard.csv", newline="", encoding="utf-8") as f:
        for row in csv.DictReader(f):
            key = (row["file_name"], row["section"], row["answer_nums"])
            if key not in turns:
                continue
            text = "\n".join(t for _, t in sorted(turns[key]))
            kinds = tuple(k for k in ("refuse", "unable", "aftercall") if row[f"is_{k}"] == "TRUE")
            out.append(Response("|".join(key), row["obs_type"], text, row["is_nonans"] == "TRUE", kinds))
    return out


def phrase_list_baseline(folder: Path):
    "Gow et al.'s regular expressions, assembled from their files as their package does: text -> matched phrases."
    base = folder / "non_answer"
    lists = {}
    for line in (base / "word_lists.txt").read_text().splitlines():
        line = line.strip()
        if line and not line.startswith("#"):
            name, _, file = line.partition("=")
            words = [w.strip() for w in (base / file).read_text().splitlines()]
            lists[name] = "(" + "|".join(words) + ")"
    patterns = []
    for line in (base / "regex.txt").read_text().splitlines():
        line = line.strip()
        if not line or line.startswith(("#", "TYPE")):
            continue
        for name, alternatives in lists.items():
            line = line.replace(name, alternatives)
        patterns.append(re.compile(line))

    from ingest.chunking import split_sentences

    def matches(text: str) -> list[str]:
        return [p.search(s).group() for s in split_sentences(text) for p in patterns if p.search(s)]

    return matches


def _judged(evasion):
    """The offline signal as the configured model's judge refines it (ingest.evasion.judged). The gold standard holds
    the responses only, so the judge reads each without its question."""
    from index import Config
    from qa.judge import AnswerJudge
    from qa.llm import LLM

    config = Config.from_env()
    if not config.llm_enabled:
        raise SystemExit("error: --llm needs a model: set OPENAI_API_KEY (and OPENAI_BASE_URL for a local server)")
    judge = AnswerJudge(LLM(config))

    def decide(text: str) -> bool:
        offline = evasion.exchange_signal([], [text])
        return evasion.judged([], [text], offline, judge(["(the question is not given)"], [text])).status != "answered"

    return decide


def score(predicted: list[bool], gold: list[bool]) -> dict:
    tp = sum(p and g for p, g in zip(predicted, gold))
    fp = sum(p and not g for p, g in zip(predicted, gold))
    fn = sum(g and not p for p, g in zip(predicted, gold))
    correct = sum(p == g for p, g in zip(predicted, gold))
    precision = tp / (tp + fp) if tp + fp else 0.0
    recall = tp / (tp + fn) if tp + fn else 0.0
    f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    return {"n": len(gold), "accuracy": correct / len(gold), "precision": precision, "recall": recall, "f1": f1, "tp": tp, "fp": fp, "fn": fn}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench.evasion", description=__doc__.splitlines()[0])
    parser.add_argument("gold", type=Path, help="local copy of iangow/non_answer_perf")
    parser.add_argument("--phrase-lists", type=Path, help="local copy of iangow/ling_features, for the baseline")
    parser.add_argument("--split", choices=("train", "test", "both"), default="both")
    parser.add_argument("--misses", action="store_true", help="print the test responses Earshot gets wrong, with its evidence")
    parser.add_argument("--llm", action="store_true", help="also score the offline signal refined by the configured model's judge "
                        "(OPENAI_API_KEY, OPENAI_BASE_URL, EARSHOT_LLM_MODEL; a request per response)")
    args = parser.parse_args(argv)

    from ingest import evasion

    responses = load_gold(args.gold)
    systems = {"Earshot (offline signal)": lambda text: evasion.is_nonanswer(text)[0]}
    if args.llm:
        systems["Earshot, refined by the model's judge"] = _judged(evasion)
    if args.phrase_lists:
        systems["Gow et al. phrase lists"] = phrase_list_baseline(args.phrase_lists)
    splits = ("train", "test") if args.split == "both" else (args.split,)
    rows, report = [], {}
    for name, find in systems.items():
        for split in splits:
            chosen = [r for r in responses if r.split == split]
            result = score([bool(find(r.text)) for r in chosen], [r.nonanswer for r in chosen])
            report[f"{name} / {split}"] = result
            rows.append([name, split + (" (tuned on)" if split == "train" else " (held out)"), result["n"], f"{result['accuracy']:.3f}", f"{result['precision']:.3f}", f"{result['recall']:.3f}", f"{result['f1']:.3f}"])
    table = markdown_table(["system", "split", "responses", "accuracy", "precision", "recall", "F1"], rows)
    print(table)
    if args.misses:
        for r in (r for r in responses if r.split == "test"):
            decided, found = evasion.is_nonanswer(r.text)
            if decided != r.nonanswer:
                kind = "missed" if r.nonanswer else "false alarm"
                print(f"\n[{kind}] {r.key} gold={r.kinds or '-'} evidence={[e.phrase for e in found]}\n  {r.text[:400]}")
    OUT_DIR.mkdir(parents=True, exist_ok=True)
    (OUT_DIR / "evasion.md").write_text(table + "\n")
    return 0


if __name__ == "__main__":
    sys.exit(main())
