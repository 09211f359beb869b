"""The SMTP sender against a real SMTP server on loopback."""

from __future__ import annotations

import socket

import pytest

from returndesk.mail import Mail, MailNotSent, SmtpSender


def test_a_mail_arrives_with_sender_subject_and_body(smtp_server):
    inbox, port = smtp_server
    sender = SmtpSender("127.0.0.1", port, "ReturnDesk <returns@returndesk.example>")
    message_id = sender.send(Mail(to="dev@example.com", subject="Your case ESC-1", body="Hello Dev,\nÜbrigens: ok."))
    got = inbox.next()
    assert got["To"] == "dev@example.com" and got["Subject"] == "Your case ESC-1"
    assert got["From"] == "ReturnDesk <returns@returndesk.example>" and got["Message-ID"] == message_id
    assert "Übrigens: ok." in got.get_content()


def test_an_unreachable_server_is_a_sentence_not_a_crash():
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    with pytest.raises(MailNotSent, match="could not be reached"):
        SmtpSender("127.0.0.1", port, "desk@returndesk.example", timeout=5).send(
            Mail(to="dev@example.com", subject="s", body="b")
        )
