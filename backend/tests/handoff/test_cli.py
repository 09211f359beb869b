"""`python -m returndesk.handoff`: the bridge as an operator's command, against the stand-in Rasa."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from returndesk.config import get_settings
from returndesk.handoff.__main__ import main

from .fake_rasa import running_fake_rasa

BACKEND = Path(__file__).resolve().parents[2]


@pytest.fixture
def fake(monkeypatch: pytest.MonkeyPatch):
    with running_fake_rasa() as server:
        monkeypatch.setattr(get_settings(), "rasa_server_url", server.url)
        monkeypatch.setattr(get_settings(), "rasa_token", "cli-token")
        yield server


def test_say_pause_and_resume_send_their_events(fake):
    assert main(["pause", "conv-9"]) == 0
    assert main(["say", "conv-9", "Hello from a person", "--agent", "Alice"]) == 0
    assert main(["resume", "conv-9", "--announce", "Back to the assistant."]) == 0
    pause, say, resume = (request.body for request in fake.received)
    assert pause[-1] == {"event": "pause"} and "person" in pause[0]["text"]
    assert say == [{"event": "bot", "text": "Hello from a person", "metadata": {"returndesk_agent": "Alice"}}]
    assert resume[-1]["text"] == "Back to the assistant."


def test_transcript_prints_readable_lines_or_json(fake, capsys):
    fake.answer = {
        "events": [
            {"event": "user", "text": "hi", "timestamp": 0.0},
            {"event": "bot", "text": "Alice here", "timestamp": 60.0, "metadata": {"returndesk_agent": "Alice"}},
        ]
    }
    assert main(["transcript", "conv-9"]) == 0
    assert capsys.readouterr().out.splitlines() == [
        "1970-01-01 00:00:00  customer: hi",
        "1970-01-01 00:01:00  Alice (agent): Alice here",
    ]
    assert main(["transcript", "conv-9", "--json", "--after", "30"]) == 0
    [line] = capsys.readouterr().out.splitlines()
    assert json.loads(line) == {"timestamp": 60.0, "speaker": "agent", "text": "Alice here", "agent_name": "Alice"}


def test_an_empty_message_is_a_usage_error(fake, capsys):
    assert main(["say", "conv-9", " ", "--agent", "Alice"]) == 2
    assert "needs some text" in capsys.readouterr().err
    assert fake.received == []


def test_without_rasa_the_command_says_so_and_exits_3():
    # A fresh process, as an operator runs it, pointed at a port where nothing listens.
    env = {"RETURNDESK_RASA_SERVER_URL": "http://127.0.0.1:9", "RETURNDESK_ENVIRONMENT": "test", "PATH": ""}
    done = subprocess.run(
        [sys.executable, "-m", "returndesk.handoff", "say", "c", "hi", "--agent", "Alice"],
        cwd=BACKEND,
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert done.returncode == 3, done.stderr
    assert "could not be reached" in done.stderr and "RETURNDESK_RASA_SERVER_URL" in done.stderr


def test_say_dash_sends_each_line_of_stdin_and_reports_each(fake, monkeypatch, capsys):
    import io

    monkeypatch.setattr("sys.stdin", io.StringIO("first\n\nsecond message\n"))
    assert main(["say", "conv-9", "-", "--agent", "Alice"]) == 0
    assert [request.body[0]["text"] for request in fake.received] == ["first", "second message"]
    assert capsys.readouterr().out.splitlines() == ["sent 1", "sent 2"]


def test_follow_prints_new_lines_as_rasa_records_them(fake):
    # A real process: --follow runs until stopped, as an operator's terminal would.
    fake.answer = {"events": [{"event": "user", "text": "first", "timestamp": 10.0}]}
    env = {"RETURNDESK_RASA_SERVER_URL": fake.url, "RETURNDESK_ENVIRONMENT": "test", "PATH": ""}
    follower = subprocess.Popen(
        [sys.executable, "-m", "returndesk.handoff", "transcript", "conv-9", "--json", "--follow"],
        cwd=BACKEND,
        env=env,
        stdout=subprocess.PIPE,
        text=True,
    )
    try:
        assert json.loads(follower.stdout.readline())["text"] == "first"
        # Rasa answers the whole tracker each time; only the new line is printed, never "first" again.
        fake.answer = {
            "events": [
                {"event": "user", "text": "first", "timestamp": 10.0},
                {"event": "bot", "text": "second", "timestamp": 11.0, "metadata": {"returndesk_agent": "Al"}},
            ]
        }
        assert json.loads(follower.stdout.readline()) == {
            "timestamp": 11.0,
            "speaker": "agent",
            "text": "second",
            "agent_name": "Al",
        }
    finally:
        follower.terminate()
        follower.wait(timeout=10)
