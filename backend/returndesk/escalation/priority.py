"""How urgent a case is, and by when someone must answer it. Pure: facts in, a priority out.

The trigger sets the starting point: a customer stuck in the chat (asked for a person, the bot
kept misunderstanding, the service failed) is waiting now; a return parked for review is not.
Money and loyalty raise it: an order above the policy's review threshold, or a gold customer,
each raise it one step. Fraud signals (suspect photos, frequent returns) never raise it: they
need care, not speed.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import datetime, timedelta
from typing import Literal

Priority = Literal["urgent", "high", "normal", "low"]
PRIORITIES: tuple[Priority, ...] = ("urgent", "high", "normal", "low")  # queue order

# Minutes until a person should have joined a live chat.
LIVE_SLA_MINUTES: dict[str, int] = {"urgent": 5, "high": 15, "normal": 30, "low": 120}
# Minutes of staffed time until an email ticket should be answered, counted from the next opening.
EMAIL_SLA_MINUTES: dict[str, int] = {"urgent": 60, "high": 240, "normal": 480, "low": 1440}

STARTING_PRIORITY: dict[str, Priority] = {
    "customer_request": "normal",
    "repeated_fallback": "high",  # the customer is already frustrated
    "verification_failed": "normal",
    "service_down": "high",  # our fault; the customer could not finish anything
    "beyond_authority": "normal",
    "high_value": "normal",  # raised below by the order value itself
    "policy_review": "low",
    "evidence_missing": "low",  # nothing to decide until the photos arrive
    "refund_failed": "high",  # the customer is owed money that is not coming (payment/failed.py)
    # QC contradicts the claim: the refund waits on a person, and the policy's refund deadline runs
    # from receipt, but nobody is waiting in a chat and it may be a fraud signal, so not higher.
    "qc_mismatch": "normal",
}
RAISING_TIERS = frozenset({"gold"})


def case_priority(
    trigger: str,
    *,
    order_value_minor: int | None,
    high_value_minor: int | None,
    tier: str | None,
    review_rule_ids: Iterable[str] = (),
) -> Priority:
    """urgent | high | normal | low for a new case."""
    rank = PRIORITIES.index(STARTING_PRIORITY.get(trigger, "normal"))
    valuable = "review.high_value" in set(review_rule_ids) or (
        order_value_minor is not None and high_value_minor is not None and order_value_minor > high_value_minor
    )
    if valuable:
        rank -= 1
    if tier in RAISING_TIERS:
        rank -= 1
    return PRIORITIES[max(rank, 0)]


def sla_minutes(priority: str, mode: str) -> int:
    table = EMAIL_SLA_MINUTES if mode == "email" else LIVE_SLA_MINUTES
    return table[priority]


def due_at(priority: str, mode: str, *, opened_at: datetime, desk_opens_at: datetime) -> datetime:
    """Live cases count from opening; email tickets from when people are next at the desk."""
    start = max(opened_at, desk_opens_at) if mode == "email" else opened_at
    return start + timedelta(minutes=sla_minutes(priority, mode))


def priority_rank(priority: str) -> int:
    return PRIORITIES.index(priority) if priority in PRIORITIES else len(PRIORITIES)
