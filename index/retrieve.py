"""Hybrid retrieval: dense (Chroma) + keyword (BM25), fused by reciprocal rank, grouped into turns."""

from __future__ import annotations

import bisect
import hashlib
import json
import logging
import os
import shutil
import threading
from dataclasses import dataclass, field
from itertools import zip_longest
from pathlib import Path

import numpy as np

from ingest import Transcript, Turn
from ingest.chunking import turn_metadata

from .bm25 import BM25, Outdated
from .guard import failpoint
from .ranking import RANKING, Ranking
from .store import ChunkHit, Store
from .text import normalize, tokens

log = logging.getLogger("earshot")

FILTER_FIELDS = ("company", "transcript_id", "period", "speaker", "role", "firm", "section", "exchange_id", "answered")


@dataclass(frozen=True)
class TurnHit:
    "A retrieved turn: the whole turn, how well it matched, and which of its chunks matched."

    transcript: Transcript
    turn: Turn
    score: float  # fused rank score, higher is better
    similarity: float  # best dense cosine of its chunks, for relevance gates
    keyword: float  # best BM25 score of its chunks
    matched: tuple[int, ...] = ()  # indexes (within the turn) of the chunks that matched, best first
    via: str = "match"  # match | exchange (came with a matching question) | interpretation (stands in for its original)
    question: Turn | None = None  # the analyst question this turn answers, as context
    spans: tuple[tuple[int, int], ...] = ()  # where each matched chunk stands in the turn's text, as stored with it;
    # empty for an index written before chunks carried their place

    def matched_text(self) -> tuple[str, ...]:
        "The matched chunks in the turn's own words, best first (empty when the index does not say where they are)."
        return tuple(self.turn.text[start:end] for start, end in self.spans)


@dataclass
class _Keyword:
    "BM25 over every live chunk, rebuilt when the collection changes."

    key: tuple = ()
    ids: list[str] = field(default_factory=list)
    texts: list[str] = field(default_factory=list)
    metas: list[dict] = field(default_factory=list)
    terms: list[str] = field(default_factory=list)  # each chunk's keyword tokens, space-joined, kept for rebuilds
    model: BM25 | None = None
    columns: dict = field(default_factory=dict)  # field -> numpy array of that metadata value per chunk
    _positions: dict = field(default_factory=dict)

    def position(self, chunk_id: str) -> int | None:
        "Where a chunk is in the lists, or None if it is not part of a live version."
        if len(self._positions) != len(self.ids):
            self._positions = {chunk_id: i for i, chunk_id in enumerate(self.ids)}
        return self._positions.get(chunk_id)

    def add(self, chunk_id: str, text: str, meta: dict, terms: str) -> None:
        self.ids.append(chunk_id)
        self.texts.append(text)
        self.metas.append(meta)
        self.terms.append(terms)

    def mask(self, filters: dict) -> np.ndarray:
        "Which chunks pass the filters (the keyword side's version of the Chroma `where` clause), vectorised."
        keep = np.ones(len(self.ids), dtype=bool)
        for key, value in filters.items():
            if key not in self.columns:
                self.columns[key] = np.array([m.get(key) for m in self.metas], dtype=object)
            column = self.columns[key]
            values = list(value) if isinstance(value, (list, tuple, set)) else [value]
            keep &= np.logical_or.reduce([column == v for v in values]) if values else False
        return keep


