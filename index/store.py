"""Chunks <-> Chroma through llama-index, plus a registry of indexed calls. The one module that imports chromadb."""

from __future__ import annotations

import functools
import os
import shutil
import socket
import threading
import time
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urlparse

from ingest import Chunk, Transcript, chunk_transcript
from ingest.serialize import from_json, to_json

from .config import Config
from .guard import FileStamp, IndexBusy, RecordStamp, failpoint, pid_alive, write_lock
from .offline import go_offline
from .text import normalize

INSERT_BATCH = 1024  # under Chroma's 5,461 batch limit, big enough to keep the embedder busy
# How widely the vector index searches for a question's nearest chunks. At Chroma's default (100) it found 0.957 of
# the exact 40 nearest on 30 tune calls (3,786 chunks, 10 questions), and a different 0.957 in each process that opened
# the folder, so the same question could be answered from other turns after a restart; at 200 0.988, at 500 all.
EF_SEARCH = 500
STALE_PENDING_S = 3600  # a pending write from another machine older than this belongs to a writer that died
_META_KEYS = (
    "transcript_id", "company", "period", "date", "source", "content_hash", "turn_index", "chunk_index", "start", "end",
    "speaker", "role", "title", "firm", "section", "exchange_id", "answered", "translation_of", "confidence",
)


@dataclass(frozen=True)
class CallInfo:
    "One indexed call, as the library lists it."

    id: str
    company: str
    period: str
    date: str
    source: str
    turns: int
    chunks: int
    content_hash: str
    format: str  # the layout it was read as
    ticker: str = ""
    warnings: str = ""  # the ingest report's warnings, "; "-joined
    exchanges: int = 0  # Q&A exchanges
    unanswered: int = 0  # exchanges management did not answer
    partly: int = 0  # exchanges it answered in part


class IndexUnavailable(RuntimeError):
    "The index cannot be reached; the message names where it is and what to do, in one line."


@dataclass(frozen=True)
class ChunkHit:
    "A chunk the vector search returned, with its cosine similarity."

    id: str
    text: str
    metadata: dict
    similarity: float


def _reached(method):
    "Run a Store method with Chroma server failures turned into IndexUnavailable."

    @functools.wraps(method)
    def wrapper(self, *args, **kwargs):
        with self._reaching():
            return method(self, *args, **kwargs)

    return wrapper


