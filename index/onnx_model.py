"""The packaged all-MiniLM-L6-v2 under ONNX Runtime: exported once from the packaged weights, then run without torch.

The graph is the model's transformer plus its mean pooling (masked average over tokens); unit length is applied
here. Tokens come from the package's own `tokenizer.json` through `tokenizers`, cut at the model's 256-token limit,
as sentence-transformers does. The graph is written from the weights with numpy once per model file (no torch, no
transformers); every later start loads the cached, optimised graph.
"""

from __future__ import annotations

import hashlib
import json
import os
import tempfile
from pathlib import Path

import numpy as np

EXPORT_VERSION = 3  # bump when the exported graph changes, so stale caches are rebuilt
_INPUTS = ("input_ids", "attention_mask", "token_type_ids")


def model_key(model_dir: Path) -> str:
    "A short fingerprint of the packaged weights (size and modification time) and of this export's version."
    weights = model_dir / "model.safetensors"
    stat = weights.stat()
    raw = f"{EXPORT_VERSION}|{stat.st_size}|{int(stat.st_mtime)}|{model_dir.resolve()}"
    return hashlib.sha1(raw.encode()).hexdigest()[:12]


def graph_path(model_dir: Path, cache_dir: Path) -> Path:
    "Where the exported graph for these weights lives in the cache."
    return cache_dir / f"all-MiniLM-L6-v2-{model_key(model_dir)}.onnx"


def export(model_dir: Path, target: Path) -> Path:
    """Write the ONNX graph for the weights in model_dir to target (atomically: a reader never sees half a file).

    The graph is written from the weights with numpy (`_graph`), then optimised once by ONNX Runtime and kept in
    that form. Nothing is downloaded and nothing imports torch: a first start pays a second, not the five it took
    to import torch and trace the model."""
    import onnx
    import onnxruntime as ort

    target.parent.mkdir(parents=True, exist_ok=True)
    raw, optimized = (_scratch(target.parent, suffix) for suffix in (".raw.onnx", ".onnx"))
    try:
        onnx.save(_graph(model_dir), raw)
        # optimise once and keep the result: every later session loads it as is, which saves a third of a second
        # per start. "Extended" fuses layer norms, GELU and the attention's scaled MatMul, nothing specific to this CPU.
        options = ort.SessionOptions()
        options.graph_optimization_level = ort.GraphOptimizationLevel.ORT_ENABLE_EXTENDED
        options.optimized_model_filepath = optimized
        options.log_severity_level = 3
        ort.InferenceSession(raw, options, providers=["CPUExecutionProvider"])
        os.chmod(optimized, 0o644)
        os.replace(optimized, target)
    finally:
        for leftover in (raw, optimized):
            if os.path.exists(leftover):
                os.unlink(leftover)
    return target


