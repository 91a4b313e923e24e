"""Transcript <-> JSON, so the index can keep each call whole for the call viewer and citations."""

from __future__ import annotations

import json
from dataclasses import asdict
from datetime import date

from .transcript import Exchange, Participant, QuestionPart, Transcript, Turn


def to_json(transcript: Transcript) -> str:
    "The transcript as a JSON string."
    data = asdict(transcript)
    data["date"] = transcript.date.isoformat() if transcript.date else None
    return json.dumps(data, ensure_ascii=False)


def from_json(text: str) -> Transcript:
    "A transcript from `to_json` output."
    data = json.loads(text)
    return Transcript(
        id=data["id"],
        company=data["company"],
        date=date.fromisoformat(data["date"]) if data.get("date") else None,
        period=data.get("period"),
        source=data["source"],
        turns=tuple(Turn(**t) for t in data["turns"]),
        participants=tuple(Participant(**p) for p in data.get("participants", ())),
        exchanges=tuple(
            Exchange(
                **{
                    **e,
                    **{k: tuple(e.get(k, ())) for k in ("turn_indices", "evidence", "untouched")},
                    "parts": tuple(QuestionPart(**p) for p in e.get("parts", ())),
                }
            )
            for e in data.get("exchanges", ())
        ),
        content_hash=data.get("content_hash", ""),
        format=data.get("format", ""),
        ticker=data.get("ticker"),
        aliases=tuple(data.get("aliases", ())),
        provenance=tuple(tuple(p) for p in data.get("provenance", ())),
        warnings=tuple(data.get("warnings", ())),
    )
