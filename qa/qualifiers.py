"""The qualifiers a finance figure turns on (period, GAAP or adjusted, actual or guidance, currency basis), read
from a question and from a candidate sentence, so the sentence that matches them wins over its neighbour."""

from __future__ import annotations

import re

from index.ranking import RANKING, Ranking

_PATTERNS = {
    "quarter": re.compile(r"\b(?:q[1-4]|[1-4]q|quarter(?:ly)?|qtrly|three months)\b", re.I),
    "full_year": re.compile(r"\b(?:full[- ]year|fiscal(?: year)?(?: 20\d\d)?|for the (?:full )?year|fy\s?'?\d*|annual|year[- ]to[- ]date|(?:sees|expects?) 20\d\d)\b", re.I),
    "adjusted": re.compile(r"\b(?:adjusted|non-gaap|excluding (?:items|special)|core|underlying|ex-items)\b", re.I),
    "gaap": re.compile(r"(?<!non-)(?<!non )\b(?:gaap|reported|as reported)\b", re.I),
    "guidance": re.compile(r"\b(?:sees|expects?|expected|expecting|outlook|guidance|guide[ds]?|forecasts?|anticipates?|projects?|will be|to be in the range)\b", re.I),
    "constant_currency": re.compile(r"\b(?:constant currency|organic(?:ally)?|currency[- ]neutral|fx[- ]neutral)\b", re.I),
}
# pairs where a sentence holding the other and not the asked one is the neighbour, not the answer
_RIVALS = (("quarter", "full_year"), ("adjusted", "gaap"))


def qualifiers(text: str) -> frozenset[str]:
    "Which qualifiers the text states."
    return frozenset(name for name, pattern in _PATTERNS.items() if pattern.search(text))


def fit(asked: frozenset[str], sentence: str, ranking: Ranking = RANKING) -> float:
    "How well a sentence's qualifiers fit the question's: positive for matches, negative for the rival ones."
    if not asked:
        return 0.0
    has = qualifiers(sentence)
    score = ranking.qualifier_match * len(asked & has)
    for one, other in _RIVALS:
        for want, rival in ((one, other), (other, one)):
            if want in asked and rival not in asked and rival in has and want not in has:
                score -= ranking.qualifier_mismatch
    if ("guidance" in asked) != ("guidance" in has):
        score -= ranking.guidance_mismatch
    return score