class Retriever:
    "Finds the turns that answer a question, within filters."

    def __init__(self, store: Store, ranking: Ranking = RANKING) -> None:
        self.store = store
        self.ranking = ranking
        self._kw = _Keyword()
        self._kw_lock = threading.Lock()  # questions on several threads (the app) read or build it once
        self._key_of: tuple = (None, ())  # (live set, its keyword key): hashing 3,000 calls' versions costs ms
        self._vocab: dict[tuple, set[str]] = {}
        self._sorted: tuple = ((), [])  # (keyword index key, its vocabulary sorted) for prefix lookups

    def keyword_index(self, live: dict[str, str] | None = None) -> _Keyword:
        """The BM25 index: read from its saved copy when that matches the collection, else built (on first use and
        whenever chunks were added or removed) and saved for the next process."""
        live = self.store.live_hashes() if live is None else live
        if self._key_of[0] is not live:  # the store hands out one dict per state of the index, never changed
            self._key_of = (live, keyword_key(live))
        key = self._key_of[1]
        if key == self._kw.key:
            return self._kw
        with self._kw_lock:
            if key != self._kw.key:
                folder = self.store.keyword_dir()
                kw = self._kw if self._kw.key else _load_keyword(folder)
                if kw is None or kw.key != key:
                    kw = _build_keyword(self.store, key, live, kw)
                    _save_keyword(kw, folder)
                self._kw = kw
            return self._kw

    def vocabulary(self, filters: dict | None = None, live: dict[str, str] | None = None) -> set[str] | dict:
        "The keyword tokens of the chunks within `filters` (all chunks: BM25's own vocabulary)."
        kw = self.keyword_index(live)
        if kw.model is None:
            return set()
        if not filters:
            return kw.model.vocab
        key = (kw.key, tuple(sorted((k, str(v)) for k, v in filters.items())))
        if key not in self._vocab:
            if len(self._vocab) > 32:
                self._vocab.clear()
            chosen = np.flatnonzero(kw.mask(filters))
            self._vocab[key] = {t for i in chosen for t in kw.terms[i].split()}
        return self._vocab[key]

    def knows(self, term: str, live: dict[str, str] | None = None) -> bool:
        """Does any chunk use this keyword token in some form? A word that shares its stem (all but its last three
        letters, at least five) with an indexed word counts: "quarterly" / "quarter", "diluted" / "dilution"."""
        kw = self.keyword_index(live)
        if kw.model is None:
            return False
        if term in kw.model.vocab:
            return True
        if self._sorted[0] != kw.key:
            self._sorted = (kw.key, sorted(kw.model.vocab))
        words = self._sorted[1]
        stem = term[: max(5, len(term) - 3)]
        at = bisect.bisect_left(words, stem)
        return at < len(words) and words[at].startswith(stem)

    def keyword(self, query: str, k: int, filters: dict | None, live: dict[str, str] | None = None) -> list[tuple[ChunkHit, float]]:
        "Top-k chunks by BM25, with the same filters as the dense side."
        kw = self.keyword_index(live)
        query_tokens = [t for t in tokens(query) if kw.model is not None and t in kw.model.vocab]
        if kw.model is None or not query_tokens:
            return []
        mask = kw.mask(filters).astype(np.float32) if filters else None
        if mask is not None and not mask.any():
            return []
        docs, scores = kw.model.top(query_tokens, k, mask)
        out = []
        for doc, score in zip(docs, scores):
            if score <= 0:
                continue
            doc = int(doc)
            out.append((ChunkHit(kw.ids[doc], kw.texts[doc], kw.metas[doc], 0.0), float(score)))
        return out

    def _dense(self, query: str, filters: dict, live: dict[str, str]) -> list[ChunkHit]:
        """The dense side's candidates, with their texts and metadata from the keyword index, which holds every
        live chunk. Chunks of a version another process is still writing can fill the top ranks; when they do,
        ask for more so the live chunks still get their places."""
        kw = self.keyword_index(live)
        wanted = k = self.ranking.candidates
        while True:
            nearest = self.store.nearest(query, k, filters)
            alive = []
            for chunk_id, similarity in nearest:
                at = kw.position(chunk_id)
                if at is not None:
                    alive.append(ChunkHit(chunk_id, kw.texts[at], kw.metas[at], similarity))
            if len(alive) >= wanted or len(nearest) < k or k >= wanted * 16:
                return alive[:wanted]
            k *= 4

    def search(self, query: str, k: int = 8, filters: dict | None = None, mode: str = "hybrid", live: dict[str, str] | None = None) -> list[TurnHit]:
        "The k best turns for `query` (mode: hybrid | dense | keyword), with exchange and interpretation handling."
        filters = {key: v for key, v in (filters or {}).items() if v not in (None, "", [], ())}
        with self.store._reaching():
            live = self.store.live_hashes() if live is None else live
            dense = self._dense(normalize(query), filters, live) if mode in ("hybrid", "dense") else []
            keyword = self.keyword(query, self.ranking.candidates, filters, live) if mode in ("hybrid", "keyword") else []
        turns: dict[tuple[str, int], dict] = {}
        for side, ranked in enumerate((dense, [h for h, _ in keyword])):
            rank = 0  # turns are ranked by their best chunk, so a long turn does not win by having many chunks
            for hit in ranked:
                meta = hit.metadata
                if not _is_live(meta, live):
                    continue
                entry = turns.setdefault(
                    (meta["transcript_id"], int(meta["turn_index"])),
                    {"score": 0.0, "similarity": 0.0, "keyword": 0.0, "by_side": ([], []), "sides": set(), "spans": {}},
                )
                if side not in entry["sides"]:
                    entry["sides"].add(side)
                    entry["score"] += 1.0 / (self.ranking.rrf_k + rank + 1)
                    rank += 1
                entry["similarity"] = max(entry["similarity"], hit.similarity)
                entry["by_side"][side].append(chunk := int(meta.get("chunk_index", 0)))
                entry["spans"][chunk] = (int(meta.get("start", -1)), int(meta.get("end", -1)))
        for hit, score in keyword:
            entry = turns.get((hit.metadata["transcript_id"], int(hit.metadata["turn_index"])))
            if entry:
                entry["keyword"] = max(entry["keyword"], score)
        hits = []
        for (tid, index), entry in turns.items():
            transcript = self.store.transcript(tid)
            if transcript is None or index >= len(transcript.turns):
                continue
            turn, matched = transcript.turns[index], _best_chunks(*entry["by_side"])
            spans = tuple(entry["spans"][i] for i in matched)
            if not all(0 <= start < end <= len(turn.text) for start, end in spans):
                spans = ()  # written before chunks carried their place (or a piece that could not be placed)
            hits.append(TurnHit(transcript, turn, entry["score"], entry["similarity"], entry["keyword"], matched, spans=spans))
        hits.sort(key=lambda h: h.score, reverse=True)
        hits = _prefer_interpretations(hits, filters)
        hits = _expand_exchanges(hits, filters, self.ranking)
        return hits[:k]


