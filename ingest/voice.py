"""Whose words these are, within one call: each executive's voice heard from the turns the call itself gives them.

An executive talks about their own part of the business in the prepared remarks (the CFO the margin bridge, the
head of a segment its orders) and answers the questions on it in the Q&A. So a turn's words, weighed against the
words of each executive's other turns (tf-idf within the call, cosine), say which executive it sounds like. The
name model reads that as one more feature of a decoded name in the Q&A (`calibration.features`); the decision
itself is not changed by it (as a cue in the decoder, weighed and refitted the same way, it named no more at the
same number of wrong names on 146 held-back tune calls). Only where an answer points back to its speaker's own words
("as I mentioned in my prepared remarks, ...") do the voices become the decoder's evidence (`Voices.own_words`,
`decoder._own_words`).

An executive's voice comes only from the turns the decoder gave them where the call is surest of it: their turns
before the Q&A, which hand-offs name, and turns a cue names them in directly. Measured with the true turns of the
582 fitting calls, in calls where two or more executives read prepared remarks, the closest voice is the speaker's
for 0.62 of those executives' Q&A answers, and for 0.86 of the fifth where its margin is widest."""

from __future__ import annotations

import math
import re
from collections import Counter
from functools import cached_property

from . import cues

_WORD = re.compile(r"[a-z][a-z']+")
# An executive pointing back at their own words ("as I mentioned in my prepared remarks", "I talked about that
# earlier") is the one whose other turns hold what they point back to. Measured with the true turns of the 582 fitting
# tune calls where two or more executives read prepared remarks: of 1,408 executive Q&A answers with such a sentence,
# the voice closest to that sentence and the two after it is the speaker's for 0.73, and for 0.93 of the 347 where it
# is closer than any other by 0.05 of cosine (0.88 of 680 at 0.03, 0.84 of 879 at 0.02).
SELF_REFERENCE = re.compile(
    r"\bI(?:'ve| have|'d)?\s+(?:just\s+|also\s+|briefly\s+|already\s+)?(?:mentioned|said|noted|talked about|spoke about|referenced|"
    r"indicated|highlighted|alluded to|commented|discussed|touched on|described|outlined|pointed out)\b|\bmy (?:prepared |opening |earlier )?(?:remarks|comments|script)\b",
    re.I,
)
REFERENCE_SPAN = 3
OWN_WORDS = 0.05
SCALE = 0.05  # a margin of this much cosine is one unit of the feature: about the fifth of answers it is surest of
CLIP = 4.0


class CallWords:
    """A call's words per unit and their tf-idf weights within the call: the same for every decision on the call,
    so read once (and only when a voice is asked for)."""

    def __init__(self, units: list[str]) -> None:
        self.units = units

    @cached_property
    def bags(self) -> list[Counter]:
        return [Counter(_WORD.findall(u.lower())) for u in self.units]

    @cached_property
    def idf(self) -> dict[str, float]:
        df = Counter(w for bag in self.bags for w in bag)
        n = len(self.units)
        return {w: math.log((n + 1) / (k + 1)) + 1.0 for w, k in df.items()}

    def vector(self, bag: Counter) -> dict[str, float]:
        "The bag's tf-idf vector, of length one."
        v = {w: (1 + math.log(k)) * self.idf.get(w, 1.0) for w, k in bag.items() if k > 0}
        norm = math.sqrt(sum(x * x for x in v.values())) or 1.0
        return {w: x / norm for w, x in v.items()}


class Voices:
    "The executives' voices in one decoded call."

    def __init__(self, words: CallWords, labels: list, sources: list[bool]) -> None:
        """`labels`: the decoded label (name, role) per unit; `sources[j]`: unit j may speak for its label's
        person (before the Q&A, or named by a cue)."""
        self.words = words
        self.own: dict[str, list[int]] = {}
        for j, (label, source) in enumerate(zip(labels, sources)):
            if source and label is not None and label.role == "executive" and label.name:
                self.own.setdefault(label.name, []).append(j)

    @cached_property
    def totals(self) -> dict[str, Counter]:
        return {name: sum((self.words.bags[j] for j in js), Counter()) for name, js in self.own.items()}

    @cached_property
    def vectors(self) -> dict[str, dict[str, float]]:
        return {name: self.words.vector(bag) for name, bag in self.totals.items()}

    def margin(self, name: str, run: range) -> float | None:
        """How much closer the run's words are to `name`'s voice than to the closest other executive's, in units of
        SCALE (clipped); None when the call gives no voice to `name` or to nobody else. The run's own units are
        left out of every voice."""
        if name not in self.own or len(self.own) < 2:
            return None
        sims = self._similarities(run)
        if name not in sims or len(sims) < 2:
            return None
        other = max(s for person, s in sims.items() if person != name)
        return max(min((sims[name] - other) / SCALE, CLIP), -CLIP)

    def own_words(self, unit: int) -> str | None:
        """The executive unit `unit` refers to as its own speaker ("as I mentioned in my prepared remarks, the GILTI...",
        "I talked about the backlog earlier"): the words of each sentence that points back and the REFERENCE_SPAN - 1
        after it, against each executive's voice; a name only when it is closer to one executive's words than to any
        other's by OWN_WORDS of cosine, the unit's own words left out of every voice."""
        if len(self.own) < 2:
            return None
        sentences = cues.sentences(self.words.units[unit])
        said = [" ".join(sentences[k : k + REFERENCE_SPAN]) for k, s in enumerate(sentences) if SELF_REFERENCE.search(s)]
        if not said:
            return None
        sims = self._similarities(range(unit, unit + 1), Counter(_WORD.findall(" ".join(said).lower())))
        ranked = sorted(((s, name) for name, s in sims.items()), reverse=True)
        return ranked[0][1] if len(ranked) >= 2 and ranked[0][0] - ranked[1][0] > OWN_WORDS else None

    def _similarities(self, run: range, words: Counter | None = None) -> dict[str, float]:
        """The cosine of the run's words (or of `words`, said in the run) with each executive's voice, the run's own
        units left out of it."""
        words = sum((self.words.bags[j] for j in run), Counter()) if words is None else words
        if not words:
            return {}
        mine = self.words.vector(words)
        sims = {}
        for person, js in self.own.items():
            overlap = [j for j in js if j in run]
            if overlap:
                rest = self.totals[person] - sum((self.words.bags[j] for j in overlap), Counter())
                if not rest:
                    continue
                vector = self.words.vector(rest)
            else:
                vector = self.vectors[person]
            sims[person] = sum(x * vector.get(w, 0.0) for w, x in mine.items())
        return sims
