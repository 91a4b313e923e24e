"""Refinitiv / Thomson Reuters StreetEvents text: CORPORATE PARTICIPANTS and CONFERENCE CALL PARTICIPANTS
(a name, then 'Company - Title' on the next line), PRESENTATION and QUESTIONS AND ANSWERS sections whose
turns open with the speaker's name and affiliation lines, hard-wrapped text, and a DISCLAIMER at the end."""

from __future__ import annotations

import re
from collections import Counter
from pathlib import Path

from .. import cues
from ..transcript import TranscriptError
from .base import RawCall, RawTurn, find_date, joined

NAME = "refinitiv-text"
READS_WRAPPED = True  # its own reading finds the paragraphs of wrapped lines

_HEADINGS = {
    "CORPORATE PARTICIPANTS": "corporate",
    "CONFERENCE CALL PARTICIPANTS": "callers",
    "PRESENTATION": "prepared_remarks",
    "QUESTIONS AND ANSWERS": "qa",
    "DISCLAIMER": "end",
}
_AFFILIATION = re.compile(r"^(.{2,160}?)\s+-\s+(.{1,120})$")
_PERSON = re.compile(r"^[A-Z][\w.'’\-]*(?:\s+[\w.'’\-()]+){0,5}$")


def sniff(text: str, name: str) -> float:
    lines = {line.strip() for line in text[:200000].splitlines()}
    if "CORPORATE PARTICIPANTS" in lines and ({"PRESENTATION", "QUESTIONS AND ANSWERS"} & lines):
        return 0.95
    return 0.0


def read(path: Path, text: str) -> RawCall:
    call = RawCall(NAME, [], labelled=True)
    lines = [line.rstrip() for line in text.splitlines()]
    part = "header"
    blocks: dict[str, list[list[str]]] = {}
    block: list[str] = []
    for raw in lines + [""]:
        line = raw.strip()
        if line in _HEADINGS:
            if block:
                blocks.setdefault(part, []).append(block)
            block, part = [], _HEADINGS[line]
            continue
        if part == "end":
            break
        if not line:
            if block:
                blocks.setdefault(part, []).append(block)
            block = []
            continue
        block.append(line)
    people: dict[str, tuple[str | None, str | None, str]] = {}
    companies: Counter[str] = Counter()
    for kind in ("corporate", "callers"):
        for b in blocks.get(kind, []):
            for name, affiliation in zip(b[0::2], b[1::2]):
                firm, title = _split_affiliation(affiliation)
                if kind == "corporate":
                    companies[firm] += 1
                    people[name] = (title, None, cues.role_for_title(title) or "executive")
                else:
                    people[name] = ("Analyst", firm, "analyst")
                call.participants.append((name, title if kind == "corporate" else "Analyst", None if kind == "corporate" else firm))
    call.company = companies.most_common(1)[0][0].rstrip(".") if companies else None
    for b in blocks.get("header", []):
        for line in b:
            call.date = call.date or find_date(line)
    current: RawTurn | None = None
    for section in ("prepared_remarks", "qa"):
        for b in blocks.get(section, []):
            speaker, title, firm, role, body = _block_speaker(b, people)
            if speaker is None:
                if current is not None:
                    current.text = f"{current.text}\n{joined(b)}"
                continue
            current = RawTurn(joined(body), speaker, title, firm, role, section)
            call.turns.append(current)
    call.turns = [t for t in call.turns if t.text.strip()]
    if not call.turns:
        raise TranscriptError(f"{path.name}: a StreetEvents transcript with no turns under PRESENTATION or QUESTIONS AND ANSWERS")
    return call


def _split_affiliation(line: str) -> tuple[str, str | None]:
    "'Keefe, Bruyette, & Woods, Inc., Research Division - MD' -> ('Keefe, Bruyette, & Woods, Inc.', 'MD')."
    m = _AFFILIATION.match(line)
    if not m:
        return line.strip(), None
    firm = re.sub(r",?\s*Research Division$", "", m.group(1).strip())
    return firm, m.group(2).strip()


def _block_speaker(block: list[str], people: dict) -> tuple:
    "(speaker, title, firm, role, text lines) when the block opens a turn, else (None, ..., block)."
    first = block[0]
    if first.lower() == "operator":
        return "Operator", None, None, "operator", block[1:]
    if first in people and len(block) > 1 and _AFFILIATION.match(block[1]):
        title, firm, role = people[first]
        return first, title, firm, role, block[2:]
    if len(block) > 1 and _PERSON.match(first) and len(first.split()) <= 6 and _AFFILIATION.match(block[1]):
        firm, title = _split_affiliation(block[1])
        analyst = "Research Division" in block[1] or "Analyst" in (title or "")
        return first, ("Analyst" if analyst else title), (firm if analyst else None), ("analyst" if analyst else None), block[2:]
    return None, None, None, None, block
