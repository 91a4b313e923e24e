"""What every reader shares: the raw call it returns, decoding bytes, dates, names and headings."""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date, datetime
from functools import lru_cache
from pathlib import Path

from ..transcript import TranscriptError


@dataclass
class RawTurn:
    "A turn as the file gives it, before attribution fills in what the file leaves out."

    text: str
    speaker: str | None = None
    title: str | None = None
    firm: str | None = None
    role: str | None = None
    section: str | None = None
    speaker_key: str | None = None  # anonymous diarization id such as "spk07" or "Speaker 2"
    seam: str | None = None  # how this turn was cut from the one before: "cut" (a speaker change was heard), "passage" (the same speaker goes on)
    change: float | None = None  # at a "cut": the seam model's P(the speaker changes) there


@dataclass
class RawCall:
    "What a reader found in a file: the turns and whatever the file itself says about the call."

    format: str
    turns: list[RawTurn]
    company: str | None = None
    ticker: str | None = None
    date: date | None = None
    year: int | None = None  # fiscal year and quarter, when the file states them
    quarter: int | None = None
    labelled: bool = False  # speaker names came from the file
    participants: list[tuple[str, str | None, str | None]] = field(default_factory=list)  # (name, title, firm)
    segmented: bool = False  # turns were cut from text without speaker breaks
    warnings: list[str] = field(default_factory=list)


def decode(path: Path, data: bytes) -> str:
    "Text of a transcript file in UTF-8 (with or without BOM), UTF-16, Windows-1252 or Latin-1, its typography made plain."
    return plain_typography(_text(path, data))


def _text(path: Path, data: bytes) -> str:
    if not data.strip():
        raise TranscriptError(f"{path.name}: the file is empty")
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        return _decode_as(path, data, "utf-16")
    if data.startswith(b"\xef\xbb\xbf"):
        return _decode_as(path, data, "utf-8-sig")
    if b"\x00" in data[:4096]:
        # UTF-16 without a BOM puts a NUL beside every ASCII byte; anything else with NULs is binary.
        even, odd = data[0:4096:2].count(0), data[1:4096:2].count(0)
        sample = len(data[:4096]) // 2 or 1
        if odd > 0.4 * sample and even < 0.05 * sample:
            return _decode_as(path, data, "utf-16-le")
        if even > 0.4 * sample and odd < 0.05 * sample:
            return _decode_as(path, data, "utf-16-be")
        raise TranscriptError(f"{path.name}: this is a binary file, not a text transcript")
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError:
        try:  # Windows' code page, as word processors save: its 0x92 is the apostrophe that Latin-1 reads as a control
            text = data.decode("cp1252")
        except UnicodeDecodeError:
            text = data.decode("latin-1")
    controls = sum(1 for ch in text[:4096] if ord(ch) < 32 and ch not in "\r\n\t\f")
    if controls > 0.01 * min(len(text), 4096):
        raise TranscriptError(f"{path.name}: this is a binary file, not a text transcript")
    return text


# Quotes, apostrophes and spaces as web pages and word processors write them ("It’s Luca.", a no-break space in
# "Thanks,\u00a0Tim") read as the plain ones every cue is written with; invisible characters go.
_PLAIN = str.maketrans({
    "\u2018": "'", "\u2019": "'", "\u201a": "'", "\u201b": "'", "\u02bc": "'",
    "\u201c": '"', "\u201d": '"', "\u201e": '"', "\u201f": '"',
    "\u00a0": " ", "\u2007": " ", "\u2009": " ", "\u200a": " ", "\u202f": " ",
    "\u200b": None, "\u200c": None, "\u200d": None, "\u2060": None, "\ufeff": None, "\u00ad": None,
})


def plain_typography(text: str) -> str:
    "The text with typographic quotes and apostrophes made plain, odd spaces made spaces and invisible characters gone."
    return text.translate(_PLAIN)


def _plain_strings(value):
    "Every string in parsed JSON made plain (`plain_typography`): JSON escapes such as \\u2019 are read only when parsed."
    if isinstance(value, str):
        return plain_typography(value)
    if isinstance(value, list):
        return [_plain_strings(v) for v in value]
    if isinstance(value, dict):
        return {k: _plain_strings(v) for k, v in value.items()}
    return value


