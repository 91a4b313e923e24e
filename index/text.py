"""Normalising finance shorthand and ASR slips so a question in one form finds a turn in the other."""

from __future__ import annotations

import re

# Applied to both questions and turns, before keyword indexing and matching. Order matters.
_REWRITES: tuple[tuple[re.Pattern, str], ...] = tuple(
    (re.compile(p, re.I), r)
    for p, r in (
        (r"\b(\d+(?:\.\d+)?)\s*(?:bps|bp|bips)\b", r"\1 basis points"),
        (r"\bbiggest points\b", "basis points"),  # ASR for "basis points"
        (r"\bbps\b", "basis points"),
        (r"\bAPS\b", "ABS"),  # ASR for asset-backed securities
        (r"\basset[- ]backed securit(?:y|ies)\b", "ABS"),
        (r"\b1998 delinquency\b", "90-day delinquency"),  # ASR for "90-day delinquency"
        (r"\b90\s*(?:\+|plus)\s*(?:overdue|delinquency|days? past due)", "90-day delinquency"),
        (r"\b([1-4])Q\b", r"Q\1"),
        (r"\bQ1\b", "first quarter"),
        (r"\bQ2\b", "second quarter"),
        (r"\bQ3\b", "third quarter"),
        (r"\bQ4\b", "fourth quarter"),
        (r"\b(?:RMB|CNY|renminbi)\b", "yuan"),
        (r"\byoy\b|\by-o-y\b|\byear[- ]on[- ]year\b", "year-over-year"),
        (r"\bq-?o-?q\b|\bquarter[- ]on[- ]quarter\b|\bsequentially\b", "sequential"),
        (r"\btake[- ]?(?:away|a rate)\b", "take rate"),  # ASR for "take rate"
        (r"\bbuy[- ]?backs?\b|\bshare repurchases?\b|\brepurchase (?:plan|program)\b", "buyback"),
        (r"\bKifu\b", "Qifu"),
        (r"\bcost of funds\b|\bcapital cost\b", "funding cost"),
        (r"\bper cent\b|%", " percent"),
    )
)

STOPWORDS = frozenset(
    "a an and are as at be been but by can could did do does for from had has have how i if in into is it its me my of on or our "
    "so than that the their them then there these they this those to us was we were what when where which while who why will "
    "with would you your about also any just please thank thanks okay ok yes".split()
)
_WORD = re.compile(r"[a-z0-9]+(?:[.\-][a-z0-9]+)*")


def normalize(text: str) -> str:
    "Rewrite shorthand and known ASR slips into one canonical form."
    for pattern, replacement in _REWRITES:
        text = pattern.sub(replacement, text)
    return text


def _stem(word: str) -> str:
    "A light suffix strip so 'costs'/'cost', 'declined'/'decline' meet."
    for suffix in ("ies", "es", "s", "ed", "ing"):
        if len(word) > len(suffix) + 3 and word.endswith(suffix) and not word.endswith("ss"):
            return word[: -len(suffix)] + ("y" if suffix == "ies" else "")
    return word


def tokens(text: str) -> list[str]:
    "Keyword tokens: normalised, lower-cased, stop words dropped, lightly stemmed."
    words = _WORD.findall(normalize(text).lower())
    return [_stem(w) for w in words if w not in STOPWORDS]
