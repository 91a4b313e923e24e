"""Prompt templates from `prompts/`, rendered strictly: every variable given, none left over."""

from __future__ import annotations

import functools
import re
import string
from pathlib import Path

PROMPT_DIR = Path(__file__).resolve().parent.parent / "prompts"


class PromptError(ValueError):
    "A template is missing, or rendered with missing or unexpected variables."


@functools.lru_cache(maxsize=None)
def template(name: str) -> tuple[str, frozenset[str]]:
    "The text of prompts/<name>.txt and the variables it uses."
    path = PROMPT_DIR / f"{name}.txt"
    try:
        text = path.read_text(encoding="utf-8").strip()
    except FileNotFoundError:
        raise PromptError(f"prompts/{name}.txt: no such prompt template") from None
    fields = set()
    for _, field, spec, conversion in string.Formatter().parse(text):
        if field is None:
            continue
        if not field.isidentifier() or spec or conversion:
            raise PromptError(f"prompts/{name}.txt: placeholder {{{field}}} must be a plain name like {{question}}")
        fields.add(field)
    return text, frozenset(fields)


def render(name: str, **values: object) -> str:
    "prompts/<name>.txt with its {variables} filled; a missing or extra variable is an error."
    text, fields = template(name)
    missing, extra = fields - set(values), set(values) - fields
    if missing or extra:
        problems = [f"missing {sorted(missing)}" if missing else "", f"unexpected {sorted(extra)}" if extra else ""]
        raise PromptError(f"prompts/{name}.txt: " + ", ".join(p for p in problems if p))
    return text.format(**{k: str(v) for k, v in values.items()})


def as_data(text: str, *tags: str) -> str:
    "Transcript text placed inside a prompt's elements (`tags`, e.g. 'block'): it can never open or close one of them."
    return re.sub(rf"</?\s*(?:{'|'.join(tags)})\b[^>]*>", " ", text, flags=re.I)
