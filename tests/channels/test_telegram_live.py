"""The Telegram connector in the live Rasa server, driven by Telegram Updates posted to its webhook.

Rasa answers through tests/telegram_standin.py, the Bot API stand-in the stack configures the
channel with (tests/stack.py); photos go to the live returns service. What reaches the bot is a
structured message (`/start_return`), so the answer does not depend on how a model reads a sentence.
"""

from __future__ import annotations

import io

import pytest
import requests

from bot.channels.telegram import PRIVATE_ONLY, TOO_BIG

from ..stack import RASA_TOKEN, Stack
from ..telegram_standin import TelegramStandin
from .telegram_updates import button_update, new_chat_id, photo_update, post, text_update


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
    answer = post(webhook, text_update(chat_id, "/start_return"))
    assert answer.status_code == 200, answer.text
    texts = telegram.texts(chat_id)
    assert any("order" in text.lower() for text in texts), (texts, stack.logs())
    [said] = user_events(stack, f"tg-{chat_id}")
    assert (said["text"], said["input_channel"]) == ("/start_return", "telegram")


def test_buttons_are_an_inline_keyboard_and_a_press_is_the_customers_answer(webhook, telegram):
    chat_id = new_chat_id()
    post(webhook, text_update(chat_id, "/ask_return_policy"))
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


def test_in_a_group_the_bot_asks_for_a_private_chat_and_rasa_hears_nothing(stack, webhook, telegram):
    group = -new_chat_id()
    assert post(webhook, text_update(group, "I want to return order A1001", chat_type="supergroup")).status_code == 200
    assert telegram.texts(group) == [PRIVATE_ONLY]
    assert user_events(stack, f"tg-{group}") == []


def test_a_redelivered_update_is_answered_once(webhook, telegram):
    chat_id = new_chat_id()
    update = text_update(chat_id, "/greet")
    post(webhook, update)
    answered = len(telegram.calls(chat_id=chat_id))
    assert answered >= 1
    post(webhook, update)
    assert len(telegram.calls(chat_id=chat_id)) == answered


def jpeg(width: int, height: int) -> bytes:
    from PIL import Image, ImageDraw

    image = Image.new("RGB", (width, height), (200, 190, 170))
    draw = ImageDraw.Draw(image)
    for x in range(0, width, 16):  # edges, so the photo is not "too blurry"
        draw.line([(x, 0), (width - x, height)], fill=(20, 40, 90), width=3)
    out = io.BytesIO()
    image.save(out, "JPEG", quality=90)
    return out.getvalue()


def test_a_photo_is_fetched_in_its_largest_size_and_lands_in_the_service(stack, webhook, telegram, service_as_owner):
    chat_id = new_chat_id()
    sender = f"tg-{chat_id}"
    small, large = telegram.add_file(jpeg(90, 68)), telegram.add_file(jpeg(640, 480))
    answer = post(webhook, photo_update(chat_id, [(small, 90, 68), (large, 640, 480)]))
    assert answer.status_code == 200

    assert [c["file_id"] for c in telegram.calls("getFile") if c["file_id"] in (small, large)] == [large]
    [said] = user_events(stack, sender)
    assert said["text"] == "/provide_evidence"
    [evidence_id] = said["metadata"]["evidence_ids"]

    headers = service_as_owner("A1001", "dev@example.com", conversation=sender)
    stored = requests.get(f"{stack.api}/evidence/{evidence_id}", headers=headers, timeout=10)
    assert stored.status_code == 200, stored.text
    assert (stored.json()["width"], stored.json()["height"]) == (640, 480)


def test_a_file_the_service_refuses_gets_its_reason_in_the_chat_and_never_reaches_rasa(
    stack, webhook, telegram, shop_headers
):
    chat_id = new_chat_id()
    not_a_photo = b"%PDF-1.4\n1 0 obj << >> endobj\n%%EOF\n"
    direct = requests.post(
        f"{stack.api}/evidence",
        files={"file": ("scan.jpg", not_a_photo)},
        headers={**shop_headers, "X-ReturnDesk-Conversation": "tg-direct-check"},
        timeout=10,
    )
    assert 400 <= direct.status_code < 500, direct.text
    file_id = telegram.add_file(not_a_photo, "photos/file_scan.jpg")
    post(webhook, photo_update(chat_id, [(file_id, 800, 600)]))
    assert telegram.texts(chat_id) == [direct.json()["detail"]]
    assert user_events(stack, f"tg-{chat_id}") == []


def test_a_file_over_telegrams_download_limit_is_declined_in_the_chat(stack, webhook, telegram):
    chat_id = new_chat_id()
    file_id = telegram.add_file(b"\xff\xd8" + bytes(20 * 1024 * 1024), "photos/file_huge.jpg")
    post(webhook, photo_update(chat_id, [(file_id, 4000, 3000)]))
    assert telegram.texts(chat_id) == [TOO_BIG]
    assert user_events(stack, f"tg-{chat_id}") == []
