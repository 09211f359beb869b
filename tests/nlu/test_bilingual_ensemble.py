"""The bilingual intent ensemble (bot/nlu/bilingual_ensemble.py): Chinese read by its characters."""

from __future__ import annotations

from pathlib import Path

from rasa.engine.graph import ExecutionContext, GraphSchema
from rasa.engine.storage.local_model_storage import LocalModelStorage
from rasa.engine.storage.resource import Resource
from rasa.shared.nlu.training_data.message import Message
from rasa.shared.nlu.training_data.training_data import TrainingData

from bot.nlu.bilingual_ensemble import BilingualIntentEnsemble

EXAMPLES = {
    "check_return_status": ["where is my refund", "has my return arrived", "我的退款到哪了", "退货进度查一下"],
    "start_return": ["i want to return my shoes", "send the jacket back", "我想退货", "这个裤子我要退"],
    "request_human": ["a person please", "talk to an agent", "转人工", "我要人工客服"],
}


def trained_and_loaded(folder: Path, examples: dict[str, list[str]]) -> BilingualIntentEnsemble:
    storage, resource = LocalModelStorage(folder), Resource("intent_ensemble")
    context = ExecutionContext(GraphSchema({}), node_name="intent_ensemble")
    config = BilingualIntentEnsemble.get_default_config()
    component = BilingualIntentEnsemble.create(config, storage, resource, context)
    component.train(TrainingData([Message.build(text=t, intent=i) for i, texts in examples.items() for t in texts]))
    return BilingualIntentEnsemble.load(config, storage, resource, context)


def parse(ensemble: BilingualIntentEnsemble, text: str) -> dict:
    [message] = ensemble.process([Message.build(text=text)])
    return message.get("intent")


def test_chinese_characters_shared_with_the_examples_decide(tmp_path: Path):
    ensemble = trained_and_loaded(tmp_path, EXAMPLES)
    # 款 alone is all this shares with an example (退款): no character pair, which is all the
    # plain ensemble's n-grams see (it ties, and names the first intent in its list).
    assert parse(ensemble, "款呢")["name"] == "check_return_status"
    assert parse(ensemble, "人工呢")["name"] == "request_human"
    assert parse(ensemble, "where's my refund")["name"] == "check_return_status"


def test_it_trains_on_english_alone(tmp_path: Path):
    english = {intent: [t for t in texts if t.isascii()] for intent, texts in EXAMPLES.items()}
    ensemble = trained_and_loaded(tmp_path, english)
    assert parse(ensemble, "where's my refund")["name"] == "check_return_status"


def test_chinese_is_read_by_the_ngram_model_alone(tmp_path: Path):
    ensemble = trained_and_loaded(tmp_path, EXAMPLES)
    text = "我想退货"
    [message] = ensemble.process([Message.build(text=text)])
    by_ngrams = dict(zip(ensemble._model.classes_, ensemble._model.predict_proba([text])[0], strict=True))
    assert {r["name"]: r["confidence"] for r in message.get("intent_ranking")} == by_ngrams
    # ... and the embedding model learnt from the English examples only.
    assert ensemble._embedding_model is not None
