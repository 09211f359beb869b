"""Telegram Update objects as the Bot API posts them to a webhook, and a way to post them."""

from __future__ import annotations

import itertools
import random
import time
from typing import Any

import requests

from ..telegram_standin import WEBHOOK_SECRET

_update_ids = itertools.count(random.randint(10_000, 900_000))


def new_chat_id() -> int:
    return random.randint(10**8, 10**10)


def _customer(chat_id: int) -> dict[str, Any]:
    return {"id": chat_id, "is_bot": False, "first_name": "Dana", "language_code": "en"}


def _message(chat_id: int, chat_type: str = "private", **content: Any) -> dict[str, Any]:
    chat = {"id": chat_id, "first_name": "Dana", "type": "private"} if chat_type == "private" else {}
    return {
        "message_id": random.randint(1, 10**6),
        "from": _customer(abs(chat_id)),
        "chat": chat or {"id": chat_id, "title": "Shoppers", "type": chat_type},
        "date": int(time.time()),
        **content,
    }


def text_update(chat_id: int, text: str, chat_type: str = "private") -> dict[str, Any]:
    return {"update_id": next(_update_ids), "message": _message(chat_id, chat_type, text=text)}


def button_update(chat_id: int, data: str, query_id: str = "4382bfdwdsb323b2d9") -> dict[str, Any]:
    bot_message = {**_message(chat_id, text="(the bot's message with the keyboard)"), "from": {"id": 1, "is_bot": True}}
    return {
        "update_id": next(_update_ids),
        "callback_query": {
            "id": query_id,
            "from": _customer(chat_id),
            "message": bot_message,
            "chat_instance": "-7263482394823",
            "data": data,
        },
    }


def photo_update(chat_id: int, file_ids: list[tuple[str, int, int]], caption: str | None = None) -> dict[str, Any]:
    """A photo message; `file_ids` lists (file_id, width, height), one per size Telegram made."""
    sizes = [
        {
            "file_id": file_id,
            "file_unique_id": file_id[-10:],
            "file_size": width * height // 10,
            "width": width,
            "height": height,
        }
        for file_id, width, height in file_ids
    ]
    content: dict[str, Any] = {"photo": sizes}
    if caption:
        content["caption"] = caption
    return {"update_id": next(_update_ids), "message": _message(chat_id, **content)}


def post(webhook: str, update: dict[str, Any], secret: str | None = WEBHOOK_SECRET) -> requests.Response:
    headers = {"X-Telegram-Bot-Api-Secret-Token": secret} if secret is not None else {}
    return requests.post(webhook, json=update, headers=headers, timeout=90)
