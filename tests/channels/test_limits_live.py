"""Abuse against the live product: messages of several MB on every channel leave Rasa's memory
flat and every process up; a turn the action server cannot answer is met with an honest message.

Rasa once grew to 21 GB on one message of a few hundred KB and took the product down with it.
"""

from __future__ import annotations

from pathlib import Path

import requests

from bot.channels import limits, replies

from ..chat import Conversation
from ..stack import RASA_TOKEN, Stack
from .socket_client import connected, run
from .telegram_updates import new_chat_id, post, text_update

SEVERAL_MB = 5 * 1024 * 1024
# What serving a few requests may add to a Python process's resident memory: allocator slack,
# not the message. The bug this guards against grew Rasa by gigabytes.
RSS_SLACK_KB = 64 * 1024


def resident_kb(pid: int) -> int:
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1])
    raise AssertionError(f"no VmRSS for process {pid}")


def user_texts(stack: Stack, sender: str) -> list[str]:
    tracker = requests.get(f"{stack.rasa_url}/conversations/{sender}/tracker", params={"token": RASA_TOKEN}, timeout=10)
    assert tracker.status_code == 200, tracker.text
    return [event.get("text") or "" for event in tracker.json().get("events", []) if event["event"] == "user"]


def rest_post(stack: Stack, chat: Conversation, data: bytes) -> requests.Response:
    return requests.post(
        f"{stack.rasa_url}/webhooks/signed_rest/webhook",
        data=data,
        headers={"Authorization": f"Bearer {chat.token}", "Content-Type": "application/json"},
        timeout=60,
    )


def socketio_flood(stack: Stack, chat: Conversation) -> None:
    async def scenario():
        client = await connected(stack.rasa_url)
        try:
            await client.sio.emit("session_request", {"session_id": chat.conversation_id, "token": chat.token})
            assert await client.next_event() == ("session_confirm", chat.conversation_id)
            await client.sio.emit("user_uttered", {"message": "x" * SEVERAL_MB})
            await client.sio.wait()  # returns once the server has dropped the connection
        finally:
            await client.close()

    run(scenario)


def test_messages_of_several_mb_on_every_channel_leave_rasa_flat_and_every_process_up(stack: Stack):
    rasa = stack.processes["rasa"].popen.pid
    web, socket = Conversation.start(stack), Conversation.start(stack)
    web.intent("greet")  # the first turn loads what a conversation needs, before the measure
    before = resident_kb(rasa)

    # REST: a multi-MB body is refused as it streams in; a long message under the body limit is
    # answered with "too long" and never stored.
    body = b'{"sender": "%s", "message": "%s"}' % (web.conversation_id.encode(), b"x" * SEVERAL_MB)
    assert rest_post(stack, web, body).status_code == 413
    long_text = "x" * (limits.MAX_BODY_BYTES - 1024)
    answer = web.say(long_text)
    assert answer == [{"recipient_id": web.conversation_id, "text": limits.too_long_answer(long_text)}]
    # socket.io: the socket that sends a multi-MB packet is dropped.
    socketio_flood(stack, socket)
    # Telegram: the same, through its webhook with the right secret.
    chat_id = new_chat_id()
    assert (
        post(f"{stack.rasa_url}/webhooks/telegram/webhook", text_update(chat_id, "x" * SEVERAL_MB)).status_code == 413
    )
    telegram_long = "退" * 4096  # Telegram's own limit per message
    assert post(f"{stack.rasa_url}/webhooks/telegram/webhook", text_update(chat_id, telegram_long)).status_code == 200
    assert stack.telegram.texts(chat_id) == [limits.too_long_answer(telegram_long)]

    after = resident_kb(rasa)
    assert after - before < RSS_SLACK_KB, f"Rasa grew from {before} kB to {after} kB"
    assert {name: p.popen.poll() for name, p in stack.processes.items()} == dict.fromkeys(stack.processes)
    for sender in (web.conversation_id, socket.conversation_id, f"tg-{chat_id}"):
        assert all(len(text) <= limits.MAX_MESSAGE_CHARS for text in user_texts(stack, sender)), sender
    # ... and the product still answers.
    assert web.intent("greet") and web.text()


def test_when_the_action_server_is_down_the_customer_is_told_and_the_chat_goes_on_after(stack: Stack):
    chat = Conversation.start(stack)
    stack.stop_actions()
    try:
        # The policy answer is a custom action: with the action server gone Rasa would say nothing.
        down = chat.intent("ask_return_policy")
    finally:
        stack.restart_actions()
    told = replies.reply("assistant_down", "/ask_return_policy")
    assert down == [{"recipient_id": chat.conversation_id, "text": told}]
    chat.intent("ask_return_policy")
    assert chat.text() and told not in chat.text()