def _decode_as(path: Path, data: bytes, encoding: str) -> str:
    try:
        return data.decode(encoding)
    except UnicodeDecodeError as exc:
        raise TranscriptError(f"{path.name}: cannot decode as {encoding} ({exc.reason})") from None


_DATE_FORMATS = ("%m/%d/%Y", "%Y-%m-%d", "%B %d, %Y", "%b %d, %Y", "%b. %d, %Y", "%Y%m%d", "%d %B %Y", "%A, %B %d, %Y")
_DATE_IN_TEXT = re.compile(
    r"((?:Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Sept|Oct|Nov|Dec)[a-z]*\.? \d{1,2}, \d{4}|\b\d{4}-\d{2}-\d{2}|\b\d{1,2}/\d{1,2}/\d{4})"
)


def parse_date(value: str) -> date | None:
    "A date written whole ('1/27/2022', '2022-01-27', 'January 27, 2022', '2022-01-27T14:00:00')."
    value = value.strip().rstrip(".")
    for fmt in _DATE_FORMATS:
        try:
            return datetime.strptime(value, fmt).date()
        except ValueError:
            continue
    match = re.match(r"(\d{4}-\d{2}-\d{2})T", value)
    return date.fromisoformat(match.group(1)) if match else None


def find_date(text: str) -> date | None:
    "The first whole date inside a line ('Wednesday, June 4, 2025 at 5 p.m. ET')."
    for match in _DATE_IN_TEXT.finditer(text):
        found = parse_date(match.group(1).replace("Sept", "Sep"))
        if found:
            return found
    return None


def clean(value) -> str | None:
    "A stripped string, or None for anything empty or not a string."
    return value.strip() if isinstance(value, str) and value.strip() else None


# a word of a job title; details after a name with none of these name a firm ("Devin Ryan--JMP Securities")
_TITLE_WORD = re.compile(
    r"officer|president|director|chair|head|manager|relations?|realtions|treasurer|controller|counsel|secretary|founder|"
    r"chief|executive|advis[eo]r|partner|principal|\b(?:[ES]?VP|C[A-Z]O|IR)\b|reporter|writer|contact|shareholder|investor|"
    r"analy|anayst",
    re.I,
)


def title_firm_role(parts: list[str], own: str | None = None) -> tuple[str | None, str | None, str | None]:
    """Motley Fool style details after a name: [Title], [Firm, 'Analyst'] or a firm alone -> (title, firm, role).
    A firm alone is how some participants lists name the callers: no job title, and not the call's own company,
    whose name the call says in `own` (its opening words): "Michael S. Curless--Prologis, Inc." on Prologis's call is
    its own. Without `own` (a list not known to write callers that way), details are a title."""
    parts = [p.strip() for p in parts if p and p.strip()]
    if not parts:
        return None, None, None
    if parts[-1].lower() == "analyst":
        return "Analyst", (", ".join(parts[:-1]) or None), "analyst"
    details = ", ".join(parts)
    first_word = re.match(r"[A-Za-z][\w&'-]+", details)  # not a one-letter stub ("Seamus Grady--C")
    if own is not None and first_word and len(first_word.group()) >= 2 and not _TITLE_WORD.search(details) and first_word.group().lower() not in own.lower():
        return "Analyst", details, "analyst"
    return details, None, None


def dash_participant(entry: str, own: str | None = None) -> tuple[str, str | None, str | None, str | None]:
    "'Rubun Dey--Head of Investor Relations' or 'Carter Copeland--Melius Research -- Analyst' -> (name, title, firm, role)."
    name, *rest = [p.strip() for p in re.split(r"\s*(?:--|—|–)\s*", entry)]
    title, firm, role = title_firm_role(rest, None if own is None else f"{own} {name}")  # "Beth Baum--Beth Baum" is no firm
    return name, title, firm, role


# Section headings as transcripts write them.
SECTION_HEADINGS = {
    "prepared remarks": "prepared_remarks",
    "presentation": "prepared_remarks",
    "questions and answers": "qa",
    "questions & answers": "qa",
    "question-and-answer session": "qa",
    "question and answer session": "qa",
}


def section_heading(line: str) -> str | None:
    "'Questions and Answers:' -> 'qa'; None for any other line."
    return SECTION_HEADINGS.get(line.strip().rstrip(":").strip().lower())


