"""`load_transcript(path)`: any supported file -> an attributed Transcript."""

from __future__ import annotations

import hashlib
from pathlib import Path

from .attribution import attribute
from .metadata import fiscal_period, transcript_id
from .readers import decode, read_call
from .transcript import Transcript, TranscriptError

MAX_BYTES = 20 * 1024 * 1024  # a transcript is text: anything larger is something else


def load_transcript(path: str | Path) -> Transcript:
    "Read, detect the format of, and attribute one transcript file."
    path = Path(path)
    if not path.is_file():
        raise TranscriptError(f"{path.name}: no such file")
    if path.stat().st_size > MAX_BYTES:
        raise TranscriptError(f"{path.name}: file is larger than {MAX_BYTES // (1024 * 1024)} MB")
    data = path.read_bytes()
    return parse_transcript(data, path.name)


def parse_transcript(data: bytes, name: str) -> Transcript:
    "Parse transcript bytes; `name` is the file name used in ids and error messages."
    path = Path(name)
    text = decode(path, data)
    call = read_call(path, text)
    turns, participants, exchanges = attribute(call.turns, labelled=call.labelled)
    if not turns:
        raise TranscriptError(f"{path.name}: no speaker turns found")
    company = call.company or path.stem
    period = fiscal_period([t.text for t in turns], call.date, call.year, call.quarter)
    return Transcript(
        id=transcript_id(company, call.date, period, path.stem),
        company=company,
        date=call.date,
        period=period,
        source=path.name,
        turns=tuple(turns),
        participants=tuple(participants),
        exchanges=tuple(exchanges),
        content_hash=hashlib.sha256(data).hexdigest(),
        format=call.format,
    )
