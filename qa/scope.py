"""Names and periods in a question that exist in the index, turned into filters the user can see."""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from ingest.metadata import period_label


_ORDINAL = {"first": 1, "second": 2, "third": 3, "fourth": 4}
_PERIOD = re.compile(r"\b(?:Q([1-4])|(first|second|third|fourth) quarter)(?: of)?\s*(?:FY|fiscal(?: year)?)?\s*'?(\d{4}|\d{2})\b", re.I)
_TITLES = {"ceo": "CEO", "cfo": "CFO", "cro": "CRO", "coo": "COO", "cto": "CTO", "chief executive": "CEO", "chief financial": "CFO", "chief risk": "CRO"}
_TICKER = re.compile(r"[A-Z][A-Z0-9.]{0,5}")
_GENERIC_COMPANY_WORDS = {"inc", "technology", "technologies", "holdings", "group", "corp", "corporation", "company", "co", "ltd", "plc", "the"}


@dataclass(frozen=True)
class People:
    "Who can be named in a question: (name, title, firm, role) of every participant in the index."

    participants: tuple[tuple[str, str | None, str | None, str], ...]
    companies: tuple[str, ...]
    periods: tuple[str, ...]
    tickers: tuple[tuple[str, str], ...] = ()  # (ticker, company) from each call's metadata: "AAPL" means Apple
    _compiled: dict = field(default_factory=dict, compare=False, repr=False)  # matchers, built on first use

    def matchers(self) -> dict:
        "One regex per kind of name instead of one per name: a question is checked against thousands of calls."
        if not self._compiled:
            tickers = [c for c in self.companies if _TICKER.fullmatch(c)] + [t for t, _ in self.tickers]
            by_word: dict[str, list[str]] = {}
            for company in self.companies:
                if company in tickers:
                    continue
                words = [w for w in re.findall(r"[a-z0-9]+", company.lower()) if w not in _GENERIC_COMPANY_WORDS]
                if words:
                    by_word.setdefault(words[0], []).append(company)
            self._compiled["tickers"] = _alternation(tickers, r"(?<![\w$])", r"(?!\w)")
            self._compiled["words"] = _alternation(list(by_word), r"\b", r"\b")
            self._compiled["by_word"] = by_word
            self._compiled["people"] = [
                (name, [t for t in re.findall(r"[a-z]+", name.lower()) if len(t) > 2], firm and _phrase(firm), firm, role)
                for name, title, firm, role in self.participants
            ]
        return self._compiled


def _alternation(names: list[str], before: str, after: str) -> re.Pattern | None:
    if not names:
        return None
    return re.compile(before + "(" + "|".join(re.escape(n) for n in sorted(names, key=len, reverse=True)) + ")" + after)


def _phrase(text: str) -> str:
    return " " + " ".join(re.findall(r"[a-z0-9&]+", text.lower())) + " "


def detect(question: str, people: People) -> dict:
    "Filters the question implies: company, period, speaker (by name or title) or firm (of an analyst)."
    found: dict = {}
    lowered = question.lower()
    m = people.matchers()
    companies = []
    if m["tickers"]:  # a ticker ("ON", "ALL", "KEY", "AAPL"): matched as written, not as a word
        by_ticker = dict(people.tickers)
        companies += [by_ticker.get(t, t) for t in m["tickers"].findall(question)]
    if m["words"]:
        companies += [c for word in m["words"].findall(lowered) for c in m["by_word"][word]]
    if companies:
        found["company"] = list(dict.fromkeys(companies))
    match = _PERIOD.search(question)
    if match:
        quarter = int(match.group(1) or _ORDINAL[match.group(2).lower()])
        year = int(match.group(3)) + (2000 if len(match.group(3)) == 2 else 0)
        period = period_label(year, quarter)
        if period in people.periods:
            found["period"] = period
    words = set(re.findall(r"[a-z]+", lowered))
    phrase = _phrase(question)
    speakers = set()
    for name, tokens, firm_phrase, firm, role in m["people"]:
        if tokens and (name.lower() in lowered or (len(tokens) > 1 and tokens[-1] in words and tokens[0] in words)):
            speakers.add(name)
        if firm_phrase and role == "analyst" and firm_phrase in phrase:
            found.setdefault("firm", [])
            if firm not in found["firm"]:
                found["firm"].append(firm)
    for key, title in _TITLES.items():
        if re.search(rf"\b{key}\b", lowered):
            speakers |= {name for name, t, _, role in people.participants if t and role == "executive" and re.search(rf"\b{title}\b", t)}
    if speakers:
        found["speaker"] = sorted(speakers)
    return {k: (v[0] if isinstance(v, list) and len(v) == 1 else v) for k, v in found.items()}


def people_in(transcripts) -> People:
    "Everything nameable across the given transcripts."
    participants, companies, periods, tickers = set(), set(), set(), set()
    for t in transcripts:
        companies.add(t.company)
        if t.ticker and t.ticker != t.company and _TICKER.fullmatch(t.ticker):
            tickers.add((t.ticker, t.company))
        if t.period:
            periods.add(t.period)
        for p in t.participants:
            participants.add((p.name, p.title, p.firm, p.role))
    return People(tuple(sorted(participants, key=str)), tuple(sorted(companies)), tuple(sorted(periods)), tuple(sorted(tickers)))
