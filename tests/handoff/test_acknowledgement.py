"""What the bot says while a person is awaited or present (bot/channels/handoff.py), read from the
tracker as the service and the bot leave it: paused, with the take's notice naming the agent."""

from __future__ import annotations

from rasa.shared.core.domain import Domain
from rasa.shared.core.events import BotUttered, ConversationPaused, ConversationResumed, SlotSet, UserUttered
from rasa.shared.core.trackers import DialogueStateTracker

from bot.channels.handoff import acknowledgement

DOMAIN = Domain.from_yaml("version: '3.1'\nslots:\n  language:\n    type: text\n    mappings: [{type: custom}]\n")


def tracker(*events) -> DialogueStateTracker:
    return DialogueStateTracker.from_events("chat-1", [UserUttered("hi"), *events], slots=DOMAIN.slots)


def taken_by(name: str) -> list:
    notice = {"returndesk_notice": "paused", "returndesk_handler": name}
    return [BotUttered(f"{name} from customer care has joined the chat.", metadata=notice), ConversationPaused()]


def agent_says(text: str, name: str = "Alice") -> BotUttered:
    return BotUttered(text, metadata={"returndesk_agent": name})


def test_an_unpaused_bot_answers_for_itself():
    assert acknowledgement(tracker()) is None and acknowledgement(None) is None


def test_while_a_person_is_awaited():
    assert acknowledgement(tracker(ConversationPaused())) == "A person will answer here shortly."


def test_once_taken_the_agent_is_named_until_they_write():
    assert acknowledgement(tracker(ConversationPaused(), *taken_by("Alice"))) == "Alice will answer here."
    assert acknowledgement(tracker(*taken_by("Alice"), agent_says("Hi, Alice here."), UserUttered("ok"))) is None


def test_a_new_take_after_a_hand_back_starts_afresh():
    back = BotUttered("You're back.", metadata={"returndesk_notice": "resumed"})
    events = [*taken_by("Alice"), agent_says("Hi"), ConversationResumed(), back, *taken_by("Bob")]
    assert acknowledgement(tracker(*events)) == "Bob will answer here."


def test_in_the_conversations_language():
    assert acknowledgement(tracker(SlotSet("language", "zh"), ConversationPaused())) == "人工客服很快会在这里回复您。"
    assert acknowledgement(tracker(SlotSet("language", "zh"), *taken_by("Alice"))) == "Alice会在这里回复您。"
