"""What one conversation's events say: turns, fallbacks, the RMA, a handoff, where it stopped, the rating.

Events come in Rasa's order (its timestamps: an action's slot events are stamped after the
action itself). A turn is a customer message and everything the bot did until the next one.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from typing import NamedTuple

# Rasa's fallbacks (nlu_fallback -> two-stage fallback, then ours in actions/handoff.py).
FALLBACK_ACTIONS = frozenset({"action_default_fallback", "action_two_stage_fallback", "action_default_ask_rephrase"})
SUBMIT_ACTION = "action_submit_return"  # the only action that sets rma_number for a new return
RETURN_STARTS = frozenset({"action_start_return"})
RETURN_FORM = "return_form"
SCORES = ("1", "2", "3", "4", "5")
# The slots whose values the reading uses: the only slot values the ingest keeps.
READ_SLOTS = frozenset({"requested_slot", "rma_number", "chat_score"})


class Event(NamedTuple):
    event_type: str
    name: str | None
    value: str | None


@dataclass
class ConversationReading:
    user_turns: int = 0
    fallback_turns: int = 0
    rma_turn: int | None = None  # the customer turn whose answer issued the RMA (1 = the first)
    paused: bool = False  # an agent took the conversation over (Rasa's "pause" event)
    started_return: bool = False
    last_step: str | None = None  # the return form's last question (requested_slot)
    score: str | None = None  # the chat's rating, "1".."5"

    @property
    def got_rma(self) -> bool:
        return self.rma_turn is not None


def read_conversation(events: Iterable[Event]) -> ConversationReading:
    reading = ConversationReading()
    last_action: str | None = None
    turn_fell_back = False
    for event in events:
        if event.event_type == "user":
            reading.user_turns += 1
            last_action, turn_fell_back = None, False
        elif event.event_type == "action":
            last_action = event.name
            if event.name in FALLBACK_ACTIONS and reading.user_turns and not turn_fell_back:
                reading.fallback_turns += 1
                turn_fell_back = True  # one turn counts once, however many fallbacks ran
            reading.started_return |= event.name in RETURN_STARTS
        elif event.event_type == "active_loop":
            reading.started_return |= event.name == RETURN_FORM
        elif event.event_type == "pause":
            reading.paused = True
        elif event.event_type == "slot":
            _read_slot(reading, event, last_action)
    return reading


def _read_slot(reading: ConversationReading, event: Event, last_action: str | None) -> None:
    if event.name == "requested_slot" and event.value:
        reading.last_step = event.value
    elif event.name == "rma_number" and event.value and last_action == SUBMIT_ACTION and not reading.got_rma:
        # rma_number is also set when a customer names one to ask its status: only the
        # submit action's own slot event is a new return.
        reading.rma_turn = reading.user_turns
    elif event.name == "chat_score" and event.value in SCORES:
        reading.score = event.value  # the last rating given counts
