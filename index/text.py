"""Normalising finance shorthand and ASR slips so a question in one form finds a turn in the other."""

from __future__ import annotations

import functools
import re

# Applied to both questions and turns, before keyword indexing and matching. Order matters. Each rewrite runs only
# when one of its lower-case triggers is in the text: a substring test is far cheaper than a regex scan, and most
# sentences need no rewrite at all.
_REWRITES: tuple[tuple[re.Pattern, str, tuple[str, ...]], ...] = tuple(
    (re.compile(p, re.I), r, triggers)
    for p, r, triggers in (
        (r"\b(\d+(?:\.\d+)?)\s*(?:bps|bp|bips)\b", r"\1 basis points", ("bp", "bips")),
        (r"\bbiggest points\b", "basis points", ("biggest points",)),  # ASR for "basis points"
        (r"\bbps\b", "basis points", ("bps",)),
        (r"\bAPS\b", "ABS", ("aps",)),  # ASR for asset-backed securities
        (r"\basset[- ]backed securit(?:y|ies)\b", "ABS", ("backed securit",)),
        (r"\b1998 delinquency\b", "90-day delinquency", ("1998 delinquency",)),  # ASR for "90-day delinquency"
        (r"\b90\s*(?:\+|plus)\s*(?:overdue|delinquency|days? past due)", "90-day delinquency", ("90",)),
        (r"\b([1-4])Q\b", r"Q\1", ("1q", "2q", "3q", "4q")),
        (r"\bQ1\b", "first quarter", ("q1",)),
        (r"\bQ2\b", "second quarter", ("q2",)),
        (r"\bQ3\b", "third quarter", ("q3",)),
        (r"\bQ4\b", "fourth quarter", ("q4",)),
        (r"\b(?:RMB|CNY|renminbi)\b", "yuan", ("rmb", "cny", "renminbi")),
        (r"\byoy\b|\by-o-y\b|\byear[- ]on[- ]year\b", "year-over-year", ("yoy", "y-o-y", "year on", "year-on")),
        (r"\bq-?o-?q\b|\bquarter[- ]on[- ]quarter\b|\bsequentially\b", "sequential", ("qoq", "q-o", "qo-", "quarter on", "quarter-on", "sequentially")),
        (r"\btake[- ]?(?:away|a rate)\b", "take rate", ("take",)),  # ASR for "take rate"
        (r"\bbuy[- ]?backs?\b|\bshare repurchases?\b|\brepurchase (?:plan|program)\b", "buyback", ("buy", "repurchase")),
        # the ampersand splits these into letters no index keeps: "comment on M&A" asked about nothing
        (r"\bM\s?&\s?A\b", "mergers and acquisitions", ("&",)),
        (r"\bR\s?&\s?D\b", "research and development", ("&",)),
        (r"\bKifu\b", "Qifu", ("kifu",)),
        (r"\bcost of funds\b|\bcapital cost\b", "funding cost", ("cost of funds", "capital cost")),
        (r"\bper cent\b|%", " percent", ("per cent", "%")),
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
    lower = text.lower()
    for pattern, replacement, triggers in _REWRITES:
        if any(t in lower for t in triggers):
            rewritten = pattern.sub(replacement, text)
            if rewritten != text:
                text, lower = rewritten, rewritten.lower()
    return text


def _stem(word: str) -> str:
    """A light suffix strip so 'costs'/'cost', 'declined'/'decline', 'revenues'/'revenue', 'taxes'/'tax' meet: a
    plural or past ending comes off, then a final silent e ('increase', 'increases', 'increased' -> 'increas')."""
    for suffix in ("ies", "s", "ed", "ing"):
        if len(word) > len(suffix) + 3 and word.endswith(suffix) and not word.endswith("ss"):
            word = word[: -len(suffix)] + ("y" if suffix == "ies" else "")
            break
    return word[:-1] if len(word) > 3 and word.endswith("e") and not word.endswith("ee") else word


def tokens(text: str) -> list[str]:
    "Keyword tokens: normalised, lower-cased, stop words dropped, lightly stemmed."
    words = _WORD.findall(normalize(text).lower())
    return [_stem(w) for w in words if w not in STOPWORDS]


@functools.lru_cache(maxsize=65_536)
def terms_of(sentence: str) -> frozenset[str]:
    "A sentence's keyword tokens, computed once: a candidate sentence is compared several times per answer."
    return frozenset(tokens(sentence))


# a hyphenated word opening so is one word: "non-gaap" is not about GAAP, "after-tax" not what "pre-tax" is
_BOUND_PREFIX = {"non", "pre", "post", "after", "ex", "anti", "un", "co", "re", "sub", "semi", "mid", "multi", "self"}


@functools.lru_cache(maxsize=65_536)
def words_of(sentence: str) -> frozenset[str]:
    """A sentence's keyword tokens, and the parts of each hyphenated compound, for comparing a question's words with
    a sentence's: "taxable-equivalent" in one meets "taxable equivalent" in the other."""
    out = set(terms_of(sentence))
    for term in [t for t in out if "-" in t and t.split("-")[0] not in _BOUND_PREFIX]:
        out.update(_stem(w) for w in term.split("-") if w and w not in STOPWORDS)
    return frozenset(out)
