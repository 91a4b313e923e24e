"""A JSON list of turns, `[{speaker, text, title?, firm?, role?, section?}]`, or `{company?, date?, turns: [...]}`.
It also answers for any text that starts like JSON but does not parse, to name the JSON error."""

from __future__ import annotations

from pathlib import Path

from ..transcript import TranscriptError
from .base import RawCall, RawTurn, clean, json_error, load_json, parse_date

NAME = "json-turns"


def _items(data):
    return data.get("turns") if isinstance(data, dict) else data


def sniff(text: str, name: str) -> float:
    data = load_json(text)
    if data is None:
        return 0.01 if text.lstrip().startswith(("{", "[")) else 0.0  # let read() name the JSON error
    items = _items(data)
    return 0.9 if isinstance(items, list) and items and all(isinstance(i, dict) and "text" in i for i in items[:5]) else 0.01


def read(path: Path, text: str) -> RawCall:
    data = load_json(text)
    items = _items(data) if data is not None else None
    if not isinstance(items, list) or not items:
        if data is None:
            raise json_error(path, text)
        raise TranscriptError(f"{path.name}: JSON has no list of turns ({{speaker, text}} objects)")
    call = RawCall(NAME, [], labelled=True)
    if isinstance(data, dict):
        call.company = clean(data.get("company"))
        call.date = parse_date(str(data.get("date", "")))
    for i, item in enumerate(items):
        if not isinstance(item, dict) or not isinstance(item.get("text"), str):
            raise TranscriptError(f"{path.name}: turn {i} is not an object with a 'text' string")
        if not item["text"].strip():
            continue
        call.turns.append(
            RawTurn(item["text"].strip(), clean(item.get("speaker")), clean(item.get("title")), clean(item.get("firm")),
                    clean(item.get("role")), clean(item.get("section")))
        )
    call.labelled = any(t.speaker for t in call.turns)
    if not call.turns:
        raise TranscriptError(f"{path.name}: no speaker turns found")
    return call
