"""Finance shorthand in a question, written out so the calls' own words match it.

Newswire and analysts' notes write "qtrly rev", "EPS", "FFO"; calls mostly say "quarterly revenue", "earnings per
share", "funds from operations". Shorthand no one says aloud is replaced; an acronym a call may say either way is
kept and its long form added after it, so both match."""

from __future__ import annotations

import re

_REPLACED = {
    "qtrly": "quarterly",
    "qtr": "quarter",
    "yr": "year",
    "rev": "revenue",
    "adj": "adjusted",
    "revs": "revenues",
    "shr": "share",
    "mln": "million",
    "bln": "billion",
    "yoy": "year-over-year",
    "y/y": "year-over-year",
    "q/q": "sequential",
}
_EXPANDED = {
    "eps": "earnings per share",
    "deps": "diluted earnings per share",
    "ffo": "funds from operations",
    "affo": "adjusted funds from operations",
    "nii": "net interest income",
    "nim": "net interest margin",
    "noi": "net operating income",
    "aum": "assets under management",
    "fcf": "free cash flow",
    "sss": "same-store sales",
    "opex": "operating expenses",
    "capex": "capital expenditures",
    "sg&a": "selling, general and administrative expenses",
}
_WORD = re.compile(r"(?<![\w/&-])(" + "|".join(re.escape(w) for w in sorted({*_REPLACED, *_EXPANDED}, key=len, reverse=True)) + r")(?![\w/&-])(\.(?=\s+(?-i:[a-z0-9$])))?(?!\.\s+(?-i:[A-Z]))", re.I)


def expand(question: str) -> str:
    "The question with its shorthand written out: 'qtrly FFO per shr?' -> 'quarterly FFO (funds from operations) per share?'"

    def written_out(match: re.Match) -> str:
        word = match.group(1)
        low = word.lower()
        if low in _REPLACED:
            return _REPLACED[low]  # and its abbreviation's point: "adj. loss" is "adjusted loss"
        long = _EXPANDED[low]
        return f"{word}{match.group(2) or ''}" if long.lower() in question.lower() else f"{word} ({long}){match.group(2) or ''}"

    return _WORD.sub(written_out, question)
