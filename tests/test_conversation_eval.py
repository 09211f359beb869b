"""`make eval` reports conversation success and turns per language the assistant spoke."""

from eval.conversation_eval import summarise
from tests.chat import Conversation


def outcome(test: str, passed: bool, turns: int, rma_turn: int | None, language: str) -> dict:
    return {"test": test, "passed": passed, "customer_turns": turns, "turns_to_rma": rma_turn, "language": language}


def test_success_and_turns_are_counted_per_language():
    summary = summarise(
        [
            outcome("e2e::test_happy_path", True, 5, 4, "en"),
            outcome("e2e::test_refusal", True, 7, None, "en"),
            outcome("e2e::test_happy_path_zh", True, 6, 6, "zh"),
            outcome("e2e::test_outage_zh", False, 9, None, "zh"),
        ]
    )

    assert summary["conversations"] == 4 and summary["succeeded"] == 3
    assert summary["per_language"]["en"] == {
        "conversations": 2,
        "succeeded": 2,
        "success_rate": 1.0,
        "returns_made": 1,
        "median_turns_to_rma": 4,
        "happy_path_turns_to_rma": 4,
        "median_customer_turns": 6.0,
    }
    assert summary["per_language"]["zh"]["success_rate"] == 0.5
    assert summary["per_language"]["zh"]["median_turns_to_rma"] == 6


def test_a_conversation_is_in_the_language_the_assistant_spoke_last():
    conversation = Conversation(stack=None, conversation_id="c", token="t")  # type: ignore[arg-type]
    assert conversation.language == "en"
    conversation.transcript += [("customer", "hi"), ("bot", "Hi! What can I do for you?")]
    assert conversation.language == "en"
    conversation.transcript += [("customer", "说中文"), ("bot", "好的，我们用中文聊。")]
    assert conversation.language == "zh"
