"""The ingest report of one call: what was read, and what a reader of the citations should know about it."""

from __future__ import annotations

from dataclasses import dataclass

from .transcript import Transcript, TranscriptError

MIN_TURNS = 3  # a call with fewer turns is not a call (a header, a summary, one paragraph)
_FIELD_WORDS = {"url", "scraped", "quarter", "characters", "ticker", "company", "source", "date", "title", "duration", "contents", "summary"}


@dataclass(frozen=True)
class Report:
    "Layout, company, period, date, turns, named speakers, sections and warnings of one ingested call."

    source: str
    layout: str
    company: str
    period: str | None
    date: str | None
    turns: int
    named_speakers: tuple[str, ...]
    sections: tuple[str, ...]
    warnings: tuple[str, ...]

    def line(self) -> str:
        "One line for the CLI and the Library tab."
        named = ", ".join(self.named_speakers[:6]) + (f" +{len(self.named_speakers) - 6}" if len(self.named_speakers) > 6 else "")
        head = (f"{self.source}: {self.layout}; {self.company} {self.period or 'period unknown'} {self.date or 'date unknown'}; "
                f"{self.turns} turns; {len(self.named_speakers)} named speakers ({named or 'none'}); sections: {', '.join(self.sections) or 'none'}")
        return head + "".join(f"\n    warning: {w}" for w in self.warnings)


def describe(t: Transcript) -> Report:
    "The report of a parsed call; raises TranscriptError if what was parsed is junk rather than a call."
    named = tuple(dict.fromkeys(x.speaker for x in t.turns if x.role != "operator" and not x.speaker.startswith(("Unidentified", "Interpreter"))))
    junk = [n for n in named if n.lower() in _FIELD_WORDS or not any(ch.isalpha() for ch in n)]
    if junk:
        raise TranscriptError(f"{t.source}: read as {t.format}, but its 'speakers' {', '.join(junk)} are header fields, not people")
    if len(t.turns) < MIN_TURNS and sum(len(x.text.split()) for x in t.turns) < 300:
        raise TranscriptError(f"{t.source}: read as {t.format}, but only {len(t.turns)} turn(s) came out: not a call Earshot can cite")
    warnings = list(t.warnings)
    longest = max(t.turns, key=lambda x: len(x.text.split()))
    if len(longest.text.split()) > 4000:
        warnings.append(f"turn {longest.index} runs {len(longest.text.split())} words: speaker changes may be missing")
    if not named:
        warnings.append("no speaker could be named: turns show roles only")
    sections = tuple(dict.fromkeys(x.section for x in t.turns))
    return Report(t.source, t.format, t.company, t.period, t.date.isoformat() if t.date else None, len(t.turns), named, sections, tuple(warnings))
