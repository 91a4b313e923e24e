"""Diarized speech-to-text output: 'Speaker 1: ...' / 'SPEAKER_00: ...' / 'spk_3: ...' lines (with or without
timestamps), WebVTT cues with '<v Speaker 1>' voices, and Rev's .nlp token files (a speaker id on every token).
Each anonymous speaker is one person for the whole call; attribution names them from what they say."""

from __future__ import annotations

import re
from pathlib import Path

from ..transcript import TranscriptError
from .base import RawCall, RawTurn

NAME = "diarized"

_STAMP = r"(?:\[?\(?\d{1,2}:\d{2}(?::\d{2})?(?:[.,]\d+)?\)?\]?\s*)?"
_LINE = re.compile(rf"^{_STAMP}((?:speaker|spk|SPEAKER)[ _]?\d{{1,3}}|[A-Z]{{1,3}}_\d{{2}})\s*{_STAMP}:\s*{_STAMP}(.*)$", re.I)
_VTT_VOICE = re.compile(r"<v\s+([^>]+)>(.*?)(?:</v>|$)")
_VTT_TIMING = re.compile(r"^\d{1,2}:\d{2}(?::\d{2})?\.\d{3}\s+-->")


def opens_turn(line: str) -> bool:
    "A line that opens a diarized speaker's turn: 'Speaker 1: ...', 'spk03: ...'."
    return bool(_LINE.match(line))


def sniff(text: str, name: str) -> float:
    head = text[:20000]
    if head.startswith("token|speaker|"):
        return 0.99
    if head.lstrip("\ufeff").startswith("WEBVTT"):
        return 0.95 if "<v " in head else 0.0
    lines = [line.strip() for line in head.splitlines() if line.strip()]
    hits = sum(1 for line in lines if _LINE.match(line))
    return 0.9 if lines and hits >= 3 and hits >= 0.5 * len(lines) else 0.0


def read(path: Path, text: str) -> RawCall:
    if text.startswith("token|speaker|"):
        pieces = _nlp_pieces(text)
    elif text.lstrip("\ufeff").startswith("WEBVTT"):
        pieces = [(m.group(1).strip(), m.group(2).strip()) for line in text.splitlines() for m in _VTT_VOICE.finditer(line)]
    else:
        pieces, last = [], None
        for line in (line.strip() for line in text.splitlines()):
            if not line or _VTT_TIMING.match(line):
                continue
            if m := _LINE.match(line):
                last = _key(m.group(1))
                pieces.append((last, m.group(2)))
            elif last is not None:
                pieces.append((last, line))
    call = RawCall(NAME, [])
    for key, said in pieces:
        if not said:
            continue
        if call.turns and call.turns[-1].speaker_key == key:
            call.turns[-1].text = f"{call.turns[-1].text} {said}"
        else:
            call.turns.append(RawTurn(said, speaker_key=key))
    if not call.turns:
        raise TranscriptError(f"{path.name}: diarized transcript with no speech")
    return call


def _key(label: str) -> str:
    "'SPEAKER_01', 'speaker 1', 'spk_1' -> one spelling per speaker."
    digits = re.search(r"\d+", label)
    return f"Speaker {int(digits.group())}" if digits else label


def _nlp_pieces(text: str) -> list[tuple[str, str]]:
    "Rev .nlp rows 'token|speaker|ts|endTs|punctuation|case|...' -> (speaker, words) runs."
    out: list[tuple[str, list[str]]] = []
    for row in text.splitlines()[1:]:
        cols = row.split("|")
        if len(cols) < 5 or not cols[0]:
            continue
        token, speaker, punct = cols[0], f"Speaker {cols[1]}", cols[4]
        if out and out[-1][0] == speaker:
            out[-1][1].append(token + punct)
        else:
            out.append((speaker, [token + punct]))
    return [(speaker, " ".join(words)) for speaker, words in out]
