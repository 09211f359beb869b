"""What a stranger may send through a chat channel: a too-long message is answered and never
reaches the assistant, a too-large body is refused before it is read, oversized metadata is
dropped. Against the echo server, whose agent repeats everything it gets (echo_server.py)."""

from __future__ import annotations

import pytest
import requests

from bot.channels import limits, replies

from .helpers import token_for
from .socket_client import connected, run

LIMIT = limits.MAX_MESSAGE_CHARS


def post(echo_server: str, conversation: str, body: object) -> requests.Response:
    return requests.post(
        f"{echo_server}/webhooks/signed_rest/webhook",
        json=body,
        headers={"Authorization": f"Bearer {token_for(conversation)}"},
        timeout=30,
    )


@pytest.mark.parametrize(
    ("text", "locale", "expected"),
    [
        pytest.param("x" * (LIMIT + 1), "en", "2,001 characters", id="English"),
        pytest.param("退" * (LIMIT + 1), "zh", "2001 个字符", id="Chinese"),
    ],
)
def test_a_message_over_the_limit_is_answered_in_its_language_and_never_reaches_the_assistant(
    echo_server, text, locale, expected
):
    answer = post(echo_server, "conversation-long", {"sender": "conversation-long", "message": text})
    assert answer.status_code == 200, answer.text
    [message] = answer.json()
    assert expected in message["text"]
    assert message["text"] == replies.reply("too_long", text, length=LIMIT + 1, limit=LIMIT)
    assert replies.locale_of(text) == locale
    assert "echo" not in message["text"]


def test_a_message_at_the_limit_reaches_the_assistant(echo_server):
    text = "x" * LIMIT
    answer = post(echo_server, "conversation-at", {"sender": "conversation-at", "message": text})
    assert answer.json() == [{"recipient_id": "conversation-at", "text": f"echo conversation-at signed_rest: {text}"}]


@pytest.mark.parametrize("chunked", [False, True], ids=["declared size", "chunked"])
def test_a_body_over_the_limit_is_refused_before_it_is_read(echo_server, chunked):
    body = b'{"sender": "conversation-big", "message": "' + b"x" * (5 * 1024 * 1024) + b'"}'
    data = iter([body[i : i + 65536] for i in range(0, len(body), 65536)]) if chunked else body
    answer = requests.post(
        f"{echo_server}/webhooks/signed_rest/webhook",
        data=data,
        headers={"Authorization": f"Bearer {token_for('conversation-big')}", "Content-Type": "application/json"},
        timeout=30,
    )
    assert answer.status_code == 413
    assert answer.json()["reason"] == "too_large"


def test_metadata_over_the_limit_is_dropped_and_the_message_still_goes_through(echo_server):
    metadata = {"page": "/", "blob": "y" * limits.MAX_METADATA_BYTES}
    answer = post(echo_server, "conversation-m", {"sender": "conversation-m", "message": "hi", "metadata": metadata})
    assert answer.json() == [{"recipient_id": "conversation-m", "text": "echo conversation-m signed_rest: hi"}]


@pytest.mark.parametrize(
    ("metadata", "kept"),
    [
        pytest.param({"page": "/returns"}, {"page": "/returns"}, id="small: kept"),
        pytest.param({"blob": "y" * limits.MAX_METADATA_BYTES}, {}, id="over the limit: dropped"),
        pytest.param(["not", "an", "object"], {}, id="not an object: dropped"),
    ],
)
def test_only_small_metadata_objects_are_kept(metadata, kept):
    assert limits.bounded_metadata(metadata) == kept


def test_over_socketio_a_message_over_the_limit_is_answered_and_never_reaches_the_assistant(echo_server):
    async def scenario():
        client = await connected(echo_server, also=("bot_turn_done",))
        try:
            await client.sio.emit("session_request", {"session_id": "socket-long", "token": token_for("socket-long")})
            assert await client.next_event() == ("session_confirm", "socket-long")
            await client.sio.emit("user_uttered", {"message": "x" * (LIMIT + 1), "turn": "t1"})
            name, data = await client.next_event()
            assert name == "bot_uttered" and "too long" in data["text"], data
            assert await client.next_event() == ("bot_turn_done", {"turn": "t1"})
            await client.sio.emit("user_uttered", {"message": "short", "turn": "t2"})
            assert await client.next_event() == ("bot_uttered", {"text": "echo socket-long signed_socketio: short"})
        finally:
            await client.close()

    run(scenario)


def test_over_socketio_a_packet_over_the_limit_closes_that_socket_only(echo_server):
    async def scenario():
        bystander = await connected(echo_server)
        attacker = await connected(echo_server)
        try:
            await bystander.sio.emit("session_request", {"session_id": "socket-b", "token": token_for("socket-b")})
            assert await bystander.next_event() == ("session_confirm", "socket-b")
            await attacker.sio.emit("session_request", {"session_id": "socket-a", "token": token_for("socket-a")})
            assert await attacker.next_event() == ("session_confirm", "socket-a")
            await attacker.sio.emit("user_uttered", {"message": "x" * (5 * 1024 * 1024)})
            await attacker.sio.wait()  # returns once the server has dropped the connection
            await bystander.sio.emit("user_uttered", {"message": "still here"})
            assert await bystander.next_event() == (
                "bot_uttered",
                {"text": "echo socket-b signed_socketio: still here"},
            )
        finally:
            await bystander.close()
            await attacker.close()

    run(scenario)
