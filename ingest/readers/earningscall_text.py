"""EarningsCall plain text, as the customer's sample: a disclaimer line, the company, the date (M/D/YYYY),
then one paragraph per turn with no speaker labels."""

from __future__ import annotations

from pathlib import Path

from .base import RawCall, RawTurn, parse_date

NAME = "earningscall-text"


def _head(text: str) -> list[str]:
    lines = []
    for line in text.splitlines():
        if line.strip():
            lines.append(line.strip())
            if len(lines) == 4:
                break
    return lines


def sniff(text: str, name: str) -> float:
    head = _head(text)
    return 0.9 if len(head) >= 4 and len(head[1]) < 120 and parse_date(head[2]) else 0.0


def read(path: Path, text: str) -> RawCall:
    lines = [line.strip() for line in text.splitlines() if line.strip()]
    turns = [RawTurn(text=line) for line in lines[3:]]
    return RawCall(NAME, turns, company=lines[1], date=parse_date(lines[2]))
