"""The signed socket.io channel: nothing reaches Rasa before the token is verified, and a
verified socket speaks only in its own conversation."""

from __future__ import annotations

from datetime import datetime, timedelta, timezone

import pytest

from bot.channels import tokens
from bot.channels.signed_socketio import SignedSocketIOInput, SignedSocketIOOutput, VerifiedSession

from .helpers import SECRET, SIGNED_IN, token_for
from .socket_client import connected, run

UTC = timezone.utc
OUTPUT = object()  # stands in for the socket.io output channel


@pytest.fixture
def channel() -> SignedSocketIOInput:
    return SignedSocketIOInput.from_credentials({"session_persistence": True, "user_message_evt": "user_uttered"})


@pytest.fixture(autouse=True)
def _secret(monkeypatch):
    monkeypatch.setenv("RETURNDESK_CHAT_SECRET", SECRET)


def test_a_session_request_with_the_conversations_token_is_verified(channel):
    session = channel.verify_session_request({"session_id": "conversation-1", "token": token_for("conversation-1")})
    assert session.conversation_id == "conversation-1"
    assert session.expires_at > datetime.now(UTC)


@pytest.mark.parametrize(
    ("data", "code"),
    [
        pytest.param(None, "invalid", id="no payload"),
        pytest.param({"session_id": "conversation-1"}, "invalid", id="no token"),
        pytest.param({"token": token_for("conversation-1")}, "invalid", id="no session id"),
        pytest.param(
            {"session_id": "conversation-2", "token": token_for("conversation-1")},
            "wrong_conversation",
            id="another conversation's token",
        ),
        pytest.param(
            {"session_id": "conversation-1", "token": token_for("conversation-1", hours=-1)}, "expired", id="expired"
        ),
        pytest.param(
            {"session_id": "conversation-1", "token": token_for("conversation-1", secret="x" * 40)},
            "invalid",
            id="another secret",
        ),
    ],
)
def test_a_session_request_without_a_valid_token_is_refused(channel, data, code):
    with pytest.raises(tokens.InvalidChatToken) as refused:
        channel.verify_session_request(data)
    assert refused.value.code == code


def test_a_signed_in_customers_session_request_keeps_the_verified_context(channel):
    token = token_for("conversation-1", context=SIGNED_IN)
    session = channel.verify_session_request({"session_id": "conversation-1", "token": token})
    assert session.context == SIGNED_IN


@pytest.mark.parametrize(
    ("context", "expected"),
    [
        pytest.param(SIGNED_IN, {"page": "/", tokens.CONTEXT_METADATA_KEY: SIGNED_IN}, id="signed in: replaced"),
        pytest.param(None, {"page": "/"}, id="anonymous: dropped"),
    ],
)
def test_every_message_carries_the_sessions_context_and_never_the_clients(channel, context, expected):
    channel.verified["sid-1"] = VerifiedSession("conversation-1", datetime.now(UTC) + timedelta(hours=1), context)
    forged = {"page": "/", tokens.CONTEXT_METADATA_KEY: {"email": "eve@example.com", "order_number": "B2002"}}
    assert channel.user_message("sid-1", {"message": "hi", "metadata": forged}, OUTPUT).metadata == expected


def test_messages_from_an_unverified_socket_are_refused(channel):
    with pytest.raises(tokens.InvalidChatToken) as refused:
        channel.user_message("sid-1", {"message": "hi", "session_id": "conversation-1"}, OUTPUT)
    assert refused.value.code == "unverified"


def test_a_verified_socket_always_speaks_in_its_own_conversation(channel):
    channel.verified["sid-1"] = VerifiedSession("conversation-1", datetime.now(UTC) + timedelta(hours=1))
    message = channel.user_message(
        "sid-1", {"message": "hi", "session_id": "conversation-2", "metadata": {"page": "/"}}, OUTPUT
    )
    assert message.sender_id == "conversation-1"
    assert message.text == "hi" and message.metadata == {"page": "/"}
    assert message.input_channel == "signed_socketio" and message.output_channel is OUTPUT


