"""`python -m ingest --check`: what is wrong with an index, and `--repair` to fix what can be fixed in place."""

from __future__ import annotations

from collections import Counter, defaultdict
from dataclasses import dataclass

from .retrieve import Retriever, _load_keyword, keyword_key
from .store import Store


@dataclass(frozen=True)
class Problem:
    "One thing wrong: its kind, the call it concerns (if any), what it is, and whether --repair fixes it."

    kind: str  # orphan | mixed | incomplete | pending | keyword | leftover
    transcript_id: str
    detail: str
    repairable: bool = True

    def line(self) -> str:
        fix = "" if self.repairable else " (not repairable in place: ingest its file again)"
        return f"{self.kind:10} {self.transcript_id or '-'}: {self.detail}{fix}"


def check(store: Store) -> list[Problem]:
    "Read every chunk's metadata and compare with the registry, the pending writes and the saved keyword index."
    store.refresh()
    live = store.live_hashes()
    expected = {c.id: c.chunks for c in store.calls()}
    versions: dict[str, Counter] = defaultdict(Counter)
    offset = 0
    while True:
        got = store.chunks.get(include=["metadatas"], limit=5000, offset=offset)
        if not got["ids"]:
            break
        for meta in got["metadatas"]:
            versions[meta.get("transcript_id", "")][meta.get("content_hash", "")] += 1
        offset += len(got["ids"])
    problems = []
    for transcript_id, counts in sorted(versions.items()):
        live_hash = live.get(transcript_id)
        dead = sum(n for h, n in counts.items() if h != live_hash)
        if live_hash is None:
            problems.append(Problem("orphan", transcript_id, f"{dead} chunks of a call the registry does not hold"))
        elif dead:
            problems.append(Problem("mixed", transcript_id, f"{dead} chunks of {len(counts) - (live_hash in counts)} earlier version(s) beside the live one"))
    for transcript_id, live_hash in sorted(live.items()):
        have = versions.get(transcript_id, Counter())[live_hash]
        if have != expected.get(transcript_id, have):
            problems.append(Problem("incomplete", transcript_id, f"{have} of its {expected[transcript_id]} chunks are in the index", repairable=False))
    for mark in sorted(store.pending.get(include=[])["ids"]):
        transcript_id, content_hash = mark.rsplit("|", 1)
        problems.append(Problem("pending", transcript_id, f"a write of version {content_hash[:12]} that did not finish (or is running now)"))
    saved = _load_keyword(store.keyword_dir())
    if live and (saved is None or saved.key != keyword_key(live)):
        problems.append(Problem("keyword", "", "the saved keyword index is missing or does not match the live calls"))
    folder = store.keyword_dir()
    for leftover in sorted(folder.parent.glob(f"{folder.name}.*")):
        problems.append(Problem("leftover", "", f"{leftover.name}, left by an interrupted keyword-index save"))
    return problems


def repair(store: Store, problems: list[Problem]) -> list[str]:
    "Fix what check() found: drop chunks that are not live, finish or undo interrupted writes, rebuild the keyword index."
    done = []
    with store.writing():
        done += store.sweep()
        live = store.live_hashes()
        for problem in problems:
            if problem.kind == "orphan":
                store.chunks.delete(where={"transcript_id": problem.transcript_id})
                done.append(f"{problem.transcript_id}: removed {problem.detail}")
            elif problem.kind == "mixed":
                keep = live[problem.transcript_id]
                store.chunks.delete(where={"$and": [{"transcript_id": problem.transcript_id}, {"content_hash": {"$ne": keep}}]})
                done.append(f"{problem.transcript_id}: removed {problem.detail.split(' beside')[0]}")
    if any(p.kind == "keyword" for p in problems):
        Retriever(store).keyword_index()
        done.append("rebuilt the keyword index")
    return done
