"""Facts about the call as a whole, read from the call itself: company, ticker and aliases, fiscal period as
the company names it ('FY2026 Q1'), date, and a stable id. Each fact says where it came from; file-name
conventions and the call date are fallbacks and say so."""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass
from datetime import date

from .readers.base import RawCall, file_name_facts
from .transcript import Turn

_ORDINAL = {"first": 1, "second": 2, "third": 3, "fourth": 4, "1st": 1, "2nd": 2, "3rd": 3, "4th": 4}
_Q = r"(?:(first|second|third|fourth|1st|2nd|3rd|4th)(?:[- ]quarter|\s+fiscal\s+quarter)|Q([1-4])|([1-4])Q)"
_FY = r"(?:fiscal(?:\s+year)?|FY)"
_YEAR = r"'?((?:19|20)\d{2}|(?<=')\d{2}|(?<=FY)\d{2}|(?<=FY )\d{2})\b"  # a two-digit year only as '21 or FY21
# "first quarter of fiscal year 2026", "Q1 FY2026", "Q3 2022", "third quarter 2022", "1Q24", "fiscal 2026 first quarter"
_MENTIONS = (
    re.compile(rf"\b{_Q}(?:\s+(?:of\s+)?(?:the\s+)?{_FY}?\s*|\s*{_FY}\s*|\s*){_YEAR}", re.I),
    re.compile(rf"\b{_FY}\s*{_YEAR}\s+{_Q}", re.I),
)
# sentences about another period than the call's: comparisons, the year before, the outlook
_OTHER_PERIOD = re.compile(
    r"compared|versus|\bvs\b|\bthan\b|\b(?:up|down|increased?|decreased?|declined?|improvement|rose|fell|grew|sold in|introduced in) from\b|"
    r"\bas introduced\b|last year|prior[- ]year|previous year|a year ago|year[- ]ago|year[- ]over[- ]year|same (?:quarter|period)|"
    r"\bguid|outlook|expect|forecast|next quarter|anticipate|looking ahead|\bwill\b|through the end of|record|since",
    re.I,
)
# the call naming its own period: a welcome, or the period right before 'call' ("our third quarter 2022 earnings
# call"); "first quarter 2020 results" is as often a look back, and only votes (ECTSum: 30% of such were not the call's)
_STATEMENT = re.compile(
    r"\bwelcome\b|(?:quarter|Q[1-4]|[1-4]Q|\d{2,4})(?:\s+(?:and\s+)?(?:full[- ]year|fiscal(?:\s+year)?|FY|\d{4}|'\d{2}|,)){0,3}\s+"
    r"(?:earnings (?:conference )?call|conference call|call|shareholder call|investor call)\b",
    re.I,
)
_SENTENCE = re.compile(r"(?<=[.!?])\s+")

# a period said before the company ("Welcome to the First Quarter 2021 Hess Corporation Conference Call")
_PERIOD_FIRST = (r"(?:(?:(?:first|second|third|fourth)\s+quarter|quarter\s+(?:one|two|three|four)|Q[1-4]|fiscal(?:\s+year)?|full[- ]year|year[- ]end"
                 r"|\d{4}|FY\s?\d{0,4})\s+(?:and\s+)?)*")