@pytest.mark.parametrize(
    ("metadata", "expected"),
    [('{"page": "/"}', {"page": "/"}), ("not json", {}), (["a", "list"], {}), (None, {})],
)
def test_metadata_is_forwarded_only_as_an_object(channel, metadata, expected):
    channel.verified["sid-1"] = VerifiedSession("conversation-1", datetime.now(UTC) + timedelta(hours=1))
    assert channel.user_message("sid-1", {"message": "hi", "metadata": metadata}, OUTPUT).metadata == expected


def test_a_session_that_expires_while_connected_stops_being_accepted(channel):
    channel.verified["sid-1"] = VerifiedSession("conversation-1", datetime.now(UTC) - timedelta(seconds=1))
    with pytest.raises(tokens.InvalidChatToken) as refused:
        channel.user_message("sid-1", {"message": "hi"}, OUTPUT)
    assert refused.value.code == "expired" and "sid-1" not in channel.verified


@pytest.mark.parametrize(
    ("data", "turn"),
    [
        pytest.param({"message": "hi", "turn": "a1b2-3"}, "a1b2-3", id="a string"),
        pytest.param({"message": "hi", "turn": 7}, "7", id="a number"),
        pytest.param({"message": "hi", "turn": "x" * 500}, "x" * 64, id="cut to 64 characters"),
        pytest.param({"message": "hi"}, None, id="none given"),
        pytest.param({"message": "hi", "turn": {"a": 1}}, None, id="an object"),
        pytest.param({"message": "hi", "turn": True}, None, id="a boolean"),
        pytest.param("not a dict", None, id="no payload object"),
    ],
)
def test_the_turn_a_client_names_is_echoed_only_as_a_short_string(data, turn):
    assert SignedSocketIOInput.turn_of(data) == turn


# ---- over socket.io, against the echo server ----


def test_over_socketio_only_verified_sockets_reach_rasa_and_only_in_their_conversation(echo_server):
    async def scenario():
        mallory, alice = await connected(echo_server), await connected(echo_server)
        try:
            # Unverified: an error event, nothing reaches the agent.
            await mallory.sio.emit("user_uttered", {"message": "hi", "session_id": "alice-conversation"})
            assert await mallory.next_event() == (
                "session_error",
                {"error": "unverified", "message": "send session_request with your chat token first"},
            )
            # Alice proves her conversation.
            await alice.sio.emit(
                "session_request", {"session_id": "alice-conversation", "token": token_for("alice-conversation")}
            )
            assert await alice.next_event() == ("session_confirm", "alice-conversation")
            # Mallory cannot join it with her own token or with none.
            await mallory.sio.emit(
                "session_request", {"session_id": "alice-conversation", "token": token_for("mallory-conversation")}
            )
            name, data = await mallory.next_event()
            assert name == "session_error" and data["error"] == "wrong_conversation"
            await mallory.sio.emit("session_request", {"session_id": "alice-conversation"})
            assert (await mallory.next_event())[0] == "session_error"
            # Mallory verifies her own conversation, then names Alice's in her message: ignored.
            await mallory.sio.emit(
                "session_request", {"session_id": "mallory-conversation", "token": token_for("mallory-conversation")}
            )
            assert await mallory.next_event() == ("session_confirm", "mallory-conversation")
            await mallory.sio.emit("user_uttered", {"message": "hello", "session_id": "alice-conversation"})
            assert await mallory.next_event() == (
                "bot_uttered",
                {"text": "echo mallory-conversation signed_socketio: hello"},
            )
            assert await alice.no_event(), "Alice must not see Mallory's conversation"
            # Alice's own message reaches her conversation, with its metadata.
            await alice.sio.emit("user_uttered", {"message": "hi", "metadata": {"page": "/"}})
            assert await alice.next_event() == ("bot_uttered", {"text": "echo alice-conversation signed_socketio: hi"})
            assert await alice.next_event() == ("bot_uttered", {"text": "metadata {'page': '/'}"})
            assert await mallory.no_event(within=0.3)
        finally:
            await mallory.close()
            await alice.close()

    run(scenario)


