"""Issue 5 on the live stack: an agent takes the customer's chat, talks to them in the same
window (widget socket and Telegram alike), and hands back to the bot; the customer may leave and
come back. The service's side is `python -m returndesk.handoff`, the bridge the case API uses.

What the bot is asked is a structured message (`/greet`, `/start_return`), answered however a
model reads a sentence; the customer's own words are sent while an agent has the chat, where
they are for the agent: the bot only acknowledges them ("Alice will answer here") until the agent
writes, then stays silent (bot/channels/handoff.py)."""

from __future__ import annotations

import asyncio

from ..channels.telegram_updates import new_chat_id, post, text_update
from ..channels.test_signed_socketio import run
from ..stack import Stack
from .customer import Customer, handoff, open_chat_session, transcript, wait_for_line

PAUSED = "A person from our returns team is joining; they will answer you here."
RESUMED = "You're back with the assistant."
AWAITED = "A person will answer here shortly."


def is_agent(data: dict) -> bool:
    return "agent" in data


def is_bot(data: dict) -> bool:
    return "agent" not in data


async def quiet_after(customer: Customer, stack: Stack, text: str) -> list[dict]:
    """The customer says `text`; the transcript once it has it (the bot's turn, if any, is over)."""
    await customer.write(text)
    return await asyncio.to_thread(wait_for_line, stack, customer.conversation_id, "customer", text)


def after(lines: list[dict], text: str) -> list[dict]:
    index = max(i for i, line in enumerate(lines) if line["speaker"] == "customer" and line["text"] == text)
    return lines[index + 1 :]


def test_an_agent_takes_the_chat_talks_in_it_and_hands_it_back(stack: Stack):
    session = open_chat_session(stack)
    conversation = session["conversation_id"]

    async def scenario():
        customer = await Customer(session).connect(stack.rasa_url)
        try:
            # The bot answers as usual.
            await customer.write("/greet")
            await customer.message_like(is_bot)
            await asyncio.to_thread(wait_for_line, stack, conversation, "customer", "/greet")

            # Taken by Alice: the customer is told, in their chat.
            await asyncio.to_thread(handoff, stack, "pause", conversation, "--announce", PAUSED, "--agent", "Alice")
            _, announced = await customer.message_like(lambda data: data.get("text") == PAUSED)
            assert is_bot(announced)
            customer.drain()

            # The customer's next message reaches the transcript; the bot does not answer it, it
            # only says who will (and the acknowledgement is not part of the conversation).
            lines = await quiet_after(customer, stack, "I want to return my jeans")
            assert after(lines, "I want to return my jeans") == []
            _, acknowledged = await customer.next_message()
            assert acknowledged == {"text": "Alice will answer here."}
            assert await no_message(customer), "the bot answered while an agent had the chat"

            # The agent's reply arrives on the customer's socket, with the agent's name.
            reply_text = "Hi, I'm Alice. Which order?"
            await asyncio.to_thread(handoff, stack, "say", conversation, reply_text, "--agent", "Alice")
            _, reply = await customer.next_message()
            assert reply == {"text": reply_text, "agent": {"name": "Alice"}}
            last = transcript(stack, conversation)[-1]
            assert (last["speaker"], last["text"], last["agent_name"]) == ("agent", reply_text, "Alice")

            # Alice wrote: the chat is hers, and the bot says nothing at all.
            await quiet_after(customer, stack, "Order A1001")
            assert await no_message(customer), "the bot spoke after the agent took over the conversation"

            # Handed back: the customer is told, and the bot answers again.
            await asyncio.to_thread(handoff, stack, "resume", conversation, "--announce", RESUMED)
            await customer.message_like(lambda data: data.get("text") == RESUMED)
            await customer.write("/greet")
            _, answer = await customer.message_like(is_bot)
            assert answer.get("text") or answer.get("quick_replies") or answer.get("attachment")
        finally:
            await customer.close()

    run(scenario)
    speakers = [line["speaker"] for line in transcript(stack, conversation)]
    assert speakers[:2] == ["customer", "bot"] and "agent" in speakers and speakers[-1] == "bot"


async def no_message(customer: Customer) -> bool:
    # The transcript already shows the bot's turn is over; this only lets an emit in flight land.
    try:
        _, data = await customer.next_message(seconds=1.0)
    except asyncio.TimeoutError:
        return True
    return False


def test_the_customer_leaves_and_comes_back_to_the_same_handoff(stack: Stack):
    session = open_chat_session(stack)
    conversation = session["conversation_id"]

    async def scenario():
        first = await Customer(session).connect(stack.rasa_url)
        await first.write("/greet")
        await first.message_like(is_bot)
        await asyncio.to_thread(handoff, stack, "pause", conversation, "--announce", PAUSED)
        await first.message_like(lambda data: data.get("text") == PAUSED)
        await quiet_after(first, stack, "my parcel arrived damaged")
        await first.close()
        # The agent answers while the customer is away: kept for them.
        await asyncio.to_thread(handoff, stack, "say", conversation, "Sorry! Can you send a photo?", "--agent", "Bob")

        # Back with the same chat session (the widget keeps it): what Bob wrote meanwhile arrives,
        # and the conversation is still with the agent.
        again = await Customer(session).connect(stack.rasa_url)
        try:
            _, missed = await again.next_message()
            assert missed == {"text": "Sorry! Can you send a photo?", "agent": {"name": "Bob"}}
            lines = await quiet_after(again, stack, "are you still there?")
            assert after(lines, "are you still there?") == []
            assert await no_message(again)
            await asyncio.to_thread(handoff, stack, "say", conversation, "Yes, still here.", "--agent", "Bob")
            _, reply = await again.next_message()
            assert reply == {"text": "Yes, still here.", "agent": {"name": "Bob"}}
        finally:
            await again.close()

    run(scenario)
    texts = [line["text"] for line in transcript(stack, conversation)]
    said = ("my parcel arrived damaged", "Sorry! Can you send a photo?", "are you still there?", "Yes, still here.")
    order = [texts.index(text) for text in said]
    assert order == sorted(order)


def test_the_same_handoff_reaches_a_telegram_conversation(stack: Stack):
    assert stack.telegram is not None
    webhook = f"{stack.rasa_url}/webhooks/telegram/webhook"
    chat_id = new_chat_id()
    conversation = f"tg-{chat_id}"
    assert post(webhook, text_update(chat_id, "/greet")).status_code == 200
    answered = len(stack.telegram.texts(chat_id))
    assert answered >= 1

    handoff(stack, "pause", conversation, "--announce", PAUSED)
    assert stack.telegram.wait_for("sendMessage", chat_id, count=answered + 1)[-1]["text"] == PAUSED
    assert post(webhook, text_update(chat_id, "is a person there?")).status_code == 200
    # Nobody named yet: the bot only acknowledges (the webhook answered after the whole turn).
    assert stack.telegram.texts(chat_id)[answered + 1 :] == [AWAITED]

    handoff(stack, "say", conversation, "Yes, Alice here.", "--agent", "Alice")
    sent = stack.telegram.wait_for("sendMessage", chat_id, count=answered + 3)
    assert sent[-1]["text"] == "Alice (returns team):\nYes, Alice here."
    lines = transcript(stack, conversation)
    assert [line["speaker"] for line in lines[-2:]] == ["customer", "agent"]

    handoff(stack, "resume", conversation, "--announce", RESUMED)
    assert post(webhook, text_update(chat_id, "/start_return")).status_code == 200
    assert len(stack.telegram.texts(chat_id)) > answered + 4  # the announcement, then the bot again
