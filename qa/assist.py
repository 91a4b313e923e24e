"""The language model's parts in reading a call (ingest/assist.py), built from the settings."""

from __future__ import annotations

from index import Config
from ingest.assist import ModelAssist

from .judge import AnswerJudge
from .llm import LLM
from .speakers import SpeakerProposer


def model_assist(config: Config) -> ModelAssist | None:
    "What the configured model adds at ingest (EARSHOT_LLM_SPEAKERS, EARSHOT_LLM_JUDGE), or None."
    if not (config.proposes_speakers or config.judges_answers):
        return None
    llm = LLM(config)
    return ModelAssist(SpeakerProposer(llm) if config.proposes_speakers else None, AnswerJudge(llm) if config.judges_answers else None)
