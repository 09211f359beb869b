"""The Telegram connector in the live Rasa server, driven by Telegram Updates posted to its webhook.

Rasa answers through tests/telegram_standin.py, the Bot API stand-in the stack configures the
channel with (tests/stack.py); photos go to the live returns service.
"""

from __future__ import annotations

import pytest
import requests

from ..stack import RASA_TOKEN, Stack
from ..telegram_standin import TelegramStandin
from .telegram_updates import button_update, new_chat_id, post, text_update


@pytest.fixture
def webhook(stack: Stack) -> str:
    return f"{stack.rasa_url}/webhooks/telegram/webhook"


@pytest.fixture
def telegram(stack: Stack) -> TelegramStandin:
    assert stack.telegram is not None
    return stack.telegram


def user_events(stack: Stack, sender: str) -> list[dict]:
    tracker = requests.get(f"{stack.rasa_url}/conversations/{sender}/tracker", params={"token": RASA_TOKEN}, timeout=10)
    assert tracker.status_code == 200, tracker.text
    return [event for event in tracker.json().get("events", []) if event["event"] == "user"]


@pytest.mark.parametrize("secret", [None, "", "standin-webhook-secret-012345678", "wrong"], ids=repr)
def test_without_the_webhook_secret_nothing_reaches_rasa(stack, webhook, telegram, secret):
    chat_id = new_chat_id()
    answer = post(webhook, text_update(chat_id, "I want to return something"), secret=secret)
    assert answer.status_code == 403
    assert user_events(stack, f"tg-{chat_id}") == []
    assert telegram.calls(chat_id=chat_id) == []


def test_a_text_message_is_answered_through_the_bot_api(stack, webhook, telegram):
    chat_id = new_chat_id()
    answer = post(webhook, text_update(chat_id, "I want to return something"))
    assert answer.status_code == 200, answer.text
    texts = telegram.texts(chat_id)
    assert any("order" in text.lower() for text in texts), (texts, stack.logs())
    [said] = user_events(stack, f"tg-{chat_id}")
    assert (said["text"], said["input_channel"]) == ("I want to return something", "telegram")


def test_buttons_are_an_inline_keyboard_and_a_press_is_the_customers_answer(webhook, telegram):
    chat_id = new_chat_id()
    post(webhook, text_update(chat_id, "who pays for return shipping?"))
    keyboards = [
        m["reply_markup"]["inline_keyboard"] for m in telegram.calls("sendMessage", chat_id) if "reply_markup" in m
    ]
    buttons = {b["text"]: b["callback_data"] for rows in keyboards for row in rows for b in row}
    assert buttons.get("Start a return") == "/start_return", telegram.calls(chat_id=chat_id)

    before = len(telegram.texts(chat_id))
    answer = post(webhook, button_update(chat_id, buttons["Start a return"], query_id="q-start-return"))
    assert answer.status_code == 200
    assert {"callback_query_id": "q-start-return"} in telegram.calls("answerCallbackQuery")
    assert any("Which order" in text for text in telegram.texts(chat_id)[before:]), telegram.texts(chat_id)


def test_a_redelivered_update_is_answered_once(webhook, telegram):
    chat_id = new_chat_id()
    update = text_update(chat_id, "hello")
    post(webhook, update)
    answered = len(telegram.calls(chat_id=chat_id))
    assert answered >= 1
    post(webhook, update)
    assert len(telegram.calls(chat_id=chat_id)) == answered
