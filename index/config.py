"""Settings, read once at the edge (app, CLI) and passed down."""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path

PROJECT_DIR = Path(__file__).resolve().parent.parent
SAMPLE_DIR = PROJECT_DIR / "data" / "transcripts"


BACKENDS = ("onnx", "torch")  # embedding backends (index/embedding.py)


class ConfigError(ValueError):
    "A setting is missing or wrong; the message says how to fix it."


@dataclass(frozen=True)
class Config:
    "Where the index lives and how answers are made. Every field has an EARSHOT_* variable (see README)."

    index_dir: Path = PROJECT_DIR / ".index"
    chroma_url: str | None = None  # "http://127.0.0.1:8000" switches to a Chroma server
    collection: str = "earshot"
    top_k: int = 8  # turns handed to the answerer
    llm_model: str | None = None
    openai_api_key: str | None = None
    openai_base_url: str | None = None
    llm_timeout: float = 30.0
    llm_speakers: bool = False  # with an LLM: it proposes speakers for unlabelled paragraphs at ingest (qa/assist.py)
    llm_judge: bool = False  # with an LLM: it judges whether management answered each Q&A exchange at ingest
    chroma_timeout: float = 10.0  # seconds a Chroma server may take to answer one request
    embed_backend: str = "onnx"  # "onnx" (no torch on the query path) or "torch" (sentence-transformers)
    # the ONNX graph exported from the packaged weights: beside the default index, and shared by every index, since
    # it depends only on the model (a new index folder does not export it again)
    model_cache: Path = PROJECT_DIR / ".index" / "models"

    @classmethod
    def from_env(cls, env: dict | None = None) -> "Config":
        "Build from EARSHOT_* and OPENAI_* variables."
        env = os.environ if env is None else env
        values: dict = {}
        if env.get("EARSHOT_INDEX_DIR"):
            values["index_dir"] = Path(env["EARSHOT_INDEX_DIR"]).expanduser()
        if env.get("EARSHOT_MODEL_CACHE"):
            values["model_cache"] = Path(env["EARSHOT_MODEL_CACHE"]).expanduser()
        if env.get("EARSHOT_EMBED_BACKEND"):
            backend = env["EARSHOT_EMBED_BACKEND"].strip().lower()
            if backend not in BACKENDS:
                raise ConfigError(f"EARSHOT_EMBED_BACKEND={env['EARSHOT_EMBED_BACKEND']!r}: choose {' or '.join(BACKENDS)}")
            values["embed_backend"] = backend
        if env.get("EARSHOT_CHROMA_URL"):
            url = env["EARSHOT_CHROMA_URL"].rstrip("/")
            if not url.startswith(("http://", "https://")):
                raise ConfigError(f"EARSHOT_CHROMA_URL={url!r}: give a URL such as http://127.0.0.1:8000")
            values["chroma_url"] = url
        if env.get("EARSHOT_COLLECTION"):
            name = env["EARSHOT_COLLECTION"]
            if not 3 <= len(name) <= 512:
                raise ConfigError(f"EARSHOT_COLLECTION={name!r}: a Chroma collection name has 3 to 512 characters")
            values["collection"] = name
        for key, field_name, kind in (("EARSHOT_TOP_K", "top_k", int), ("EARSHOT_LLM_TIMEOUT", "llm_timeout", float), ("EARSHOT_CHROMA_TIMEOUT", "chroma_timeout", float)):
            if env.get(key):
                try:
                    values[field_name] = kind(env[key])
                except ValueError:
                    raise ConfigError(f"{key}={env[key]!r}: expected a number") from None
        values["openai_api_key"] = env.get("OPENAI_API_KEY") or None
        values["openai_base_url"] = env.get("OPENAI_BASE_URL") or None
        values["llm_speakers"] = _switch(env, "EARSHOT_LLM_SPEAKERS", "speaker proposals")
        values["llm_judge"] = _switch(env, "EARSHOT_LLM_JUDGE", "the answer judge")
        values["llm_model"] = env.get("EARSHOT_LLM_MODEL") or ("gpt-4o-mini" if values["openai_api_key"] else None)
        return cls(**values)

    @property
    def llm_enabled(self) -> bool:
        "An LLM answers when an API key is set."
        return bool(self.openai_api_key)

    @property
    def proposes_speakers(self) -> bool:
        "The LLM proposes speakers at ingest: configured, and switched on with EARSHOT_LLM_SPEAKERS."
        return self.llm_enabled and self.llm_speakers

    @property
    def judges_answers(self) -> bool:
        "The LLM judges each exchange's answer at ingest: configured, and switched on with EARSHOT_LLM_JUDGE."
        return self.llm_enabled and self.llm_judge


def _switch(env, key: str, what: str) -> bool:
    "An on/off setting: 1, true, yes, on / 0, false, no, off or unset."
    value = (env.get(key) or "").strip().lower()
    if value not in ("", "0", "1", "false", "true", "no", "yes", "off", "on"):
        raise ConfigError(f"{key}={env[key]!r}: give 1 to switch {what} on, 0 to switch it off")
    return value in ("1", "true", "yes", "on")
