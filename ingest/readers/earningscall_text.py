"""EarningsCall plain text, as the customer's sample: a disclaimer line, the company, the date (M/D/YYYY),
then one paragraph per turn with no speaker labels (on one line each, or hard-wrapped, the disclaimer too)."""

from __future__ import annotations

from itertools import islice
from pathlib import Path

from .base import RawCall, RawTurn, parse_date, reflowed, unwrapped

NAME = "earningscall-text"
READS_WRAPPED = True  # its own reading finds the paragraphs of wrapped lines


def _head(text: str, count: int = 4) -> list[str]:
    return list(islice((line.strip() for line in text.splitlines() if line.strip()), count))


def _header(head: list[str]) -> bool:
    "A disclaimer, the company, the date and a turn."
    return len(head) >= 4 and len(head[1]) < 120 and parse_date(head[2]) is not None


def sniff(text: str, name: str) -> float:
    # a disclaimer hard-wrapped over several lines is one line once the text is unwrapped
    return 0.9 if _header(_head(text)) or _header(_head(unwrapped(text) or "")) else 0.0


def read(path: Path, text: str) -> RawCall:
    lines = text.splitlines(keepends=True)
    written = [i for i, line in enumerate(lines) if line.strip()]
    at = next(i for i in range(2, len(written)) if parse_date(lines[written[i]]) and len(lines[written[i - 1]].strip()) < 120)
    body = lines[written[at] + 1 :]
    paragraphs = reflowed("".join(body)) or [line.strip() for line in body if line.strip()]
    return RawCall(NAME, [RawTurn(text=p) for p in paragraphs], company=lines[written[at - 1]].strip(), date=parse_date(lines[written[at]]))