def _is_live(meta: dict, live: dict[str, str]) -> bool:
    "Is this chunk part of its call's live version (not of one being written, or superseded)?"
    return meta.get("transcript_id") in live and live[meta["transcript_id"]] == meta.get("content_hash")


def keyword_key(live: dict[str, str]) -> tuple:
    "What a keyword index is built from: a live version's chunks never change, so the live set says which chunks."
    return (_digest(live),)


def _digest(live: dict[str, str]) -> str:
    "One short string for the set of live call versions."
    return hashlib.sha1("\n".join(f"{t}|{h}" for t, h in sorted(live.items())).encode()).hexdigest()


def _build_keyword(store: Store, key: tuple, live: dict[str, str], previous: _Keyword | None = None) -> _Keyword:
    """BM25 over the live chunks. From an earlier index, only the calls added or changed since are read and
    tokenised (adding one call to thousands costs seconds, not a re-read of every chunk); else all of them."""
    kw = _Keyword(key=key)
    if previous is not None and previous.terms:
        for chunk_id, text, meta, terms in zip(previous.ids, previous.texts, previous.metas, previous.terms):
            if live.get(meta.get("transcript_id")) == meta.get("content_hash"):
                kw.add(chunk_id, text, meta, terms)
        had = {(m.get("transcript_id"), m.get("content_hash")) for m in kw.metas}
        rows = store.chunks_of(sorted(t for t, h in live.items() if (t, h) not in had))
    else:
        rows = store.all_chunks()
    for chunk_id, text, meta in rows:
        if live.get(meta.get("transcript_id")) != meta.get("content_hash"):
            continue  # a superseded version whose deletion has not happened yet
        kw.add(chunk_id, text, meta, " ".join(tokens(f"{meta.get('header', '')} {text}")))
    if kw.ids:
        kw.model = BM25.build([t.split() or ["_"] for t in kw.terms])
    return kw


def _save_keyword(kw: _Keyword, folder: Path | None) -> None:
    "Write the index beside the store, replacing the old copy only once the new one is complete."
    if folder is None or kw.model is None:
        return
    tmp = folder.with_name(f"{folder.name}.tmp{os.getpid()}")
    try:
        shutil.rmtree(tmp, ignore_errors=True)
        tmp.mkdir(parents=True)
        kw.model.save(tmp / "bm25")
        saved = {"key": list(kw.key), "ids": kw.ids, "texts": kw.texts, "metas": kw.metas, "terms": kw.terms}
        (tmp / "chunks.json").write_text(json.dumps(saved))
        failpoint("keyword-save")
        old = folder.with_name(f"{folder.name}.old{os.getpid()}")
        if folder.exists():
            folder.rename(old)
        failpoint("keyword-swap")
        tmp.rename(folder)
        shutil.rmtree(old, ignore_errors=True)
    except OSError as exc:  # a read-only or full disk costs the next start a rebuild, nothing else
        log.warning("could not save the keyword index to %s: %s", folder, exc)
        shutil.rmtree(tmp, ignore_errors=True)


