"""Training data must not contain the held-out evaluation set (../shared/eval), not even by chance.

Short phrases ("yes", "bye") collide easily when a set of thousands of examples grows; an exact
(case-insensitive) match found here is removed from data/, never looked at and rephrased.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from eval.nlu_eval import HELD_OUT, load_examples, normalise

ROOT = Path(__file__).resolve().parents[2]


@pytest.mark.skipif(not HELD_OUT.exists(), reason="the held-out set is not on this machine")
def test_no_training_example_is_a_held_out_utterance():
    held_out = {normalise(text) for text, _ in load_examples(HELD_OUT)}
    training = [text for text, _ in load_examples(ROOT / "data")]
    overlapping = sum(normalise(text) in held_out for text in training)
    assert overlapping == 0, f"{overlapping} training examples equal held-out utterances; remove them from data/"
