"""Files -> indexed calls, with a result per file. Used by the CLI, the app's upload and first start."""

from __future__ import annotations

import errno
import os
from collections.abc import Callable, Iterable
from dataclasses import dataclass, replace
from pathlib import Path

import ingest.loader
from ingest import Transcript, TranscriptError, load_transcript
from ingest.loader import content_hash
from ingest.report import Report, describe

from .config import SAMPLE_DIR
from .store import Store

SUFFIXES = (".txt", ".json", ".md", ".text", ".vtt", ".nlp")
BATCH_FILES = 64  # parsed files handed to the store at once: keeps the embedder's batches full


@dataclass(frozen=True)
class FileResult:
    "What happened to one file: added, replaced, unchanged or rejected (with the reason)."

    name: str
    status: str
    transcript_id: str | None = None
    company: str | None = None
    period: str | None = None
    turns: int = 0
    error: str | None = None
    report: Report | None = None  # layout, company, period, date, turns, named speakers, sections, warnings

    def line(self) -> str:
        "What the CLI and the Library tab say about the file."
        if self.status == "rejected":
            return f"rejected  {self.error}"
        return f"{self.status:9} {self.report.line() if self.report else self.name}"


def expand(paths: Iterable[str | Path]) -> list[Path]:
    "Files named, and transcript files inside folders named, in a stable order (see find_files for what was skipped)."
    return find_files(paths)[0]


def find_files(paths: Iterable[str | Path]) -> tuple[list[Path], list[str]]:
    """(files to read, problems): the files named, and transcript files inside folders named, in a stable order.
    A path that does not exist, or a symbolic link that points at itself or nowhere, is a problem that names it."""
    files: list[Path] = []
    problems: list[str] = []
    for path in map(Path, paths):
        if path.is_dir():
            for found in sorted(path.rglob("*")):
                if found.suffix.lower() not in SUFFIXES:
                    continue
                if found.is_file():
                    files.append(found)
                elif found.is_symlink():
                    problems.append(_broken_link(found))
        elif path.is_file():
            files.append(path)
        elif path.is_symlink():
            problems.append(_broken_link(path))
        else:
            problems.append(f"{path}: no such file or folder")
    return files, problems


def _broken_link(path: Path) -> str:
    "What is wrong with a symbolic link that leads to no file."
    try:
        path.resolve(strict=True)
    except RuntimeError:  # Python 3.11 reports a loop this way
        return f"{path}: symbolic link loop"
    except OSError as exc:
        if exc.errno == errno.ELOOP:
            return f"{path}: symbolic link loop"
        return f"{path}: symbolic link to {os.readlink(path)}, which does not exist"
    return f"{path}: symbolic link to something that is not a file"


def ingest_files(store: Store, files: list[Path], on_file: Callable[[FileResult], None] | None = None) -> list[FileResult]:
    "Parse and index files; a bad file is rejected with its reason and nothing indexed is touched."
    results: list[FileResult] = []

    def record(result: FileResult) -> None:
        results.append(result)
        if on_file:
            on_file(result)

    reports: dict[str, Report] = {}

    superseded: dict[str, set[str]] = {}  # a call's id -> the ids an earlier parser gave the same file

    def report(transcript, status: str) -> None:
        if status == "added" and superseded.get(transcript.id):
            status = "replaced"
        record(FileResult(transcript.source, status, transcript.id, transcript.company, transcript.period, len(transcript.turns),
                          report=reports.get(transcript.source)))

    def add(group: dict[str, Transcript]) -> None:
        store.add(list(group.values()), progress=report)
        for transcript in group.values():  # the new parse is in first: a crash between the two leaves both, never neither
            for old in superseded.get(transcript.id, ()):
                store.remove(old)

    assist = _model_assist(store.config)
    indexed: dict[str, list[tuple[str, str]]] = {}  # file name -> (id, content hash) of the calls indexed from it
    for call in store.calls() if files else ():
        indexed.setdefault(call.source, []).append((call.id, call.content_hash))
    for start in range(0, len(files), BATCH_FILES):
        parsed = []
        for path in files[start : start + BATCH_FILES]:
            try:
                transcript, mark = _read(store, path, assist)
                reports[transcript.source] = describe(transcript)  # junk (header fields as speakers, no turns) is rejected here
                superseded.setdefault(transcript.id, set()).update(earlier_parses(indexed.get(path.name, ()), path, transcript, mark))
                parsed.append(transcript)
            except TranscriptError as exc:
                record(FileResult(path.name, "rejected", error=str(exc)))
            except OSError as exc:
                record(FileResult(path.name, "rejected", error=f"{path.name}: cannot read ({exc.strerror})"))
        group: dict[str, Transcript] = {}
        for transcript in parsed:  # two files of one call: each gets its result, the later one is kept
            if transcript.id in group:
                add(group)
                group = {}
            group[transcript.id] = transcript
        add(group)
    return results


def earlier_parses(same_name: Iterable[tuple[str, str]], path: Path, transcript: Transcript, mark: str = "") -> set[str]:
    """Of the calls indexed from a file of this name, (id, content hash), the ids of those that are this very file as
    some parser version read it, under another id. An upgrade that reads a call's company or period better changes
    its id; ingesting the file again then replaces that call instead of adding it a second time beside the old one."""
    others = [(i, h) for i, h in same_name if i != transcript.id]
    if not others:
        return set()
    data = path.read_bytes()
    hashes = {content_hash(data, m, v) for v in range(1, ingest.loader.PARSE_VERSION + 1) for m in {"", mark}}
    return {i for i, h in others if h in hashes}


def _model_assist(config):
    "What a configured language model adds at ingest, when switched on (qa/assist.py)."
    if not (config.proposes_speakers or config.judges_answers):
        return None
    from qa.assist import model_assist  # the answering side owns the model client

    return model_assist(config)


def _read(store: Store, path: Path, assist) -> tuple[Transcript, str]:
    """The file parsed, and what a model took part in (`ModelAssist.mark`, "" for none). With a model's help, the
    model is asked only when this version of the call is not indexed with that help already (read offline first:
    that is cheap, and gives the call's id)."""
    transcript = load_transcript(path)
    wanted = assist.for_call(transcript) if assist is not None else None
    if wanted is None:
        return transcript, ""  # no model, or nothing for it to do (every turn labelled, no answers)
    indexed = replace(transcript, content_hash=content_hash(path.read_bytes(), wanted.mark))
    return (indexed if store.status_of(indexed) == "unchanged" else load_transcript(path, wanted)), wanted.mark


def ensure_sample(store: Store) -> list[FileResult]:
    "Index the bundled sample call when the index is empty (first start)."
    if store.calls():
        return []
    return ingest_files(store, expand([SAMPLE_DIR]))
