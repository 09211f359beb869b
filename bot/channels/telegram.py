"""Telegram channel: `POST /webhooks/telegram/webhook`, answers through the Bot API.

Rasa's stock `telegram` connector cannot be used: it does not check the
`X-Telegram-Bot-Api-Secret-Token` header (so anyone who finds the webhook URL can speak as any
chat), and it drops photos. This one

- refuses (403, nothing reaches Rasa) any request whose secret header is not the configured
  webhook secret (constant-time compare);
- turns text into user messages for the sender `tg-<chat id>` (never a web conversation id), in
  private chats only: in a group, every member would read the customer's order and return;
- sends bot buttons as an inline keyboard whose callback_data is the button's payload, and turns
  a button press (callback_query) into that payload as a user message, after answering the
  query so the customer's app stops its spinner;
- sends bot images with sendPhoto;
- takes a photo (the largest size Telegram offers), or an image/video sent as a file, fetches it
  with getFile and the file URL, uploads it to the returns service's `POST /api/v1/evidence` as
  the shop's channel for this conversation, and hands Rasa `/provide_evidence` with metadata
  `{"evidence_ids": [id]}`; a file the service refuses gets the service's own `detail` back in
  the chat and never reaches Rasa.

Metadata is built here from what the service stored, never copied from the update, so the
signed-in customer key (`tokens.CONTEXT_METADATA_KEY`) can never be set from Telegram.

credentials.yml (Rasa expands `${VAR}` from the environment):

    bot.channels.telegram.TelegramInput:
      bot_token: ${RETURNDESK_TELEGRAM_BOT_TOKEN}
      webhook_secret: ${RETURNDESK_TELEGRAM_WEBHOOK_SECRET}
      service_url: ${RETURNDESK_SERVICE_URL}        # the returns service, e.g. http://127.0.0.1:8000/api/v1
      shop_token: ${RETURNDESK_SHOP_API_TOKEN}
      # api_url: https://api.telegram.org           # the Bot API (a stand-in's URL in tests)
      # webhook_url: https://chat.example.com/webhooks/telegram/webhook   # setWebhook at start
"""

from __future__ import annotations

import hashlib
import hmac
import json
import logging
import re
from collections import OrderedDict
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from typing import Any

from rasa.core.channels.channel import InputChannel, OutputChannel, UserMessage
from rasa.shared.exceptions import RasaException
from sanic import Blueprint, response
from sanic.request import Request
from sanic.response import HTTPResponse

from . import limits
from .handoff import agent_of, signed_text
from .silence import CountsReplies, explain_silence
from .telegram_api import (
    BotApi,
    EvidenceClient,
    EvidenceRejected,
    EvidenceUnavailable,
    Http,
    TelegramApiError,
)

logger = logging.getLogger(__name__)

SECRET_HEADER = "X-Telegram-Bot-Api-Secret-Token"
# Telegram's own rule for secret_token: 1-256 of these; we ask for at least 16.
SECRET_PATTERN = re.compile(r"^[A-Za-z0-9_-]{16,256}$")
SENDER_PREFIX = "tg-"
EVIDENCE_INTENT = "/provide_evidence"
MAX_TEXT_CHARS = 4096  # Bot API limit per message, and what we pass on to Rasa
MAX_CALLBACK_DATA = 64  # bytes, Bot API limit

TOO_BIG = "That file is too big for me to fetch from Telegram (20 MB at most). Please send a smaller photo."
NOT_FETCHED = "I couldn't fetch that file from Telegram. Please send it again."
NOT_STORED = "I couldn't store your photo just now. Please send it again in a minute."
PRIVATE_ONLY = "I can only help with returns in a private chat. Please message me directly."
TEXT_AND_PHOTOS = "I can read text and photos here. Please type your message or send a photo."


