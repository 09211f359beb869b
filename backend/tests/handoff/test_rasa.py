"""The chat bridge (returndesk/handoff/rasa.py) against a stand-in Rasa HTTP API: the events it
appends, how it reads a transcript, and that every way of Rasa failing is ChatUnreachable."""

from __future__ import annotations

import socket
from collections.abc import Iterator

import pytest

from returndesk.config import get_settings
from returndesk.handoff import rasa
from returndesk.handoff.rasa import ChatUnreachable, RasaBridge, TranscriptLine

from .fake_rasa import FakeRasa, running_fake_rasa

TOKEN = "fake-rasa-token"


@pytest.fixture
def fake() -> Iterator[FakeRasa]:
    with running_fake_rasa() as server:
        yield server


@pytest.fixture
def bridge(fake: FakeRasa) -> RasaBridge:
    return RasaBridge(fake.url, TOKEN)


@pytest.fixture
def configured(fake: FakeRasa, monkeypatch: pytest.MonkeyPatch) -> FakeRasa:
    """The module functions read the settings: point them at the stand-in."""
    monkeypatch.setattr(get_settings(), "rasa_server_url", fake.url + "/")
    monkeypatch.setattr(get_settings(), "rasa_token", TOKEN)
    return fake


def appended(fake: FakeRasa) -> list[dict]:
    [request] = fake.received
    assert request.method == "POST"
    assert request.query == {
        "token": TOKEN,
        "output_channel": "latest",
        "execute_side_effects": "true",
        "include_events": "NONE",
    }
    return request.body


def test_say_appends_a_bot_event_marked_with_the_agent_through_the_customers_channel(configured):
    rasa.say("conv-1", "I'm looking at your order now.", agent_name=" Alice ")
    assert configured.received[0].path == "/conversations/conv-1/tracker/events"
    assert appended(configured) == [
        {"event": "bot", "text": "I'm looking at your order now.", "metadata": {"returndesk_agent": "Alice"}}
    ]


def test_pause_announces_before_pausing(configured):
    rasa.pause("conv-1", announce="A person takes over.")
    assert appended(configured) == [
        {"event": "bot", "text": "A person takes over.", "metadata": {"returndesk_notice": "paused"}},
        {"event": "pause"},
    ]


def test_resume_closes_the_turns_the_bot_sat_out_then_announces(configured):
    rasa.resume("conv-1", announce="The assistant is back.")
    assert appended(configured) == [
        {"event": "resume"},
        {"event": "action", "name": "action_listen"},
        {"event": "bot", "text": "The assistant is back.", "metadata": {"returndesk_notice": "resumed"}},
    ]


@pytest.mark.parametrize(
    ("conversation", "path"),
    [
        pytest.param("tg-123456", "/conversations/tg-123456/tracker/events", id="telegram"),
        pytest.param("a/../b?x=1#y", "/conversations/a%2F..%2Fb%3Fx%3D1%23y/tracker/events", id="slashes-query"),
        pytest.param("x y", "/conversations/x%20y/tracker/events", id="space"),
    ],
)
def test_a_conversation_id_is_always_one_path_segment(bridge, fake, conversation, path):
    bridge.say(conversation, "hello", agent_name="Alice")
    assert fake.received[0].path == path


@pytest.mark.parametrize(
    ("call", "message"),
    [
        pytest.param(lambda b: b.say("", "hi", agent_name="A"), "conversation id", id="no-conversation"),
        pytest.param(lambda b: b.say("c", "  ", agent_name="A"), "needs some text", id="blank-text"),
        pytest.param(lambda b: b.say("c", "hi", agent_name=" "), "agent's name", id="no-agent"),
        pytest.param(lambda b: b.pause("c", announce=""), "needs some text", id="blank-announcement"),
    ],
)
def test_bad_arguments_are_refused_before_anything_reaches_rasa(bridge, fake, call, message):
    with pytest.raises(ValueError, match=message):
        call(bridge)
    assert fake.received == []


