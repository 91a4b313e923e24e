"""Questions -> answers with cited speaker turns. `from qa import ask`.

`ask()` raises IndexUnavailable (one line naming the Chroma server and what to do) when the index cannot be reached."""

from index.store import IndexUnavailable

from .engine import Earshot, ask, ask_stream, default_engine
from .types import Answer, Citation

__all__ = ["Answer", "Citation", "Earshot", "IndexUnavailable", "ask", "ask_stream", "default_engine"]
