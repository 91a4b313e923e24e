"""Shared fixtures: the real sample in a real (temporary) Chroma index, with the real embedding model."""

from __future__ import annotations

import json
import os
from contextlib import contextmanager
from pathlib import Path

import pytest

from index.offline import go_offline

go_offline()

FIXTURES = Path(__file__).parent / "fixtures"
SAMPLE = FIXTURES / "qifu_2024q1.txt"


@pytest.fixture(autouse=True)
def no_openai_key(monkeypatch):
    "No test reaches a real LLM by accident."
    monkeypatch.delenv("OPENAI_API_KEY", raising=False)
    monkeypatch.delenv("OPENAI_BASE_URL", raising=False)


@pytest.fixture(scope="session")
def embed_model():
    from index.embedding import load_embed_model

    return load_embed_model()


@pytest.fixture(scope="session")
def chroma_url():
    "Set EARSHOT_TEST_CHROMA_URL to run the index tests against a Chroma server instead of the embedded store."
    return os.environ.get("EARSHOT_TEST_CHROMA_URL") or None


@pytest.fixture
def make_store(tmp_path, embed_model, chroma_url):
    "A fresh, empty store (its own collection on a server, its own folder embedded)."
    from index import Config, Store

    counter = iter(range(1000))

    def make(name: str = "t"):
        config = Config(index_dir=tmp_path / f"index-{name}", chroma_url=chroma_url, collection=f"test-{os.getpid()}-{tmp_path.name[-20:]}-{name}-{next(counter)}")
        return Store(config, embed_model=embed_model)

    return make


@pytest.fixture(scope="session")
def sample_engine(tmp_path_factory, embed_model, chroma_url):
    "An engine over an index holding only the sample call."
    from index import Config, Store
    from ingest import load_transcript
    from qa import Earshot

    config = Config(index_dir=tmp_path_factory.mktemp("sample-index"), chroma_url=chroma_url, collection=f"sample-{os.getpid()}")
    store = Store(config, embed_model=embed_model)
    store.add([load_transcript(SAMPLE)])
    return Earshot(config, store=store)


def refit_on_the_labelled_call(tmp_path, main) -> dict:
    "Refit a model of `ingest/` with its `--fit` command on the labelled Apple call alone; the model file it wrote."
    from ingest.evaluate import LABELLED

    folder = tmp_path / "calls"
    folder.mkdir()
    (folder / LABELLED.name).write_bytes(LABELLED.read_bytes())
    out = tmp_path / "model.json"
    assert main(["--fit", str(folder), "--out", str(out)]) == 0
    return json.loads(out.read_text())


def ranked_pairs(p, rows) -> float:
    """How often an example labelled 1 gets a higher probability than one labelled 0, over every such pair (`p` the
    probabilities, `rows` the (features, label) examples in the same order)."""
    ones = [x for x, (_, y) in zip(p, rows) if y]
    zeros = [x for x, (_, y) in zip(p, rows) if not y]
    return sum(a > b for a in ones for b in zeros) / (len(ones) * len(zeros))


@contextmanager
def model_missing(monkeypatch, tmp_path, module, cache, attribute: str = "MODEL"):
    "Inside: `module`'s fitted model file (`module.<attribute>`) is not where it should be (`cache` holds what was read of it)."
    monkeypatch.setattr(module, attribute, tmp_path / getattr(module, attribute).name)
    cache.cache_clear()
    try:
        yield
    finally:
        cache.cache_clear()


def with_and_without(call, rendering: str, monkeypatch, module, weight: str):
    "The call's rendering scored as it stands, then with the cue weighed by `module.weight` switched off."
    from ingest.evaluate import score_rendering

    with_it = score_rendering(call, rendering)
    monkeypatch.setattr(module, weight, 0.0)
    return with_it, score_rendering(call, rendering)
