"""The Telegram connector's own rules: configuration, the secret, which photo size, buttons."""

from __future__ import annotations

import asyncio
import importlib
import re
import socket
from pathlib import Path

import pytest
from rasa.shared.exceptions import RasaException
from rasa.shared.utils.io import read_yaml

from bot.channels.telegram import (
    CallbackData,
    TelegramConfig,
    TelegramInput,
    chat_for,
    largest_photo,
    media_of,
    sender_for,
)
from bot.channels.telegram_api import EvidenceClient, EvidenceUnavailable, Http

from ..telegram_standin import running_standin

CREDENTIALS = Path(__file__).resolve().parents[2] / "credentials.yml"
SETTINGS = {
    "bot_token": "123:abc",
    "webhook_secret": "a-webhook-secret-of-32-characters_",
    "service_url": "http://127.0.0.1:8000/api/v1",
    "shop_token": "shop-token",
}


def channel() -> TelegramInput:
    return TelegramInput.from_credentials(SETTINGS)


def test_the_documented_example_in_credentials_yml_builds_the_connector(monkeypatch):
    text = CREDENTIALS.read_text()
    block = re.search(r"^# (bot\.channels\.telegram\.TelegramInput:\n(?:#   .*\n)+)", text, re.MULTILINE)
    assert block, "credentials.yml should carry the Telegram channel as a commented example"
    example = "\n".join(line[2:] for line in block.group(0).splitlines())
    for variable, value in {
        "RETURNDESK_TELEGRAM_BOT_TOKEN": "123:abc",
        "RETURNDESK_TELEGRAM_WEBHOOK_SECRET": "x" * 32,
        "RETURNDESK_SERVICE_URL": "http://127.0.0.1:8000/api/v1",
        "RETURNDESK_SHOP_API_TOKEN": "shop",
    }.items():
        monkeypatch.setenv(variable, value)
    credentials = read_yaml(example)["bot.channels.telegram.TelegramInput"]
    config = TelegramInput.from_credentials(credentials).config
    assert (config.bot_token, config.webhook_secret, config.api_url) == (
        "123:abc",
        "x" * 32,
        "https://api.telegram.org",
    )


@pytest.mark.parametrize("missing", ["bot_token", "webhook_secret", "service_url", "shop_token"])
def test_a_missing_setting_is_named(missing):
    with pytest.raises(RasaException, match=missing):
        TelegramConfig.from_credentials({**SETTINGS, missing: ""})


@pytest.mark.parametrize("secret", ["short", "has spaces in it, too many", "ünïcode-secret-but-long-enough"])
def test_a_weak_or_malformed_webhook_secret_stops_the_start(secret):
    with pytest.raises(RasaException, match="webhook_secret"):
        TelegramConfig.from_credentials({**SETTINGS, "webhook_secret": secret})


def test_the_evidence_endpoint_is_found_with_or_without_the_api_prefix():
    for url in ("http://svc:8000", "http://svc:8000/", "http://svc:8000/api/v1", "http://svc:8000/api/v1/"):
        assert TelegramInput.from_credentials({**SETTINGS, "service_url": url}).evidence.url == (
            "http://svc:8000/api/v1/evidence"
        )


@pytest.mark.parametrize(
    ("header", "accepted"),
    [
        pytest.param(SETTINGS["webhook_secret"], True, id="the secret"),
        pytest.param(None, False, id="missing"),
        pytest.param("", False, id="empty"),
        pytest.param(SETTINGS["webhook_secret"][:-1], False, id="a prefix"),
        pytest.param(SETTINGS["webhook_secret"] + "x", False, id="longer"),
        pytest.param("ünïcode", False, id="not ascii"),
    ],
)
def test_only_the_configured_secret_is_authentic(header, accepted):
    assert channel().authentic(header) is accepted


def test_telegram_senders_cannot_collide_with_web_conversations():
    assert sender_for(-100123) == "tg--100123"
    assert chat_for("tg--100123") == "-100123"
    with pytest.raises(ValueError):
        chat_for("3f2a9c0d4e5b6a7f8091a2b3c4d5e6f7")


def test_the_largest_photo_size_is_taken():
    sizes = [
        {"file_id": "s", "width": 90, "height": 67, "file_size": 1200},
        {"file_id": "l", "width": 1280, "height": 960, "file_size": 98000},
        {"file_id": "m", "width": 320, "height": 240, "file_size": 14000},
    ]
    assert largest_photo(sizes)["file_id"] == "l"
    assert largest_photo([]) is None


