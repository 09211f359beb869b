"""Helpers for the channel tests: chat tokens, and an echo server in a subprocess (a fixture)."""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
import urllib.request
from collections.abc import Iterator
from datetime import datetime, timedelta, timezone
from pathlib import Path

import pytest

from bot.channels import tokens

REPO_DIR = Path(__file__).resolve().parents[2]
SECRET = "channel-tests-secret-0123456789abcdefghij"


# A customer the service verified from a shop's signed context, as the chat token carries it.
SIGNED_IN = {"email": "dev@example.com", "order_number": "A1001"}


def token_for(
    conversation_id: str, *, secret: str = SECRET, hours: float = 1, context: dict[str, str] | None = None
) -> str:
    expires_at = datetime.now(timezone.utc) + timedelta(hours=hours)
    return tokens.issue(secret, conversation_id, expires_at, context)


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@pytest.fixture(scope="session")
def echo_server() -> Iterator[str]:
    port = _free_port()
    env = {**os.environ, "RETURNDESK_CHAT_SECRET": SECRET, "PYTHONPATH": str(REPO_DIR)}
    process = subprocess.Popen(
        [sys.executable, "-m", "tests.channels.echo_server", str(port)],
        cwd=REPO_DIR,
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
    )
    url = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + 60
    while True:
        try:
            urllib.request.urlopen(f"{url}/webhooks/signed_rest/", timeout=1)
            break
        except OSError:
            if process.poll() is not None or time.monotonic() > deadline:
                process.kill()
                output = process.stdout.read().decode(errors="replace") if process.stdout else ""
                raise RuntimeError(f"the echo server did not start:\n{output}") from None
            time.sleep(0.2)
    yield url
    process.terminate()
    try:
        process.wait(timeout=10)
    except subprocess.TimeoutExpired:
        process.kill()
