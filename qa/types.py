"""What `ask()` returns: an answer and the turns it cites."""

from __future__ import annotations

from dataclasses import dataclass, field


@dataclass(frozen=True)
class Citation:
    "One cited speaker turn: who said it, where in which call, and the part the answer relies on."

    marker: int  # the [n] used in the answer text
    transcript_id: str
    company: str
    period: str | None
    date: str | None
    turn_index: int  # 0-based position of the turn in its transcript
    speaker: str
    role: str
    title: str | None
    firm: str | None
    section: str
    exchange_id: int | None
    text: str  # the whole turn
    quote: str  # the sentences the answer uses
    score: float
    translation_of: int | None = None  # set when this turn is an interpretation
    original_speaker: str | None = None  # who spoke the interpreted original
    confidence: float = 1.0  # of the speaker attribution

    def label(self) -> str:
        "'Alex Xu (CFO, executive) · Qifu Technology, Inc FY2024 Q1 · prepared remarks · turn 5'."
        detail = self.firm if self.role == "analyst" else self.title
        who = f"{self.speaker} ({detail}, {self.role})" if detail else f"{self.speaker} ({self.role})"
        if self.translation_of is not None:
            who += f", interpreting {self.original_speaker or 'the original'} (turn {self.translation_of})"
        section = SECTION_WORDS.get(self.section, self.section.replace("_", " "))
        return f"{who} · {' '.join(x for x in (self.company, self.period) if x)} · {section} · turn {self.turn_index}"


@dataclass(frozen=True)
class Answer:
    "An answer whose every [n] marker resolves to one of its citations."

    text: str
    citations: tuple[Citation, ...] = ()
    mode: str = "extractive"  # extractive | "LLM: <model> at <host>" | extractive (LLM fallback)
    filters: dict = field(default_factory=dict)  # filters in force, including those detected in the question
    checks: dict = field(default_factory=dict)  # grounding checks: figures checked and unsupported, markers removed
    question: str = ""  # as answered: a follow-up is made standalone
    note: str = ""  # shown with the answer: why the LLM was not used, what the checks removed

    def scope_line(self) -> str:
        "The filters in force, in words: 'Apple · FY2023 Q1 · Luca Maestri'."
        return describe_filters(self.filters)

    @property
    def answered(self) -> bool:
        "False for the 'nothing relevant found' answer."
        return bool(self.citations)

    def to_markdown(self) -> str:
        "The answer with its sources, for copying."
        lines = [self.text, ""]
        if self.note:
            lines[1:1] = ["", f"_{self.note}_"]
        for c in self.citations:
            lines.append(f"[{c.marker}] {c.label()}")
            lines.append(f"> {c.quote}")
            lines.append("")
        return "\n".join(lines).strip() + "\n"

    def to_dict(self) -> dict:
        "Plain data for JSON output."
        from dataclasses import asdict

        return asdict(self)

    @classmethod
    def from_dict(cls, data: dict) -> "Answer":
        "The Answer `to_dict` gave (as JSON from the app's /ask endpoint, for instance)."
        citations = tuple(Citation(**c) for c in data.get("citations") or ())
        return cls(**{**data, "citations": citations})


# how management answered an exchange, as the `answered` filter takes it: a status, or a choice that keeps several
ANSWERED = {
    "not answered or only in part": ("not answered", "partly answered"),
    "not answered": ("not answered",),
    "partly answered": ("partly answered",),
    "answered": ("answered",),
}

_FILTER_ORDER = ("company", "period", "transcript_id", "speaker", "firm", "role", "section", "exchange_id", "answered")
SECTION_WORDS = {"prepared_remarks": "prepared remarks", "qa": "Q&A"}  # a section as a reader says it


def describe_filters(filters: dict) -> str:
    "Filters as a reader says them: 'Apple or Qifu · FY2023 Q1 · Luca Maestri · Q&A'."
    parts = []
    for key in sorted(filters, key=lambda k: _FILTER_ORDER.index(k) if k in _FILTER_ORDER else len(_FILTER_ORDER)):
        values = filters[key] if isinstance(filters[key], (list, tuple, set)) else [filters[key]]
        words = [SECTION_WORDS.get(str(v), str(v)) for v in values if v not in (None, "")]
        if key == "role":
            words = [f"{w}s" for w in words]
        elif key == "transcript_id":
            words = [f"call {w}" for w in words]
        elif key == "exchange_id":
            words = [f"exchange {w}" for w in words]
        elif key == "answered" and words:
            words = ["exchanges " + " or ".join(words)]  # "exchanges not answered or partly answered"
        if words:
            parts.append(" or ".join(words))
    return " · ".join(parts)
