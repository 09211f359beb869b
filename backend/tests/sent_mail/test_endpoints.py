"""GET /sent-mail: the console's read-only view of what the development mail sink saved."""

from __future__ import annotations

import shutil
import socket
from collections.abc import Iterator

import pytest

from returndesk.mail.sender import Mail, SmtpSender
from returndesk.mail.sink import MAX_MESSAGE_BYTES, start_sink

from ..conftest import MAIL_SINK_DIR


@pytest.fixture
def sent() -> Iterator[SmtpSender]:
    """The service's own SMTP sender, talking to a sink that saves into the folder the service reads."""
    shutil.rmtree(MAIL_SINK_DIR, ignore_errors=True)
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    controller = start_sink(MAIL_SINK_DIR, "127.0.0.1", port)
    try:
        yield SmtpSender("127.0.0.1", port, "ReturnDesk <returns@returndesk.example>")
    finally:
        controller.stop()
        shutil.rmtree(MAIL_SINK_DIR, ignore_errors=True)


def test_an_agent_lists_the_saved_emails_newest_first_and_reads_one(signed_in, sent):
    sent.send(Mail(to="dev@example.com", subject="Your return is approved", body="Print the label.", html="<p>x</p>"))
    sent.send(Mail(to="ben@example.com", subject="退货已收到", body="我们已收到您的包裹。", reply_to="desk@x.example"))
    agent = signed_in("alice", "agent")

    listed = agent.get("/sent-mail")
    assert listed.status_code == 200, listed.text
    body = listed.json()
    assert body["total"] == 2
    assert [m["subject"] for m in body["messages"]] == ["退货已收到", "Your return is approved"]
    assert body["messages"][1]["to"] == "dev@example.com" and body["messages"][1]["size_bytes"] > 0

    first = agent.get(f"/sent-mail/{body['messages'][1]['id']}").json()
    assert first["text"].strip() == "Print the label." and first["has_html"] is True
    assert first["sender"] == "ReturnDesk <returns@returndesk.example>"
    second = agent.get(f"/sent-mail/{body['messages'][0]['id']}").json()
    assert second["text"].strip() == "我们已收到您的包裹。" and second["reply_to"] == "desk@x.example"


def test_the_list_is_limited(signed_in, sent):
    for number in range(3):
        sent.send(Mail(to="dev@example.com", subject=f"mail {number}", body="."))
    answer = signed_in("alice", "agent").get("/sent-mail", params={"limit": 2}).json()
    assert answer["total"] == 3 and [m["subject"] for m in answer["messages"]] == ["mail 2", "mail 1"]
    assert signed_in("sam", "agent").get("/sent-mail", params={"limit": 201}).status_code == 422


@pytest.mark.parametrize(
    "mail_id",
    [
        pytest.param("..%2F..%2Fconftest", id="encoded-parent"),
        pytest.param("..", id="parent"),
        pytest.param("x.eml", id="a-dot"),
        pytest.param("a" * 65, id="too-long"),
        pytest.param("%00", id="nul"),
    ],
)
def test_no_id_reaches_a_file_outside_the_sink(signed_in, sent, mail_id):
    answer = signed_in("alice", "agent").get(f"/sent-mail/{mail_id}")
    assert answer.status_code in (404, 422), answer.text
    assert answer.headers["content-type"].startswith("application/problem+json")


def test_an_unknown_message_is_a_404_that_says_where_to_look(signed_in, sent):
    answer = signed_in("alice", "agent").get("/sent-mail/20260101T000000000000Z-abc")
    assert answer.status_code == 404
    assert "Outbox mail" in answer.json()["detail"]


def test_a_file_above_the_size_limit_is_listed_but_not_shown(signed_in, sent):
    (MAIL_SINK_DIR / "20990101T000000000000Z-big.eml").write_bytes(
        b"Subject: big\r\n\r\n" + b"x" * (MAX_MESSAGE_BYTES + 1)
    )
    agent = signed_in("alice", "agent")
    assert agent.get("/sent-mail").json()["messages"][0]["subject"] == "big"
    answer = agent.get("/sent-mail/20990101T000000000000Z-big")
    assert answer.status_code == 413 and "open the file itself" in answer.json()["detail"]


def test_a_missing_folder_is_an_empty_list(signed_in, sent):
    shutil.rmtree(MAIL_SINK_DIR)
    assert signed_in("alice", "agent").get("/sent-mail").json() == {"messages": [], "total": 0}


def test_only_the_desk_reads_the_emails(signed_in, api, sent):
    assert api.get("/sent-mail").status_code == 401
    refused = signed_in("wim", "warehouse").get("/sent-mail")
    assert refused.status_code == 403 and "role" in refused.json()["detail"]
