"""Questions -> answers with cited speaker turns. `from qa import ask`.

`ask()` raises IndexUnavailable (one line naming the Chroma server and what to do) when the index cannot be reached.
The engine loads on first use of one of its names, so `python -m qa --url ...` and `qa.types` stay light.
"""

from .types import Answer, Citation

__all__ = ["Answer", "Citation", "Earshot", "IndexUnavailable", "ask", "ask_stream", "default_engine"]
_ENGINE_NAMES = ("Earshot", "ask", "ask_stream", "default_engine")


def __getattr__(name: str):
    if name in _ENGINE_NAMES:
        from . import engine

        return getattr(engine, name)
    if name == "IndexUnavailable":
        from index.store import IndexUnavailable

        return IndexUnavailable
    raise AttributeError(f"module 'qa' has no attribute {name!r}")
