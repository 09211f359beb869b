"""Reading the return-in-progress out of the tracker, and the events that reset it."""

from __future__ import annotations

from typing import Any

from rasa_sdk import Tracker
from rasa_sdk.events import EventType, SlotSet

# What one return collects; cleared after it is submitted, refused or cancelled. The order
# number and contact stay, so "and another item" only re-checks them silently.
RETURN_SLOTS = (
    "order_token",
    "returnable_items",
    "line_no",
    "quantity",
    "reason",
    "note",
    "answers",
    "pending_question",
    "preview",
    "resolution",
    "exchange_variant",
    "confirmed",
    "unanswered",
    "evidence",
    "evidence_ids",
    "return_key",
    "submit_failed",
    "keep_offer",
    "offer_answer",
)


def reset_return() -> list[EventType]:
    return [SlotSet(name, None) for name in RETURN_SLOTS] + [SlotSet("submit_failed", False)]


def speaks_of(tracker: Tracker, entity: str) -> bool:
    """The latest message names `entity` ("another order"): a button's payload or the regexes of
    data/nlu/entities.yml. The CRF's guesses don't count: from "another item" it learns to tag
    "another one", which asks for a replacement of the same item."""
    return any(
        found.get("entity") == entity and found.get("extractor") != "CRFEntityExtractor"
        for found in tracker.latest_message.get("entities") or []
    )


def slot(tracker: Tracker, updates: dict[str, Any], name: str) -> Any:
    """A slot's value as it will be once `updates` (this turn's validations) are applied."""
    return updates[name] if name in updates else tracker.get_slot(name)


def selected_item(tracker: Tracker, updates: dict[str, Any] | None = None) -> dict[str, Any] | None:
    updates = updates or {}
    line_no = slot(tracker, updates, "line_no")
    items = slot(tracker, updates, "returnable_items") or []
    return next((item for item in items if str(item["line_no"]) == str(line_no)), None)


def returnable(item: dict[str, Any]) -> bool:
    """Returnable for some reason: within the normal window, or (say) still for a defect."""
    return item["returnable_quantity"] > 0 and (item["eligible"] or bool(item["eligible_reasons"]))


def eligible_items(tracker: Tracker, updates: dict[str, Any] | None = None) -> list[dict[str, Any]]:
    items = slot(tracker, updates or {}, "returnable_items") or []
    return [item for item in items if returnable(item)]
