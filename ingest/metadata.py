"""Facts about the call as a whole: fiscal period and a stable id."""

from __future__ import annotations

import re
from collections import Counter
from datetime import date

_ORDINAL = {"first": 1, "second": 2, "third": 3, "fourth": 4, "1st": 1, "2nd": 2, "3rd": 3, "4th": 4}
# "first quarter 2024 earnings", "Q1 FY 2022 earnings", "fourth quarter and full year 2023 results"
_PERIOD_MENTION = re.compile(
    r"\b(?:(first|second|third|fourth|1st|2nd|3rd|4th)\s+quarter|Q([1-4]))"
    r"(?:\s+(?:of\s+)?(?:fiscal(?:\s+year)?|FY)?\s*'?(\d{4}|\d{2}))?"
    r"(?:\s+and\s+full[- ]year(?:\s+\d{4})?)?"
    r"(?=[\s,]+(?:\d{4}\s+)?(?:earnings|financial results|results|conference call|earnings call))",
    re.I,
)


def fiscal_period(turn_texts: list[str], call_date: date | None, year: int | None = None, quarter: int | None = None) -> str | None:
    "'2024-Q1': from the source if it says, else the majority of the call's own mentions, else the date."
    if year and quarter:
        return f"{year}-Q{quarter}"
    votes: Counter[tuple[int | None, int]] = Counter()
    for text in turn_texts[:6]:
        for m in _PERIOD_MENTION.finditer(text):
            q = _ORDINAL.get((m.group(1) or "").lower()) or int(m.group(2))
            y = int(m.group(3)) if m.group(3) else None
            if y is not None and y < 100:
                y += 2000
            votes[(y, q)] += 1
    if votes:
        by_quarter: Counter[int] = Counter()
        for (y, q), n in votes.items():
            by_quarter[q] += n
        q = by_quarter.most_common(1)[0][0]
        years = [y for (y, qq), n in votes.items() for _ in range(n) if qq == q and y]
        y = Counter(years).most_common(1)[0][0] if years else _year_for(q, call_date)
        if y:
            return f"{y}-Q{q}"
    if call_date:
        # calls report the quarter that ended before the call
        q = (call_date.month - 1) // 3
        return f"{call_date.year - 1}-Q4" if q == 0 else f"{call_date.year}-Q{q}"
    return None


def _year_for(quarter: int, call_date: date | None) -> int | None:
    if call_date is None:
        return None
    return call_date.year - 1 if quarter == 4 and call_date.month <= 4 else call_date.year


def slug(text: str) -> str:
    "'Qifu Technology, Inc' -> 'qifu-technology-inc'."
    return re.sub(r"[^a-z0-9]+", "-", text.lower()).strip("-") or "call"


def transcript_id(company: str, call_date: date | None, period: str | None, fallback: str) -> str:
    "Stable id of a call: company and date, so a corrected file replaces the call it corrects."
    when = call_date.isoformat() if call_date else (period or fallback)
    return f"{slug(company)}-{when}"
