"""The development mail sink: a real SMTP server on loopback that saves each message as a file."""

from __future__ import annotations

import socket
from collections.abc import Iterator
from email import message_from_bytes, policy
from pathlib import Path

import pytest

from returndesk.mail.sender import Mail, MailNotSent, SmtpSender
from returndesk.mail.sink import MAX_MESSAGE_BYTES, start_sink


@pytest.fixture
def sink(tmp_path: Path) -> Iterator[tuple[Path, SmtpSender]]:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    folder = tmp_path / "mail"
    controller = start_sink(folder, "127.0.0.1", port)
    try:
        yield folder, SmtpSender("127.0.0.1", port, "ReturnDesk <returns@returndesk.example>")
    finally:
        controller.stop()


def test_each_message_the_service_sends_is_saved_whole_as_an_eml_file(sink):
    folder, sender = sink
    sender.send(Mail(to="dev@example.com", subject="Your return RMA-1", body="Label inside.", html="<p>Label</p>"))
    sender.send(Mail(to="ben@example.com", subject="退货已批准", body="您好"))

    files = sorted(folder.glob("*.eml"))
    assert len(files) == 2 and not list(folder.glob("*.part"))
    first, second = (message_from_bytes(path.read_bytes(), policy=policy.default) for path in files)
    assert (first["To"], first["Subject"]) == ("dev@example.com", "Your return RMA-1")
    assert first.get_body(preferencelist=("plain",)).get_content().strip() == "Label inside."
    assert second["Subject"] == "退货已批准"  # names sort by arrival


def test_a_message_above_the_size_limit_is_refused_and_not_saved(sink):
    folder, sender = sink
    with pytest.raises(MailNotSent):
        sender.send(Mail(to="dev@example.com", subject="huge", body="x" * (MAX_MESSAGE_BYTES + 1)))
    assert list(folder.iterdir()) == []
