"""EarningsCall API responses at every level. Level 1: `{"text"}` (the whole call as one block). Level 2:
`speakers[{speaker: "spkNN", text}]`, with `speaker_name_map_v2` naming the ids when present. Level 3: the same
with `words` instead of `text`. Level 4: `prepared_remarks` / `questions_and_answers` as strings (or lists),
either of which may be null. `event{year, quarter, conference_date}` gives the fiscal period and date."""

from __future__ import annotations

import re
from pathlib import Path

from ..segment import segment
from ..transcript import TranscriptError
from .base import RawCall, RawTurn, clean, json_error, load_json, parse_date

NAME = "earningscall-json"
_KEYS = {"text", "event", "speakers", "prepared_remarks", "questions_and_answers", "speaker_name_map_v2", "company_name", "symbol"}


def sniff(text: str, name: str) -> float:
    data = load_json(text)
    if not isinstance(data, dict):
        return 0.0
    if isinstance(data.get("speakers"), list) or isinstance(data.get("event"), dict):
        return 0.95
    if (isinstance(data.get("prepared_remarks"), str) or isinstance(data.get("questions_and_answers"), str)
            or isinstance(data.get("text"), str)) and set(data) <= _KEYS:
        return 0.9
    return 0.0


def read(path: Path, text: str) -> RawCall:
    data = load_json(text)
    if not isinstance(data, dict):
        raise json_error(path, text)
    event = data.get("event") or {}
    names = data.get("speaker_name_map_v2") or {}
    call = RawCall(NAME, [], labelled=bool(names))
    call.company = clean(data.get("company_name")) or clean(event.get("company_name"))
    call.ticker = clean(data.get("symbol")) or clean(event.get("symbol"))
    call.date = parse_date(str(event.get("conference_date", "")))
    call.year, call.quarter = event.get("year"), event.get("quarter")
    if isinstance(data.get("speakers"), list):
        _read_speakers(path, data["speakers"], names, call)
    else:
        for key, section in (("prepared_remarks", "prepared_remarks"), ("questions_and_answers", "qa")):
            _read_part(path, data.get(key), section, call)
        if not call.turns and isinstance(data.get("text"), str):
            _read_part(path, data["text"], None, call)
    if not call.turns:
        raise TranscriptError(f"{path.name}: EarningsCall JSON with no text (speakers, prepared_remarks, questions_and_answers and text are all empty)")
    return call


def _read_speakers(path: Path, speakers: list, names: dict, call: RawCall) -> None:
    for i, item in enumerate(speakers):
        words = item.get("words") if isinstance(item, dict) else None
        said = item.get("text") if isinstance(item, dict) else None
        if not isinstance(said, str):
            if not isinstance(words, list):
                raise TranscriptError(f"{path.name}: speakers[{i}] has neither 'text' nor 'words'")
            said = " ".join(str(w) for w in words)
        if not said.strip():
            continue
        key = str(item.get("speaker") or "")
        person = names.get(key) or item.get("speaker_info") or {}
        title = clean(person.get("title"))
        firm = None
        if title and title.endswith(" Analyst"):
            firm, title = title[: -len(" Analyst")], "Analyst"
        call.turns.append(RawTurn(said.strip(), clean(person.get("name")), title, firm, None, None, key or None))


def _read_part(path: Path, part, section: str | None, call: RawCall) -> None:
    "A part of the call given as one string (cut into turns at speaker changes) or as a list of turns."
    if isinstance(part, str) and part.strip():
        call.turns += [RawTurn(t, section=section, seam=seam, change=p) for t, seam, p in segment(part)]
        call.segmented = True
    elif isinstance(part, list):
        for item in part:
            said = item if isinstance(item, str) else (item.get("text") if isinstance(item, dict) else None)
            if isinstance(said, str) and said.strip():
                speaker = clean(item.get("speaker")) if isinstance(item, dict) else None
                call.turns.append(RawTurn(re.sub(r"\s+", " ", said).strip(), speaker, section=section))
        call.labelled = call.labelled or any(t.speaker for t in call.turns)
