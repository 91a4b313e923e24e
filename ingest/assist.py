"""What a configured language model adds when a call is read: speakers proposed for unlabelled paragraphs
(proposals.py) and a judge of whether management answered each Q&A exchange (evasion.judged). Each is switched on
on its own; without either, a call is read exactly as offline."""

from __future__ import annotations

from dataclasses import dataclass

from .evasion import Judge
from .proposals import Proposer


@dataclass(frozen=True)
class ModelAssist:
    "The model's parts in reading a call; either may be None."

    speakers: Proposer | None = None
    judge: Judge | None = None

    @property
    def mark(self) -> str:
        "What the model took part in, as it goes into a call's version ('+speakers+judge')."
        return "".join(tag for tag, part in (("+speakers", self.speakers), ("+judge", self.judge)) if part is not None)

    def for_call(self, transcript) -> "ModelAssist | None":
        """The parts with work to do on a call read offline: speakers where a turn is unlabelled, the judge where
        management answered a question; None when neither has any."""
        speakers = self.speakers if any(t.confidence < 1.0 for t in transcript.turns) else None
        judge = self.judge if any(e.answered for e in transcript.exchanges) else None
        return ModelAssist(speakers, judge) if speakers is not None or judge is not None else None