_TICKER_IN_NAME = re.compile(r"^(?:(\d{8})_([A-Z][A-Z.\-]{0,7})|([A-Za-z][A-Za-z.\-]{0,7})_(?:(?:q|Q)([1-4])_(\d{4})|(?:fy)?(\d{4})_?q([1-4])))")


_TITLE_IN_NAME = re.compile(r"^Q([1-4]) (\d{4}) (.+?) (?:Earnings|Results|Financial|Conference)\b", re.I)


def file_name_facts(name: str) -> dict:
    """What a file-name convention says ('TICKER_q1_2021', '20180427_CHTR', 'Q3 2022 AGNC Investment Corp Earnings
    Call.txt'): ticker or company, date, fiscal year and quarter."""
    stem = Path(name).stem
    if title := _TITLE_IN_NAME.match(stem):
        return {"company": title.group(3), "year": int(title.group(2)), "quarter": int(title.group(1))}
    match = _TICKER_IN_NAME.match(stem)
    if not match:
        return {}
    if match.group(1):
        return {"ticker": match.group(2).upper(), "date": parse_date(match.group(1))}
    if match.group(4):
        return {"ticker": match.group(3).upper(), "year": int(match.group(5)), "quarter": int(match.group(4))}
    return {"ticker": match.group(3).upper(), "year": int(match.group(6)), "quarter": int(match.group(7))}


_JSON_CACHE: dict[int, object] = {}


def load_json(text: str):
    "The parsed JSON of a file's text, or None when it is not JSON; parsed once for every reader's sniff and read."
    stripped = text.lstrip()
    if not stripped.startswith(("{", "[")):
        return None
    key = hash(text)
    if key not in _JSON_CACHE:
        import json

        try:
            value = _plain_strings(json.loads(stripped))
        except json.JSONDecodeError:
            value = None
        _JSON_CACHE.clear()  # one file at a time: keep only the latest
        _JSON_CACHE[key] = value
    return _JSON_CACHE[key]


def json_error(path: Path, text: str) -> TranscriptError:
    "The error for text that starts like JSON but does not parse."
    import json

    try:
        json.loads(text.lstrip())
    except json.JSONDecodeError as exc:
        return TranscriptError(f"{path.name}: invalid JSON ({exc.msg} at line {exc.lineno})")
    return TranscriptError(f"{path.name}: JSON with no transcript in it (no turns, remarks or text)")


MIN_WORDS = 20  # a file no reader takes with fewer words than this is too little text to be a call


SENTENCE_END = re.compile(r"[.!?\"')\]]\s*$")
FULL_LINE = 0.8  # a line this share of the wrap width or longer ran into the margin


def wrap_width(lines: list[str]) -> int | None:
    """The column a text was hard-wrapped at, as text taken from a PDF, an e-mail or a terminal is: a quarter of its
    lines or more run to within a fifth of one width and stop inside a sentence, and hardly any line runs past it.
    None for text that is not wrapped: a line per turn, paragraph or sentence ends its sentence or runs to any length
    (none of the 3,443 MAEC calls, the sample or EarningsCall's level-1 text is taken for wrapped; wrapped at 60 or
    80 columns, 30-95% of their lines run on so)."""
    lengths = sorted(len(line) for line in lines)
    if len(lengths) < 8:
        return None
    width = lengths[int(0.9 * (len(lengths) - 1))]
    if not 30 <= width <= 200 or lengths[int(0.98 * (len(lengths) - 1))] > 1.1 * width:
        return None  # lines of any length (sentences a transcriber left unpunctuated) are not cut at a margin
    running_on = sum(1 for line in lines if len(line) >= FULL_LINE * width and not SENTENCE_END.search(line))
    return width if running_on >= 0.25 * len(lines) else None


def reflowed(text: str) -> list[str] | None:
    """The paragraphs of hard-wrapped text with no speaker labels (`unwrapped`), or None if it is not wrapped. Where
    a line ends a sentence but the next line's first word would not have fitted on it, the seam model decides whether
    the speaker changes there (`segment.changes_between`)."""
    from ..segment import changes_between

    flat = unwrapped(text, hear=changes_between)
    return None if flat is None else [line for line in flat.splitlines() if line]


