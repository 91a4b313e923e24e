"""Transcript files -> attributed speaker turns -> chunks. Standard library only."""

from .chunking import Chunk, chunk_transcript
from .loader import load_transcript, parse_transcript
from .transcript import Exchange, Participant, QuestionPart, Transcript, TranscriptError, Turn

__all__ = [
    "Chunk",
    "Exchange",
    "Participant",
    "QuestionPart",
    "Transcript",
    "TranscriptError",
    "Turn",
    "chunk_transcript",
    "load_transcript",
    "parse_transcript",
]
