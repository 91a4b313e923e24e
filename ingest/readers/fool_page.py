"""Motley Fool web pages as scrapers save them: a header of fields (Company, Ticker, Quarter, URL, Scraped,
Characters), the call date, then either the new page ('CALL PARTICIPANTS' as 'Title — Name', a bullet summary,
a glossary, 'Full Conference Call Transcript' and 'Name:text' turns) or the old one ('Prepared Remarks:',
'Name -- Title' headings, 'Questions and Answers:', 'Call participants:'). Only the transcript becomes turns."""

from __future__ import annotations

import re
from collections import Counter
from pathlib import Path

from ..transcript import TranscriptError
from . import labelled
from .base import RawCall, RawTurn, find_date, section_heading

NAME = "motley-fool-page"

_FIELD = re.compile(r"^(Company|Ticker|Quarter|Source|URL|Scraped|Characters|Duration)\s*:\s*(.*)$", re.I)
_TRANSCRIPT_START = re.compile(r"^full conference call transcript\s*$", re.I)
_TRAILER = re.compile(
    r"^(?:This article is a transcript of this conference call|The Motley Fool has (?:positions|no position)|Stocks Mentioned|"
    r"\*Average returns of all recommendations|Premium Investing Services|Invest better with The Motley Fool)",
    re.I,
)
_PARTICIPANT = re.compile(r"^(.{2,120}?)\s+[—–-]{1,2}\s+([A-Z][\w.'’\-]+(?: [A-Z][\w.'’\-]+){1,3})$")
_QUARTER = re.compile(r"\bQ([1-4])\s*(?:FY)?\s*'?(\d{4})\b", re.I)


def sniff(text: str, name: str) -> float:
    head = text[:3000]
    fields = {m.group(1).lower() for line in head.splitlines() if (m := _FIELD.match(line.strip()))}
    if "fool.com" in head or {"url", "scraped"} <= fields or ({"company", "quarter"} <= fields and "characters" in fields):
        return 0.95
    return 0.9 if any(_TRANSCRIPT_START.match(line.strip()) for line in text.splitlines()) else 0.0


def read(path: Path, text: str) -> RawCall:
    lines = [line.strip() for line in text.splitlines()]
    end = next((i for i, line in enumerate(lines) if _TRAILER.match(line)), len(lines))
    lines = lines[:end]
    call = RawCall(NAME, [], labelled=True)
    fields: dict[str, str] = {}
    body_start = 0
    for i, line in enumerate(lines[:40]):
        if m := _FIELD.match(line):
            fields[m.group(1).lower()] = m.group(2).strip()
            body_start = i + 1
    if fields.get("company"):
        call.company = re.sub(r"\s*\(.*\)\s*$", "", fields["company"]).strip() or None
    call.ticker = (fields.get("ticker") or "").upper() or None
    if m := _QUARTER.search(fields.get("quarter", "")):
        call.quarter, call.year = int(m.group(1)), int(m.group(2))
    for line in lines[body_start : body_start + 30]:
        if line and not line.startswith("=") and (found := find_date(line)):
            call.date = found
            break
    start = next((i for i, line in enumerate(lines) if _TRANSCRIPT_START.match(line)), None)
    if start is None:
        # the old page: a labelled transcript under the header
        labelled.read_lines(path, [line for line in lines[body_start:] if not line.startswith("=")], call)
        return call
    call.participants = _participants(lines[body_start:start])
    _read_colon_turns(path, lines[start + 1 :], call)
    return call


def _participants(lines: list[str]) -> list[tuple[str, str | None, str | None]]:
    "'Chief Financial Officer — Mike Cikos' lines under CALL PARTICIPANTS."
    out = []
    inside = False
    for line in lines:
        if re.match(r"^call participants\s*:?$", line, re.I):
            inside = True
            continue
        if not inside or not line:
            continue
        m = _PARTICIPANT.match(line)
        if not m:
            break
        out.append((m.group(2).strip(), m.group(1).strip(), None))
    return out


def _read_colon_turns(path: Path, lines: list[str], call: RawCall) -> None:
    "'Name:text' turns; a line without a speaker continues the turn before it."
    known = {name for name, _, _ in call.participants}
    # a one-word label is a speaker when the call lists it or uses it again: "Eric:" for an operator the page does not
    # list, "Analyst:" for askers it leaves unnamed; once only, it is more likely a word of the speech ("Firstly: ...")
    labels = Counter(m.group(1) for line in lines if (m := labelled.is_colon_turn(line)))
    known |= {label for label, n in labels.items() if n >= 2}
    titles = {name: title for name, title, _ in call.participants}
    current: RawTurn | None = None
    section: str | None = None
    for line in lines:
        if not line:
            continue
        if (heading := section_heading(line)) is not None:
            section, current = heading, None
            continue
        m = labelled.is_colon_turn(line)
        if m and (m.group(1) in known or m.group(1) == "Operator" or 2 <= len(m.group(1).split()) <= 4):
            current = labelled.colon_turn(m, section, titles)
            call.turns.append(current)
        elif current is not None:
            current.text = f"{current.text}\n{line}"
    call.turns = [t for t in call.turns if t.text.strip()]
    if not call.turns:
        raise TranscriptError(f"{path.name}: a Motley Fool page with no 'Name:text' turns after 'Full Conference Call Transcript'")