def _load_keyword(folder: Path | None) -> _Keyword | None:
    "The saved index (whose key says which chunks it was built from), or None if there is none or it is damaged."
    if folder is None or not (folder / "chunks.json").is_file():
        return None
    try:
        saved = json.loads((folder / "chunks.json").read_text())
        model = BM25.load(folder / "bm25")
        if len(saved["ids"]) != len(saved["terms"]) or len(saved["ids"]) != len(saved["metas"]):
            raise ValueError("its parts differ in length")
        return _Keyword(tuple(saved["key"]), saved["ids"], saved["texts"], saved["metas"], saved["terms"], model)
    except Outdated as exc:
        log.info("rebuilding the keyword index in %s: %s", folder, exc)
        return None
    except (OSError, ValueError, KeyError) as exc:
        log.warning("rebuilding the keyword index: the saved one in %s is unreadable (%s)", folder, exc)
        return None


def _matches(meta: dict, filters: dict | None) -> bool:
    "The keyword side's version of the Chroma `where` clause."
    if not filters:
        return True
    for key, value in filters.items():
        have = meta.get(key)
        if isinstance(value, (list, tuple, set)):
            if have not in value:
                return False
        elif have != value:
            return False
    return True


def _turn_matches(turn: Turn, transcript: Transcript, filters: dict) -> bool:
    "The keyword side's filter test for a whole turn, on the same metadata its chunks carry."
    meta = turn_metadata(transcript, turn)
    return _matches(meta, {k: v for k, v in filters.items() if k in FILTER_FIELDS})


def _prefer_interpretations(hits: list[TurnHit], filters: dict) -> list[TurnHit]:
    "An original and its English interpretation take one slot, held by the interpretation."
    out: list[TurnHit] = []
    taken: set[tuple[str, int]] = set()
    for hit in hits:
        transcript, turn = hit.transcript, hit.turn
        interpretation = next((t for t in transcript.turns if t.translation_of == turn.index), None)
        if interpretation is not None and _turn_matches(interpretation, transcript, filters):
            key = (transcript.id, interpretation.index)
            if key in taken:
                continue
            hit = TurnHit(transcript, interpretation, hit.score, hit.similarity, hit.keyword, (), "interpretation", hit.question)
        key = (transcript.id, hit.turn.index)
        if key in taken:
            continue
        taken.add(key)
        out.append(hit)
    return out


def _expand_exchanges(hits: list[TurnHit], filters: dict, ranking: Ranking = RANKING) -> list[TurnHit]:
    """A matching question brings its first answer right after it (further answers follow the ranked turns);
    a matching answer carries its question as context."""
    out: list[TurnHit] = []
    later: list[TurnHit] = []  # further answers of a matching question: after every turn that matched
    placed: set[tuple[str, int]] = set()
    ranked = {(h.transcript.id, h.turn.index): h for h in hits}
    for hit in hits:
        transcript, turn = hit.transcript, hit.turn
        if (transcript.id, turn.index) in placed:
            continue  # already pulled up behind its question
        placed.add((transcript.id, turn.index))
        out.append(TurnHit(transcript, turn, hit.score, hit.similarity, hit.keyword, hit.matched, hit.via, _question_of(transcript, turn), hit.spans))
        if turn.role != "analyst" or turn.exchange_id is None:
            continue
        answers = [
            t for t in transcript.turns
            if t.exchange_id == turn.exchange_id and t.role == "executive" and t.index > turn.index
            and not any(o.translation_of == t.index for o in transcript.turns)  # the interpretation speaks for it
            and _turn_matches(t, transcript, filters)
        ]
        for n, answer in enumerate(answers):
            key = (transcript.id, answer.index)
            if key in placed:
                continue
            own = ranked.get(key)
            if n > 0 and own is not None:
                continue  # a later answer that matched on its own keeps its own rank
            placed.add(key)
            expanded = TurnHit(
                transcript, answer, hit.score * (ranking.exchange_decay - ranking.exchange_step * n), hit.similarity * ranking.exchange_similarity, 0.0, (), "exchange", turn
            )
            if own is not None:  # it matched on its own too: keep what it matched, move it up behind its question
                expanded = TurnHit(transcript, answer, max(own.score, expanded.score), own.similarity, own.keyword, own.matched, own.via, turn, own.spans)
            (out if n == 0 else later).append(expanded)
    return out + later


def _question_of(transcript: Transcript, turn: Turn) -> Turn | None:
    "The analyst turn that opened this turn's exchange."
    if turn.exchange_id is None or turn.role == "analyst":
        return None
    return next((t for t in transcript.turns if t.exchange_id == turn.exchange_id and t.role == "analyst"), None)


def _best_chunks(dense: list[int], keyword: list[int], n: int = 3) -> tuple[int, ...]:
    "A turn's matched chunks, best first: the best of each side in turn, so one side cannot crowd out the other."
    out: list[int] = []
    for pair in zip_longest(dense, keyword):
        for chunk in pair:
            if chunk is not None and chunk not in out and len(out) < n:
                out.append(chunk)
    return tuple(out)
