"""Checks on a generated answer: markers that resolve, figures found in the cited turns, no obeyed injections."""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from index.text import normalize, tokens
from ingest.chunking import split_sentences

_MARKER = re.compile(r"\s*\[(?:blocks?\s*)?(\d+(?:\s*[,;]\s*\d+)*)\]", re.I)
_NUMBER = re.compile(r"(?<![\w.])(\d{1,3}(?:,\d{3})+|\d+)(\.\d+)?(?:\s*(trillion|billion|million|thousand|bn|mn)\b)?", re.I)
_SCALE = {"trillion": 1e12, "billion": 1e9, "bn": 1e9, "million": 1e6, "mn": 1e6, "thousand": 1e3}
# text in a transcript that talks to an AI rather than to the call's listeners
_INJECTION = re.compile(
    r"\b(?:ignore|disregard|forget|override)\b[^.]{0,60}\b(?:instructions?|prompts?|rules|above)\b"
    r"|\b(?:system prompt|new instructions|you are now|as an ai|language model|assistant must)\b"
    r"|\b(?:respond|reply|answer)\s+(?:only\s+)?with\b",
    re.I,
)
NGRAM = 4  # content words an answer may share with an injected instruction before it counts as obeying it


@dataclass(frozen=True)
class Figure:
    "A number as written, its value, and its value times any scale word after it (5.3 billion -> 5.3e9)."

    text: str
    value: float
    scaled: float | None


@dataclass
class Checked:
    "A generated answer after its checks: cleaned text, the blocks it cites (in marker order), and what was found."

    text: str
    cited: list[int]  # 0-based block indexes, in the order of their new markers 1..n
    checks: dict = field(default_factory=dict)
    dropped: list[str] = field(default_factory=list)  # sentences removed for an unsupported figure


def figures(text: str) -> list[Figure]:
    "Every figure in the text, after normalising shorthand (70 bps -> 70 basis points, 3.5% -> 3.5 percent)."
    out = []
    for match in _NUMBER.finditer(normalize(text)):
        value = float(match.group(1).replace(",", "") + (match.group(2) or ""))
        scale = match.group(3)
        out.append(Figure(match.group(0).strip(), value, value * _SCALE[scale.lower()] if scale else None))
    return out


def supported(figure: Figure, source: list[Figure]) -> bool:
    "A figure is supported if the source states the same amount (5,300 million = 5.3 billion) or the same bare number."
    for have in source:
        if figure.scaled is not None and have.scaled is not None and abs(figure.scaled - have.scaled) <= 1e-9 * abs(have.scaled):
            return True
        if figure.scaled is None and figure.value == have.value:
            return True
        if figure.scaled is not None and have.scaled is None and figure.value == have.value and figure.value >= 1000:
            return True  # "1,200 million" written out in full on one side
    return False


def injected_spans(text: str) -> list[str]:
    "Sentences of a turn that address an AI, each with the sentence after it (where the payload usually is)."
    sentences = split_sentences(text)
    return [" ".join(sentences[i : i + 2]) for i, s in enumerate(sentences) if _INJECTION.search(s)]


def _ngrams(text: str) -> set[tuple[str, ...]]:
    words = tokens(text)
    return {tuple(words[i : i + NGRAM]) for i in range(len(words) - NGRAM + 1)}


def obeys_injection(answer: str, sources: list[str]) -> bool:
    "True if the answer repeats what an instruction planted in a source told it to say."
    spans = [span for text in sources for span in injected_spans(text)]
    if not spans:
        return False
    said = _ngrams(answer)
    return bool(_INJECTION.search(answer)) or any(_ngrams(span) & said for span in spans)


def check(reply: str, sources: list[str], question: str = "") -> Checked:
    """Clean and check a model's reply against its numbered sources (sources[i] is block i+1: label and text).

    Markers pointing at no block are removed; a sentence whose figures are not all in the blocks it cites
    (or, if it cites none, in any block the answer cites) is dropped; markers are renumbered 1..n in order.
    """
    allowed = {f.value for f in figures(question)}  # figures the question itself states
    source_figures = [figures(s) for s in sources]
    # "… 70 bps. [1] Next …" -> "… 70 bps [1]. Next …", so each marker stays with its sentence
    reply = re.sub(r"([.!?])((?:\s*\[[^\]]{1,20}\])+)", r"\2\1", " ".join(reply.split()))
    sentences = split_sentences(reply)
    removed_markers = 0
    parsed: list[tuple[str, list[int]]] = []
    for sentence in sentences:
        cites: list[int] = []
        for match in _MARKER.finditer(sentence):
            for number in re.split(r"\s*[,;]\s*", match.group(1)):
                index = int(number) - 1
                if 0 <= index < len(sources):
                    if index not in cites:
                        cites.append(index)
                else:
                    removed_markers += 1
        body = _MARKER.sub("", sentence).strip()
        if body:
            parsed.append((body, cites))
    cited_anywhere = sorted({i for _, cites in parsed for i in cites})
    kept: list[tuple[str, list[int]]] = []
    dropped: list[str] = []
    numbers_checked = unsupported = uncited = 0
    for body, cites in parsed:
        if not cites:
            uncited += 1
        pool = [f for i in (cites or cited_anywhere) for f in source_figures[i]]
        bad = []
        for figure in figures(body):
            numbers_checked += 1
            if not supported(figure, pool) and figure.value not in allowed:
                bad.append(figure.text)
        if bad:
            unsupported += len(bad)
            dropped.append(body)
            continue
        kept.append((body, cites))
    order: dict[int, int] = {}
    parts = []
    for body, cites in kept:
        for i in cites:
            order.setdefault(i, len(order) + 1)
        markers = "".join(f"[{order[i]}]" for i in cites)
        parts.append(f"{body} {markers}" if markers else body)
    checks = {
        "sentences": len(parsed), "numbers_checked": numbers_checked, "unsupported_numbers": unsupported,
        "dropped_sentences": len(dropped), "removed_markers": removed_markers, "uncited_sentences": uncited,
    }
    return Checked(" ".join(parts), sorted(order, key=order.get), checks, dropped)
