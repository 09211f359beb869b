"""The Chinese dev and test splits (eval/zh_*_nlu.yml) must stay out of data/, not even by chance.

A split utterance that is also a training example measures nothing; the dev split chooses and
the test split reports, so the two must not share an utterance either. A match found here is
removed from data/ (or the split rephrased), never copied across.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from eval.nlu_eval import ZH_SPLITS, load_examples, normalise

ROOT = Path(__file__).resolve().parents[2]


@pytest.mark.parametrize("split", sorted(ZH_SPLITS))
def test_no_split_utterance_is_a_training_example(split: str):
    training = {normalise(text) for text, _ in load_examples(ROOT / "data")}
    overlapping = [text for text, _ in load_examples(ZH_SPLITS[split]) if normalise(text) in training]
    assert not overlapping, f"{split} utterances that are training examples: {overlapping}"


def test_the_dev_and_test_splits_share_no_utterance():
    dev = {normalise(text) for text, _ in load_examples(ZH_SPLITS["dev"])}
    shared = [text for text, _ in load_examples(ZH_SPLITS["test"]) if normalise(text) in dev]
    assert not shared, shared


def test_the_test_split_has_fifteen_utterances_of_every_intent_the_assistant_knows():
    from collections import Counter

    import yaml

    domain = yaml.safe_load((ROOT / "domain.yml").read_text())
    counts = Counter(intent for _, intent in load_examples(ZH_SPLITS["test"]))
    # switch_language belongs to another part of issue 15 and is not in the Chinese splits yet.
    wanted = set(domain["intents"]) - {"nlu_fallback", "switch_language"}
    assert {intent: counts[intent] for intent in wanted if counts[intent] < 15} == {}