@dataclass(frozen=True)
class TelegramConfig:
    bot_token: str
    webhook_secret: str
    service_url: str
    shop_token: str
    api_url: str = "https://api.telegram.org"
    webhook_url: str | None = None

    @classmethod
    def from_credentials(cls, credentials: dict[str, Any] | None) -> TelegramConfig:
        """The connector's settings, or a RasaException that names the key to fix."""
        credentials = credentials or {}
        values: dict[str, str] = {}
        for key in ("bot_token", "webhook_secret", "service_url", "shop_token"):
            value = credentials.get(key)
            if not isinstance(value, str) or not value.strip():
                raise RasaException(f"credentials.yml, {TelegramInput.__module__}.TelegramInput: set '{key}'")
            values[key] = value.strip()
        if not SECRET_PATTERN.match(values["webhook_secret"]):
            raise RasaException(
                "credentials.yml, Telegram 'webhook_secret': use 16-256 characters of A-Z, a-z, 0-9, _ and - "
                "(Telegram's alphabet for secret_token)"
            )
        api_url = str(credentials.get("api_url") or cls.api_url).rstrip("/")
        webhook_url = credentials.get("webhook_url") or None
        return cls(**values, api_url=api_url, webhook_url=str(webhook_url) if webhook_url else None)


def sender_for(chat_id: int | str) -> str:
    return f"{SENDER_PREFIX}{chat_id}"


def chat_for(sender_id: str) -> str:
    """The Telegram chat id of a sender id this connector made (`tg-<chat id>`)."""
    if not sender_id.startswith(SENDER_PREFIX):
        raise ValueError(f"{sender_id!r} is not a Telegram conversation")
    return sender_id[len(SENDER_PREFIX) :]


def largest_photo(sizes: list[dict[str, Any]]) -> dict[str, Any] | None:
    """The PhotoSize with the most pixels (file size breaks ties): Telegram lists several."""
    usable = [size for size in sizes if isinstance(size, dict) and size.get("file_id")]
    if not usable:
        return None
    return max(usable, key=lambda s: (s.get("width", 0) * s.get("height", 0), s.get("file_size", 0)))


def media_of(message: dict[str, Any]) -> dict[str, Any] | None:
    """The file a message carries as evidence: a photo, or an image or video sent as a file."""
    if message.get("photo"):
        return largest_photo(message["photo"])
    if isinstance(message.get("video"), dict):
        return message["video"]
    document = message.get("document")
    if isinstance(document, dict) and str(document.get("mime_type", "")).startswith(("image/", "video/")):
        return document
    return None


class CallbackData:
    """Button payload → callback_data. Payloads over Telegram's 64 bytes go by a short alias.

    Our payloads are short (`/inform{"reason": "damaged_in_transit"}`), so aliases are rare; the
    map is per process and bounded, so a very old keyboard with a long payload may stop working
    after many others (or on another replica) — it then says so rather than guessing.
    """

    PREFIX = "rd#"

    def __init__(self, size: int = 5000) -> None:
        self.size = size
        self.aliases: OrderedDict[str, str] = OrderedDict()

    def encode(self, payload: str) -> str:
        if len(payload.encode()) <= MAX_CALLBACK_DATA and not payload.startswith(self.PREFIX):
            return payload
        alias = self.PREFIX + hashlib.sha256(payload.encode()).hexdigest()[:24]
        self.aliases[alias] = payload
        self.aliases.move_to_end(alias)
        while len(self.aliases) > self.size:
            self.aliases.popitem(last=False)
        return alias

    def decode(self, data: str) -> str | None:
        return self.aliases.get(data) if data.startswith(self.PREFIX) else data


class TelegramOutput(CountsReplies, OutputChannel):
    """Bot messages to a Telegram chat through the Bot API."""

    @classmethod
    def name(cls) -> str:
        return "telegram"

    def __init__(self, api: BotApi, callbacks: CallbackData) -> None:
        self.api = api
        self.callbacks = callbacks

    async def send_text_message(self, recipient_id: str, text: str, **kwargs: Any) -> None:
        chat_id = chat_for(recipient_id)
        agent = agent_of(kwargs)
        if agent is not None and text.strip():
            text = signed_text(agent, text)  # all messages come from the bot's account: say who wrote
        if not text.strip():
            return  # the Bot API refuses empty messages
        for start in range(0, max(len(text), 1), MAX_TEXT_CHARS):
            await self.api.call("sendMessage", chat_id=chat_id, text=text[start : start + MAX_TEXT_CHARS])

    async def send_text_with_buttons(
        self, recipient_id: str, text: str, buttons: list[dict[str, Any]], **kwargs: Any
    ) -> None:
        rows = []
        for button in buttons:
            title = str(button.get("title") or button.get("payload") or "")[:64]
            if button.get("url"):
                rows.append([{"text": title, "url": button["url"]}])
            else:
                rows.append([{"text": title, "callback_data": self.callbacks.encode(str(button.get("payload", "")))}])
        await self.api.call(
            "sendMessage",
            chat_id=chat_for(recipient_id),
            text=text[:MAX_TEXT_CHARS] or "…",
            reply_markup={"inline_keyboard": rows},
        )

    async def send_image_url(self, recipient_id: str, image: str, **kwargs: Any) -> None:
        try:
            await self.api.call("sendPhoto", chat_id=chat_for(recipient_id), photo=image)
        except TelegramApiError as error:
            # Telegram fetches the photo itself; an address it cannot reach still reaches the customer as a link.
            logger.warning("telegram: sendPhoto failed (%s); sending the link instead", error.description)
            await self.send_text_message(recipient_id, image)

    async def send_custom_json(self, recipient_id: str, json_message: dict[str, Any], **kwargs: Any) -> None:
        # Custom payloads are the web widget's; only their text (if any) means something here.
        if isinstance(json_message.get("text"), str) and json_message["text"]:
            await self.send_text_message(recipient_id, json_message["text"])