def _graph(model_dir: Path):
    """The BERT encoder plus mean pooling as an ONNX graph, written straight from the packaged safetensors weights
    and config.json with numpy: no torch, no transformers. Standard operators only, in the shapes ONNX Runtime's
    optimiser fuses (LayerNormalization, the exact-erf GELU into BiasGelu, scaled MatMul)."""
    from onnx import TensorProto, helper, numpy_helper
    from safetensors.numpy import load_file

    config = json.loads((model_dir / "config.json").read_text())
    weights = load_file(str(model_dir / "model.safetensors"))
    hidden, heads, eps = config["hidden_size"], config["num_attention_heads"], config["layer_norm_eps"]
    if config.get("model_type") != "bert" or config.get("hidden_act") != "gelu" or config.get("position_embedding_type", "absolute") != "absolute":
        raise ValueError(f"{model_dir}: not a BERT encoder with GELU and absolute positions; use EARSHOT_EMBED_BACKEND=torch")
    nodes, inits = [], []

    def const(name: str, value) -> str:
        inits.append(numpy_helper.from_array(np.asarray(value), name))
        return name

    def node(op: str, inputs: list[str], name: str, **attrs) -> str:
        nodes.append(helper.make_node(op, inputs, [name], name=name, **attrs))
        return name

    def weight(key: str, transpose: bool = False) -> str:
        w = weights[key].astype(np.float32)
        return const(key, np.ascontiguousarray(w.T) if transpose else w)

    def dense(x: str, prefix: str, name: str) -> str:  # x @ W.T + b, as torch's Linear
        return node("Add", [node("MatMul", [x, weight(prefix + ".weight", True)], name + "/matmul"), weight(prefix + ".bias")], name)

    def layer_norm(x: str, prefix: str, name: str) -> str:
        return node("LayerNormalization", [x, weight(prefix + ".weight"), weight(prefix + ".bias")], name, axis=-1, epsilon=eps)

    # embeddings: word + position + token type, then a layer norm
    const("zero", np.array(0, np.int64)), const("one", np.array(1, np.int64))
    tokens = node("Gather", [node("Shape", ["input_ids"], "shape"), "one"], "tokens")
    positions = node("Range", ["zero", tokens, "one"], "positions")
    x = node("Add", [node("Gather", [weight("embeddings.word_embeddings.weight"), "input_ids"], "words"),
                     node("Gather", [weight("embeddings.position_embeddings.weight"), positions], "places")], "embedded")
    x = node("Add", [x, node("Gather", [weight("embeddings.token_type_embeddings.weight"), "token_type_ids"], "types")], "embedded_all")
    x = layer_norm(x, "embeddings.LayerNorm", "embeddings")

    # padding: 0 where attended, the float minimum where padded, broadcast over heads and query positions
    mask = node("Cast", ["attention_mask"], "mask", to=TensorProto.FLOAT)
    padded = node("Mul", [node("Sub", [const("f_one", np.array(1, np.float32)), mask], "unmasked"), const("f_min", np.array(np.finfo(np.float32).min, np.float32))], "padded")
    bias = node("Unsqueeze", [padded, const("axes_heads", np.array([1, 2], np.int64))], "attention_bias")
    split = const("split_heads", np.array([0, 0, heads, hidden // heads], np.int64))
    merge = const("merge_heads", np.array([0, 0, hidden], np.int64))
    scale = const("scale", np.array(1 / np.sqrt(hidden // heads), np.float32))
    sqrt2, f_half = const("sqrt2", np.array(np.sqrt(2), np.float32)), const("f_half", np.array(0.5, np.float32))

    for i in range(config["num_hidden_layers"]):
        p, n = f"encoder.layer.{i}", f"layer{i}"

        def heads_of(which: str, perm: list[int]) -> str:
            projected = dense(x, f"{p}.attention.self.{which}", f"{n}/{which}")
            return node("Transpose", [node("Reshape", [projected, split], f"{n}/{which}/split")], f"{n}/{which}/heads", perm=perm)

        q, k, v = heads_of("query", [0, 2, 1, 3]), heads_of("key", [0, 2, 3, 1]), heads_of("value", [0, 2, 1, 3])
        scores = node("Add", [node("Mul", [node("MatMul", [q, k], f"{n}/qk"), scale], f"{n}/scaled"), bias], f"{n}/scores")
        context = node("MatMul", [node("Softmax", [scores], f"{n}/probs", axis=-1), v], f"{n}/context")
        context = node("Reshape", [node("Transpose", [context], f"{n}/context/t", perm=[0, 2, 1, 3]), merge], f"{n}/context/merged")
        attended = dense(context, f"{p}.attention.output.dense", f"{n}/attention")
        x = layer_norm(node("Add", [attended, x], f"{n}/attention/residual"), f"{p}.attention.output.LayerNorm", f"{n}/attention/norm")
        inner = dense(x, f"{p}.intermediate.dense", f"{n}/inner")
        # GELU, exact: x * 0.5 * (1 + erf(x / sqrt 2))
        erf = node("Erf", [node("Div", [inner, sqrt2], f"{n}/gelu/div")], f"{n}/gelu/erf")
        half = node("Mul", [node("Mul", [inner, node("Add", [erf, "f_one"], f"{n}/gelu/add")], f"{n}/gelu/mul"), f_half], f"{n}/gelu")
        out = dense(half, f"{p}.output.dense", f"{n}/output")
        x = layer_norm(node("Add", [out, x], f"{n}/output/residual"), f"{p}.output.LayerNorm", f"{n}/output/norm")

    # mean pooling over the attended tokens
    weights_3d = node("Unsqueeze", [mask, const("axis_last", np.array([2], np.int64))], "mask_3d")
    axis_tokens = const("axis_tokens", np.array([1], np.int64))
    total = node("ReduceSum", [node("Mul", [x, weights_3d], "masked"), axis_tokens], "total", keepdims=0)
    count = node("Clip", [node("ReduceSum", [weights_3d, axis_tokens], "count", keepdims=0), const("tiny", np.array(1e-9, np.float32))], "count_clipped")
    node("Div", [total, count], "sentence_embedding")

    inputs = [helper.make_tensor_value_info(name, TensorProto.INT64, ["batch", "tokens"]) for name in _INPUTS]
    output = helper.make_tensor_value_info("sentence_embedding", TensorProto.FLOAT, ["batch", hidden])
    graph = helper.make_graph(nodes, "all-MiniLM-L6-v2", inputs, [output], initializer=inits)
    return helper.make_model(graph, opset_imports=[helper.make_opsetid("", 17)], producer_name="earshot")


def _scratch(folder: Path, suffix: str) -> str:
    "A fresh file name in folder, so that two processes exporting at once never write the same file."
    fd, name = tempfile.mkstemp(dir=folder, prefix=".export-", suffix=suffix)
    os.close(fd)
    return name


class OnnxEncoder:
    "texts -> unit float32 vectors, from the cached graph (exported first if the cache has none)."

    def __init__(self, model_dir: Path, cache_dir: Path) -> None:
        import onnxruntime as ort
        from tokenizers import Tokenizer

        path = graph_path(model_dir, cache_dir)
        if not path.exists():
            export(model_dir, path)
        limit = json.loads((model_dir / "sentence_bert_config.json").read_text())["max_seq_length"]
        self.tokenizer = Tokenizer.from_file(str(model_dir / "tokenizer.json"))
        self.tokenizer.enable_truncation(limit)
        self.tokenizer.no_padding()  # each batch is padded to its own longest text in __call__
        options = ort.SessionOptions()
        options.graph_optimization_level = ort.GraphOptimizationLevel.ORT_DISABLE_ALL  # optimised when exported
        options.log_severity_level = 3  # errors only: no notices on the console
        self.session = ort.InferenceSession(str(path), options, providers=["CPUExecutionProvider"])
        self.path = path
        self.dimension = int(self.session.get_outputs()[0].shape[-1])  # 384 for all-MiniLM-L6-v2

    def __call__(self, texts: list[str], batch_size: int = 32) -> np.ndarray:
        """Unit vectors in the order given. Texts are batched longest first, as sentence-transformers does, so a
        batch pads to similar lengths (15% more chunks per second on real calls than in the order given)."""
        out = np.zeros((len(texts), self.dimension), dtype=np.float32)
        if not texts:
            return out
        encoded = self.tokenizer.encode_batch(list(texts))
        order = sorted(range(len(encoded)), key=lambda i: -len(encoded[i].ids))
        for start in range(0, len(order), batch_size):
            chosen = order[start : start + batch_size]
            width = len(encoded[chosen[0]].ids)
            ids = np.zeros((len(chosen), width), dtype=np.int64)  # [PAD] is 0
            mask = np.zeros_like(ids)
            for row, i in enumerate(chosen):
                n = len(encoded[i].ids)
                ids[row, :n] = encoded[i].ids
                mask[row, :n] = 1
            vectors = self.session.run(None, {"input_ids": ids, "attention_mask": mask, "token_type_ids": np.zeros_like(ids)})[0]
            out[chosen] = vectors / np.maximum(np.linalg.norm(vectors, axis=1, keepdims=True), 1e-12)
        return out
