"""`python -m ingest.evaluate`: role and name accuracy of speaker attribution on labelled real calls.

The sample is scored against a hand-written gold file. Labelled calls (EarningsCall JSON with speaker
ids, labelled by hand) are rendered into the sample's unlabelled format, attributed, and compared.
Names count only on turns whose true name the call states somewhere.
"""

from __future__ import annotations

import argparse
import json
import sys
from dataclasses import dataclass
from pathlib import Path

from .chunking import split_sentences
from .cues import same_person
from .loader import parse_transcript

FIXTURES = Path(__file__).resolve().parent.parent / "tests" / "fixtures"
DISCLAIMER = "This conference call transcript was computer generated and almost certainly contains errors."


@dataclass(frozen=True)
class Score:
    "Attribution accuracy on one call."

    name: str
    turns: int
    role_correct: int
    named_turns: int  # turns whose true name the call states
    name_correct: int
    translation_correct: int = 0
    translation_turns: int = 0

    @property
    def role_accuracy(self) -> float:
        return self.role_correct / self.turns if self.turns else 0.0

    @property
    def name_accuracy(self) -> float:
        return self.name_correct / self.named_turns if self.named_turns else 0.0


def score_sample(path: Path = FIXTURES / "qifu_2024q1.txt", gold_path: Path = FIXTURES / "qifu_2024q1.gold.json") -> tuple[Score, list[str]]:
    "Score the sample against its gold file; also return a line per mismatch."
    gold = json.loads(gold_path.read_text())["turns"]
    transcript = parse_transcript(path.read_bytes(), path.name)
    misses = []
    if len(transcript.turns) != len(gold):
        misses.append(f"turn count {len(transcript.turns)} != gold {len(gold)}")
    role = name = named = tr = tr_total = 0
    for g, t in zip(gold, transcript.turns):
        role += g["role"] == t.role
        if g["role"] != t.role:
            misses.append(f"turn {t.index}: role {t.role} != {g['role']}")
        if g["speaker"]:
            named += 1
            ok = same_person(t.speaker, g["speaker"])
            name += ok
            if not ok:
                misses.append(f"turn {t.index}: speaker {t.speaker} != {g['speaker']}")
        if g["translation_of"] is not None or t.translation_of is not None:
            tr_total += 1
            tr += g["translation_of"] == t.translation_of
            if g["translation_of"] != t.translation_of:
                misses.append(f"turn {t.index}: translation_of {t.translation_of} != {g['translation_of']}")
        for key, have in (("section", t.section), ("exchange", t.exchange_id), ("firm", t.firm)):
            if g[key] != have and not (key == "firm" and g[key] is None):
                misses.append(f"turn {t.index}: {key} {have} != {g[key]}")
    return Score(path.name, len(gold), role, named, name, tr, tr_total), misses


def _paragraphs(data: dict, split_long: bool) -> list[tuple[str, str]]:
    "(speaker id, paragraph) in order; with split_long, long turns are broken every 5 sentences, as ASR files often are."
    out = []
    for s in data["speakers"]:
        text = s["text"].strip()
        if not text:
            continue
        if split_long and len(text) > 1500:
            sentences = split_sentences(text)
            out.extend((s["speaker"], " ".join(sentences[i : i + 5])) for i in range(0, len(sentences), 5))
        else:
            out.append((s["speaker"], text))
    return out


def render_unlabelled(data: dict, company: str, split_long: bool = False) -> str:
    "An EarningsCall API JSON call rendered as the sample's unlabelled plain text."
    date = data["event"]["conference_date"][:10]
    y, m, d = date.split("-")
    return "\n".join([DISCLAIMER, company, f"{int(m)}/{int(d)}/{y}", *(p for _, p in _paragraphs(data, split_long))]) + "\n"


def score_stripped(json_path: Path, people: dict, split_long: bool = False) -> tuple[Score, list[str]]:
    "Strip a labelled call of its labels, attribute it, compare with the true labels."
    data = json.loads(json_path.read_text())
    truth = [people[speaker] for speaker, _ in _paragraphs(data, split_long)]
    text = render_unlabelled(data, "Apple Inc", split_long)
    transcript = parse_transcript(text.encode(), json_path.stem + ".txt")
    misses = []
    if len(transcript.turns) != len(truth):
        misses.append(f"turn count {len(transcript.turns)} != {len(truth)}")
    stated = text.lower()
    role = name = named = 0
    for g, t in zip(truth, transcript.turns):
        role += g["role"] == t.role
        if g["role"] != t.role:
            misses.append(f"turn {t.index}: role {t.role} != {g['role']} ({t.text[:60]!r})")
        if g["name"] == "Operator" or g["name"].split()[-1].lower() in stated:
            named += 1
            ok = same_person(t.speaker, g["name"]) or (g["name"] == "Operator" and t.speaker == "Operator")
            name += ok
            if not ok:
                misses.append(f"turn {t.index}: speaker {t.speaker} != {g['name']} ({t.text[:60]!r})")
    label = " (labels stripped, long turns split into paragraphs)" if split_long else " (labels stripped)"
    return Score(json_path.name + label, len(truth), role, named, name), misses


def all_scores() -> list[tuple[Score, list[str]]]:
    "Every call of the evaluation set."
    out = [score_sample()]
    people = json.loads((FIXTURES / "aapl_speakers.gold.json").read_text())
    for name, mapping in people.items():
        if not name.startswith("_"):
            out.append(score_stripped(FIXTURES / name, mapping))
    # the same FY2023 call again, with its prepared remarks split over paragraphs: tests that a speaker carries on
    out.append(score_stripped(FIXTURES / "aapl_fy2023_q1_level2_speakermap.json", people["aapl_fy2023_q1_level2_speakermap.json"], split_long=True))
    return out


def main(argv: list[str] | None = None) -> int:
    "Print the accuracy table (and with --misses, every mismatch)."
    parser = argparse.ArgumentParser(prog="python -m ingest.evaluate")
    parser.add_argument("--misses", action="store_true", help="list every turn that disagrees with the gold labels")
    args = parser.parse_args(argv)
    print("| call | turns | role accuracy | named turns | name accuracy | interpretation links |")
    print("|---|---|---|---|---|---|")
    for score, misses in all_scores():
        links = f"{score.translation_correct}/{score.translation_turns}" if score.translation_turns else "-"
        print(f"| {score.name} | {score.turns} | {score.role_accuracy:.1%} | {score.named_turns} | {score.name_accuracy:.1%} | {links} |")
        if args.misses:
            for miss in misses:
                print(f"    {miss}", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
