"""File formats: bytes -> text -> raw turns plus header facts, one reader per format."""

from __future__ import annotations

import json
import re
from dataclasses import dataclass, field
from datetime import date, datetime
from pathlib import Path

from .transcript import TranscriptError


@dataclass
class RawTurn:
    "A turn as the file gives it, before attribution fills in what the file leaves out."

    text: str
    speaker: str | None = None
    title: str | None = None
    firm: str | None = None
    role: str | None = None
    section: str | None = None
    speaker_key: str | None = None  # anonymous diarization id such as "spk07"


@dataclass
class RawCall:
    "What a reader found in a file: the turns and whatever the header says about the call."

    format: str
    turns: list[RawTurn]
    company: str | None = None
    date: date | None = None
    year: int | None = None
    quarter: int | None = None
    labelled: bool = False  # speaker names came from the file
    participants: list[tuple[str, str | None, str | None]] = field(default_factory=list)


def decode(path: Path, data: bytes) -> str:
    "Text of a transcript file in UTF-8 (with or without BOM), UTF-16 or Latin-1."
    if not data.strip():
        raise TranscriptError(f"{path.name}: the file is empty")
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        return _decode_as(path, data, "utf-16")
    if data.startswith(b"\xef\xbb\xbf"):
        return _decode_as(path, data, "utf-8-sig")
    if b"\x00" in data[:4096]:
        # UTF-16 without a BOM puts a NUL beside every ASCII byte; anything else with NULs is binary.
        even, odd = data[0:4096:2].count(0), data[1:4096:2].count(0)
        sample = len(data[:4096]) // 2 or 1
        if odd > 0.4 * sample and even < 0.05 * sample:
            return _decode_as(path, data, "utf-16-le")
        if even > 0.4 * sample and odd < 0.05 * sample:
            return _decode_as(path, data, "utf-16-be")
        raise TranscriptError(f"{path.name}: this is a binary file, not a text transcript")
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError:
        text = data.decode("latin-1")
    controls = sum(1 for ch in text[:4096] if ord(ch) < 32 and ch not in "\r\n\t\f")
    if controls > 0.01 * min(len(text), 4096):
        raise TranscriptError(f"{path.name}: this is a binary file, not a text transcript")
    return text


def _decode_as(path: Path, data: bytes, encoding: str) -> str:
    try:
        return data.decode(encoding)
    except UnicodeDecodeError as exc:
        raise TranscriptError(f"{path.name}: cannot decode as {encoding} ({exc.reason})") from None


def read_call(path: Path, text: str) -> RawCall:
    "Pick the reader for this text and run it."
    stripped = text.lstrip()
    if stripped.startswith(("{", "[")):
        return _read_json(path, stripped)
    lines = [line.strip() for line in text.splitlines()]
    nonblank = [line for line in lines if line]
    if len(nonblank) >= 4 and _parse_date(nonblank[2]) and len(nonblank[1]) < 120:
        return _read_earningscall_text(nonblank)
    if _looks_labelled(nonblank) and not (_MAEC_NAME.match(path.name) and not re.search(r"\n\s*\n", text.strip())):
        return _read_labelled(path, lines)
    return _read_plain(path, text)


# EarningsCall plain text -------------------------------------------------------------------------


def _read_earningscall_text(lines: list[str]) -> RawCall:
    # line 1 disclaimer, line 2 company, line 3 date, then one paragraph per turn
    turns = [RawTurn(text=line) for line in lines[3:]]
    return RawCall("earningscall-text", turns, company=lines[1], date=_parse_date(lines[2]))


def _parse_date(value: str) -> date | None:
    value = value.strip()
    for fmt in ("%m/%d/%Y", "%Y-%m-%d", "%B %d, %Y", "%b %d, %Y", "%Y%m%d"):
        try:
            return datetime.strptime(value, fmt).date()
        except ValueError:
            continue
    match = re.match(r"(\d{4}-\d{2}-\d{2})T", value)
    return date.fromisoformat(match.group(1)) if match else None


# Labelled text: "Name: text" and Motley Fool "Name -- Title" headings ------------------------------

