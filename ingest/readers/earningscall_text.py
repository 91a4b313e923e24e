"""EarningsCall plain text, as the customer's sample: a disclaimer line, the company, the date (M/D/YYYY),
then one paragraph per turn with no speaker labels (on one line each, or hard-wrapped)."""

from __future__ import annotations

from pathlib import Path

from .base import RawCall, RawTurn, parse_date, reflowed

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
    body = text.splitlines(keepends=True)
    seen = 0
    while seen < 3:  # past the disclaimer, the company and the date
        seen += bool(body.pop(0).strip())
    paragraphs = reflowed("".join(body)) or lines[3:]
    return RawCall(NAME, [RawTurn(text=p) for p in paragraphs], company=lines[1], date=parse_date(lines[2]))
