"""Text with no speaker labels and no header: one sentence per line (MAEC, ECTSum), one unbroken block
(EarningsCall level 1 saved as text), or paragraphs separated by blank lines; any of them may be hard-wrapped at a
fixed width. Turns are cut where the speaker changes; attribution names them."""

from __future__ import annotations

import re
from pathlib import Path

from ..segment import cut_turns, units
from ..transcript import TranscriptError
from .base import MIN_WORDS, RawCall, RawTurn, reflowed

NAME = "plain-text"
READS_WRAPPED = True  # its own reading finds the paragraphs of wrapped lines


def layout(text: str) -> tuple[str, list[str] | None]:
    """sentences | unbroken | paragraphs | lines (a paragraph a line): how the lines of a text without labels are
    laid out; with the paragraphs of hard-wrapped text (`reflowed`), None for text that is not wrapped."""
    lines = [line.strip() for line in text.strip().splitlines() if line.strip()]
    if len(lines) <= 3:
        return "unbroken", None
    if (wrapped := reflowed(text)) is not None:  # hard-wrapped: its lines are not the call's
        return ("unbroken" if len(wrapped) <= 3 else "paragraphs"), wrapped
    if not re.search(r"\n\s*\n", text.strip()):
        # no blank lines and not wrapped: each line is the file's own unit, punctuated or not (272 of the 3,443 MAEC
        # calls leave their sentences unpunctuated, and each was read as one paragraph, the whole call one turn)
        return ("sentences" if sum(map(len, lines)) / len(lines) < 400 else "lines"), None
    return "paragraphs", None


def sniff(text: str, name: str) -> float:
    lines = [line.lstrip() for line in text[:20000].splitlines() if line.strip()]
    if lines and sum(line.startswith(("|", "#", "```")) for line in lines) >= 0.2 * len(lines):
        return 0.0  # a markdown document (tables, headings), such as a folder's README, is not a call
    words = len(text.split())
    letters = sum(ch.isalpha() for ch in text[:20000])
    if words < MIN_WORDS or letters < 0.5 * len(text[:20000].strip()):
        return 0.0
    return {"sentences": 0.5, "unbroken": 0.5, "paragraphs": 0.3, "lines": 0.3}[layout(text)[0]]


def read(path: Path, text: str) -> RawCall:
    words = len(text.split())
    letters = sum(ch.isalpha() for ch in text)
    if words < MIN_WORDS or letters < 0.5 * len(text.strip()):
        raise TranscriptError(f"{path.name}: not a transcript (too little text: {words} words)")
    kind, wrapped = layout(text)  # the text reflowed once, where it is wrapped
    call = RawCall(NAME, [])
    if kind in ("paragraphs", "lines"):
        parts = text.splitlines() if kind == "lines" else re.split(r"\n\s*\n", text)
        paragraphs = wrapped or [re.sub(r"\s+", " ", p).strip() for p in parts if p.strip()]
        call.turns = [RawTurn(p) for p in paragraphs]
    else:
        sentences = [line.strip() for line in text.splitlines() if line.strip()] if kind == "sentences" else units(" ".join(wrapped or [text]))
        call.turns = [RawTurn(t, seam=seam, change=p) for t, seam, p in cut_turns(sentences)]
        call.segmented = True
    call.format = {"sentences": "sentence-per-line", "unbroken": "unbroken-text", "paragraphs": "plain-paragraphs", "lines": "plain-paragraphs"}[kind]
    return call
