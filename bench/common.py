"""What the benchmark scripts share: where output goes and how tables print."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from pathlib import Path

PROJECT_DIR = Path(__file__).resolve().parent.parent
OUT_DIR = PROJECT_DIR / "bench" / "out"


def markdown_table(header: Sequence[str], rows: Iterable[Sequence]) -> str:
    "A GitHub-flavoured Markdown table, ready to paste into the README."
    lines = ["| " + " | ".join(header) + " |", "|" + "|".join("---" for _ in header) + "|"]
    lines += ["| " + " | ".join(str(c) for c in row) + " |" for row in rows]
    return "\n".join(lines)


def parse_some(files: Sequence[Path], n: int, seed: int) -> list:
    "Up to n of the files parsed, taken in a random order (seed), skipping any the parser refuses."
    import random

    from ingest import TranscriptError, load_transcript

    parsed = []
    for path in random.Random(seed).sample(list(files), len(files)):
        if len(parsed) == n:
            break
        try:
            parsed.append(load_transcript(path))
        except TranscriptError:
            continue
    return parsed