# a company's name as a welcome says it: capitalised words, "of", "and", "&", and a corporate form after a comma
# ("MongoDB, Inc.'s Q1 FY2026 Earnings Conference Call"; of 577 tune calls, 84 had named no company, 26 of them cut
# short at that comma), given without the form
_COMPANY_WORDS = (r"((?-i:[A-Z][\w&.'’\-]*)(?:\s+(?-i:[A-Z][\w&.'’\-]*|of|and|&)|,\s+(?-i:Inc|Corp|Ltd|LLC|L\.P|plc|N\.V|S\.A)\b\.?){0,6}?)")
_WELCOME_COMPANY = (
    re.compile(r"\bwelcome (?:everyone |all )?to (?:the |today's )?" + _PERIOD_FIRST + _COMPANY_WORDS + r"(?:'s|’s)?\s+"
               r"(?:first|second|third|fourth|Q[1-4]|fiscal|full[- ]year|\d{4}|FY|earnings|quarterly|conference|financial|results|investor|third|year[- ]end)", re.I),
    re.compile(r"\b(?:joining|join) (?:us )?(?:for |on )?(?:the |today's )?" + _PERIOD_FIRST + _COMPANY_WORDS + r"(?:'s|’s)\s+"
               r"(?:first|second|third|fourth|Q[1-4]|fiscal|full[- ]year|\d{4}|FY|earnings|quarterly|conference)", re.I),
)
_NOT_COMPANY = {"the", "our", "today", "today's", "this", "everyone", "all", "you", "us", "fiscal", "earnings", "q1", "q2", "q3", "q4"}
# words that name the call or its period, not a company: "Third Quarter", "Quarter Two", "Financial Results"
_CALL_WORDS = {"first", "second", "third", "fourth", "quarter", "quarterly", "fiscal", "full", "year", "half", "annual", "one", "two",
               "three", "four", "financial", "results", "earnings", "conference", "call", "webcast", "and", "of", "the", "fy", "release",
               "investor", "investors", "analyst", "analysts", "teleconference", "update", "review", "presentation", "business"}
_EXCHANGE_TICKER = re.compile(r"\((?:NYSE|NASDAQ|Nasdaq|NYSE American|TSX|AMEX|OTC)\s*:\s*([A-Z][A-Z.\-]{0,6})\)")
_SUFFIX = re.compile(r"[,.]?\s+(?:Inc|Incorporated|Corp|Corporation|Co|Company|Ltd|Limited|plc|PLC|LLC|LP|L\.P|N\.V|S\.A|AG|SE|Holdings|Group|Trust)\.?$", re.I)


@dataclass(frozen=True)
class CallFacts:
    "Company, ticker, aliases, date and fiscal period of one call, each with where it came from."

    id: str
    company: str
    ticker: str | None
    aliases: tuple[str, ...]
    date: date | None
    period: str | None  # "FY2026 Q1"
    provenance: tuple[tuple[str, str], ...]  # (("company", "file"), ("period", "call text"), ...)
    warnings: tuple[str, ...]


def period_label(year: int, quarter: int) -> str:
    "The one way a period is shown everywhere: 'FY2026 Q1'."
    return f"FY{year} Q{quarter}"


_TYPED = (
    re.compile(rf"^\s*(?:FY\s*)?'?(\d{{4}}|\d{{2}})\s*[- ]?\s*Q([1-4])\s*$", re.I),  # FY2026 Q1, 2026-Q1, FY26Q1
    re.compile(rf"^\s*Q([1-4])\s*[- ]?\s*(?:FY|fiscal(?:\s+year)?)?\s*'?(\d{{4}}|\d{{2}})\s*$", re.I),  # Q1 2026, Q1 FY26, Q1'26
    re.compile(rf"^\s*([1-4])Q\s*'?(\d{{4}}|\d{{2}})\s*$", re.I),  # 1Q26
    re.compile(rf"^\s*(first|second|third|fourth)\s+quarter(?:\s+of)?\s+(?:fiscal(?:\s+year)?\s+|FY\s*)?(\d{{4}}|\d{{2}})\s*$", re.I),
)


def parse_period(text: str | None) -> str | None:
    "A period as people type it ('Q1 2026', '2026-Q1', '1Q26', 'FY26 Q1', 'first quarter 2026') -> 'FY2026 Q1'."
    if not text:
        return None
    for n, pattern in enumerate(_TYPED):
        if m := pattern.match(text):
            year, quarter = (m.group(1), m.group(2)) if n == 0 else (m.group(2), m.group(1))
            q = _ORDINAL.get(quarter.lower()) if not quarter.isdigit() else int(quarter)
            y = int(year) + (2000 if len(year) == 2 else 0)
            return period_label(y, q)
    return None


def stated_periods(text: str) -> list[tuple[int, int]]:
    "(year, quarter) of every fiscal-period mention in a passage."
    out = []
    for pattern in _MENTIONS:
        for m in pattern.finditer(text):
            groups = m.groups()
            if pattern is _MENTIONS[0]:
                word, qn, nq, year = groups
            else:
                year, word, qn, nq = groups
            q = _ORDINAL.get((word or "").lower()) or int(qn or nq)
            y = int(year) + (2000 if len(year) == 2 else 0)
            if 1990 <= y <= 2100:
                out.append((y, q))
    return out


