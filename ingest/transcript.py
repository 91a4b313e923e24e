"""The transcript model: a call, its speaker turns, participants and Q&A exchanges."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

ROLES = ("operator", "host", "executive", "analyst", "unknown")
SECTIONS = ("prepared_remarks", "qa")
UNIDENTIFIED_EXECUTIVE = "Unidentified executive"
UNIDENTIFIED_ANALYST = "Unidentified analyst"
INTERPRETER = "Interpreter"


class TranscriptError(ValueError):
    "A file that cannot be read as a transcript; the message names the file and the reason."


@dataclass(frozen=True)
class Turn:
    "One uninterrupted stretch of speech by one speaker."

    index: int  # position in the call; citations point here
    speaker: str  # "Alex Xu", "Operator", or "Unidentified executive"
    role: str  # operator | host | executive | analyst | unknown
    text: str
    title: str | None = None  # "CFO"
    firm: str | None = None  # "Morgan Stanley"
    section: str = "prepared_remarks"  # or "qa"
    exchange_id: int | None = None  # Q&A exchange this turn belongs to
    translation_of: int | None = None  # index of the turn this one interprets
    confidence: float = 1.0  # how sure the attribution is, 0..1


@dataclass(frozen=True)
class Participant:
    "A person on the call, as named in the call or its labels."

    name: str
    role: str
    title: str | None = None
    firm: str | None = None


@dataclass(frozen=True)
class QuestionPart:
    "One question an analyst's turn asks, and what management's answers did with it."

    question: str
    status: str  # answered | partly answered | not answered | not taken up
    evidence: str = ""  # the withholding sentence that goes with this question, if any


@dataclass(frozen=True)
class Exchange:
    "One analyst question and every turn that answers it, until the next question."

    id: int
    analyst: str
    firm: str | None
    turn_indices: tuple[int, ...]
    answered: str = ""  # answered | partly answered | not answered (evasion.py); "" when management never spoke
    evidence: tuple[str, ...] = ()  # the sentences of the answers that withhold information
    untouched: tuple[str, ...] = ()  # the analyst's questions the answers never took up
    parts: tuple[QuestionPart, ...] = ()  # each question of the exchange scored on its own (evasion.py)


@dataclass(frozen=True)
class Transcript:
    "One earnings call, parsed and attributed."

    id: str  # "qifu-technology-inc-2024-05-20": stable for the call, not its bytes
    company: str
    date: date | None
    period: str | None  # "FY2024 Q1"
    source: str  # file name it came from
    turns: tuple[Turn, ...]
    participants: tuple[Participant, ...] = ()
    exchanges: tuple[Exchange, ...] = ()
    content_hash: str = ""
    format: str = ""  # which reader parsed it (the layout)
    ticker: str | None = None
    aliases: tuple[str, ...] = ()  # names a question may use: "Apple Inc", "Apple", "AAPL"
    provenance: tuple[tuple[str, str], ...] = ()  # where each fact came from: (("period", "call text"), ...)
    warnings: tuple[str, ...] = ()  # what the ingest report shows beside the call

    def exchange(self, exchange_id: int | None) -> Exchange | None:
        "The Q&A exchange with this id, or None."
        return next((e for e in self.exchanges if e.id == exchange_id), None) if exchange_id is not None else None

    def source_of(self, fact: str) -> str | None:
        "Where `fact` (company, ticker, date, period) came from: file, call text, file name or call date."
        return dict(self.provenance).get(fact)