def test_the_transcript_has_customer_bot_and_agent_lines_in_order(configured):
    configured.answer = {
        "events": [
            {"event": "action", "name": "action_session_start", "timestamp": 1.0},
            {"event": "user", "text": "my vase arrived broken", "timestamp": 2.0},
            {"event": "slot", "name": "reason", "value": "damaged", "timestamp": 2.1},
            {"event": "bot", "text": "Sorry to hear that.", "timestamp": 3.0, "metadata": {}},
            {"event": "bot", "text": None, "data": {"custom": {"evidence_request": {}}}, "timestamp": 3.1},
            {"event": "bot", "text": "A person takes over.", "timestamp": 4.0, "metadata": {"returndesk_notice": "x"}},
            {"event": "pause", "timestamp": 4.0},
            {"event": "user", "text": "hello?", "timestamp": 5.0},
            {"event": "bot", "text": "Hi, Alice here.", "timestamp": 6.0, "metadata": {"returndesk_agent": "Alice"}},
        ]
    }
    assert rasa.transcript("conv-1") == [
        TranscriptLine(2.0, "customer", "my vase arrived broken"),
        TranscriptLine(3.0, "bot", "Sorry to hear that."),
        TranscriptLine(4.0, "bot", "A person takes over."),
        TranscriptLine(5.0, "customer", "hello?"),
        TranscriptLine(6.0, "agent", "Hi, Alice here.", "Alice"),
    ]
    [request] = configured.received
    assert (request.method, request.path) == ("GET", "/conversations/conv-1/tracker")
    assert request.query == {"token": TOKEN, "include_events": "ALL"}
    assert [line.text for line in rasa.transcript("conv-1", after=4.0)] == ["hello?", "Hi, Alice here."]


def test_an_unknown_conversation_has_an_empty_transcript(bridge, fake):
    fake.answer = {"sender_id": "new", "events": []}
    assert bridge.transcript("new") == []


@pytest.mark.parametrize(
    ("status", "words"),
    [
        pytest.param(500, "answered 500", id="5xx"),
        pytest.param(503, "answered 503", id="unavailable"),
        pytest.param(401, "RETURNDESK_RASA_TOKEN", id="unauthorized"),
        pytest.param(403, "RETURNDESK_RASA_TOKEN", id="forbidden"),
        pytest.param(400, "answered 400", id="bad-request"),
    ],
)
def test_rasa_refusing_or_failing_is_chat_unreachable_with_a_sentence(bridge, fake, status, words):
    fake.status, fake.answer = status, {"message": "An unexpected error occurred."}
    for call in (
        lambda: bridge.say("c", "hi", agent_name="A"),
        lambda: bridge.pause("c", announce="x"),
        lambda: bridge.resume("c", announce="x"),
        lambda: bridge.transcript("c"),
    ):
        with pytest.raises(ChatUnreachable, match=words):
            call()


def test_no_rasa_listening_is_chat_unreachable_naming_the_setting():
    with socket.socket() as sock:  # a port nobody listens on once closed
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    bridge = RasaBridge(f"http://127.0.0.1:{port}", TOKEN)
    with pytest.raises(ChatUnreachable, match="RETURNDESK_RASA_SERVER_URL"):
        bridge.say("c", "hi", agent_name="Alice")
    with pytest.raises(ChatUnreachable, match="could not be reached"):
        bridge.transcript("c")


def test_a_rasa_that_accepts_but_never_answers_times_out_as_chat_unreachable():
    import httpx

    with socket.socket() as listener:  # accepts connections (backlog) but never replies
        listener.bind(("127.0.0.1", 0))
        listener.listen(1)
        port = listener.getsockname()[1]
        bridge = RasaBridge(f"http://127.0.0.1:{port}", TOKEN, timeout=httpx.Timeout(0.3))
        with pytest.raises(ChatUnreachable, match="ReadTimeout"):
            bridge.pause("c", announce="x")


def test_pause_names_who_took_the_chat_for_the_bots_acknowledgements(configured):
    rasa.pause("conv-1", announce="Alice has joined.", handler=" Alice ")
    assert appended(configured)[0]["metadata"] == {"returndesk_notice": "paused", "returndesk_handler": "Alice"}


def test_asking_for_the_rating_marks_the_question_runs_the_bots_own_and_listens(configured):
    rasa.ask_rating("conv-1")
    slot, execute, listen = configured.received
    assert slot.body == [{"event": "slot", "name": "rating_asked", "value": True}]
    assert (execute.method, execute.path) == ("POST", "/conversations/conv-1/execute")
    assert execute.body == {"name": "utter_ask_chat_rating"} and execute.query["output_channel"] == "latest"
    assert listen.body == [{"event": "action", "name": "action_listen"}]


def test_slots_read_the_bots_slots(configured):
    configured.answer = {"slots": {"language": "zh", "chat_score": None}}
    assert rasa.slots("conv-1") == {"language": "zh", "chat_score": None}
    assert configured.received[0].query == {"token": TOKEN, "include_events": "NONE"}
