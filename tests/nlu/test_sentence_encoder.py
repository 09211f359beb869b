"""The NumPy sentence encoder (bot/nlu/sentence_encoder.py) gives all-MiniLM-L6-v2's own vectors."""

from __future__ import annotations

import numpy as np
import pytest

from bot.nlu.sentence_encoder import BATCH, shared_encoder

# The first 8 of 384 dimensions, as sentence-transformers 6.3.0 (PyTorch 2.13, CPU) encoded these
# texts from the same package's files with normalize_embeddings=True, rounded to 6 places.
REFERENCE = {
    "I want to return my sneakers": [
        -0.062419,
        -0.001128,
        0.051151,
        -0.015492,
        0.037848,
        -0.006046,
        -0.033969,
        -0.017155,
    ],
    "where is my refund??": [-0.032996, -0.017277, 0.05424, 0.048744, 0.045074, -0.001905, 0.065477, 0.000186],
    "退货": [0.004037, 0.015092, 0.08048, 0.001147, 0.015044, -0.004086, 0.116704, 0.014259],
    "ok": [-0.046124, -0.059069, -0.021885, 0.016941, 0.045277, -0.017278, 0.026445, 0.063829],
}


def test_the_vectors_are_those_of_the_reference_implementation():
    vectors = shared_encoder().encode(list(REFERENCE))
    assert vectors.shape == (len(REFERENCE), 384)
    assert np.allclose(vectors[:, :8], np.array(list(REFERENCE.values())), atol=2e-6)
    assert np.allclose(np.linalg.norm(vectors, axis=1), 1.0, atol=1e-5)


def test_a_text_gets_the_same_vector_alone_and_in_a_padded_batch():
    texts = [f"{'please ' * (i % 9)}where is my refund" for i in range(BATCH + 5)]
    together = shared_encoder().encode(texts)
    alone = np.vstack([shared_encoder().encode([text]) for text in texts[:3] + texts[-2:]])
    assert np.allclose(together[[0, 1, 2, -2, -1]], alone, atol=1e-5)


@pytest.mark.parametrize(
    ("text", "same_meaning", "other_meaning"),
    [
        ("I'd like my money back for these", "i want a refund", "what time is it"),
        ("has the parcel reached you yet", "did you receive my return", "i want to talk to a person"),
    ],
)
def test_paraphrases_lie_closer_than_other_requests(text: str, same_meaning: str, other_meaning: str):
    anchor, same, other = shared_encoder().encode([text, same_meaning, other_meaning])
    assert anchor @ same > anchor @ other