def test_images_and_videos_sent_as_files_are_evidence_other_documents_are_not():
    assert media_of({"document": {"file_id": "d", "mime_type": "image/heic"}})["file_id"] == "d"
    assert media_of({"video": {"file_id": "v", "duration": 4}})["file_id"] == "v"
    assert media_of({"document": {"file_id": "p", "mime_type": "application/pdf"}}) is None
    assert media_of({"text": "hello"}) is None


def test_button_payloads_over_64_bytes_go_by_an_alias_and_come_back():
    callbacks = CallbackData(size=2)
    short = '/inform{"reason": "damaged_in_transit"}'
    long = '/inform{"line_no": "1", "note": "' + "x" * 80 + '"}'
    assert callbacks.encode(short) == short
    alias = callbacks.encode(long)
    assert len(alias.encode()) <= 64
    assert callbacks.decode(alias) == long
    callbacks.encode(long + "1")
    callbacks.encode(long + "2")
    assert callbacks.decode(alias) is None  # forgotten, and the connector says so


@pytest.mark.parametrize(
    ("key", "connector"),
    [("slack", "rasa.core.channels.slack.SlackInput"), ("facebook", "rasa.core.channels.facebook.FacebookInput")],
)
def test_the_stock_slack_and_facebook_examples_build_rasas_connectors(monkeypatch, key, connector):
    text = CREDENTIALS.read_text()
    block = re.search(rf"^# ({key}:\n(?:#   .*\n)+)", text, re.MULTILINE)
    assert block, f"credentials.yml should carry {key} as a commented example"
    example = "\n".join(line[2:] for line in block.group(0).splitlines())
    for variable in re.findall(r"\$\{(\w+)\}", example):
        monkeypatch.setenv(variable, f"test-{variable.lower()}")
    module, _, name = connector.rpartition(".")
    channel = getattr(importlib.import_module(module), name).from_credentials(read_yaml(example)[key])
    assert channel.name() == key


def test_with_a_webhook_url_the_connector_registers_its_webhook_and_secret():
    with running_standin() as telegram:
        settings = {**SETTINGS, "bot_token": telegram.token, "api_url": telegram.url}
        url = "https://chat.example.com/webhooks/telegram/webhook"

        async def register(**extra):
            channel = TelegramInput.from_credentials({**settings, **extra})
            try:
                return await channel.set_webhook()
            finally:
                await channel.http.close()

        assert asyncio.run(register()) is False  # not configured: nothing is called
        assert asyncio.run(register(webhook_url=url)) is True
        assert telegram.calls("setWebhook") == [
            {"url": url, "secret_token": SETTINGS["webhook_secret"], "allowed_updates": ["message", "callback_query"]}
        ]
        assert asyncio.run(register(webhook_url=url, bot_token="999:wrong")) is False  # 401, logged


def test_an_unreachable_returns_service_is_an_outage_not_a_refusal():
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        closed = f"http://127.0.0.1:{sock.getsockname()[1]}"

    async def upload():
        http = Http()
        try:
            return await EvidenceClient(closed, "shop", http).upload("tg-1", "photo.jpg", b"\xff\xd8")
        finally:
            await http.close()

    with pytest.raises(EvidenceUnavailable):
        asyncio.run(upload())


def test_bot_messages_reach_the_bot_api_as_telegram_expects_them():
    with running_standin() as telegram:
        channel = TelegramInput.from_credentials({**SETTINGS, "bot_token": telegram.token, "api_url": telegram.url})
        output = channel.get_output_channel()
        long_payload = '/inform{"line_no": "1", "note": "' + "x" * 80 + '"}'

        async def send():
            try:
                await output.send_response("tg-42", {"text": "Here is your photo", "image": "https://x.test/t.jpg"})
                await output.send_response(
                    "tg-42",
                    {
                        "text": "Which one?",
                        "buttons": [
                            {"title": "Jeans", "payload": "/start_return"},
                            {"title": "Long", "payload": long_payload},
                        ],
                    },
                )
                await output.send_response("tg-42", {"text": "y" * 5000})
            finally:
                await channel.http.close()

        asyncio.run(send())
        assert telegram.calls("sendPhoto", 42) == [{"chat_id": "42", "photo": "https://x.test/t.jpg"}]
        [keyboard] = [
            m["reply_markup"]["inline_keyboard"] for m in telegram.calls("sendMessage", 42) if "reply_markup" in m
        ]
        assert keyboard[0] == [{"text": "Jeans", "callback_data": "/start_return"}]
        assert channel.callbacks.decode(keyboard[1][0]["callback_data"]) == long_payload
        assert [len(t) for t in telegram.texts(42)[-2:]] == [4096, 904]  # split at the Bot API's limit
