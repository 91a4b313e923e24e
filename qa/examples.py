"""Example questions written from the calls in the index, so a new user sees what the loaded calls can answer."""

from __future__ import annotations

import re
from collections import Counter

from index.text import normalize
from ingest import Transcript

# subjects analysts ask about; the ones a call talks about most become its examples
TOPICS = (
    "funding cost", "take rate", "ABS", "delinquency", "buyback", "dividend", "revenue", "gross margin",
    "operating margin", "operating expenses", "guidance", "net income", "free cash flow", "demand", "supply",
    "pricing", "inventory", "foreign exchange", "provisions", "credit quality", "loan volume", "net interest margin",
    "capital expenditure", "subscribers", "advertising", "services", "same store sales", "tax rate", "acquisition",
    "restructuring", "leverage", "early repayment", "wearables", "installed base", "backlog", "organic growth",
)
_TITLE = re.compile(r"\b(CFO|chief financial officer|CEO|chief executive officer)\b", re.I)


def topics(transcript: Transcript, n: int = 3) -> list[str]:
    "The subjects management talks about most in a call."
    spoken = normalize(" ".join(t.text for t in transcript.turns if t.role in ("executive", "host"))).lower()
    counts = Counter({topic: len(re.findall(rf"\b{re.escape(normalize(topic).lower())}s?\b", spoken)) for topic in TOPICS})
    return [topic for topic, count in counts.most_common(n) if count >= 2]


def example_questions(transcripts: list[Transcript], limit: int = 5) -> list[str]:
    "Questions the newest calls can answer: their main subjects, what their CFO said, what an analyst asked."
    out: list[str] = []
    several = len({t.company for t in transcripts}) > 1
    for transcript in transcripts[:3]:
        name = short_name(transcript.company)
        where = f" on the {name} call" if several else ""
        subjects = topics(transcript)
        if subjects:
            out.append(f"What did management say about {subjects[0]}{where}?")
        officers = [p for p in transcript.participants if p.role == "executive" and p.title and _TITLE.search(p.title)]
        officers.sort(key=lambda p: not re.search(r"CFO|financial", p.title, re.I))  # the CFO talks numbers
        if officers and len(subjects) > 1:
            title = "CFO" if re.search(r"CFO|financial", officers[0].title, re.I) else "CEO"
            out.append(f"What did the {title}{' of ' + name if several else ''} say about {subjects[1]}?")
        exchange = next((e for e in transcript.exchanges if e.firm), None)
        if exchange:
            out.append(f"What did the {exchange.firm} analyst ask{where}?")
        if len(subjects) > 2:
            out.append(f"What is the outlook for {subjects[2]}{where}?")
    return list(dict.fromkeys(out))[:limit]


def short_name(company: str) -> str:
    "'Qifu Technology, Inc' -> 'Qifu Technology'."
    return re.sub(r",?\s+(?:inc|corp|corporation|ltd|plc|co|holdings|group)\.?$", "", company, flags=re.I).strip()
