"""The conversation's language: detected from the page and the customer's writing, switched on
request, and every text (actions and domain responses, buttons included) rendered in it."""

from __future__ import annotations

import pytest
from rasa_sdk import Tracker
from rasa_sdk.executor import CollectingDispatcher

from actions.ask import AskConfirmed, AskReason
from actions.language import DetectLanguage, SwitchLanguage, detect
from actions.signed_in import METADATA_KEY
from actions.submit import created_messages
from bot.nlg import render

from .conftest import run, tracker

CHINESE = "zh"


def conversation(*turns: dict, slots: dict | None = None, intent: str = "inform", text: str = "") -> Tracker:
    """A tracker whose events are `turns` (earlier language slot events, say) then the latest message."""
    latest = tracker(slots, text=text, intent=intent, active_loop=None)
    latest.events = [*turns, *latest.events]
    return latest


def language_set(value: str) -> dict:
    return {"event": "slot", "name": "language", "value": value}


def said(dispatcher: CollectingDispatcher) -> str:
    return " ".join(message.get("text") or "" for message in dispatcher.messages)


def titles(dispatcher: CollectingDispatcher) -> list[str]:
    return [button["title"] for message in dispatcher.messages for button in message.get("buttons") or []]


# --- detection --------------------------------------------------------------------------------
@pytest.mark.parametrize(
    "text",
    ["你好，我想退货", "人工客服", "订单 A1005 的鞋子太小了", "我的邮箱是 hugo@example.com"],
)
def test_a_message_with_chinese_characters_makes_the_conversation_chinese(text):
    assert detect(conversation(text=text)) == CHINESE


@pytest.mark.parametrize(
    "text",
    [
        "A1005",
        "hugo@example.com",
        "ok",
        "yes",
        "+49 151 5550101",
        "RMA-MVBT-J5SF-GT37",
        "2",
        '/inform{"quantity":"2"}',
        "my order number is A1005",
        "ok thank you very much",
    ],
)
def test_ascii_answers_keep_a_chinese_conversation_chinese(text):
    chinese = conversation(language_set("zh"), slots={"language": "zh"}, text=text)
    assert detect(chinese) is None


def test_an_english_sentence_in_a_chinese_conversation_turns_it_english():
    chinese = conversation(language_set("zh"), slots={"language": "zh"}, text="sorry I can't read this at all")
    assert detect(chinese) == "en"


@pytest.mark.parametrize(
    ("metadata", "language"),
    [
        pytest.param({"locale": "zh"}, "zh", id="widget locale zh"),
        pytest.param({"locale": "zh-CN"}, "zh", id="widget locale zh-CN"),
        pytest.param({"locale": "en"}, "en", id="widget locale en"),
        pytest.param({METADATA_KEY: {"email": "dev@example.com", "locale": "zh"}}, "zh", id="signed context"),
        pytest.param(
            {"locale": "en", METADATA_KEY: {"email": "dev@example.com", "locale": "zh"}}, "zh", id="signed first"
        ),
        pytest.param({"locale": "fr"}, None, id="a locale we do not speak"),
        pytest.param({}, None, id="no locale"),
    ],
)
def test_the_host_page_sets_the_first_language(metadata, language):
    first = tracker(text="/greet", intent="greet", active_loop=None, metadata=metadata)
    assert detect(first) == language


def test_the_page_locale_does_not_undo_what_the_customer_chose():
    # The widget sends its locale with every message; the customer asked for English earlier.
    later = conversation(language_set("en"), slots={"language": "en"}, text="A1005")
    later.events[-1]["metadata"] = {"locale": "zh"}
    assert detect(later) is None


def test_after_start_over_the_page_locale_counts_again():
    # "start over" resets every slot (language back to "en"); the widget still says zh.
    restarted = conversation(language_set("zh"), {"event": "restart"}, text="/start_return")
    restarted.events[-1]["metadata"] = {"locale": "zh"}
    assert detect(restarted) == CHINESE


@pytest.mark.parametrize(
    ("text", "entities", "language"),
    [
        pytest.param("English please", [{"entity": "language", "value": "en"}], "en", id="entity en"),
        pytest.param("说中文", [], "zh", id="words zh, no entity"),
        pytest.param("说英文", [], "en", id="chinese asking for english"),
        pytest.param("can you speak chinese", [], "zh", id="ascii asking for chinese"),
    ],
)
def test_asking_for_a_language_switches_to_it(text, entities, language):
    asking = conversation(language_set("zh" if language == "en" else "en"), text=text, intent="switch_language")
    asking.latest_message["entities"] = entities
    asking.slots["language"] = "zh" if language == "en" else "en"
    assert detect(asking) == language


def test_the_detect_action_sets_the_slot_only_when_it_changes(dispatcher):
    events = run(DetectLanguage().run(dispatcher, conversation(text="你好"), {}))
    assert events == [{"event": "slot", "timestamp": None, "name": "language", "value": "zh"}]
    chinese = conversation(language_set("zh"), slots={"language": "zh"}, text="好的")
    assert run(DetectLanguage().run(dispatcher, chinese, {})) == []


# --- switching --------------------------------------------------------------------------------
def test_the_switch_is_confirmed_in_the_new_language(dispatcher):
    run(SwitchLanguage().run(dispatcher, conversation(slots={"language": "zh"}, text="说中文"), {}))
    assert said(dispatcher) == "好的，接下来我用中文为您服务。"


def test_switch_language_without_naming_one_means_the_other(dispatcher):
    events = run(SwitchLanguage().run(dispatcher, conversation(slots={"language": "zh"}, text="switch language"), {}))
    assert events == [{"event": "slot", "timestamp": None, "name": "language", "value": "en"}]
    assert said(dispatcher) == "Sure — I'll continue in English."


