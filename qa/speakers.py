"""A language model's proposed speakers for a call's unlabelled paragraphs (ingest/proposals.py decides what of it
is kept). Switched on by `EARSHOT_LLM_SPEAKERS=1` with an LLM configured; off by default, since it sends every
unlabelled call's text to the model, a request per `WINDOW` paragraphs."""

from __future__ import annotations

import logging

from .llm import LLM, LLMError, json_object
from .prompts import as_data, render

log = logging.getLogger("earshot.llm")

WINDOW = 40  # paragraphs per request: enough context for hand-overs and follow-ups, a reply well under max_tokens
PARAGRAPH_CHARS = 700  # of each paragraph: who speaks shows in its first and last words, kept both


def _shown(text: str) -> str:
    "A paragraph as the model sees it: no tag of the prompt's own, a long one cut in the middle."
    text = as_data(" ".join(text.split()), "paragraphs", "p")
    if len(text) <= PARAGRAPH_CHARS:
        return text
    half = PARAGRAPH_CHARS // 2
    return f"{text[:half]} … {text[-half:]}"


def read_reply(reply: str, numbers: range) -> dict[int, str]:
    """The proposals in a reply: its JSON object's entries for the paragraphs asked about, "?" and blanks left out.
    A reply that holds no readable object gives nothing."""
    out = {}
    for key, name in (json_object(reply) or {}).items():
        try:
            n = int(key)
        except (TypeError, ValueError):
            continue
        if n in numbers and isinstance(name, str) and name.strip() not in ("", "?"):
            out[n] = name.strip()
    return out


class SpeakerProposer:
    "Asks the configured model who speaks each paragraph, a window at a time (ingest.proposals.Proposer)."

    def __init__(self, llm: LLM) -> None:
        self.llm = llm

    def __call__(self, units: list[str], roster: list[tuple[str, str, str | None]]) -> dict[int, str]:
        if not roster:
            return {}  # nobody to propose
        people = "\n".join(f"- {name}, {role or 'role unknown'}" + (f", {title}" if title else "") for name, role, title in roster)
        out: dict[int, str] = {}
        for start in range(0, len(units), WINDOW):
            numbers = range(start, min(start + WINDOW, len(units)))
            paragraphs = "\n".join(f'<p n="{n}">{_shown(units[n])}</p>' for n in numbers)
            try:
                reply = self.llm.complete([{"role": "user", "content": render("speakers", roster=people, paragraphs=paragraphs)}],
                                          max_tokens=25 * len(numbers) + 50)
            except LLMError as exc:
                log.warning("speaker proposals for paragraphs %d-%d skipped: %s", numbers.start, numbers.stop - 1, exc)
                continue
            got = read_reply(reply, numbers)
            if not got:
                log.warning("speaker proposals for paragraphs %d-%d skipped: the reply held no readable object", numbers.start, numbers.stop - 1)
            out.update(got)
        return out
