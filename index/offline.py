"""The switches that keep every library off the network. Called before heavy imports."""

import os

_SWITCHES = {
    "HF_HUB_OFFLINE": "1",  # huggingface_hub: never call the hub
    "TRANSFORMERS_OFFLINE": "1",
    "HF_HUB_DISABLE_TELEMETRY": "1",
    "ANONYMIZED_TELEMETRY": "False",  # Chroma
    "GRADIO_ANALYTICS_ENABLED": "False",
    "TOKENIZERS_PARALLELISM": "false",
    "HF_HUB_DISABLE_PROGRESS_BARS": "1",  # no "Loading weights" bar on every start (transformers reads this too)
}


def go_offline() -> None:
    "Set the offline switches unless the user set them; also point tiktoken at llama-index's bundled cache."
    for key, value in _SWITCHES.items():
        os.environ.setdefault(key, value)
    try:
        import importlib.util

        spec = importlib.util.find_spec("llama_index.core")
        if spec and spec.submodule_search_locations:
            cache = os.path.join(list(spec.submodule_search_locations)[0], "_static", "tiktoken_cache")
            os.environ.setdefault("TIKTOKEN_CACHE_DIR", cache)
    except (ImportError, ValueError):
        pass
