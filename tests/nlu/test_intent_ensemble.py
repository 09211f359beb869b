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


def as_diet_saw_it(text: str, ranking: dict[str, float]) -> Message:
    message = Message.build(text=text)
    message.set("intent_ranking", [{"name": n, "confidence": c} for n, c in ranking.items()])
    return message


def test_the_stored_model_is_loaded_and_decides_with_diets_ranking(tmp_path: Path):
    ensemble = loaded(*trained(tmp_path))
    shaky = as_diet_saw_it("where is my refund", {"start_return": 0.6, "check_return_status": 0.4})
    [message] = ensemble.process([shaky])
    ranking = message.get("intent_ranking")
    assert message.get("intent")["name"] == "check_return_status"  # the linear model outweighs a shaky DIET
    assert ranking[0]["name"] == "check_return_status"
    assert sum(r["confidence"] for r in ranking) == pytest.approx(1.0)


def test_the_stored_model_predicts_exactly_what_the_fitted_one_did(tmp_path: Path):
    component, storage, resource = fitted(tmp_path)
    texts = ["where is my refund", "send back the jacket", "retrun my shoes pls", "unrelated words"]
    stored = loaded(storage, resource)._model
    assert list(stored.classes_) == list(component._model.classes_)
    assert np.array_equal(stored.predict_proba(texts), component._model.predict_proba(texts))


def test_the_weights_are_a_weighted_average(tmp_path: Path):
    storage, resource = trained(tmp_path)
    only_diet = loaded(storage, resource, diet_weight=1.0)
    wrong = as_diet_saw_it("where is my refund", {"start_return": 0.9, "check_return_status": 0.1})
    [message] = only_diet.process([wrong])
    assert message.get("intent") == {"name": "start_return", "confidence": pytest.approx(0.9)}


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
