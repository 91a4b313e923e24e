"""Chunks <-> Chroma (through llama-index) and the keyword index; retrieval with filters."""

from .config import Config, ConfigError
from .retrieve import FILTER_FIELDS, Retriever, TurnHit
from .store import CallInfo, IndexUnavailable, Store

__all__ = ["FILTER_FIELDS", "CallInfo", "Config", "ConfigError", "IndexUnavailable", "Retriever", "Store", "TurnHit"]
