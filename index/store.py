"""Chunks <-> Chroma through llama-index, plus a registry of indexed calls. The one module that imports chromadb."""

from __future__ import annotations

import math
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urlparse

from ingest import Chunk, Transcript, chunk_transcript
from ingest.serialize import from_json, to_json

from .config import Config
from .offline import go_offline
from .text import normalize

INSERT_BATCH = 1024  # under Chroma's 5,461 batch limit, big enough to keep the embedder busy
_META_KEYS = (
    "transcript_id", "company", "period", "date", "source", "content_hash", "turn_index", "chunk_index",
    "speaker", "role", "title", "firm", "section", "exchange_id", "translation_of", "confidence",
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


@dataclass(frozen=True)
class ChunkHit:
    "A chunk the vector search returned, with its cosine similarity."

    id: str
    text: str
    metadata: dict
    similarity: float


class Store:
    "The persistent index: a Chroma collection of chunks and one of whole calls."

    def __init__(self, config: Config, embed_model=None) -> None:
        go_offline()
        import chromadb
        from chromadb.config import Settings
        from llama_index.core import VectorStoreIndex
        from llama_index.vector_stores.chroma import ChromaVectorStore

        settings = Settings(anonymized_telemetry=False)
        if config.chroma_url:
            url = urlparse(config.chroma_url)
            self.client = chromadb.HttpClient(
                host=url.hostname or "127.0.0.1", port=url.port or (443 if url.scheme == "https" else 8000), ssl=url.scheme == "https", settings=settings
            )
        else:
            config.index_dir.mkdir(parents=True, exist_ok=True)
            self.client = chromadb.PersistentClient(path=str(config.index_dir), settings=settings)
        self.config = config
        self.chunks = self.client.get_or_create_collection(config.collection, configuration={"hnsw": {"space": "cosine"}})
        self.registry = self.client.get_or_create_collection(f"{config.collection}_calls")
        # "<transcript id>|<content hash>" of every live call, as ids only: reading ids is ~50x cheaper than
        # reading the registry's metadata, and every question needs them
        self.live = self.client.get_or_create_collection(f"{config.collection}_live")
        if self.live.count() != self.registry.count():
            self._rebuild_live()
        if embed_model is None:
            from .embedding import load_embed_model

            embed_model = load_embed_model()
        self.embed_model = embed_model
        self.vector_store = ChromaVectorStore(chroma_collection=self.chunks)
        self.index = VectorStoreIndex.from_vector_store(self.vector_store, embed_model=embed_model)
        self._transcripts: dict[str, Transcript] = {}

    # writing ---------------------------------------------------------------------------------

    def status_of(self, transcript: Transcript) -> str:
        "'unchanged' if this exact content is indexed, 'replaced' if an older version is, else 'added'."
        live = self.live.get(where={"transcript_id": transcript.id}, include=[])["ids"]
        if not live:
            return "added"
        return "unchanged" if f"{transcript.id}|{transcript.content_hash}" in live else "replaced"

    def add(self, transcripts: list[Transcript], progress=None) -> dict[str, str]:
        "Index calls; returns transcript id -> added | unchanged | replaced, also passed to `progress(transcript, status)`."
        results: dict[str, str] = {}
        pending: list[tuple[Transcript, list[Chunk]]] = []
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
            if len(nodes) >= INSERT_BATCH:
                self._flush(pending, nodes, progress)
                pending, nodes = [], []
        self._flush(pending, nodes, progress)
        return results

    def _flush(self, pending, nodes, progress) -> None:
        for start in range(0, len(nodes), INSERT_BATCH):
            self.index.insert_nodes(nodes[start : start + INSERT_BATCH])
        for transcript, chunks, status in pending:
            # the new chunks are in; switching the registry makes them the live version, then the old go
            self.registry.upsert(
                ids=[transcript.id],
                embeddings=[[1.0]],
                documents=[to_json(transcript)],
                metadatas=[self._call_metadata(transcript, len(chunks))],
            )
            self._set_live(transcript.id, transcript.content_hash)
            self.chunks.delete(where={"$and": [{"transcript_id": transcript.id}, {"content_hash": {"$ne": transcript.content_hash}}]})
            self._transcripts[transcript.id] = transcript
            if progress:
                progress(transcript, status)

    def remove(self, transcript_id: str) -> bool:
        "Delete a call and its chunks; False if it was not indexed."
        if not self.registry.get(ids=[transcript_id])["ids"]:
            return False
        self.registry.delete(ids=[transcript_id])
        self._set_live(transcript_id, None)
        self.chunks.delete(where={"transcript_id": transcript_id})
        self._transcripts.pop(transcript_id, None)
        return True

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
        }

    # reading ---------------------------------------------------------------------------------

    def calls(self) -> list[CallInfo]:
        "Every indexed call, newest first."
        got = self.registry.get(include=["metadatas"])
        fields = {k: f.default for k, f in CallInfo.__dataclass_fields__.items() if k != "id"}
        infos = [CallInfo(id=i, **{k: m.get(k, d) for k, d in fields.items()}) for i, m in zip(got["ids"], got["metadatas"])]
        return sorted(infos, key=lambda c: (c.date, c.company), reverse=True)

    def live_hashes(self) -> dict[str, str]:
        "transcript id -> content hash of its live version; chunks of any other version are ignored."
        return dict(i.rsplit("|", 1) for i in self.live.get(include=[])["ids"])

    def _set_live(self, transcript_id: str, content_hash: str | None) -> None:
        stale = [i for i in self.live.get(where={"transcript_id": transcript_id}, include=[])["ids"]]
        if content_hash is not None:
            self.live.upsert(ids=[f"{transcript_id}|{content_hash}"], embeddings=[[1.0]], metadatas=[{"transcript_id": transcript_id}])
            stale = [i for i in stale if i != f"{transcript_id}|{content_hash}"]
        if stale:
            self.live.delete(ids=stale)

    def _rebuild_live(self) -> None:
        "From the registry (an index written before the live list existed, or an interrupted write)."
        got = self.registry.get(include=["metadatas"])
        have = set(self.live.get(include=[])["ids"])
        want = {f"{i}|{m['content_hash']}": i for i, m in zip(got["ids"], got["metadatas"])}
        if set(want) - have:
            ids = sorted(set(want) - have)
            for start in range(0, len(ids), 1000):
                batch = ids[start : start + 1000]
                self.live.upsert(ids=batch, embeddings=[[1.0]] * len(batch), metadatas=[{"transcript_id": want[i]} for i in batch])
        if have - set(want):
            self.live.delete(ids=sorted(have - set(want)))

    def transcript(self, transcript_id: str) -> Transcript | None:
        "The whole stored call."
        if transcript_id not in self._transcripts:
            got = self.registry.get(ids=[transcript_id], include=["documents"])
            if not got["ids"]:
                return None
            self._transcripts[transcript_id] = from_json(got["documents"][0])
        return self._transcripts[transcript_id]

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

    def dense(self, query: str, k: int, filters: dict | None = None) -> list[ChunkHit]:
        "Top-k chunks by embedding similarity, restricted by `filters` (field -> value or list of values)."
        from llama_index.core.vector_stores.types import FilterCondition, FilterOperator, MetadataFilter, MetadataFilters

        meta_filters = None
        if filters:
            meta_filters = MetadataFilters(
                filters=[
                    MetadataFilter(key=key, value=list(value), operator=FilterOperator.IN)
                    if isinstance(value, (list, tuple, set))
                    else MetadataFilter(key=key, value=value, operator=FilterOperator.EQ)
                    for key, value in filters.items()
                ],
                condition=FilterCondition.AND,
            )
        retriever = self.index.as_retriever(similarity_top_k=k, filters=meta_filters)
        hits = []
        for found in retriever.retrieve(query):
            # llama-index reports Chroma's cosine distance d as exp(-d); turn it back into similarity
            similarity = 1.0 + math.log(found.score) if found.score and found.score > 0 else 0.0
            metadata = {k: v for k, v in found.node.metadata.items() if k in _META_KEYS or k == "header"}
            hits.append(ChunkHit(found.node.node_id, found.node.get_content(), metadata, similarity))
        return hits

    def keyword_dir(self) -> Path | None:
        "Where the keyword index is saved between runs: beside the embedded store, or a local cache for a server."
        name = f"keyword-{self.config.collection}"
        if self.config.chroma_url:
            host = urlparse(self.config.chroma_url)
            return self.config.index_dir / "server-cache" / f"{host.hostname}-{host.port or 8000}" / name
        return self.config.index_dir / name

    def describe(self) -> str:
        "Where the index lives, for logs and the UI."
        return self.config.chroma_url or str(self.config.index_dir)