def period_from_text(turn_texts: list[str]) -> tuple[tuple[int, int] | None, bool]:
    """The period the call reports, by vote over its opening turns, and whether the call states it as its own
    ('welcome to the third quarter 2021 earnings call', 'our Q1 FY2026 results') rather than only mentioning it.
    A sentence that compares, looks back a year or guides ahead does not vote; a statement counts three times."""
    votes: Counter[tuple[int, int]] = Counter()
    stated = False
    for text in turn_texts[:6]:
        for sentence in _SENTENCE.split(text[:6000]):
            found = stated_periods(sentence)
            if not found or _OTHER_PERIOD.search(sentence):
                continue
            own = bool(_STATEMENT.search(sentence))
            stated = stated or own
            for mention in found:
                votes[mention] += 3 if own else 1
    if not votes:
        return None, False
    # a tie between statements (the operator and the host disagree) goes to the quarter the whole call talks
    # about, then to the later year: look-backs are earlier
    spoken = _quarters_spoken(turn_texts) if len({v for v in votes.values()}) < len(votes) else Counter()
    best, score = max(votes.items(), key=lambda kv: (kv[1], spoken[kv[0][1]], kv[0]))
    # one passing mention ('beginning in Q2 2020') is not enough to name the call's period
    return (best, stated) if score >= 2 else (None, False)


_QUARTER_WORD = re.compile(r"\b(?:(first|second|third|fourth) quarter|Q([1-4]))\b(?!\s*(?:of\s+)?(?:fiscal\s+|FY\s*)?'?\d{2})", re.I)


def _quarters_spoken(turn_texts: list[str]) -> Counter[int]:
    "How often the call says each quarter without a year ('in the first quarter')."
    found: Counter[int] = Counter()
    for text in turn_texts:
        for m in _QUARTER_WORD.finditer(text):
            found[_ORDINAL.get((m.group(1) or "").lower()) or int(m.group(2))] += 1
    return found


def company_from_text(turn_texts: list[str]) -> str | None:
    "The company the operator or host welcomes callers to ('Welcome to the AGNC Investment Corp. Third Quarter...')."
    for text in turn_texts[:4]:
        for pattern in _WELCOME_COMPANY:
            for m in pattern.finditer(text[:1500]):
                name = re.sub(r"(?:'s|’s|')$", "", m.group(1).strip(" .,"))
                name = re.sub(r"^(?:the)\s+", "", name, flags=re.I)
                name = re.sub(r",\s+\S+$", "", name)  # "MongoDB, Inc" is MongoDB
                words = re.findall(r"[a-z]+|\d+", name.lower())
                if name and name.lower() not in _NOT_COMPANY and name[0].isupper() and not all(w in _CALL_WORDS or w.isdigit() for w in words):
                    return name
    return None


def aliases(company: str, ticker: str | None, texts: list[str] = ()) -> tuple[str, ...]:
    """Names a question may use for the company: as written, without its legal suffix or 'The', the first word of
    its name where the call itself calls it that (`first_word_name`), and the ticker."""
    out = [company]
    short = company
    for _ in range(3):
        short = _SUFFIX.sub("", short).strip(" ,.")
    short = re.sub(r"^The\s+", "", short)
    for name in (short, first_word_name(short, texts), ticker):
        if name and name not in out:
            out.append(name)
    return tuple(out)


# How often a call must name its company by the first word alone, mid-sentence or as a possessive, once as a
# possessive. Read on the 723 labelled tune calls: 119 of them give the first word of 66 companies' names, 32 of those
# everyday words a question names a company by only with the rest of its name ("Campbell" for Campbell Soup: "welcome to
# Campbell's first quarter", "Eagle", "Parker", "Reliance", "Simpson", "Titan"); not "Boston" (Boston Properties' calls
# say it of the city), "Digital" (Digital Realty's say "Digital Core REIT", never "Digital's"), "General", "National"
# or "Capital" (never said alone).
FIRST_WORD_USES = 3
_SENTENCE_START = re.compile(r"(?:^|[.!?:;\"]\s*|\n)$")


