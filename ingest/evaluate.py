"""`python -m ingest.evaluate`: role and name accuracy of speaker attribution on labelled real calls.

The sample is scored against a hand-written gold file. Labelled calls are rendered into the sample's
unlabelled format (one paragraph per line, no names), attributed, and compared with their labels: the two
Apple EarningsCall JSON calls with their speaker ids labelled by hand, and a Motley Fool style labelled
transcript written out from the FY2023 call (`write_labelled`), whose long turns run over several
paragraphs. `python -m ingest.evaluate my_call.txt ...` scores your own labelled transcripts the same way.
Names count only on turns whose true name the call states somewhere.
"""

from __future__ import annotations

import argparse
import json
import re
import sys
from dataclasses import dataclass
from datetime import date
from pathlib import Path

from . import cues
from .chunking import split_sentences
from .cues import same_person
from . import render
from .loader import load_transcript, parse_transcript
from .transcript import INTERPRETER, Transcript, TranscriptError

FIXTURES = Path(__file__).resolve().parent.parent / "tests" / "fixtures"
LABELLED = FIXTURES / "aapl_fy2023_q1_labelled.txt"  # written out from the FY2023 JSON by write_labelled()
DISCLAIMER = render.DISCLAIMER


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
    wrong_names: int = 0  # named turns given to another named person (not "Unidentified ...")

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
    role = name = named = tr = tr_total = wrong = 0
    for g, t in zip(gold, transcript.turns):
        role += g["role"] == t.role
        if g["role"] != t.role:
            misses.append(f"turn {t.index}: role {t.role} != {g['role']}")
        if g["speaker"]:
            named += 1
            ok, wrongly = _judge_name(t.speaker, g["speaker"])
            name += ok
            wrong += wrongly
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
    return Score(path.name, len(gold), role, named, name, tr, tr_total, wrong), misses


def _judge_name(given: str, true: str) -> tuple[bool, bool]:
    "(right, named wrongly): a turn given to another named person is wrong; 'Unidentified ...' is only not right."
    ok = same_person(given, true) or given == true == "Operator"
    return ok, not ok and not given.startswith(("Unidentified", INTERPRETER))


@dataclass(frozen=True)
class _Truth:
    "Who really spoke one paragraph of a labelled call."

    name: str
    role: str


def _json_paragraphs(path: Path, people: dict) -> tuple[str, str, list[tuple[_Truth, str]]]:
    "(company, date line, [(truth, paragraph)]) of an EarningsCall API JSON call, with the hand-labelled speaker ids."
    data = json.loads(path.read_text())
    y, m, d = data["event"]["conference_date"][:10].split("-")
    out = [(_Truth(people[s["speaker"]]["name"], people[s["speaker"]]["role"]), s["text"].strip()) for s in data["speakers"] if s["text"].strip()]
    return "Apple Inc", f"{int(m)}/{int(d)}/{y}", out


def _labelled_paragraphs(path: Path) -> tuple[str, str, list[tuple[_Truth, str]]]:
    "(company, date line, [(truth, paragraph)]) of a labelled transcript, each paragraph of a turn on its own."
    transcript = load_transcript(path)
    if not any(t.role != "operator" and not t.speaker.startswith("Unidentified") and t.confidence == 1.0 for t in transcript.turns):
        raise TranscriptError(f"{path.name}: not a labelled transcript (read as {transcript.format})")
    date = transcript.date
    out = [(_Truth(t.speaker, t.role), p.strip()) for t in transcript.turns for p in t.text.split("\n") if p.strip()]
    return transcript.company, f"{date.month}/{date.day}/{date.year}" if date else "1/1/2000", out


def render_unlabelled(company: str, date_line: str, paragraphs: list[str]) -> str:
    "A call rendered as the sample's unlabelled plain text: disclaimer, company, date, one paragraph per line."
    return "\n".join([DISCLAIMER, company, date_line, *paragraphs]) + "\n"


def strip_labels(path: Path, people: dict | None = None) -> tuple[Transcript, list[_Truth], str]:
    """A labelled call (a labelled transcript, or EarningsCall JSON with `people` naming its speaker ids) rendered
    without its labels and attributed: (the attributed transcript, who really spoke each paragraph, the stripped text)."""
    company, date_line, paragraphs = _json_paragraphs(path, people) if people else _labelled_paragraphs(path)
    text = render_unlabelled(company, date_line, [p for _, p in paragraphs])
    return parse_transcript(text.encode(), f"{path.stem}.stripped.txt"), [g for g, _ in paragraphs], text