def test_over_socketio_a_signed_in_socket_speaks_with_its_verified_context(echo_server):
    async def scenario():
        client = await connected(echo_server)
        try:
            token = token_for("conversation-v", context=SIGNED_IN)
            await client.sio.emit("session_request", {"session_id": "conversation-v", "token": token})
            assert await client.next_event() == ("session_confirm", "conversation-v")
            forged = {tokens.CONTEXT_METADATA_KEY: {"email": "eve@example.com"}}
            await client.sio.emit("user_uttered", {"message": "hi", "metadata": forged})
            assert await client.next_event() == ("bot_uttered", {"text": "echo conversation-v signed_socketio: hi"})
            assert await client.next_event() == (
                "bot_uttered",
                {"text": f"metadata {{'{tokens.CONTEXT_METADATA_KEY}': {SIGNED_IN!r}}}"},
            )
        finally:
            await client.close()

    run(scenario)


def test_over_socketio_a_reconnected_socket_must_prove_itself_again(echo_server):
    async def scenario():
        first = await connected(echo_server)
        await first.sio.emit("session_request", {"session_id": "conversation-r", "token": token_for("conversation-r")})
        assert await first.next_event() == ("session_confirm", "conversation-r")
        await first.close()
        second = await connected(echo_server)
        try:
            await second.sio.emit("user_uttered", {"message": "hi", "session_id": "conversation-r"})
            assert (await second.next_event())[0] == "session_error"
        finally:
            await second.close()

    run(scenario)


def test_over_socketio_every_socket_of_the_conversation_hears_when_a_turn_is_done(echo_server):
    async def scenario():
        first = await connected(echo_server, also=("bot_turn_done",))
        second = await connected(echo_server, also=("bot_turn_done",))
        stranger = await connected(echo_server, also=("bot_turn_done",))
        try:
            for client in (first, second):
                token = token_for("conversation-t")
                await client.sio.emit("session_request", {"session_id": "conversation-t", "token": token})
                assert await client.next_event() == ("session_confirm", "conversation-t")
            await first.sio.emit("user_uttered", {"message": "hi", "metadata": {"page": "/"}, "turn": "tab1-1"})
            # Both answers first, then the end of the turn, with the turn the client named.
            for client in (first, second):
                assert [await client.next_event() for _ in range(3)] == [
                    ("bot_uttered", {"text": "echo conversation-t signed_socketio: hi"}),
                    ("bot_uttered", {"text": "metadata {'page': '/'}"}),
                    ("bot_turn_done", {"turn": "tab1-1"}),
                ]
            await second.sio.emit("user_uttered", {"message": "again"})
            for client in (first, second):
                assert [await client.next_event() for _ in range(2)] == [
                    ("bot_uttered", {"text": "echo conversation-t signed_socketio: again"}),
                    ("bot_turn_done", {"turn": None}),
                ]
            # A refused message is no turn: only the refusal.
            await stranger.sio.emit("user_uttered", {"message": "hi", "session_id": "conversation-t", "turn": "s-1"})
            assert (await stranger.next_event())[0] == "session_error"
            assert await stranger.no_event(within=0.5) and await first.no_event(within=0.1)
        finally:
            for client in (first, second, stranger):
                await client.close()

    run(scenario)


class RecordingSio:
    def __init__(self) -> None:
        self.emitted: list[tuple[str, dict, str]] = []

    async def emit(self, event: str, data: dict, room: str) -> None:
        self.emitted.append((event, data, room))


def test_a_link_button_reaches_the_widget_as_a_link_beside_choices():
    sio = RecordingSio()
    output = SignedSocketIOOutput(sio, "bot_uttered")
    buttons = [
        {"title": "Download your label (PDF)", "url": "https://shop.test/label.pdf"},
        {"title": "Talk to a person", "payload": "/request_human"},
    ]
    run(lambda: output.send_response("c1", {"text": "Your return label is ready.", "buttons": buttons}))
    assert sio.emitted == [
        (
            "bot_uttered",
            {
                "text": "Your return label is ready.",
                "quick_replies": [
                    {
                        "content_type": "text",
                        "title": "Download your label (PDF)",
                        "url": "https://shop.test/label.pdf",
                    },
                    {"content_type": "text", "title": "Talk to a person", "payload": "/request_human"},
                ],
            },
            "c1",
        )
    ]
