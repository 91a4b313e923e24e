"""Turns -> retrieval chunks: sentence-aligned, never crossing a turn boundary."""

from __future__ import annotations

import re
from dataclasses import dataclass

from .transcript import Transcript, Turn

MAX_CHARS = 700  # all-MiniLM-L6-v2 reads 256 word pieces; 700 characters plus the header fit
# A sentence may end at a stop, or at a transcriber's bracket, before a capital, a digit, a quote, a bracket or a
# currency sign: "Thank you. [Operator Instructions] Our first question...", "...$7.2 million. $6.3 million of these...".
# Not before a bracket that holds a number: a citation marker belongs to the sentence before it ("...sequentially. [1]").
_SENTENCE_END = re.compile(r"(?<=[.!?\]])\s+(?=[A-Z0-9\"'“($]|\[(?!\d))")
# It never ends after a title or a Latin shorthand ("Mr. Wu", "e.g. Chinese").
_GOES_ON = re.compile(r"\b(?:Mr|Ms|Mrs|Dr|St|vs|approx|e\.g|i\.e)\.$")
# After a company's legal word, "U.S.", "No.", an initial ("D.C.", "A.J.") or a bracket that follows a word, it ends only
# where the next word is one that opens sentences: "in the U.S. We grew", "Clean Harbors, Inc. Thank you", "No. That's
# helpful", "...admission [Indecipherable] Thank you.", but not "U.S. Treasury", "Box, Inc. Second Quarter", "A.J. Rice"
# or "VJ Kumar of [Indecipherable] IFI is online". A letter after "&" or "-" is no initial: "P&L.", "10-K." end sentences.
_MAY_END = re.compile(r"(?:(?:\b(?:Inc|Co|Corp|Ltd|No|U\.S)|(?<![&-])\b[A-Z])\.|[^.!?\s]\s*\[[^\[\]]*\])$")
_OPENS = re.compile(
    r"(?:We|I|You|He|She|It|They|There|Here|This|That|These|Those|The|Our|My|Your|Their|His|Her|Its|And|But|So|Or|Now|Then|"
    r"Yes|Yeah|No|Okay|OK|Well|Sure|Right|Thank|Thanks|Hi|Hello|Good|What|How|Why|When|Where|Which|Who|If|As|In|On|At|For|"
    r"With|From|To|By|Of|After|Before|Since|While|Although|Because|Also|Again|Just|Let|Please|All|Is|Are|Was|Were|Do|Does|"
    r"Did|Can|Could|Would|Will|Should|May|Might|However|Overall|Finally|Lastly)\b"
)


@dataclass(frozen=True)
class Chunk:
    "A piece of one turn, with the metadata retrieval filters and citations need."

    id: str  # "<transcript id>:<turn index>:<chunk index>"
    text: str
    header: str  # "Qifu Technology, Inc FY2024 Q1 | Alex Xu, CFO | prepared remarks": embedded with the text
    metadata: dict  # flat scalars only (Chroma's rule)


def split_sentences(text: str) -> list[str]:
    "Sentences of a turn; a very long run-on sentence is cut at commas so no piece exceeds MAX_CHARS."
    merged: list[str] = []
    for part in _SENTENCE_END.split(text.strip()):
        if merged and (_GOES_ON.search(merged[-1]) or _MAY_END.search(merged[-1]) and not _OPENS.match(part)):
            merged[-1] = f"{merged[-1]} {part}"  # "Mr. Wu" is not a sentence end
        else:
            merged.append(part)
    out = []
    for sentence in merged:
        while len(sentence) > MAX_CHARS:
            cut = sentence.rfind(", ", 0, MAX_CHARS)
            cut = cut + 1 if cut > MAX_CHARS // 3 else sentence.rfind(" ", 0, MAX_CHARS)
            out.append(sentence[:cut].strip())
            sentence = sentence[cut:].strip()
        if sentence:
            out.append(sentence)
    return out


def placed_sentences(text: str) -> list[tuple[str, tuple[int, int] | None]]:
    "A text's sentences, each with where it stands in the text (start, end); None from one that cannot be found again."
    out: list[tuple[str, tuple[int, int] | None]] = []
    cursor: int | None = 0
    for sentence in split_sentences(text):
        where = None
        if cursor is not None:
            at = text.find(sentence, cursor)  # nearly always there as is; a regex only where whitespace was rejoined
            if at >= 0:
                where = (at, at + len(sentence))
            elif found := re.compile(r"\s+".join(map(re.escape, sentence.split()))).search(text, cursor):
                where = found.span()
        cursor = where[1] if where else None
        out.append((sentence, where))
    return out


def chunk_turn(turn: Turn) -> list[str]:
    "Group a turn's sentences into pieces of at most MAX_CHARS."
    return [piece for piece, _ in chunk_spans(turn)]


def chunk_spans(turn: Turn) -> list[tuple[str, tuple[int, int] | None]]:
    """A turn's pieces, each with where it stands in the turn's text (start, end), so a reader can take the words
    as said: a piece joins its sentences with single spaces. None where a sentence cannot be found again."""
    pieces: list[tuple[str, tuple[int, int] | None]] = []
    current, span = "", None
    for sentence, where in placed_sentences(turn.text):
        if current and len(current) + 1 + len(sentence) > MAX_CHARS:
            pieces.append((current, span))
            current, span = sentence, where
        else:
            span = (span[0], where[1]) if span and where else (where if not current else None)
            current = f"{current} {sentence}".strip()
    if current:
        pieces.append((current, span))
    return pieces


def speaker_label(turn: Turn) -> str:
    "'Alex Xu, CFO' or 'Emma Xu, Bank of America'."
    detail = turn.firm if turn.role == "analyst" else turn.title
    return f"{turn.speaker}, {detail}" if detail else turn.speaker


def chunk_transcript(transcript: Transcript) -> list[Chunk]:
    "All chunks of a call, in order."
    chunks = []
    for turn in transcript.turns:
        header = " | ".join(
            part
            for part in (
                f"{transcript.company} {transcript.period or ''}".strip(),
                f"{speaker_label(turn)} ({turn.role})",
                turn.section.replace("_", " "),
            )
            if part
        )
        for n, (piece, span) in enumerate(chunk_spans(turn)):
            start, end = span or (-1, -1)
            chunks.append(
                Chunk(
                    id=f"{transcript.id}:{turn.index}:{n}",
                    text=piece,
                    header=header,
                    metadata=turn_metadata(transcript, turn) | {"chunk_index": n, "start": start, "end": end},
                )
            )
    return chunks


def turn_metadata(transcript: Transcript, turn: Turn) -> dict:
    "Flat metadata of a turn; missing values are '' or -1 so every key is always present and filterable."
    return {
        "transcript_id": transcript.id,
        "company": transcript.company,
        "period": transcript.period or "",
        "date": transcript.date.isoformat() if transcript.date else "",
        "source": transcript.source,
        "content_hash": transcript.content_hash,
        "turn_index": turn.index,
        "speaker": turn.speaker,
        "role": turn.role,
        "title": turn.title or "",
        "firm": turn.firm or "",
        "section": turn.section,
        "exchange_id": turn.exchange_id if turn.exchange_id is not None else -1,
        # did management answer the exchange this turn belongs to ("" outside the Q&A)
        "answered": exchange.answered if (exchange := transcript.exchange(turn.exchange_id)) else "",
        "translation_of": turn.translation_of if turn.translation_of is not None else -1,
        "confidence": turn.confidence,
    }