def score_stripped(path: Path, people: dict | None = None) -> tuple[Score, list[str]]:
    """Strip a labelled call of its labels, attribute it, compare with the true labels: any labelled transcript
    (Motley Fool style, 'Name: text', JSON list), or EarningsCall JSON with `people` naming its speaker ids."""
    transcript, truth, text = strip_labels(path, people)
    misses = []
    if len(transcript.turns) != len(truth):
        misses.append(f"turn count {len(transcript.turns)} != {len(truth)}")
    stated = text.lower()
    role = right = named = wrong = 0
    for g, t in zip(truth, transcript.turns):
        role += g.role == t.role
        if g.role != t.role:
            misses.append(f"turn {t.index}: role {t.role} != {g.role} ({t.text[:60]!r})")
        if g.name == "Operator" or g.name.split()[-1].lower() in stated:
            named += 1
            ok, wrongly = _judge_name(t.speaker, g.name)
            right += ok
            wrong += wrongly
            if not ok:
                misses.append(f"turn {t.index}: speaker {t.speaker} != {g.name} ({t.text[:60]!r})")
    return Score(f"{path.name} (labels stripped)", len(truth), role, named, right, wrong_names=wrong), misses


def all_scores() -> list[tuple[Score, list[str]]]:
    "Every call of the evaluation set."
    out = [score_sample()]
    people = json.loads((FIXTURES / "aapl_speakers.gold.json").read_text())
    for name, mapping in people.items():
        if not name.startswith("_"):
            out.append(score_stripped(FIXTURES / name, mapping))
    out.append(score_stripped(LABELLED))
    return out


def write_labelled(json_path: Path, people: dict, out: Path) -> None:
    """Write an EarningsCall JSON call out as a Motley Fool style labelled transcript: a 'Name -- Title' heading per
    turn, 'Prepared Remarks:' and 'Questions and Answers:', long turns in paragraphs of four sentences, participants."""
    data = json.loads(json_path.read_text())
    titles = {"CEO": "Chief Executive Officer", "CFO": "Chief Financial Officer"}
    host_title = "Director of Investor Relations and Corporate Finance"

    def heading(person: dict) -> str:
        if person["role"] == "operator":
            return "Operator"
        if person["role"] == "analyst":
            return f"{person['name']} -- {person['firm']} -- Analyst"
        return f"{person['name']} -- {titles.get(person.get('title'), host_title)}"

    year, quarter = data["event"]["year"], data["event"]["quarter"]
    held = date.fromisoformat(data["event"]["conference_date"][:10])
    lines = [f"Apple (AAPL) Q{quarter} {year} Earnings Call Transcript", f"{held:%b} {held.day}, {held.year}", "", "Prepared Remarks:", ""]
    seen_executive = in_qa = False
    for s in data["speakers"]:
        text, person = s["text"].strip(), people[s["speaker"]]
        if not text:
            continue
        if not in_qa and seen_executive and person["role"] in ("host", "operator") and cues.starts_qa(text):
            lines += ["Questions and Answers:", ""]
            in_qa = True
        seen_executive = seen_executive or person["role"] == "executive"
        sentences = split_sentences(text)
        paragraphs = [" ".join(sentences[i : i + 4]) for i in range(0, len(sentences), 4)] if len(text) > 800 else [text]
        lines += [heading(person), *paragraphs, ""]
    participants = {heading(p) for p in people.values() if p["role"] != "operator"}
    lines += ["Call participants:", "", *sorted(participants, key=lambda h: ("Analyst" in h, h)), ""]
    out.write_text("\n".join(lines))


RENDERINGS = {
    "one line per turn": render.one_line_per_turn,
    "one line per paragraph": render.one_line_per_paragraph,
    "one unbroken block": render.unbroken,
}


@dataclass
class Tally:
    "Attribution accuracy summed over many calls in one rendering."

    calls: int = 0
    turns: int = 0
    role_correct: int = 0
    named_turns: int = 0  # turns of a person (not the operator) whose name the call states
    name_correct: int = 0
    wrong_names: int = 0
    named_nearby: int = 0  # of the named turns, those whose name is said in the turn or the one before
    unknown: int = 0  # turns the labelled file gives no speaker for ("Unknown speaker"), left out of every count

    def add(self, other: "Tally") -> None:
        for key in self.__dataclass_fields__:
            setattr(self, key, getattr(self, key) + getattr(other, key))

    def row(self, name: str) -> str:
        pct = lambda a, b: f"{a / b:.2f}" if b else "-"  # noqa: E731
        return (f"| {name} | {self.calls} | {self.turns} | {pct(self.role_correct, self.turns)} | {self.named_turns} | "
                f"{pct(self.name_correct, self.named_turns)} | {self.wrong_names / max(self.named_turns, 1):.1%} | {pct(self.named_nearby, self.named_turns)} |")


def _words_of(texts: list[str]) -> list[tuple[str, int]]:
    return [(w, i) for i, text in enumerate(texts) for w in text.split()]


def align(truth_texts: list[str], predicted_texts: list[str]) -> list[int | None]:
    "For each true turn, the predicted turn that holds most of its words (the renderings keep every word in order)."
    truth, pred = _words_of(truth_texts), _words_of(predicted_texts)
    owner: list[int | None] = [None] * len(truth)
    if [w for w, _ in truth] == [w for w, _ in pred]:
        owner = [j for _, j in pred]
    else:
        from difflib import SequenceMatcher

        matcher = SequenceMatcher(None, [w for w, _ in truth], [w for w, _ in pred], autojunk=False)
        for block in matcher.get_matching_blocks():
            for k in range(block.size):
                owner[block.a + k] = pred[block.b + k][1]
    votes: list[dict[int, int]] = [{} for _ in truth_texts]
    for (_, i), j in zip(truth, owner):
        if j is not None:
            votes[i][j] = votes[i].get(j, 0) + 1
    return [max(v, key=v.get) if v else None for v in votes]