_NAME = r"[A-Z][\w.'’\-]*(?: (?:[A-Z][\w.'’\-]*|van|von|de|der|da|di|du|le|la|bin|al))*"  # every word capitalised
_COLON_TURN = re.compile(rf"^({_NAME})(?:\s*\(([^)]{{1,80}})\))?\s*:\s+(\S.*)$")
# "Tim Cook -- Chief Executive Officer": a full name (or Operator), then a capitalised title or firm
_DASH_HEADER = re.compile(rf"^(Operator|[A-Z][\w.'’\-]* {_NAME})\s+(?:--|—|–)\s+([A-Z][^.?!]{{0,119}}\.?)$")
_SECTION_HEAD = {
    "prepared remarks": "prepared_remarks",
    "presentation": "prepared_remarks",
    "questions and answers": "qa",
    "questions & answers": "qa",
    "question-and-answer session": "qa",
    "question and answer session": "qa",
}
_PARTICIPANTS_HEAD = re.compile(r"^(call participants|participants|corporate participants|conference call participants)\s*:?\s*$", re.I)
_NOT_NAMES = {"note", "source", "date", "company", "ticker", "title", "period", "http", "https", "q", "a"}


def _looks_labelled(lines: list[str]) -> bool:
    colon = sum(1 for line in lines if (m := _COLON_TURN.match(line)) and m.group(1).lower() not in _NOT_NAMES)
    dash = sum(1 for line in lines if _DASH_HEADER.match(line) and len(line) < 140)
    return colon >= 3 or dash >= 2


def _read_labelled(path: Path, lines: list[str]) -> RawCall:
    call = RawCall("labelled-text", [], labelled=True)
    section: str | None = None
    current: RawTurn | None = None
    in_participants = False
    header_done = False
    for line in lines:
        if not line:
            continue
        key = line.rstrip(":").strip().lower()
        if key in _SECTION_HEAD:
            section, in_participants, current = _SECTION_HEAD[key], False, None
            header_done = True
            continue
        if _PARTICIPANTS_HEAD.match(line):
            in_participants, current = True, None
            continue
        dash = _DASH_HEADER.match(line)
        if dash and len(line) < 140:
            name, rest = dash.group(1).strip(), [p.strip() for p in re.split(r"\s+(?:--|—|–)\s+", dash.group(2))]
            title, firm, role = _title_firm_role(rest)
            if in_participants:
                call.participants.append((name, title if role != "analyst" else "Analyst", firm))
                continue
            current = RawTurn("", name, title, firm, role, section)
            call.turns.append(current)
            header_done = True
            continue
        if in_participants:
            continue
        if line.lower() == "operator":
            current = RawTurn("", "Operator", None, None, "operator", section)
            call.turns.append(current)
            header_done = True
            continue
        colon = _COLON_TURN.match(line)
        if colon and colon.group(1).lower() not in _NOT_NAMES:
            name, detail, text = colon.group(1).strip(), colon.group(2), colon.group(3)
            title, firm, role = _title_firm_role([p.strip() for p in re.split(r",|--", detail)] if detail else [])
            current = RawTurn(text, name, title, firm, role, section)
            call.turns.append(current)
            header_done = True
            continue
        if current is not None:
            current.text = f"{current.text}\n{line}".strip()
        elif not header_done:
            _header_line(call, line)
    call.turns = [t for t in call.turns if t.text.strip()]
    if not call.turns:
        raise TranscriptError(f"{path.name}: no speaker turns found")
    return call


def _header_line(call: RawCall, line: str) -> None:
    "Company and date from the lines above the first turn."
    if call.date is None and (found := _parse_date(line.split(":", 1)[-1])):
        call.date = found
    elif call.company is None and len(line) < 120:
        match = re.match(r"(?:company\s*:\s*)?(.+?)(?:\s*\(([A-Z.]{1,8})\))?(?:\s+Q[1-4].*)?$", line, re.I)
        if match:
            call.company = match.group(1).strip()


def _title_firm_role(parts: list[str]) -> tuple[str | None, str | None, str | None]:
    "Motley Fool style details: [Title] or [Firm, 'Analyst']."
    parts = [p for p in parts if p]
    if not parts:
        return None, None, None
    if parts[-1].lower() == "analyst":
        return "Analyst", (parts[0] if len(parts) > 1 else None), "analyst"
    return ", ".join(parts), None, None


# JSON: EarningsCall API (level 2) and a generic list of {speaker, text} ----------------------------