# --- rendering --------------------------------------------------------------------------------
ITEM = {
    "line_no": 1,
    "name": "Slim fit jeans",
    "sku": "AP-JEANS-SLIM",
    "returnable_quantity": 1,
    "eligible": True,
    "eligible_reasons": [],
    "unit_price_minor": 5990,
    "currency": "EUR",
}
PREVIEW = {
    "outcome": "approve",
    "currency": "EUR",
    "shipping_payer": "merchant",
    "return_by": "2026-03-12",
    "resolutions": [{"kind": "refund", "customer_amount_minor": 5990}],
}


@pytest.mark.parametrize(
    ("language", "question", "button"),
    [
        pytest.param("en", "What's the reason for returning the Slim fit jeans?", "Too small", id="en"),
        pytest.param("zh", "退Slim fit jeans的原因是什么？", "尺码偏小", id="zh"),
    ],
)
def test_the_reason_question_and_its_buttons_speak_the_conversation_s_language(dispatcher, language, question, button):
    slots = {"language": language, "returnable_items": [ITEM], "line_no": "1"}
    run(AskReason().run(dispatcher, tracker(slots), {}))
    assert question in said(dispatcher)
    assert button in titles(dispatcher)


@pytest.mark.parametrize(
    ("language", "typed", "question", "buttons"),
    [
        pytest.param(
            "en",
            "the zip broke and honestly i changed my mind",
            "Which is the main reason for returning the Slim fit jeans?",
            ["Faulty / doesn't work", "Changed my mind"],
            id="en",
        ),
        pytest.param(
            "zh",
            "质量问题，而且太小了",
            "退回Slim fit jeans的主要原因是哪一个？",
            ["质量问题 / 无法使用", "尺码偏小"],
            id="zh",
        ),
    ],
)
def test_two_reasons_in_one_answer_are_asked_about_with_just_those_two(dispatcher, language, typed, question, buttons):
    slots = {"language": language, "returnable_items": [ITEM], "line_no": "1", "note": typed}
    run(AskReason().run(dispatcher, tracker(slots, text=typed), {}))
    assert question in said(dispatcher)
    assert titles(dispatcher)[: len(buttons)] == buttons
    assert len([title for title in titles(dispatcher) if title in buttons]) == 2


def test_an_earlier_answers_reasons_are_not_asked_about_again(dispatcher):
    slots = {"language": "en", "returnable_items": [ITEM], "line_no": "1", "note": "broke, changed my mind"}
    run(AskReason().run(dispatcher, tracker(slots, text="/start_return"), {}))
    assert "What's the reason for returning the Slim fit jeans?" in said(dispatcher)


@pytest.mark.parametrize(
    ("language", "expected", "buttons"),
    [
        pytest.param(
            "en",
            "Please check: return 1 × Slim fit jeans from order A1001, reason: too small. You'll get: Refund of "
            "€59.90. Return shipping is free for you. You'll need to send it by 12 March 2026. Shall I submit it?",
            ["Yes, submit", "No"],
            id="en",
        ),
        pytest.param(
            "zh",
            "请核对：退回订单 A1001 中的 Slim fit jeans × 1，原因：尺码偏小。您将获得：退款 €59.90。"
            "退货运费由我们承担，您无需付费。请在 2026年3月12日 前寄出。要我提交吗？",
            ["是的，提交", "否"],
            id="zh",
        ),
    ],
)
def test_the_summary_is_whole_sentences_with_money_and_dates_per_locale(dispatcher, language, expected, buttons):
    slots = {
        "language": language,
        "returnable_items": [ITEM],
        "line_no": "1",
        "order_number": "A1001",
        "reason": "size_too_small",
        "resolution": "refund",
        "preview": PREVIEW,
    }
    run(AskConfirmed().run(dispatcher, tracker(slots), {}))
    assert said(dispatcher) == expected
    assert titles(dispatcher) == buttons


def test_the_rma_message_in_chinese():
    created = {
        "rma_number": "RMA-MVBT-J5SF-GT37",
        "status": "approved",
        "decision": {"explanations": []},
        "refund_estimate_minor": 5990,
        "currency": "EUR",
        "instructions": {"steps": [], "label": {"label_url": "http://x/label.pdf", "parcels": []}},
    }
    assert [m["text"] for m in created_messages(created, "zh", link_buttons=False)] == [
        "您的退货单号是 RMA-MVBT-J5SF-GT37。",
        "您的退货标签：http://x/label.pdf",
        "预计退款：€59.90。",
    ]


GREET = {
    "text": "utter_greet",
    "buttons": [
        {"title": "button.return_item", "payload": "/start_return"},
        {"title": "button.where_is_my_refund", "payload": "/check_return_status"},
    ],
}


@pytest.mark.parametrize(
    ("language", "greeting", "buttons"),
    [
        pytest.param("en", "Hi! I'm the returns assistant.", ["Return an item", "Where is my refund?"], id="en"),
        pytest.param("zh", "您好！我是退货助手", ["我要退货", "我的退款到哪了？"], id="zh"),
    ],
)
def test_domain_responses_and_their_buttons_are_rendered_in_the_language(language, greeting, buttons):
    rendered = render(GREET, language, {})
    assert rendered["text"].startswith(greeting)
    assert [b["title"] for b in rendered["buttons"]] == buttons
    assert [b["payload"] for b in rendered["buttons"]] == ["/start_return", "/check_return_status"]


def test_plain_text_in_a_response_is_left_as_it_is():
    assert render({"text": "Did you mean 'greet'?"}, "zh", {})["text"] == "Did you mean 'greet'?"