class TelegramInput(InputChannel):
    """Telegram webhook with the secret token header required."""

    @classmethod
    def name(cls) -> str:
        return "telegram"

    @classmethod
    def from_credentials(cls, credentials: dict[str, Any] | None) -> TelegramInput:
        return cls(TelegramConfig.from_credentials(credentials))

    def __init__(self, config: TelegramConfig) -> None:
        self.config = config
        self.http = Http()
        self.api = BotApi(config.api_url, config.bot_token, self.http)
        self.evidence = EvidenceClient(config.service_url, config.shop_token, self.http)
        self.callbacks = CallbackData()
        # Telegram redelivers an update it got no 200 for; the last few ids stop a double answer.
        self.recent_updates: OrderedDict[int, None] = OrderedDict()
        self.app: Any = None  # Rasa's Sanic app, once the server has started

    def authentic(self, secret: str | None) -> bool:
        return secret is not None and hmac.compare_digest(secret.encode(), self.config.webhook_secret.encode())

    def get_output_channel(self) -> TelegramOutput:
        return TelegramOutput(self.api, self.callbacks)

    def seen(self, update_id: Any) -> bool:
        if not isinstance(update_id, int):
            return False
        if update_id in self.recent_updates:
            return True
        self.recent_updates[update_id] = None
        while len(self.recent_updates) > 1000:
            self.recent_updates.popitem(last=False)
        return False

    async def handle_update(
        self, update: dict[str, Any], on_new_message: Callable[[UserMessage], Awaitable[Any]]
    ) -> None:
        output = self.get_output_channel()
        if isinstance(update.get("callback_query"), dict):
            await self.handle_button(update["callback_query"], output, on_new_message)
            return
        message = update.get("message")
        if not isinstance(message, dict) or not isinstance((message.get("chat") or {}).get("id"), int):
            return  # edits, channel posts, members joining: nothing for the assistant
        sender = sender_for(message["chat"].get("id"))
        if message["chat"].get("type") != "private":
            # Everyone in a group would read the customer's order and return: one-to-one only.
            await output.send_text_message(sender, PRIVATE_ONLY)
            return
        media = media_of(message)
        if media is not None:
            await self.handle_evidence(sender, media, output, on_new_message)
        elif isinstance(message.get("text"), str) and message["text"].strip():
            text = message["text"]
            if text.split("@")[0].strip() == "/start":  # the first thing every Telegram chat sends
                text = "/greet"
            too_long = limits.too_long_answer(text)
            if too_long is not None:
                await output.send_text_message(sender, too_long)
                return
            await self.hand_to_rasa(UserMessage(text, output, sender, input_channel=self.name()), on_new_message)
        else:
            await output.send_text_message(sender, TEXT_AND_PHOTOS)

    async def handle_button(
        self, query: dict[str, Any], output: TelegramOutput, on_new_message: Callable[[UserMessage], Awaitable[Any]]
    ) -> None:
        try:
            await self.api.call("answerCallbackQuery", callback_query_id=query.get("id"))
        except TelegramApiError as error:  # the press still counts; only the spinner lingers
            logger.warning("telegram: answerCallbackQuery failed: %s", error.description)
        chat = (query.get("message") or {}).get("chat") or {}
        if (
            not isinstance(chat.get("id"), int)
            or chat.get("type") != "private"
            or not isinstance(query.get("data"), str)
        ):
            return
        sender = sender_for(chat["id"])
        payload = self.callbacks.decode(query["data"])
        if payload is None:
            await output.send_text_message(sender, "That button has expired. Please type your answer instead.")
            return
        await self.hand_to_rasa(UserMessage(payload, output, sender, input_channel=self.name()), on_new_message)

    async def handle_evidence(
        self,
        sender: str,
        media: dict[str, Any],
        output: TelegramOutput,
        on_new_message: Callable[[UserMessage], Awaitable[Any]],
    ) -> None:
        try:
            file = await self.api.call("getFile", file_id=media["file_id"])
            if not isinstance(file, dict) or not file.get("file_path"):
                raise TelegramApiError("getFile", "no file_path in the answer")
            content = await self.api.download(file["file_path"])
        except TelegramApiError as error:
            logger.info("telegram: %s could not be fetched: %s", sender, error)
            too_big = "too big" in error.description or "20 MB" in error.description
            await output.send_text_message(sender, TOO_BIG if too_big else NOT_FETCHED)
            return
        filename = media.get("file_name") or file["file_path"].rsplit("/", 1)[-1]
        try:
            stored = await self.evidence.upload(sender, filename, content)
        except EvidenceRejected as refusal:
            await output.send_text_message(sender, refusal.detail)
            return
        except EvidenceUnavailable as error:
            logger.error("telegram: evidence from %s not stored: %s", sender, error)
            await output.send_text_message(sender, NOT_STORED)
            return
        metadata = {"evidence_ids": [stored.evidence_id]}
        message = UserMessage(EVIDENCE_INTENT, output, sender, input_channel=self.name(), metadata=metadata)
        await self.hand_to_rasa(message, on_new_message)

    async def hand_to_rasa(self, message: UserMessage, on_new_message: Callable[[UserMessage], Awaitable[Any]]) -> None:
        await on_new_message(message)
        await explain_silence(self.app, message)

    async def set_webhook(self) -> bool:
        """Tell Telegram where to post updates, with our secret, if `webhook_url` is configured."""
        if not self.config.webhook_url:
            return False
        try:
            await self.api.call(
                "setWebhook",
                url=self.config.webhook_url,
                secret_token=self.config.webhook_secret,
                allowed_updates=["message", "callback_query"],
            )
        except TelegramApiError as error:
            logger.error("telegram: setWebhook failed: %s", error.description)
            return False
        logger.info("telegram: webhook set")
        return True

    def blueprint(self, on_new_message: Callable[[UserMessage], Awaitable[Any]]) -> Blueprint:
        webhook = Blueprint("returndesk_telegram_webhook", __name__)

        @webhook.listener("after_server_start")
        async def register_webhook(app: Any, *_: Any) -> None:
            self.app = app  # where explain_silence finds the action server
            await self.set_webhook()

        @webhook.listener("before_server_stop")
        async def close(*_: Any) -> None:
            await self.http.close()

        @webhook.route("/", methods=["GET"])
        async def health(_: Request) -> HTTPResponse:
            return response.json({"status": "ok"})

        @webhook.route("/webhook", methods=["POST"], stream=True)
        async def receive(request: Request) -> HTTPResponse:
            if not self.authentic(request.headers.get(SECRET_HEADER)):
                return response.json({"ok": False, "description": "wrong or missing secret token"}, status=403)
            try:
                update = json.loads(await limits.read_body(request))
            except limits.BodyTooLarge:
                too_large = f"an update is at most {limits.MAX_BODY_BYTES} bytes"
                return response.json({"ok": False, "description": too_large}, status=413)
            except ValueError:  # not JSON, or not UTF-8
                update = None
            if not isinstance(update, dict):
                return response.json({"ok": False, "description": "send a Telegram Update object"}, status=400)
            if self.seen(update.get("update_id")):
                return response.json({"ok": True})
            try:
                await self.handle_update(update, on_new_message)
            except Exception:
                # Answered 200 all the same: Telegram would redeliver the update again and again.
                logger.exception("telegram: update %s failed", update.get("update_id"))
            return response.json({"ok": True})

        return webhook
