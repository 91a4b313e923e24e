"""A call's highlights, for "Summarize Clean Harbors' quarter": the sentences of management's own remarks that state
the quarter's figures, each as it was said.

No model writes a summary offline, so it is chosen: every sentence management speaks (the prepared remarks, or the
whole call where there are none) scores for stating a figure and for naming a measure an analyst reads first
(revenue, earnings per share, margin, cash flow, guidance), the call's script (forward-looking statements, the
webcast, greetings and thanks) is left out, and the best few are given in the order they were said. Measured with
`python -m bench.summary` on ECTSum: how many of the figures in Reuters' bullet summary of a call they state."""

from __future__ import annotations

import re

from .extractive import MANAGEMENT, sentences_of

MOST = 5  # sentences in a summary
MIN_WORDS = 8  # shorter sentences are hand-overs and asides ("Let's turn to cash.")
_SCRIPT = re.compile(
    r"forward[- ]looking|safe harbou?r|non-gaap (?:financial )?(?:measure|reconcil)|reconciliation|webcast|replay|press release|"
    r"sec filings?|form 10-[kq]|risk factors|undertake no|obligation to update|this (?:conference )?call|today's call|"
    r"joining (?:us|me)|good (?:morning|afternoon|evening)|thank you|turn (?:the call|it) over|questions? and answers?",
    re.I,
)
_FIGURE = re.compile(r"[$€£]\s?\d|\b\d[\d,]*(?:\.\d+)?\s?(?:%|percent|million|billion|basis points|cents|per share)", re.I)
_MEASURE = re.compile(
    r"\b(?:revenues?|sales|earnings|eps|per share|margins?|net income|operating income|profit|cash flow|ebitda|guidance|"
    r"outlook|backlog|orders|bookings|dividends?|repurchases?|buybacks?)\b",
    re.I,
)


def said_of_the_quarter(sentence: str) -> bool:
    "Is the sentence no part of the call's script, and long enough to say something?"
    return not _SCRIPT.search(sentence) and len(sentence.split()) >= MIN_WORDS


# Chosen on ECTSum train (300 calls, 921 bullets stating a figure the call states): a figure found scored 2 and each
# measure 1 covered 431 bullets; each figure (three at most) and measure (two at most) 1, 518; figures up to five 520,
# measures at a half 503; the first five sentences of management's remarks 16 of 178 on the first 60 of those calls.
def score(sentence: str) -> float:
    "How much a sentence says of the quarter: each figure it states (three at most) and measure it names (two at most)."
    if not said_of_the_quarter(sentence):
        return 0.0
    return min(len(_FIGURE.findall(sentence)), 3) + min(len(_MEASURE.findall(sentence)), 2)


def highlights(transcript, most: int = MOST) -> list[tuple[object, int, str]]:
    """(turn, position in the turn, sentence) of the call's highlights, in the order said: from management's prepared
    remarks, or all its turns where the call has none, the best-scoring sentences, the earlier of two that score alike."""
    speaking = [t for t in transcript.turns if t.role in MANAGEMENT]
    prepared = [t for t in speaking if t.section == "prepared_remarks"]
    candidates = [(turn, at, s) for turn in (prepared or speaking) for at, s in enumerate(sentences_of(turn.text))]
    scored = [(score(s), i) for i, (_, _, s) in enumerate(candidates)]
    chosen = sorted(i for value, i in sorted(scored, key=lambda x: (-x[0], x[1]))[:most] if value > 0)
    return [candidates[i] for i in chosen]
