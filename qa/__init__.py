"""Questions -> answers with cited speaker turns. `from qa import ask`."""

from .engine import Earshot, ask, ask_stream, default_engine
from .types import Answer, Citation

__all__ = ["Answer", "Citation", "Earshot", "ask", "ask_stream", "default_engine"]
