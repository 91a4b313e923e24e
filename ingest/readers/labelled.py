"""Labelled text: 'Name: text' turns, or Motley Fool style 'Name -- Title' / 'Name -- Firm -- Analyst' headings
with 'Prepared Remarks:', 'Questions and Answers:' and a 'Call participants:' list."""

from __future__ import annotations

import re
from pathlib import Path

from .. import cues
from ..transcript import TranscriptError
from .base import RawCall, RawTurn, find_date, parse_date, section_heading, title_firm_role

NAME = "labelled-text"

_WORD = r"[A-Z](?:[\w.'’]|-(?!-))*"  # "Rojas-Schmidt", but "Turrin--Wells Fargo" is a name and a firm
_NAME = rf"{_WORD}(?: (?:{_WORD}|van|von|de|der|da|di|du|le|la|bin|al|del|dos))*"  # every word capitalised
COLON_TURN = re.compile(rf"^({_NAME})(?:\s*\(([^)]{{1,80}})\))?\s*:\s*(\S.*)$")
# "Tim Cook -- Chief Executive Officer" or "Jimmy Sexton--Head of Investor Relations": a full name (or Operator),
# then a capitalised title or firm
DASH_HEADER = re.compile(rf"^(Operator|{_WORD} {_NAME})\s*(?:--|—|–)\s*([A-Z][^.?!]{{0,119}}\.?)$")
_PARTICIPANTS = re.compile(r"^(call participants|participants|corporate participants|conference call participants)\s*:?\s*$", re.I)
NOT_NAMES = {"note", "source", "date", "company", "ticker", "title", "period", "http", "https", "q", "a", "url", "quarter",
             "scraped", "characters", "duration", "contents", "disclaimer", "copyright", "summary", "takeaways", "risks"}


def is_colon_turn(line: str) -> re.Match | None:
    "'Tim Cook: Thank you...' with a name that is not a header field."
    match = COLON_TURN.match(line)
    return match if match and match.group(1).lower() not in NOT_NAMES and len(match.group(1).split()) <= 5 else None


def colon_turn(match: re.Match, section: str | None, titles: dict[str, str] | None = None) -> RawTurn:
    """The turn a 'Name (detail): text' line starts. The detail is a title or firm ("Tim Cook (CEO):"), except after a
    label that is only a role, where it is the person: "Analyst (Ryan MacWilliams):" is Ryan MacWilliams, an analyst."""
    name, detail, said = match.group(1).strip(), match.group(2), match.group(3)
    anonymous, stated = cues.anonymous_label(name)
    if anonymous and stated and detail and re.fullmatch(_NAME, detail.strip()) and _name_like(detail.strip()):
        return RawTurn(said, detail.strip(), None, None, stated, section)
    title, firm, role = title_firm_role(re.split(r",|--", detail) if detail else [])
    title = title or (titles or {}).get(name)
    return RawTurn(said, name, title, firm, "operator" if name == "Operator" else role, section)


def is_dash_header(line: str) -> re.Match | None:
    match = DASH_HEADER.match(line)
    return match if match and len(line) < 140 else None


def opens_turn(line: str) -> bool:
    "A line that opens a turn or a part of the call: 'Tim Cook: ...', 'Tim Cook -- CEO', 'Operator', 'Questions and Answers:'."
    return bool(is_colon_turn(line) or is_dash_header(line) or line.lower() == "operator" or section_heading(line) is not None)


def sniff(text: str, name: str) -> float:
    lines = [line.strip() for line in text.splitlines()[:3000] if line.strip()]
    colon = sum(1 for line in lines if is_colon_turn(line))
    dash = sum(1 for line in lines if is_dash_header(line))
    if dash >= 2:
        return 0.8
    # one sentence per line with colons here and there (MAEC) is not a labelled call: colon turns must be common
    if colon >= 3 and colon >= 0.05 * len(lines):
        return 0.8
    return 0.0


def read(path: Path, text: str) -> RawCall:
    call = RawCall(NAME, [], labelled=True)
    read_lines(path, [line.strip() for line in text.splitlines()], call)
    return call


def read_lines(path: Path, lines: list[str], call: RawCall) -> None:
    "Fill `call` with the turns of labelled lines; lines above the first turn give the company and date."
    section: str | None = None
    current: RawTurn | None = None
    in_participants = False
    header_done = False
    for line in lines:
        if not line:
            continue
        if (heading := section_heading(line)) is not None:
            section, in_participants, current, header_done = heading, False, None, True
            continue
        if _PARTICIPANTS.match(line):
            in_participants, current = True, None
            continue
        dash = is_dash_header(line)
        if dash:
            name, rest = dash.group(1).strip(), re.split(r"\s*(?:--|—|–)\s*", dash.group(2))
            title, firm, role = title_firm_role(rest)
            if in_participants:
                call.participants.append((name, title, firm))
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
        colon = is_colon_turn(line)
        if colon and (header_done or _name_like(colon.group(1))):
            current = colon_turn(colon, section)
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


def _name_like(name: str) -> bool:
    return name == "Operator" or 2 <= len(name.split()) <= 4


def _header_line(call: RawCall, line: str) -> None:
    "Company and date from the lines above the first turn."
    if call.date is None and (found := parse_date(line.split(":", 1)[-1]) or find_date(line)):
        call.date = found
    elif call.company is None and len(line) < 120:
        match = re.match(r"(?:company\s*:\s*)?(.+?)(?:\s*\(([A-Z.]{1,8})\))?(?:\s+Q[1-4].*)?$", line, re.I)
        if match:
            call.company = match.group(1).strip()
            call.ticker = call.ticker or match.group(2)