def first_word_name(name: str, texts: list[str]) -> str | None:
    """The first word of a company's name of two words or more, when the call's own words name the company by it
    alone, not followed by the rest of the name, `FIRST_WORD_USES` times mid-sentence or as a possessive, once as a
    possessive ("Campbell's President and CEO"; a sentence may open "Choice's primary objective"). Analysts say
    "Campbell" and "Eagle" as the call does; a word the call only says as part of the whole name ("Capital One",
    "General Dynamics") or of something else is no name."""
    words = name.split()
    if len(words) < 2 or not re.fullmatch(r"[A-Z][A-Za-z]{2,}", words[0]):
        return None
    text = "\n".join(texts)
    alone = re.compile(rf"\b{re.escape(words[0])}\b(?!\W+{re.escape(words[1])}\b)")
    uses, possessive = 0, False
    for m in alone.finditer(text):
        owns = bool(re.match(r"['’]s?\b", text[m.end():m.end() + 3]))
        if owns or not _SENTENCE_START.search(text[max(0, m.start() - 3):m.start()]):
            uses, possessive = uses + 1, possessive or owns
    return words[0] if uses >= FIRST_WORD_USES and possessive else None


def call_facts(call: RawCall, turns: list[Turn], file_name: str) -> CallFacts:
    "Everything the call and its file say about which call it is."
    texts = [t.text for t in turns]
    from_name = file_name_facts(file_name)
    provenance: dict[str, str] = {}
    warnings: list[str] = []

    company = call.company
    if company:
        provenance["company"] = "file"
    elif company := company_from_text(texts):
        provenance["company"] = "call text"
    elif company := from_name.get("company") or from_name.get("ticker"):
        provenance["company"] = "file name"
        warnings.append(f"company '{company}' taken from the file name")
    else:
        company = re.sub(r"\.[^.]+$", "", file_name)
        provenance["company"] = "file name"
        warnings.append("company not stated: the file name stands in for it")

    ticker = call.ticker
    if not ticker and (m := _EXCHANGE_TICKER.search(" ".join(texts[:3])[:4000])):
        ticker = m.group(1)
    if not ticker and from_name.get("ticker"):
        ticker = from_name["ticker"]
        provenance["ticker"] = "file name"

    when = call.date or from_name.get("date")
    if when:
        provenance["date"] = "file" if call.date else "file name"

    found, stated = period_from_text(texts)
    named_in_file = from_name.get("year") and from_name.get("quarter")
    if call.year and call.quarter:
        period, provenance["period"] = period_label(call.year, call.quarter), "file"
    elif found and (stated or not named_in_file):
        period, provenance["period"] = period_label(*found), "call text"
    elif named_in_file:
        # a file-name convention beats a period the call only mentions in passing
        period, provenance["period"] = period_label(from_name["year"], from_name["quarter"]), "file name"
        warnings.append(f"period {period} taken from the file name")
    elif when:
        q = (when.month - 1) // 3  # calls report the quarter that ended before the call
        period = period_label(when.year - 1, 4) if q == 0 else period_label(when.year, q)
        provenance["period"] = "call date"
        warnings.append(f"period {period} guessed from the call date (calendar quarters)")
    else:
        period = None
        warnings.append("period unknown: neither the file nor the call states it")
    return CallFacts(
        id=transcript_id(company, when, period, re.sub(r"\.[^.]+$", "", file_name)),
        company=company,
        ticker=ticker,
        aliases=aliases(company, ticker, texts),
        date=when,
        period=period,
        provenance=tuple(provenance.items()),
        warnings=tuple(warnings),
    )


def slug(text: str) -> str:
    "'Qifu Technology, Inc' -> 'qifu-technology-inc'."
    return re.sub(r"[^a-z0-9]+", "-", text.lower()).strip("-") or "call"


def transcript_id(company: str, call_date: date | None, period: str | None, fallback: str) -> str:
    "Stable id of a call: company and date (or period), so a corrected file replaces the call it corrects."
    when = call_date.isoformat() if call_date else (slug(period) if period else fallback)
    return f"{slug(company)}-{when}"
