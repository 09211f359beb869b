"""Sending one email. A pluggable edge: a base class, and plain SMTP (smtplib) as the default.

A sender either delivers the message to the mail server or raises `MailNotSent` with a sentence
saying why; callers keep what they meant to send and record that it did not go out, so nothing
a person wrote is lost when the mail server is down.
"""

from __future__ import annotations

import smtplib
from dataclasses import dataclass
from email.message import EmailMessage
from email.utils import make_msgid

from ..config import Settings, get_settings


class MailNotSent(Exception):
    """The message did not reach the mail server; the text says why, for the person who sent it."""


@dataclass(frozen=True)
class Mail:
    to: str
    subject: str
    body: str
    reply_to: str | None = None
    # Notifications send an HTML alternative, a Message-ID derived from their outbox key (a resend
    # is then recognisably the same message) and List-Unsubscribe headers.
    html: str | None = None
    message_id: str | None = None
    headers: tuple[tuple[str, str], ...] = ()


class MailSender:
    """Delivers a `Mail` or raises `MailNotSent`. Subclass for a provider's API."""

    def send(self, mail: Mail) -> str:
        """Send; returns the Message-ID."""
        raise NotImplementedError


class SmtpSender(MailSender):
    def __init__(self, host: str, port: int, sender: str, *, timeout: float = 10.0) -> None:
        self.host, self.port, self.sender, self.timeout = host, port, sender, timeout

    @property
    def domain(self) -> str | None:
        return self.sender.rsplit("@", 1)[-1].strip("> ") or None

    def build(self, mail: Mail) -> EmailMessage:
        message = EmailMessage()
        message["From"] = self.sender
        message["To"] = mail.to
        message["Subject"] = mail.subject
        message["Message-ID"] = mail.message_id or make_msgid(domain=self.domain)
        if mail.reply_to:
            message["Reply-To"] = mail.reply_to
        for name, value in mail.headers:
            message[name] = value
        message.set_content(mail.body)
        if mail.html is not None:
            message.add_alternative(mail.html, subtype="html")
        return message

    def send(self, mail: Mail) -> str:
        message = self.build(mail)
        try:
            with smtplib.SMTP(self.host, self.port, timeout=self.timeout) as smtp:
                smtp.send_message(message)
        except smtplib.SMTPRecipientsRefused:
            raise MailNotSent(f"the mail server refused the address {mail.to}") from None
        except (TimeoutError, OSError, smtplib.SMTPException) as exc:
            raise MailNotSent(f"the mail server at {self.host}:{self.port} could not be reached ({exc})") from None
        return message["Message-ID"]


def get_mail_sender(settings: Settings | None = None) -> MailSender:
    """The configured sender; settings are read on each call, so a changed port applies at once."""
    settings = settings or get_settings()
    return SmtpSender(settings.smtp_host, settings.smtp_port, settings.mail_from)
