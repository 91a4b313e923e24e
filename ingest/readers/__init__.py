"""One reader per layout. Each module here has `NAME`, `sniff(text, name) -> float` (0: not this layout, 1: sure)
and `read(path, text) -> RawCall`; detection runs every sniff and the highest score reads the file. Adding a
layout is adding a module to this package."""

from __future__ import annotations

import importlib
import pkgutil
from pathlib import Path
from types import ModuleType

from ..transcript import TranscriptError
from .base import RawCall, RawTurn, decode

__all__ = ["RawCall", "RawTurn", "decode", "detect", "read_call", "readers"]

_READERS: list[ModuleType] = []


def readers() -> list[ModuleType]:
    "Every reader module in this package, imported once."
    if not _READERS:
        for info in sorted(pkgutil.iter_modules(__path__), key=lambda m: m.name):
            module = importlib.import_module(f"{__name__}.{info.name}")
            if callable(getattr(module, "sniff", None)) and callable(getattr(module, "read", None)):
                _READERS.append(module)
    return _READERS


def detect(text: str, name: str) -> list[tuple[float, str]]:
    "(score, layout) of every reader that recognises the text, best first."
    scores = [(module.sniff(text, name), module.NAME) for module in readers()]
    return sorted(((s, n) for s, n in scores if s > 0), reverse=True)


def read_call(path: Path, text: str) -> RawCall:
    "Read the file with the reader whose sniff scores highest."
    ranked = detect(text, path.name)
    if not ranked:
        raise TranscriptError(f"{path.name}: not a transcript layout Earshot reads (see the README's list of layouts)")
    module = next(m for m in readers() if m.NAME == ranked[0][1])
    return module.read(path, text)