@lru_cache(maxsize=4)  # readers that sniff and read the same text ask again
def unwrapped(text: str, opens: Callable[[str], object] | None = None, hear: Callable[[list[list[str]]], list[list[bool]]] | None = None) -> str | None:
    """Hard-wrapped text (`wrap_width`) with each paragraph on one line, or None if it is not wrapped. A line ends a
    paragraph where the next line's first word would have fitted on it, before a blank line, and where it ends a
    sentence: a paragraph cut in two is still one speaker's, where two run together would give one of them the other's
    words. Given `hear`, which tells of runs of consecutive pieces of text whether the speaker changes between each two, a
    line that ends a sentence ends a paragraph only where it hears a change (on 200 tune calls written a line per
    turn and wrapped at 80 columns, 1,145 of 5,190 lines that ran to the margin and ended a sentence ended a turn). Given
    `opens`, which tells a line that opens a turn by its label ("Operator", "Tim Cook:"), a paragraph
    ends before such a line instead of at every sentence end, since the labels say where speakers change. A blank line
    after a line that ran on to the margin parts pages and is passed over; the other blank lines stay. Where blank
    lines part the text and no line inside a part stops short, the parts are the paragraphs; where they only part
    pages, the lines decide inside them. Text with (almost) no breaks is one block."""
    lines = [line.strip() for line in text.splitlines() if line.strip()]
    width = wrap_width(lines)
    if width is None:
        return None
    blocks: list[list[str]] = []
    for block in re.split(r"\n\s*\n", text.strip()):
        block_lines = [line.strip() for line in block.splitlines() if line.strip()]
        if blocks and _runs_on(blocks[-1][-1], width):
            blocks[-1] += block_lines  # a blank line after a line that ran on to the margin parts pages, not paragraphs
        elif block_lines:
            blocks.append(block_lines)
    ends = [[len(line) + 1 + len(nxt.split()[0]) <= width - 2 or _rule(line) or _rule(nxt) or bool(opens and opens(nxt))
             for line, nxt in zip(block, block[1:])] + [True] for block in blocks]
    inside = sum(sum(block_ends[:-1]) for block_ends in ends)
    if inside < 3:  # no line stops short inside a part: the parts are the paragraphs, or it is one stretch of speech
        return "\n\n".join(joined(block) for block in blocks) if len(blocks) >= 3 else joined(lines)
    runs: list[list[list[str]]] = []  # each block's runs of pieces between sure ends, each piece ending at a line
    for block, block_ends in zip(blocks, ends):
        runs.append([])
        pieces: list[str] = []
        current: list[str] = []
        for line, end in zip(block, block_ends):
            current.append(line)
            if end or (opens is None and SENTENCE_END.search(line)):
                pieces.append(joined(current))
                current = []
            if end:
                runs[-1].append(pieces)
                pieces = []
    every = [run for block in runs for run in block]
    changes = iter(hear(every) if hear else [[True] * (len(run) - 1) for run in every])  # all runs at once: one reading of the model
    return "\n\n".join("\n".join(p for run in block for p in _heard(run, next(changes))) for block in runs)


def _heard(pieces: list[str], changes: list[bool]) -> list[str]:
    "Consecutive pieces of text as paragraphs: each its own, or joined to the one before where `changes` has no change of speaker."
    out = pieces[:1]
    for piece, change in zip(pieces[1:], changes):
        if change:
            out.append(piece)
        else:
            out[-1] += " " + piece
    return out


def _runs_on(line: str, width: int) -> bool:
    "A line of words that ran on to the margin and stopped inside a sentence."
    return len(line) >= FULL_LINE * width and not SENTENCE_END.search(line) and not _rule(line)


def _rule(line: str) -> bool:
    "A line with no words (a rule of '=' or '-' under a header) is its own part, never a paragraph's."
    return not any(ch.isalnum() for ch in line)


def joined(lines: list[str]) -> str:
    """Wrapped lines as one paragraph. A line broken after a hyphen ('all-' / 'time') goes on without a space, but
    not where the hyphen is suspended, its word left for one after "to", "and" or "or" ('mid-' / 'to high-single
    digits', 'short-' / 'and long-term')."""
    out = ""
    for line in (" ".join(line.split()) for line in lines if line.strip()):
        hyphen = re.search(r"[^\W\d_]-$", out) and not re.match(r"(?:to|and|or)\b(?!-)", line)
        out += ("" if not out or hyphen else " ") + line
    return out
