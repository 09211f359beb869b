"""The intent ensemble (bot/nlu/intent_ensemble.py): trained, stored, loaded and applied as Rasa does."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest
from rasa.engine.graph import ExecutionContext, GraphSchema
from rasa.engine.storage.local_model_storage import LocalModelStorage
from rasa.engine.storage.resource import Resource
from rasa.shared.nlu.training_data.message import Message
from rasa.shared.nlu.training_data.training_data import TrainingData

from bot.nlu.intent_ensemble import IntentEnsemble
from bot.nlu.sentence_encoder import shared_encoder

EXAMPLES = {
    "check_return_status": ["where is my refund", "has my return arrived", "any news on my refund", "refund status"],
    "start_return": ["i want to return my shoes", "send the jacket back", "return this item", "i need to return it"],
}


def fitted(folder: Path, **config) -> tuple[IntentEnsemble, LocalModelStorage, Resource]:
    storage, resource = LocalModelStorage(folder), Resource("intent_ensemble")
    context = ExecutionContext(GraphSchema({}), node_name="intent_ensemble")
    component = IntentEnsemble.create({**IntentEnsemble.get_default_config(), **config}, storage, resource, context)
    examples = [Message.build(text=text, intent=intent) for intent, texts in EXAMPLES.items() for text in texts]
    component.train(TrainingData(examples))
    return component, storage, resource


def trained(folder: Path, **config) -> tuple[LocalModelStorage, Resource]:
    return fitted(folder, **config)[1:]


def loaded(storage: LocalModelStorage, resource: Resource, **config) -> IntentEnsemble:
    context = ExecutionContext(GraphSchema({}), node_name="intent_ensemble")
    return IntentEnsemble.load({**IntentEnsemble.get_default_config(), **config}, storage, resource, context)


def test_the_stored_models_are_loaded_and_rank_every_intent(tmp_path: Path):
    ensemble = loaded(*trained(tmp_path))
    [message] = ensemble.process([Message.build(text="where is my refund")])
    ranking = message.get("intent_ranking")
    assert message.get("intent")["name"] == "check_return_status"
    assert [r["name"] for r in ranking] == ["check_return_status", "start_return"]
    assert sum(r["confidence"] for r in ranking) == pytest.approx(1.0)


def test_the_stored_models_predict_exactly_what_the_fitted_ones_did(tmp_path: Path):
    component, storage, resource = fitted(tmp_path)
    texts = ["where is my refund", "send back the jacket", "retrun my shoes pls", "unrelated words"]
    stored = loaded(storage, resource)
    assert list(stored._model.classes_) == list(component._model.classes_)
    assert np.array_equal(stored._model.predict_proba(texts), component._model.predict_proba(texts))
    vectors = shared_encoder().encode(texts)
    assert list(stored._embedding_model.classes_) == list(component._embedding_model.classes_)
    assert np.array_equal(
        stored._embedding_model.predict_proba(vectors), component._embedding_model.predict_proba(vectors)
    )


@pytest.mark.parametrize("weight", [0.0, 0.3, 1.0])
def test_the_confidences_are_the_weighted_average_of_the_two_models(tmp_path: Path, weight: float):
    storage, resource = trained(tmp_path)
    ensemble = loaded(storage, resource, embedding_weight=weight)
    text = "any news on the jacket i sent back"
    [message] = ensemble.process([Message.build(text=text)])
    classes = list(ensemble._model.classes_)
    by_ngrams = ensemble._model.predict_proba([text])[0]
    by_embedding = ensemble._embedding_model.predict_proba(shared_encoder().encode([text]))[0]
    expected = weight * by_embedding + (1 - weight) * by_ngrams
    assert {r["name"]: r["confidence"] for r in message.get("intent_ranking")} == pytest.approx(
        dict(zip(classes, expected, strict=True))
    )


def test_a_message_without_text_is_left_alone(tmp_path: Path):
    ensemble = loaded(*trained(tmp_path))
    message = Message.build(text="")
    message.set("intent", {"name": "inform", "confidence": 1.0})
    ensemble.process([message])
    assert message.get("intent") == {"name": "inform", "confidence": 1.0}


def test_a_stored_folder_without_the_linear_model_is_refused_not_ignored(tmp_path: Path):
    storage, resource = LocalModelStorage(tmp_path), Resource("intent_ensemble")
    with storage.write_to(resource):
        pass  # what a training cache from before the arrays format restores: the folder, not the files
    with pytest.raises(RuntimeError, match="empty Rasa's training cache"):
        loaded(storage, resource)
