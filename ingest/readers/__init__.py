"""One reader per layout. Each module here has `NAME`, `sniff(text, name) -> float` (0: not this layout, 1: sure)
and `read(path, text) -> RawCall`; detection runs every sniff and the highest score reads the file. Adding a
layout is adding a module to this package. Hard-wrapped text (taken from a PDF, an e-mail or a terminal) reaches a
reader with each paragraph on one line again, unless the reader sets `READS_WRAPPED` and reads the lines itself."""

from __future__ import annotations

import importlib
import pkgutil
from pathlib import Path
from types import ModuleType

from ..transcript import TranscriptError
from .base import MIN_WORDS, RawCall, RawTurn, decode, unwrapped

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
    return [(score, module.NAME) for score, module, _ in _ranked(text, name)]


def read_call(path: Path, text: str) -> RawCall:
    "Read the file with the reader whose sniff scores highest."
    ranked = _ranked(text, path.name)
    if not ranked and (words := len(text.split())) < MIN_WORDS:
        raise TranscriptError(f"{path.name}: not a transcript (too little text: {words} words)")
    if not ranked:
        raise TranscriptError(f"{path.name}: not a transcript layout Earshot reads (see the README's list of layouts)")
    _, module, seen = ranked[0]
    return module.read(path, seen)


def _opens_turn(line: str) -> bool:
    "Does the line open a turn by its label, as some reader of labelled lines reads it (`opens_turn`)?"
    return any(module.opens_turn(line) for module in readers() if hasattr(module, "opens_turn"))


def _ranked(text: str, name: str) -> list[tuple[float, ModuleType, str]]:
    "(score, reader, the text as it reads it) of every reader that recognises the text, best first."
    flat = unwrapped(text, _opens_turn) or text
    seen = [(module, text if getattr(module, "READS_WRAPPED", False) else flat) for module in readers()]
    scores = [(module.sniff(t, name), module, t) for module, t in seen]
    return sorted((x for x in scores if x[0] > 0), key=lambda x: (x[0], x[1].NAME), reverse=True)