def score_rendering(labelled: Transcript, rendering: str, misses: list[str] | None = None) -> Tally:
    "Render a labelled call without its labels, attribute it, and compare every true turn with what was decided."
    text = RENDERINGS[rendering](labelled)
    predicted = parse_transcript(text.encode(), f"{Path(labelled.source).stem}.stripped.txt")
    truth = labelled.turns
    owners = align([" ".join(t.text.split()) for t in truth], [t.text for t in predicted.turns])
    stated = " ".join(t.text for t in truth).lower()
    tally = Tally(calls=1)
    for i, (g, j) in enumerate(zip(truth, owners)):
        if g.confidence < 1.0:  # the file names nobody for this turn ("Unknown speaker"): there is no truth to score
            tally.unknown += 1
            continue
        tally.turns += 1
        p = predicted.turns[j] if j is not None else None
        role = p.role if p else "unknown"
        tally.role_correct += role == g.role
        if misses is not None and role != g.role:
            misses.append(f"{labelled.source} [{rendering}] turn {i}: role {role} != {g.role} ({g.text[:70]!r})")
        if g.role == "operator" or g.speaker.startswith("Unidentified") or not _stated(g.speaker, stated):
            continue
        tally.named_turns += 1
        given = p.speaker if p else "Unidentified"
        ok, wrongly = _judge_name(given, g.speaker)
        tally.name_correct += ok
        tally.wrong_names += wrongly
        before = truth[i - 1].text if i else ""
        tally.named_nearby += _stated(g.speaker, (g.text + " " + before).lower())
        if misses is not None and not ok:
            misses.append(f"{labelled.source} [{rendering}] turn {i}: speaker {given} != {g.speaker} ({g.text[:70]!r})")
    return tally


def _stated(name: str, text: str) -> bool:
    "Does the text say any part of the name (a first or last name of three letters or more)?"
    return any(len(token) >= 3 and re.search(rf"\b{re.escape(token.lower())}\b", text) for token in name.replace(".", " ").split())


def labelled_calls(paths: list[Path]) -> list[Transcript]:
    "Every labelled call among the files and folders given (files that are not labelled are left out)."
    out = []
    for path in (p for arg in paths for p in (sorted(arg.iterdir()) if arg.is_dir() else [arg])):
        try:
            t = load_transcript(path)
        except TranscriptError:
            continue
        people = [x for x in t.turns if x.role != "operator"]
        if people and sum(x.confidence == 1.0 and not x.speaker.startswith("Unidentified") for x in people) >= 0.9 * len(people):
            out.append(t)
    return out


def score_corpus(paths: list[Path], misses: list[str] | None = None) -> dict[str, Tally]:
    "Tallies per rendering over every labelled call in `paths`."
    tallies = {name: Tally() for name in RENDERINGS}
    for labelled in labelled_calls(paths):
        for name in RENDERINGS:
            tallies[name].add(score_rendering(labelled, name, misses))
    return tallies


def main(argv: list[str] | None = None) -> int:
    "Print the accuracy table (and with --misses, every mismatch)."
    parser = argparse.ArgumentParser(prog="python -m ingest.evaluate")
    parser.add_argument("labelled", nargs="*", type=Path, help="your own labelled transcripts to score instead of the built-in set")
    parser.add_argument("--misses", action="store_true", help="list every turn that disagrees with the gold labels")
    parser.add_argument("--corpus", nargs="+", type=Path, metavar="FOLDER",
                        help="folders of labelled calls: strip each, render it three ways, attribute, and score per rendering")
    args = parser.parse_args(argv)
    if args.corpus:
        misses: list[str] | None = [] if args.misses else None
        tallies = score_corpus(args.corpus, misses)
        print("| rendering | calls | turns | role | named turns | name | named wrongly | named nearby (ceiling) |")
        print("|---|---|---|---|---|---|---|---|")
        for name, tally in tallies.items():
            print(tally.row(name))
        for miss in misses or []:
            print(f"    {miss}", file=sys.stderr)
        return 0
    try:
        scores = [score_stripped(path) for path in args.labelled] if args.labelled else all_scores()
    except TranscriptError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2
    print("| call | turns | role accuracy | named turns | name accuracy | named wrongly | interpretation links |")
    print("|---|---|---|---|---|---|---|")
    for score, misses in scores:
        links = f"{score.translation_correct}/{score.translation_turns}" if score.translation_turns else "-"
        print(
            f"| {score.name} | {score.turns} | {score.role_accuracy:.1%} | {score.named_turns} | {score.name_accuracy:.1%} "
            f"| {score.wrong_names} | {links} |"
        )
        if args.misses:
            for miss in misses:
                print(f"    {miss}", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
