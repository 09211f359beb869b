"""A Chinese chat reads the returns service's own sentences in Chinese: every call carries the
conversation's language (Accept-Language), against the real service."""

from __future__ import annotations

import re

import pytest

from actions.ask import AskReason
from actions.handoff import Escalate
from actions.return_form import ValidateReturnForm
from actions.submit import SubmitReturn

from .conftest import run, tracker
from .test_signed_in import push_order

CHINESE = re.compile(r"[\u4e00-\u9fff]")
form = ValidateReturnForm()


@pytest.fixture
def sent_languages(live_service, monkeypatch) -> list[str | None]:
    """The Accept-Language of every request the client makes (the requests still go out)."""
    seen: list[str | None] = []
    request = live_service.http.request

    def recording(method, url, **kwargs):
        seen.append((kwargs.get("headers") or {}).get("Accept-Language"))
        return request(method, url, **kwargs)

    monkeypatch.setattr(live_service.http, "request", recording)
    return seen


def texts(dispatcher) -> str:
    return " ".join(message.get("text") or "" for message in dispatcher.messages)


@pytest.mark.parametrize("language", ["zh", "en"])
def test_a_chat_reads_why_an_item_is_refused_in_its_own_language(sent_languages, dispatcher, language):
    async def scenario() -> None:
        # Boots after 150 days (A1006): past even the gold window, so the policy says why.
        slots = {"order_number": "A1006", "language": language}
        current = tracker(slots, sender=f"refused-{language}")
        slots |= await form.validate_contact("alice@example.com", dispatcher, current, {})
        assert sent_languages and set(sent_languages) == {language}
        why = [e["text"] for item in slots["returnable_items"] for e in item["explanations"]]
        assert why and all(bool(CHINESE.search(text)) == (language == "zh") for text in why), why

        # Asked for a reason on a line past its window: the bot says why, in the policy's words.
        item = slots["returnable_items"][0]
        said = type(dispatcher)()
        asked = tracker(slots | {"line_no": str(item["line_no"])}, sender=f"refused-{language}")
        await AskReason().run(said, asked, {})
        assert not item["eligible"] and all(e["text"] in texts(said) for e in item["explanations"]), texts(said)

    run(scenario())


def test_a_chinese_handoff_tells_the_next_steps_in_chinese(sent_languages, dispatcher):
    current = tracker({"language": "zh"}, sender="handoff-next-zh", text="人工客服", intent="request_human")
    run(Escalate().run(dispatcher, current, {}))
    said = texts(dispatcher)
    assert sent_languages == ["zh"]
    assert said.startswith("已将您的问题转交给客服团队。") and "您的参考编号是 ESC-" in said
    assert "queue" not in said and "reference" not in said, said


def test_a_chinese_chat_submits_and_reads_the_return_s_steps_in_chinese(live_service, sent_languages, dispatcher):
    push_order(live_service, "S4701", "zh.steps@example.com")

    async def scenario() -> None:
        sender = "submit-zh"
        slots = {"order_number": "S4701", "language": "zh"}
        slots |= await form.validate_contact("zh.steps@example.com", dispatcher, tracker(slots, sender=sender), {})
        slots |= await form.validate_line_no("1", dispatcher, tracker(slots, sender=sender), {})
        slots |= await form.validate_reason("size_too_small", dispatcher, tracker(slots, sender=sender), {})
        assert slots["preview"]["outcome"] == "approve", slots["preview"]
        assert all(CHINESE.search(e["text"]) for e in slots["preview"]["explanations"]), slots["preview"]

        said = type(dispatcher)()
        slots |= {"resolution": "refund", "confirmed": True}
        await SubmitReturn().run(said, tracker(slots, sender=sender), {})
        assert set(sent_languages) == {"zh"}
        # The first steps, as the chat shows them since the created return became short messages.
        assert "请将商品包装好" in texts(said) and "预计退款" in texts(said), texts(said)
        # The service's own sentences are Chinese; a place named in the shop's files stays as written.
        assert not any(words in texts(said) for words in ("Pack the", "Print the", "Hand the", "Return shipping"))

    run(scenario())
