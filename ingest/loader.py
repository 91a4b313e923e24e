"""`load_transcript(path)`: any supported file -> an attributed Transcript."""

from __future__ import annotations

import hashlib
from pathlib import Path

from .attribution import attribute
from .evasion import with_signals
from .metadata import call_facts
from .assist import ModelAssist
from .readers import decode, read_call
from .speech import check as check_speech
from .transcript import Transcript, TranscriptError

MAX_BYTES = 20 * 1024 * 1024  # a transcript is text: anything larger is something else
# Bump when a change to ingest/ changes what a file parses into (turns, speakers, exchanges, their signals). It is part
# of each call's content hash, so ingesting a file again after an upgrade replaces its old parse instead of finding
# it "unchanged", also where the new parse gives the call another id (a company now read from the call's welcome:
# index.library.earlier_parses); calls nobody ingests again keep the parse they were indexed with.
PARSE_VERSION = 17


def load_transcript(path: str | Path, assist: ModelAssist | None = None) -> Transcript:
    "Read, detect the layout of, and attribute one transcript file (`assist`: what a language model adds, assist.py)."
    path = Path(path)
    try:
        if not path.is_file():
            raise TranscriptError(f"{path.name}: no such file")
        size = path.stat().st_size
    except OSError as exc:  # a symlink loop, a name too long
        raise TranscriptError(f"{path.name}: cannot open ({exc.strerror or exc})") from None
    if size > MAX_BYTES:
        raise TranscriptError(f"{path.name}: file is larger than {MAX_BYTES // (1024 * 1024)} MB")
    return parse_transcript(path.read_bytes(), path.name, assist)


def parse_transcript(data: bytes, name: str, assist: ModelAssist | None = None) -> Transcript:
    "Parse transcript bytes; `name` is the file name used in ids and error messages."
    path = Path(name)
    text = decode(path, data)
    call = read_call(path, text)
    check_speech("\n".join(t.text for t in call.turns), path.name)  # a licence or a program read as turns is not a call
    turns, participants, exchanges = attribute(call.turns, labelled=call.labelled, roster=call.participants, proposer=assist and assist.speakers)
    if not turns:
        raise TranscriptError(f"{path.name}: no speaker turns found")
    exchanges = with_signals(turns, exchanges, assist and assist.judge)  # did management answer each question
    facts = call_facts(call, turns, path.name)
    return Transcript(
        id=facts.id,
        company=facts.company,
        date=call.date or facts.date,
        period=facts.period,
        source=path.name,
        turns=tuple(turns),
        participants=tuple(participants),
        exchanges=tuple(exchanges),
        content_hash=content_hash(data, assist.mark if assist else ""),
        format=call.format,
        ticker=facts.ticker,
        aliases=facts.aliases,
        provenance=facts.provenance,
        warnings=tuple(call.warnings) + facts.warnings,
    )


def content_hash(data: bytes, mark: str = "", version: int | None = None) -> str:
    """A call's version in the index: its file's bytes and the parser that read them (`version`, this one's by
    default), with what a language model took part in (`ModelAssist.mark`), so switching a part on reads an indexed
    call again."""
    return hashlib.sha256(f"earshot-parse-{version or PARSE_VERSION}{mark}\n".encode() + data).hexdigest()
