"""The three ways a notification reaches a customer: email, SMS and their chat.

Each channel turns an outbox row into one delivery and returns the provider's message id, or
raises `SendFailed` with a sentence saying why (the worker retries it later). SMS goes through a
small provider interface; the default is a stand-in that records each text in the `sms_log`
table instead of sending it — honestly named, and replaced by a real provider's subclass.
"""

from __future__ import annotations

import hashlib
import logging
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import quote

from jinja2 import Environment, PackageLoader, select_autoescape
from sqlalchemy.orm import Session, sessionmaker

from ..config import Settings, get_settings
from ..db import transaction
from ..handoff import rasa
from ..mail import Mail, MailNotSent, MailSender, get_mail_sender
from ..models.notification import NotificationOutbox
from . import repository
from .messages import Rendered, pick_locale, render
from .service import unsubscribe_token

log = logging.getLogger(__name__)
CHAT_SENDER_NAME = "ReturnDesk"
templates = Environment(loader=PackageLoader("returndesk", "templates"), autoescape=select_autoescape())


class SendFailed(Exception):
    """This attempt did not deliver; the text says why and goes into the row's last_error."""


# The event of an outbox email that carries its own subject, text and HTML in `data` (no template).
PREPARED_EMAIL = "prepared_email"


def rendered(row: NotificationOutbox) -> Rendered:
    return render(row.event, row.locale, row.data or {})


def email_message_id(key: str, settings: Settings) -> str:
    """Derived from the outbox key: a message resent after a crash has the same Message-ID, so the
    receiving side (and our tests) can tell it is the same message, not a new one."""
    domain = settings.mail_from.rsplit("@", 1)[-1].strip("> ") or "returndesk.invalid"
    digest = hashlib.sha256(key.encode()).hexdigest()[:32]
    return f"<notification.{digest}@{domain}>"


class Channel:
    name: str

    def send(self, row: NotificationOutbox) -> str:
        raise NotImplementedError


@dataclass
class EmailChannel(Channel):
    sender: MailSender | None = None
    settings: Settings = field(default_factory=get_settings)
    name: str = "email"

    def build(self, row: NotificationOutbox) -> Mail:
        if row.event == PREPARED_EMAIL:
            return self._prepared(row)
        text = rendered(row)
        unsubscribe = (
            f"{self.settings.public_url.rstrip('/')}/api/v1/notifications/unsubscribe?token="
            f"{quote(unsubscribe_token(self.settings, row.customer_id or 0))}"
        )
        values: dict[str, Any] = {
            **(row.data or {}),
            "subject": text.subject,
            "paragraphs": text.paragraphs,
            "unsubscribe_url": unsubscribe,
        }
        folder = f"notification/{pick_locale(row.locale)}"
        return Mail(
            to=row.recipient,
            subject=text.subject,
            body=templates.get_template(f"{folder}/email.txt").render(values),
            html=templates.get_template(f"{folder}/email.html").render(values),
            message_id=email_message_id(row.key, self.settings),
            # RFC 8058 one-click unsubscribe: mail clients show an "Unsubscribe" button that POSTs.
            headers=(("List-Unsubscribe", f"<{unsubscribe}>"), ("List-Unsubscribe-Post", "List-Unsubscribe=One-Click")),
        )

    def _prepared(self, row: NotificationOutbox) -> Mail:
        """A staff email its sender rendered in full (subject, text, HTML), e.g. the analytics report."""
        data = row.data or {}
        return Mail(
            to=row.recipient,
            subject=data["subject"],
            body=data["text"],
            html=data["html"],
            message_id=email_message_id(row.key, self.settings),
        )

    def send(self, row: NotificationOutbox) -> str:
        try:
            return (self.sender or get_mail_sender(self.settings)).send(self.build(row))
        except MailNotSent as exc:
            raise SendFailed(str(exc)) from None


class SmsProvider:
    """Sends one text message; returns the provider's message id or raises SendFailed.
    `key` is the outbox key: providers that accept an idempotency key should pass it on."""

    def send(self, to: str, body: str, *, key: str) -> str:
        raise NotImplementedError


@dataclass
class LogSmsProvider(SmsProvider):
    """Stand-in SMS provider: records the text in `sms_log` (one row per outbox key) and logs it."""

    sessions: sessionmaker[Session]

    def send(self, to: str, body: str, *, key: str) -> str:
        with transaction(self.sessions) as session:
            entry_id = repository.log_sms(session, key, to, body)
        log.info("SMS (log sink, not sent) to +%s: %s", to, body)
        return f"sms-log-{entry_id}"


@dataclass
class SmsChannel(Channel):
    provider: SmsProvider
    name: str = "sms"

    def send(self, row: NotificationOutbox) -> str:
        return self.provider.send(row.recipient, rendered(row).short, key=row.key)


@dataclass
class ChatChannel(Channel):
    """A proactive message in the customer's conversation, through Rasa (kept in the tracker)."""

    bridge: rasa.RasaBridge | None = None  # None: the Rasa server the settings name
    name: str = "chat"

    def send(self, row: NotificationOutbox) -> str:
        bridge = self.bridge or rasa.RasaBridge.from_settings()
        try:
            bridge.say(row.recipient, rendered(row).short, agent_name=CHAT_SENDER_NAME)
        except rasa.ChatUnreachable as exc:
            raise SendFailed(str(exc)) from None
        return f"chat:{row.key}"


def default_channels(sessions: sessionmaker[Session], settings: Settings | None = None) -> dict[str, Channel]:
    settings = settings or get_settings()
    return {
        "email": EmailChannel(settings=settings),
        "sms": SmsChannel(LogSmsProvider(sessions)),
        "chat": ChatChannel(),
    }
