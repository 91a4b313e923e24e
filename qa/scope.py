"""Names and periods in a question that exist in the index, turned into filters the user can see."""

from __future__ import annotations

import re
from dataclasses import dataclass


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


def detect(question: str, people: People) -> dict:
    "Filters the question implies: company, period, speaker (by name or title) or firm (of an analyst)."
    found: dict = {}
    lowered = question.lower()
    for company in people.companies:
        if _TICKER.fullmatch(company):
            # a call known only by its ticker ("ON", "ALL", "KEY"): match it as written, not as a common word
            hit = re.search(rf"(?<![\w$]){re.escape(company)}(?!\w)", question)
        else:
            words = [w for w in re.findall(r"[a-z0-9]+", company.lower()) if w not in _GENERIC_COMPANY_WORDS]
            hit = words and re.search(rf"\b{re.escape(words[0])}\b", lowered)
        if hit:
            found.setdefault("company", [])
            if company not in found["company"]:
                found["company"].append(company)
    match = _PERIOD.search(question)
    if match:
        quarter = int(match.group(1) or _ORDINAL[match.group(2).lower()])
        year = int(match.group(3)) + (2000 if len(match.group(3)) == 2 else 0)
        period = f"{year}-Q{quarter}"
        if period in people.periods:
            found["period"] = period
    speakers = set()
    for name, title, firm, role in people.participants:
        tokens = [t for t in re.findall(r"[a-z]+", name.lower()) if len(t) > 2]
        if tokens and (name.lower() in lowered or (len(tokens) > 1 and re.search(rf"\b{re.escape(tokens[-1])}\b", lowered) and re.search(rf"\b{re.escape(tokens[0])}\b", lowered))):
            speakers.add(name)
        if firm and role == "analyst" and re.search(rf"\b{re.escape(firm.lower())}\b", lowered):
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
    participants, companies, periods = set(), set(), set()
    for t in transcripts:
        companies.add(t.company)
        if t.period:
            periods.add(t.period)
        for p in t.participants:
            participants.add((p.name, p.title, p.firm, p.role))
    return People(tuple(sorted(participants, key=str)), tuple(sorted(companies)), tuple(sorted(periods)))