def _read_json(path: Path, text: str) -> RawCall:
    try:
        data = json.loads(text)
    except json.JSONDecodeError as exc:
        raise TranscriptError(f"{path.name}: invalid JSON ({exc.msg} at line {exc.lineno})") from None
    if isinstance(data, dict) and isinstance(data.get("speakers"), list):
        return _read_earningscall_json(path, data)
    items = data.get("turns") if isinstance(data, dict) else data
    if not isinstance(items, list) or not items:
        raise TranscriptError(f"{path.name}: JSON has no list of turns ({{speaker, text}} objects)")
    call = RawCall("json", [], labelled=True)
    if isinstance(data, dict):
        call.company = data.get("company")
        call.date = _parse_date(str(data.get("date", "")))
    for i, item in enumerate(items):
        if not isinstance(item, dict) or not isinstance(item.get("text"), str):
            raise TranscriptError(f"{path.name}: turn {i} is not an object with a 'text' string")
        if not item["text"].strip():
            continue
        call.turns.append(
            RawTurn(
                item["text"].strip(),
                _clean(item.get("speaker")),
                _clean(item.get("title")),
                _clean(item.get("firm")),
                _clean(item.get("role")),
                _clean(item.get("section")),
            )
        )
    if not call.turns:
        raise TranscriptError(f"{path.name}: no speaker turns found")
    return call


def _read_earningscall_json(path: Path, data: dict) -> RawCall:
    event = data.get("event") or {}
    names = data.get("speaker_name_map_v2") or {}
    call = RawCall("earningscall-json", [], labelled=bool(names))
    call.company = data.get("company_name") or event.get("company_name") or _company_from_name(path)
    call.date = _parse_date(str(event.get("conference_date", "")))
    call.year, call.quarter = event.get("year"), event.get("quarter")
    for i, item in enumerate(data["speakers"]):
        if not isinstance(item, dict) or not isinstance(item.get("text"), str):
            raise TranscriptError(f"{path.name}: speakers[{i}] is not an object with a 'text' string")
        if not item["text"].strip():
            continue
        key = str(item.get("speaker") or "")
        person = names.get(key) or {}
        title = person.get("title")
        firm = None
        if title and title.endswith(" Analyst"):
            firm, title = title[: -len(" Analyst")], "Analyst"
        call.turns.append(RawTurn(item["text"].strip(), person.get("name"), title, firm, None, None, key or None))
    if not call.turns:
        raise TranscriptError(f"{path.name}: no speaker turns found")
    return call


def _company_from_name(path: Path) -> str | None:
    "EarningsCall file names start with the ticker ('aapl_fy2023_q1...')."
    match = re.match(r"([a-z]{1,6})_", path.name)
    return match.group(1).upper() if match else None


def _clean(value) -> str | None:
    return value.strip() if isinstance(value, str) and value.strip() else None


# Plain text: paragraphs, or one sentence per line (MAEC) ------------------------------------------

_MAEC_NAME = re.compile(r"^(\d{8})_([A-Z.\-]{1,8})\.txt$")
_HANDOFF_LINE = re.compile(r"\b(turn (it|the call)( back)? over to|hand (it|the call) over to|thank you, <UNK>)", re.I)


def _read_plain(path: Path, text: str) -> RawCall:
    call = RawCall("plain-text", [])
    match = _MAEC_NAME.match(path.name)
    if match:
        call.format = "maec"
        call.date = _parse_date(match.group(1))
        call.company = match.group(2)
    paragraphs = [p.strip() for p in re.split(r"\n\s*\n", text) if p.strip()]
    if len(paragraphs) == 1:
        # one sentence per line with no turn boundaries: start a turn where a hand-off is heard
        paragraphs, current = [], []
        for line in (line.strip() for line in text.splitlines()):
            if not line:
                continue
            if current and _HANDOFF_LINE.search(line):
                paragraphs.append(" ".join(current))
                current = []
            current.append(line)
        if current:
            paragraphs.append(" ".join(current))
    words = sum(len(p.split()) for p in paragraphs)
    letters = sum(ch.isalpha() for ch in text)
    if words < 20 or letters < 0.5 * len(text.strip()):
        raise TranscriptError(f"{path.name}: not a transcript (too little text: {words} words)")
    call.turns = [RawTurn(p.replace("\n", " ")) for p in paragraphs]
    return call
