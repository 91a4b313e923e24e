"""The public real-transcript corpora, read from a local copy of each repository (a checkout or a bare git
directory), with the held-out parts left out here, in one place, so no benchmark can touch them.

    python -m bench.corpus --list ROOT     # how many files of each layout ROOT holds

ROOT is a folder holding local copies of the repositories, each a checkout or a bare git directory named after
the repository (`git clone https://github.com/<owner>/<name>` inside ROOT makes one).
"""

from __future__ import annotations

import argparse
import hashlib
import re
import subprocess
import sys
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

ECTSUM_NEW_ECTS = "da846c1818fcb2d9dff65a08b9f4a875be0c7a77"  # the commit the Refinitiv calls are read at


@dataclass(frozen=True)
class Source:
    "One layout's real files: repository, commit, folder, and the rule that keeps held-out files out."

    layout: str
    repo: str  # owner/name
    folder: str
    allowed: callable
    commit: str = "HEAD"


def _fool_json(path: str) -> bool:
    return not Path(path).name.upper().startswith("A")  # tickers starting with A are held out


def _fool_page(path: str) -> bool:
    return path.endswith("_earnings_call.txt") and "/TAL/" not in path  # TAL is held out


def _refinitiv(path: str) -> bool:
    return bool(re.match(r"Q\d \d{4} [A-D]", Path(path).name))  # companies from E onward are held out


def _earningscall(path: str) -> bool:
    name = Path(path).name
    return name.startswith("aapl-q1-2022-advanced-data-level-")  # MSFT and NVDA fixtures are held out


def _ectsum(path: str) -> bool:
    return "/test/" not in path and "/ects/" in path  # the test split is held out


def _earnings21(path: str) -> bool:
    return path.endswith(".nlp")


SOURCES = (
    Source("motley-fool-json", "la83la/earnings-call-transcripts", "dataset", _fool_json),
    Source("motley-fool-page", "zhengcb81/earnings-transcripts", "transcripts", _fool_page),
    Source("refinitiv-text", "rajdeep345/ECTSum", "codes/ECT-BPS/ectbps_ext/data/new_ects", _refinitiv, ECTSUM_NEW_ECTS),
    Source("earningscall-json", "EarningsCall/earningscall-python", "tests/data", _earningscall),
    Source("diarized", "revdotcom/speech-datasets", "earnings21/transcripts/nlp_references", _earnings21),
    Source("sentences", "rajdeep345/ECTSum", "data/final/train", _ectsum),
    Source("sentences", "rajdeep345/ECTSum", "data/final/val", _ectsum),
)


def _locate(root: Path, repo: str) -> tuple[str, Path] | None:
    "('git', git dir) or ('tree', checkout) for a repository under root."
    owner, name = repo.split("/")
    for candidate in (root / f"{owner}+{name}", root / name, root / repo):
        if (candidate / "repo" / "HEAD").exists():
            return "git", candidate / "repo"
        if (candidate / "HEAD").exists() and (candidate / "objects").exists():
            return "git", candidate
        if candidate.is_dir():
            return "tree", candidate
    return None


def files(root: Path, layout: str, limit: int | None = None) -> Iterator[tuple[str, bytes]]:
    "(file name, bytes) of every allowed real file of a layout, in a stable order."
    count = 0
    for source in (s for s in SOURCES if s.layout == layout):
        found = _locate(root, source.repo)
        if found is None:
            continue
        kind, where = found
        if kind == "tree":
            paths = sorted(str(p.relative_to(where)) for p in (where / source.folder).rglob("*") if p.is_file())
        else:
            out = subprocess.run(["git", f"--git-dir={where}", "ls-tree", "-r", "--name-only", source.commit, "--", source.folder],
                                 capture_output=True, text=True, check=True).stdout
            paths = sorted(out.splitlines())
        for path in paths:
            if not source.allowed(path):
                continue
            if kind == "tree":
                data = (where / path).read_bytes()
            else:
                data = subprocess.run(["git", f"--git-dir={where}", "show", f"{source.commit}:{path}"], capture_output=True, check=True).stdout
            yield from _unwrap(source, path, data)
            count += 1
            if limit and count >= limit:
                return


def _unwrap(source: Source, path: str, data: bytes) -> Iterator[tuple[str, bytes]]:
    "EarningsCall's fixtures are recorded HTTP responses: the transcript is the `body`."
    if source.layout != "earningscall-json":
        yield Path(path).name, data
        return
    import yaml

    body = yaml.safe_load(data)["responses"][0]["response"]["body"]
    yield Path(path).with_suffix(".json").name, body.encode()


LABELLED = ("motley-fool-json", "motley-fool-page", "refinitiv-text")  # layouts whose files name every speaker


def company_key(name: str) -> str:
    "The company a corpus file is of: 'BAH_q1_2022.txt' -> 'BAH'; 'Q3 2022 AGNC Investment Corp Earnings Call.txt' -> 'AGNC...'."
    match = re.match(r"Q\d \d{4} (.+?) Earnings", name)
    return match.group(1) if match else re.split(r"_", name)[0].upper()


def half(name: str) -> str:
    """'tune' or 'report': calls are split by company, so no company is both tuned on and reported (a cue
    tuned to one company's executives cannot then score on that company's other calls)."""
    return "tune" if int(hashlib.sha1(company_key(name).encode()).hexdigest()[:8], 16) % 2 == 0 else "report"


def export(root: Path, out: Path) -> dict[str, int]:
    "Write the labelled real calls into out/tune and out/report; returns how many went where."
    counts: dict[str, int] = {"tune": 0, "report": 0}
    for layout in LABELLED:
        for name, data in files(root, layout):
            where = half(name)
            (out / where).mkdir(parents=True, exist_ok=True)
            (out / where / name).write_bytes(data)
            counts[where] += 1
    return counts


def main(argv: list[str] | None = None) -> int:
    "Count the allowed files of each layout under ROOT, or export the labelled ones split in halves."
    parser = argparse.ArgumentParser(prog="python -m bench.corpus")
    parser.add_argument("root", type=Path)
    parser.add_argument("--export", type=Path, help="write the labelled calls into EXPORT/tune and EXPORT/report (split by company)")
    args = parser.parse_args(argv)
    if args.export:
        counts = export(args.root, args.export)
        print(f"{counts['tune']} calls to tune on in {args.export / 'tune'}, {counts['report']} to report in {args.export / 'report'}")
        return 0
    for layout in dict.fromkeys(s.layout for s in SOURCES):
        print(f"{layout:20} {sum(1 for _ in files(args.root, layout))}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
