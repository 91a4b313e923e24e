"""Motley Fool JSON: `prepared_remarks` and `q_and_a` lists of {speaker, speech}, `participants` as
'Name--Title' or 'Name--Firm -- Analyst', and `header_texts` (the page's table of contents, never a turn)."""

from __future__ import annotations

from pathlib import Path

from ..transcript import TranscriptError
from .base import RawCall, RawTurn, clean, dash_participant, json_error, load_json

NAME = "motley-fool-json"
_SECTIONS = (("prepared_remarks", "prepared_remarks"), ("q_and_a", "qa"))


def sniff(text: str, name: str) -> float:
    data = load_json(text)
    if not isinstance(data, dict):
        return 0.0
    lists = [data.get(key) for key, _ in _SECTIONS]
    ok = any(isinstance(v, list) and v and isinstance(v[0], dict) and "speech" in v[0] for v in lists)
    return 0.99 if ok else 0.0


def read(path: Path, text: str) -> RawCall:
    data = load_json(text)
    if not isinstance(data, dict):
        raise json_error(path, text)
    call = RawCall(NAME, [], labelled=True)
    people = {}
    # the call's opening words name its company: a participant listed with that name alone is one of its people
    opening = " ".join(item.get("speech", "") for item in (data.get("prepared_remarks") or [])[:2] if isinstance(item, dict) and isinstance(item.get("speech"), str))
    for entry in data.get("participants") or []:
        if isinstance(entry, str) and entry.strip():
            name, title, firm, role = dash_participant(entry, opening)
            people[name] = (title, firm, role)
            call.participants.append((name, title, firm))
    for key, section in _SECTIONS:
        for i, item in enumerate(data.get(key) or []):
            if not isinstance(item, dict) or not isinstance(item.get("speech"), str):
                raise TranscriptError(f"{path.name}: {key}[{i}] is not an object with a 'speech' string")
            speech = item["speech"].strip()
            if not speech:
                continue
            speaker = clean(item.get("speaker")) or None
            title, firm, role = people.get(speaker, (None, None, None))
            if speaker and speaker.lower() == "operator":
                speaker, role = "Operator", "operator"
            call.turns.append(RawTurn(speech, speaker, title, firm, role, section))
    if not call.turns:
        raise TranscriptError(f"{path.name}: Motley Fool JSON with no speech in prepared_remarks or q_and_a")
    return call
