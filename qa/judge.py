"""A language model's verdict on whether management answered one Q&A exchange (ingest/evasion.py keeps only what
the answer's own words bear out). Switched on by `EARSHOT_LLM_JUDGE=1` with an LLM configured: a request per
exchange at ingest."""

from __future__ import annotations

import logging

from .llm import LLM, LLMError, json_object
from .prompts import as_data, render

log = logging.getLogger("earshot.llm")

TEXT_CHARS = 6000  # of the question and of the answer: a long answer's withholding sentence is rarely past this


def _quoted(texts: list[str]) -> str:
    return as_data("\n\n".join(texts), "question", "answer")[:TEXT_CHARS]


class AnswerJudge:
    "Asks the configured model for its verdict on one exchange (ingest.evasion.Judge)."

    def __init__(self, llm: LLM) -> None:
        self.llm = llm

    def __call__(self, questions: list[str], answers: list[str]) -> dict | None:
        try:
            reply = self.llm.complete([{"role": "user", "content": render("judge", question=_quoted(questions), answer=_quoted(answers))}], max_tokens=300)
        except LLMError as exc:
            log.warning("answer judge skipped an exchange: %s", exc)
            return None
        return json_object(reply)