class Store:
    """The persistent index: a Chroma collection of chunks and one of whole calls (the registry).

    The invariant: a call's version is visible exactly when the registry holds it. Its chunks are written first,
    under a pending-write record; one registry upsert makes the version live; then the previous version's chunks
    and the pending record go. Chunks of any version the registry does not hold are never read, and are removed by
    the next writer (`sweep`), so a crash at any step leaves the index as it was before the write, or after it.
    """

    def __init__(self, config: Config, embed_model=None, sweep: bool = True, preload: bool = False) -> None:
        """sweep=False leaves a crashed writer's leftovers in place (for `--check` to report them).
        preload=True starts loading the model now, on another thread, while Chroma opens: for callers that will
        embed (answering, indexing); listing, removing and checking calls need no model and load none."""
        go_offline()
        self.config = config
        self.insert_batch = int(os.environ.get("EARSHOT_INSERT_BATCH") or INSERT_BATCH)
        self._embed_model = embed_model
        self._encoder = None
        self._encoder_loading = None
        if preload and embed_model is None:
            from .embedding import preload_encoder

            self._encoder_loading = preload_encoder(config.embed_backend, config.model_cache)
        self._lock = threading.RLock()  # a reopen and the reads it replaces never interleave within this process
        self._transcripts: dict[tuple[str, str], Transcript] = {}
        self._live: dict[str, str] | None = None
        with self._reaching():
            self._connect()
            self._seen = self.stamp.read()
            if sweep:
                self._sweep_if_free()

    # connection ------------------------------------------------------------------------------

    def _server(self) -> tuple[str, int]:
        "(host, port) of the Chroma server."
        url = urlparse(self.config.chroma_url)
        return url.hostname or "127.0.0.1", url.port or (443 if url.scheme == "https" else 8000)

    @property
    def where(self) -> str:
        "host:port of the Chroma server, or the embedded index's folder."
        return "{}:{}".format(*self._server()) if self.config.chroma_url else str(self.config.index_dir)

    def _connect(self) -> None:
        import chromadb
        from chromadb.config import Settings
        settings = Settings(anonymized_telemetry=False)
        if self.config.chroma_url:
            import httpx

            # the client's own requests have no time limit, and its constructor already talks to the server:
            # a bounded heartbeat first, then the limit set on its session
            httpx.get(f"{self.config.chroma_url}/api/v2/heartbeat", timeout=self.config.chroma_timeout).raise_for_status()
            host, port = self._server()
            client = chromadb.HttpClient(host=host, port=port, ssl=self.config.chroma_url.startswith("https"), settings=settings)
            client._server._session.timeout = httpx.Timeout(self.config.chroma_timeout)
        else:
            from chromadb.api.shared_system_client import SharedSystemClient

            self.config.index_dir.mkdir(parents=True, exist_ok=True)
            # Chroma shares one system per folder within a process and keeps its vector index in memory, where
            # another process's writes never show: a fresh system reads the folder as it is now. The old one is
            # left to the garbage collector, as a question in another thread may still be reading through it.
            SharedSystemClient._identifier_to_system.pop(str(self.config.index_dir), None)
            SharedSystemClient._identifier_to_refcount.pop(str(self.config.index_dir), None)
            client = chromadb.PersistentClient(path=str(self.config.index_dir), settings=settings)
        name = self.config.collection
        chunks = client.get_or_create_collection(name, configuration={"hnsw": {"space": "cosine", "ef_search": EF_SEARCH}})
        if ((chunks.configuration or {}).get("hnsw") or {}).get("ef_search", 0) < EF_SEARCH:
            chunks.modify(configuration={"hnsw": {"ef_search": EF_SEARCH}})  # a collection made before it was set
        self.client = client
        self.chunks = chunks
        self.registry = client.get_or_create_collection(f"{name}_calls")
        self.pending = client.get_or_create_collection(f"{name}_pending")  # "<id>|<hash>" of versions being written
        self.stamp = RecordStamp(client.get_or_create_collection(f"{name}_state")) if self.config.chroma_url else FileStamp(self._local(f"{name}.generation"))
        self._index = None

    @property
    def encoder(self):
        "texts -> unit vectors with the index's model (ONNX Runtime unless configured otherwise), loaded on first use."
        if self._encoder is None:
            from .embedding import encoder_of, load_encoder

            if self._encoder_loading is not None:
                self._encoder = self._encoder_loading.result()
            elif self._embed_model is not None:
                self._encoder = encoder_of(self._embed_model)
            else:
                self._encoder = load_encoder(self.config.embed_backend, self.config.model_cache)
        return self._encoder

    @property
    def embed_model(self):
        "llama-index's embedding model around the encoder, for writing through llama-index."
        if self._embed_model is None:
            from .embedding import embed_model_of

            self._embed_model = embed_model_of(self.encoder)
        return self._embed_model

    @property
    def index(self):
        "llama-index's view of the chunk collection, for inserting chunks (and for llama-index's own retrievers)."
        index = self._index
        if index is None:
            from llama_index.core import VectorStoreIndex
            from llama_index.vector_stores.chroma import ChromaVectorStore

            store = ChromaVectorStore(chroma_collection=self.chunks)
            index = self._index = VectorStoreIndex.from_vector_store(store, embed_model=self.embed_model)
        return index

    def _local(self, name: str) -> Path:
        "A file of this machine's beside the index: the index folder, or for a server a cache folder per server."
        if self.config.chroma_url:
            folder = self.config.index_dir / "server-cache" / "{}-{}".format(*self._server())
        else:
            folder = self.config.index_dir
        folder.mkdir(parents=True, exist_ok=True)
        return folder / name

    def _lock_file(self) -> Path:
        "The file writers lock, beside the index (for a server, in this machine's cache folder for it)."
        return self._local(f"{self.config.collection}.lock")

    @contextmanager
    def _reaching(self):
        "Chroma server failures as one line naming the server and what to do."
        if not self.config.chroma_url:
            yield
            return
        import httpx

        try:
            yield
        except httpx.TimeoutException:
            raise IndexUnavailable(f"Chroma at {self.where} did not answer in {self.config.chroma_timeout:g} s; is `chroma run` up and responsive?") from None
        except httpx.TransportError as exc:
            raise IndexUnavailable(f"cannot reach Chroma at {self.where} ({type(exc).__name__}); is `chroma run` up?") from None
        except httpx.HTTPStatusError as exc:
            raise IndexUnavailable(f"Chroma at {self.where} answered HTTP {exc.response.status_code}; is it a Chroma server?") from None

    def generation(self) -> str:
        "A stamp that changes with every committed write, by any process."
        with self._reaching():
            return self.stamp.read()

    def refresh(self) -> bool:
        "Catch up with writes made since this process last looked (by it or any other); True if there were any."
        current = self.generation()
        if current == self._seen:
            return False
        with self._lock, self._reaching():
            if not self.config.chroma_url:
                self._connect()
            self._live = None
            self._seen = current
        return True

    # writing ---------------------------------------------------------------------------------

    @contextmanager
    def writing(self):
        "Hold the index's write lock, caught up with other writers and their leftovers swept; bump the generation after."
        with write_lock(self._lock_file()), self._reaching():
            self.refresh()
            self.sweep()
            try:
                yield
            finally:
                self._committed()

    def _committed(self) -> None:
        self._seen = self.stamp.bump()
        self._live = None

    @_reached
    def status_of(self, transcript: Transcript) -> str:
        "'unchanged' if this exact content is indexed, 'replaced' if an older version is, else 'added'."
        have = self.live_hashes().get(transcript.id)
        if have is None:
            return "added"
        return "unchanged" if have == transcript.content_hash else "replaced"

    def add(self, transcripts: list[Transcript], progress=None) -> dict[str, str]:
        "Index calls; returns transcript id -> added | unchanged | replaced, also passed to `progress(transcript, status)`."
        results: dict[str, str] = {}
        with self.writing():
            pending: list[tuple[Transcript, list[Chunk], str]] = []
            nodes = []
            for transcript in transcripts:
                status = self.status_of(transcript)
                results[transcript.id] = status
                if status == "unchanged":
                    if progress:
                        progress(transcript, status)
                    continue
                chunks = chunk_transcript(transcript)
                pending.append((transcript, chunks, status))
                nodes.extend(self._node(transcript, c) for c in chunks)
                if len(nodes) >= self.insert_batch:
                    self._flush(pending, nodes, progress)
                    pending, nodes = [], []
            self._flush(pending, nodes, progress)
        return results

    def _flush(self, pending, nodes, progress) -> None:
        if not pending:
            return
        marks = [f"{t.id}|{t.content_hash}" for t, _, _ in pending]
        self.pending.upsert(
            ids=marks, embeddings=[[1.0]] * len(marks),
            metadatas=[{"host": socket.gethostname(), "pid": os.getpid(), "started": time.time()} for _ in marks],
        )
        for start in range(0, len(nodes), self.insert_batch):
            self.index.insert_nodes(nodes[start : start + self.insert_batch])
            failpoint("chunks-partial")
        failpoint("chunks-written")
        # the one step that makes the new versions live
        self.registry.upsert(
            ids=[t.id for t, _, _ in pending],
            embeddings=[[1.0]] * len(pending),
            documents=[to_json(t) for t, _, _ in pending],
            metadatas=[self._call_metadata(t, len(c)) for t, c, _ in pending],
        )
        self._committed()
        failpoint("registry-written")
        for transcript, _, _ in pending:
            self.chunks.delete(where={"$and": [{"transcript_id": transcript.id}, {"content_hash": {"$ne": transcript.content_hash}}]})
        self.pending.delete(ids=marks)
        for transcript, _, status in pending:
            self._transcripts[(transcript.id, transcript.content_hash)] = transcript
            if progress:
                progress(transcript, status)

    def remove(self, transcript_id: str) -> bool:
        "Delete a call and its chunks; False if it was not indexed."
        with self.writing():
            if not self.registry.get(ids=[transcript_id])["ids"]:
                return False
            self.registry.delete(ids=[transcript_id])
            self._committed()
            self.chunks.delete(where={"transcript_id": transcript_id})
        return True

    def sweep(self) -> list[str]:
        """Remove what crashed writers left: chunks of versions that never became live, chunks a replaced version
        left behind, and the keyword index's temporary folders. Call with the write lock held. Returns what it did."""
        done = []
        got = self.pending.get(include=["metadatas"])
        if got["ids"]:
            live = self.live_hashes()
            host = socket.gethostname()
            for mark, meta in zip(got["ids"], got["metadatas"]):
                ours, pid = meta.get("host") == host, int(meta.get("pid", 0))
                if (ours and pid != os.getpid() and pid_alive(pid)) or (
                    not ours and time.time() - float(meta.get("started", 0)) < STALE_PENDING_S
                ):
                    continue  # a writer that may still be running
                transcript_id, content_hash = mark.rsplit("|", 1)
                if live.get(transcript_id) == content_hash:  # it became live; the old version's removal was cut short
                    self.chunks.delete(where={"$and": [{"transcript_id": transcript_id}, {"content_hash": {"$ne": content_hash}}]})
                    done.append(f"{transcript_id}: removed chunks of versions before the live one")
                else:  # it never became live
                    self.chunks.delete(where={"$and": [{"transcript_id": transcript_id}, {"content_hash": content_hash}]})
                    done.append(f"{transcript_id}: removed chunks of a version that never became live")
                self.pending.delete(ids=[mark])
        keyword = self.keyword_dir()
        for leftover in keyword.parent.glob(f"{keyword.name}.*"):
            number = leftover.name.rsplit(".", 1)[1].removeprefix("tmp").removeprefix("old")  # "tmp<pid>", "old<pid>"
            if leftover.is_dir() and number.isdigit() and not pid_alive(int(number)):
                shutil.rmtree(leftover, ignore_errors=True)
                done.append(f"removed {leftover.name}, left by an interrupted keyword-index save")
        return done

    def _sweep_if_free(self) -> None:
        "On open: sweep if no other process is writing (a running writer's work is not a leftover)."
        try:
            with write_lock(self._lock_file(), wait_s=0):
                if self.sweep():
                    self._committed()
        except IndexBusy:
            pass

    @staticmethod
    def _node(transcript: Transcript, chunk: Chunk):
        from llama_index.core.schema import TextNode

        metadata = dict(chunk.metadata, header=chunk.header)
        # the stored text is normalised ("APS" -> "ABS", "bps" -> "basis points") so both sides of the hybrid
        # search meet a question in either form; citations quote the turn itself, never this text
        return TextNode(
            id_=f"{transcript.id}:{transcript.content_hash[:12]}:{chunk.metadata['turn_index']}:{chunk.metadata['chunk_index']}",
            text=normalize(chunk.text),
            metadata=metadata,
            excluded_embed_metadata_keys=list(_META_KEYS),
            excluded_llm_metadata_keys=list(_META_KEYS),
            metadata_template="{value}",
            text_template="{metadata_str}\n{content}",
        )

    @staticmethod
    def _call_metadata(transcript: Transcript, chunks: int) -> dict:
        return {
            "company": transcript.company,
            "period": transcript.period or "",
            "date": transcript.date.isoformat() if transcript.date else "",
            "source": transcript.source,
            "turns": len(transcript.turns),
            "chunks": chunks,
            "content_hash": transcript.content_hash,
            "format": transcript.format,
            "ticker": transcript.ticker or "",
            "warnings": "; ".join(transcript.warnings),
            "exchanges": len(transcript.exchanges),
            "unanswered": sum(e.answered == "not answered" for e in transcript.exchanges),
            "partly": sum(e.answered == "partly answered" for e in transcript.exchanges),
        }

    # reading ---------------------------------------------------------------------------------

    @_reached
    def calls(self) -> list[CallInfo]:
        "Every indexed call, newest first."
        got = self.registry.get(include=["metadatas"])
        fields = {k: f.default for k, f in CallInfo.__dataclass_fields__.items() if k != "id"}
        infos = [CallInfo(id=i, **{k: m.get(k, d) for k, d in fields.items()}) for i, m in zip(got["ids"], got["metadatas"])]
        # newest first: by the call's date, or where the file gave none by its fiscal year ("FY2023 Q1" -> "2023 Q1")
        return sorted(infos, key=lambda c: (c.date or c.period.removeprefix("FY"), c.company), reverse=True)

    @_reached
    def live_hashes(self) -> dict[str, str]:
        "transcript id -> content hash of its live version (the registry's); chunks of any other version are ignored."
        live = self._live
        if live is None:
            got = self.registry.get(include=["metadatas"])
            live = self._live = {i: m["content_hash"] for i, m in zip(got["ids"], got["metadatas"])}
        return live

    @_reached
    def transcript(self, transcript_id: str) -> Transcript | None:
        "The whole stored call, as its live version."
        key = (transcript_id, self.live_hashes().get(transcript_id, ""))
        if key not in self._transcripts:
            got = self.registry.get(ids=[transcript_id], include=["documents"])
            if not got["ids"]:
                return None
            transcript = from_json(got["documents"][0])
            if len(self._transcripts) > 4096:
                self._transcripts.clear()
            self._transcripts[(transcript_id, transcript.content_hash)] = transcript
            return transcript
        return self._transcripts[key]

    @_reached
    def chunk_count(self) -> int:
        "Chunks in the collection."
        return self.chunks.count()

    def all_chunks(self, batch: int = 5000):
        "(id, text, metadata) of every chunk, in pages, for the keyword index."
        offset = 0
        while True:
            got = self.chunks.get(include=["documents", "metadatas"], limit=batch, offset=offset)
            if not got["ids"]:
                return
            yield from zip(got["ids"], got["documents"], got["metadatas"])
            offset += len(got["ids"])

    def chunks_of(self, transcript_ids: list[str], batch: int = 100):
        "(id, text, metadata) of every chunk of these calls, for updating the keyword index."
        for start in range(0, len(transcript_ids), batch):
            got = self.chunks.get(where={"transcript_id": {"$in": transcript_ids[start : start + batch]}}, include=["documents", "metadatas"])
            yield from zip(got["ids"], got["documents"], got["metadatas"])

    @_reached
    def nearest(self, query: str, k: int, filters: dict | None = None) -> list[tuple[str, float]]:
        """(chunk id, cosine similarity) of the top-k chunks by embedding similarity, restricted by `filters`
        (field -> value or list of values).

        Asks the collection llama-index writes directly, as its Chroma retriever would, so that answering a
        question loads neither llama-index nor torch; and asks for ids and distances only: reading the chunks'
        texts and metadata back out of Chroma costs four times the search itself, and the retriever holds them (the keyword index keeps every live chunk)."""
        clauses = [
            {key: {"$in": list(value)}} if isinstance(value, (list, tuple, set)) else {key: value}
            for key, value in (filters or {}).items()
        ]
        where = None if not clauses else clauses[0] if len(clauses) == 1 else {"$and": clauses}
        vector = self.encoder([query])[0]
        got = self.chunks.query(query_embeddings=[vector], n_results=k, where=where, include=["distances"])
        return [(id_, 1.0 - float(distance)) for id_, distance in zip(got["ids"][0], got["distances"][0])]  # cosine distance -> similarity

    def keyword_dir(self) -> Path:
        "Where the keyword index is saved between runs: beside the embedded store, or a local cache for a server."
        return self._local(f"keyword-{self.config.collection}")

    def describe(self) -> str:
        "Where the index lives, for logs and the UI."
        return self.config.chroma_url or str(self.config.index_dir)
