"""A labelled call written out in the layouts analysts bring, and in the three unlabelled renderings attribution
is scored on. Used by `ingest.evaluate` and to write the layout fixtures from calls whose licence allows it."""

from __future__ import annotations

import json

from .chunking import split_sentences
from .transcript import Transcript, Turn

DISCLAIMER = "This conference call transcript was computer generated and almost certainly contains errors."


def _heading(t: Turn, sep: str = " -- ") -> str:
    if t.role == "operator":
        return "Operator"
    if t.role == "analyst":
        return f"{t.speaker}{sep}{t.firm or 'Unknown firm'}{sep}Analyst"
    return f"{t.speaker}{sep}{t.title or 'Executive'}"


def paragraphs(text: str, size: int = 4) -> list[str]:
    "A long turn as paragraphs of `size` sentences; a short one as itself."
    parts = [p for p in text.split("\n") if p.strip()]
    if len(parts) > 1:
        return parts
    sentences = split_sentences(text)
    return [" ".join(sentences[i : i + size]) for i in range(0, len(sentences), size)] if len(text) > 800 else [text]


def fool_json(t: Transcript) -> str:
    "Motley Fool JSON: prepared_remarks / q_and_a lists of {speaker, speech}, participants 'Name--Title'."
    people = [p for p in dict.fromkeys(_heading(x, "--").replace("--Analyst", " -- Analyst") for x in t.turns if x.role != "operator")]
    data = {
        "header_texts": ["Contents:", "Prepared Remarks:", "Questions and Answers:", "Call participants:"],
        "prepared_remarks": [{"speaker": x.speaker, "speech": x.text} for x in t.turns if x.section == "prepared_remarks"],
        "q_and_a": [{"speaker": x.speaker, "speech": x.text} for x in t.turns if x.section == "qa"],
        "participants": people,
    }
    return json.dumps(data, indent=1, ensure_ascii=False)


def fool_page(t: Transcript, ticker: str, quarter: str, new: bool = True) -> str:
    "A scraped Motley Fool page: header fields, then the new ('Name:text') or old ('Name -- Title') transcript."
    when = t.date
    lines = ["=" * 70, "Earnings Call Transcript", f"Company: {t.company} ({t.company})", f"Ticker: {ticker}", f"Quarter: {quarter}",
             "Source: motley_fool", f"URL: https://www.fool.com/earnings/call-transcripts/{when:%Y/%m/%d}/{ticker.lower()}-earnings-call-transcript/",
             "Scraped: 2026-05-30T12:00:00", f"Characters: {sum(len(x.text) for x in t.turns)}", "=" * 70, "",
             f"{when:%A}, {when:%B} {when.day}, {when.year} at 5 p.m. ET", ""]
    executives = [x for x in dict.fromkeys((x.speaker, x.title) for x in t.turns if x.role in ("executive", "host"))]
    if new:
        lines += ["CALL PARTICIPANTS", ""] + [f"{title or 'Executive'} — {name}" for name, title in executives for _ in [0]] + [""]
        lines += ["Revenue: a bullet of the summary, never a turn.", "", "INDUSTRY GLOSSARY", "", "Term: a glossary entry, never a turn.", ""]
        lines += ["Full Conference Call Transcript", ""]
        for x in t.turns:
            first, *rest = paragraphs(x.text)
            lines += [f"{x.speaker}:{first}", ""] + [p for r in rest for p in (r, "")]
    else:
        lines += ["Prepared Remarks", "", "Questions and Answers", "", "Call Participants", ""]
        section = None
        for x in t.turns:
            if x.section != section:
                section = x.section
                lines += ["Prepared Remarks:" if section == "prepared_remarks" else "Questions and Answers:", ""]
            lines += [_heading(x), ""] + [p for r in paragraphs(x.text) for p in (r, "")]
        lines += ["Call participants:", ""] + sorted({_heading(x) for x in t.turns if x.role != "operator"}) + [""]
    lines += ["This article is a transcript of this conference call produced for The Motley Fool.", "", "Stocks Mentioned", ""]
    return "\n".join(lines)


def refinitiv(t: Transcript, company: str, wrap: int = 130) -> str:
    "StreetEvents text: participant lists, PRESENTATION / QUESTIONS AND ANSWERS, name and affiliation lines, hard-wrapped."
    def affiliation(x: Turn) -> str:
        return f"{x.firm}, Research Division - Analyst" if x.role == "analyst" else f"{company} - {x.title or 'Executive'}"

    def wrapped(text: str) -> list[str]:
        out, line = [], ""
        for word in text.split():
            if line and len(line) + 1 + len(word) > wrap:
                out.append(line)
                line = word
            else:
                line = f"{line} {word}".strip()
        return out + ([line] if line else [])

    people = {x.speaker: x for x in t.turns if x.role != "operator"}
    lines = ["CORPORATE PARTICIPANTS"]
    for x in (p for p in people.values() if p.role != "analyst"):
        lines += [" ", x.speaker, affiliation(x)]
    lines.append("CONFERENCE CALL PARTICIPANTS")
    for x in (p for p in people.values() if p.role == "analyst"):
        lines += [" ", x.speaker, affiliation(x)]
    section = None
    for x in t.turns:
        if x.section != section:
            section = x.section
            lines.append("PRESENTATION" if section == "prepared_remarks" else "QUESTIONS AND ANSWERS")
        lines += [" ", "Operator"] if x.role == "operator" else [" ", x.speaker, affiliation(x)]
        lines += wrapped(x.text)
    lines += ["DISCLAIMER", "Refinitiv reserves the right to make changes to documents, content, or other information on this web site."]
    return "\n".join(lines) + "\n"


def header(t: Transcript) -> list[str]:
    "The sample's three header lines: disclaimer, company, date."
    when = t.date
    return [DISCLAIMER, t.company, f"{when.month}/{when.day}/{when.year}" if when else "1/1/2000"]


def one_line_per_turn(t: Transcript) -> str:
    "The sample's rendering: header, then each turn on one line, no names."
    return "\n".join(header(t) + [" ".join(x.text.split()) for x in t.turns]) + "\n"


def one_line_per_paragraph(t: Transcript) -> str:
    "Header, then each paragraph of each turn on its own line: a long turn spans several lines."
    return "\n".join(header(t) + [" ".join(p.split()) for x in t.turns for p in paragraphs(x.text)]) + "\n"


def unbroken(t: Transcript) -> str:
    "The whole call as one block of text (EarningsCall level 1)."
    return " ".join(" ".join(x.text.split()) for x in t.turns) + "\n"
