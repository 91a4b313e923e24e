"""Chunks <-> Chroma (through llama-index) and the keyword index; retrieval with filters."""

from .config import Config, ConfigError
from .retrieve import FILTER_FIELDS, Retriever, TurnHit
from .store import CallInfo, Store

__all__ = ["FILTER_FIELDS", "CallInfo", "Config", "ConfigError", "Retriever", "Store", "TurnHit"]
