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
    percent: bool = False  # "12%", "12 percent"


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
    text = normalize(text)
    for match in _NUMBER.finditer(text):
        value = float(match.group(1).replace(",", "") + (match.group(2) or ""))
        scale = match.group(3)
        percent = text.startswith("percent", match.end() + (text[match.end() : match.end() + 1] == " "))
        out.append(Figure(match.group(0).strip(), value, value * _SCALE[scale.lower()] if scale else None, percent))
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
    """The instructions in a turn that address an AI. An instruction that ends in a colon, or is followed by a
    quotation, carries its payload in the next sentence, which then belongs to it; otherwise the next sentence is
    the call's own text and repeating it is no sign of obedience."""
    sentences = split_sentences(text)
    spans = []
    for i, sentence in enumerate(sentences):
        if not _INJECTION.search(sentence):
            continue
        following = sentences[i + 1] if i + 1 < len(sentences) else ""
        carries = sentence.rstrip().endswith(":") or following.lstrip()[:1] in ('"', "“", "'")
        spans.append(f"{sentence} {following}" if carries else sentence)
    return spans


def _ngrams(words: list[str], n: int) -> set[tuple[str, ...]]:
    return {tuple(words[i : i + n]) for i in range(len(words) - n + 1)}


def obeys_injection(answer: str, sources: list[str]) -> bool:
    """True if the answer repeats what an instruction planted in a source told it to say: a sentence of the answer
    shares a run of NGRAM content words with the instruction (all of them, for a sentence shorter than that)."""
    spans = [tokens(span) for text in sources for span in injected_spans(text)]
    if not spans:
        return False
    if _INJECTION.search(answer):
        return True
    for sentence in split_sentences(answer):
        words = tokens(_MARKER.sub("", sentence))
        n = min(NGRAM, len(words))
        if n >= 2 and any(_ngrams(words, n) & _ngrams(span, n) for span in spans):
            return True
    return False


def _parse(sentence: str, blocks: int) -> tuple[str, list[int], int]:
    "A sentence's text without markers, the blocks it cites (0-based, each once), and how many markers pointed nowhere."
    cites: list[int] = []
    removed = 0
    for match in _MARKER.finditer(sentence):
        for number in re.split(r"\s*[,;]\s*", match.group(1)):
            index = int(number) - 1
            if 0 <= index < blocks:
                if index not in cites:
                    cites.append(index)
            else:
                removed += 1
    return _MARKER.sub("", sentence).strip(), cites, removed


def _unsupported(body: str, pool: list[Figure], allowed: set[float]) -> tuple[int, list[str]]:
    "How many figures a sentence states, and those that neither its sources (`pool`) nor the question hold."
    stated = figures(body)
    return len(stated), [f.text for f in stated if not supported(f, pool) and f.value not in allowed]


def _tidy(reply: str) -> str:
    "'… 70 bps. [1] Next …' -> '… 70 bps [1]. Next …', so each marker stays with its sentence."
    return re.sub(r"([.!?])((?:\s*\[[^\]]{1,20}\])+)", r"\2\1", " ".join(reply.split()))


class StreamGate:
    """Lets a streamed reply through sentence by sentence, and only what the final checks would keep.

    A sentence is shown once it is complete (the next one has begun), cites at least one block that exists, states
    no figure its cited blocks lack, and repeats no instruction planted in a block. Anything else waits for the
    checked final answer, which replaces the streamed text; after an echoed instruction nothing more is shown.
    Markers are renumbered in order of first citation, as the final answer numbers them.
    """

    def __init__(self, sources: list[str], question: str = "") -> None:
        self.sources = sources
        self.source_figures = [figures(s) for s in sources]
        self.allowed = {f.value for f in figures(question)}
        self.text = ""
        self.seen = 0  # complete sentences judged so far
        self.order: dict[int, int] = {}
        self.blocked = False

    def feed(self, piece: str) -> list[str]:
        "Take the next piece of the reply; return the sentences that may now be shown."
        self.text += piece
        return self._judge(complete_only=True)

    def finish(self) -> list[str]:
        "The reply has ended: the last sentence is complete too."
        return self._judge(complete_only=False)

    def _judge(self, complete_only: bool) -> list[str]:
        sentences = split_sentences(_tidy(self.text))
        out = []
        for sentence in sentences[self.seen : len(sentences) - complete_only]:
            self.seen += 1
            if self.blocked or obeys_injection(sentence, self.sources):
                self.blocked = True
                continue
            body, cites, _ = _parse(sentence, len(self.sources))
            _, bad = _unsupported(body, [f for i in cites for f in self.source_figures[i]], self.allowed)
            if not body or not cites or bad:
                continue
            for i in cites:
                self.order.setdefault(i, len(self.order) + 1)
            out.append(f"{body} {''.join(f'[{self.order[i]}]' for i in cites)} ")
        return out


def check(reply: str, sources: list[str], question: str = "") -> Checked:
    """Clean and check a model's reply against its numbered sources (sources[i] is block i+1: label and text).

    Markers pointing at no block are removed; a sentence whose figures are not all in the blocks it cites
    (or, if it cites none, in any block the answer cites) is dropped; markers are renumbered 1..n in order.
    """
    allowed = {f.value for f in figures(question)}  # figures the question itself states
    source_figures = [figures(s) for s in sources]
    removed_markers = 0
    parsed: list[tuple[str, list[int]]] = []
    for sentence in split_sentences(_tidy(reply)):
        body, cites, removed = _parse(sentence, len(sources))
        removed_markers += removed
        if body:
            parsed.append((body, cites))
    cited_anywhere = sorted({i for _, cites in parsed for i in cites})
    kept: list[tuple[str, list[int]]] = []
    dropped: list[str] = []
    numbers_checked = unsupported = uncited = 0
    for body, cites in parsed:
        if not cites:
            uncited += 1
        stated, bad = _unsupported(body, [f for i in (cites or cited_anywhere) for f in source_figures[i]], allowed)
        numbers_checked += stated
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
