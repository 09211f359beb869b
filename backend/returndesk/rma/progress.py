"""Where a return stands for its customer: the stage, what happens next and when.

"Where is my refund?" is answered from what really happened (status events, the warehouse
receipt, the payments sent to the card, the replacement order), never from the status alone:
"inspected" means little to a customer, "your refund of 49.90 EUR was sent on 27 Nov" does.

`progress_of` is a pure function of those records and today's date, so every stage is tested
without a database; `load_progress` (presenter.py) reads the records. The sentences are written
for the customer (chat and the return page show them as they are) and leave out internal
findings such as a QC mismatch: that is an agent's conversation to have.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from typing import Literal

from pydantic import BaseModel, Field

from ..policy.money import format_amount
from .lifecycle import RmaStatus
from .numbers import format_rma_number

S = RmaStatus

# A card refund the provider accepted usually shows on the statement within this many working
# days; the bank, not us, decides, so the customer is told it as "within", never as a promise.
BANK_WORKING_DAYS = 5

Stage = Literal[
    "under_review",
    "waiting_for_parcel",
    "on_its_way",
    "received",
    "checked",
    "keeping_item",
    "refund_waiting_for_approval",
    "refund_sent",
    "refund_problem",
    "refunded",
    "exchange_shipped",
    "resolved",
    "rejected",
    "cancelled",
    "closed",
]


class Progress(BaseModel):
    stage: Stage
    done: str = Field(description="What has happened so far, as one or two sentences for the customer")
    next_step: str | None = Field(description="What happens next, or None when nothing more will happen")
    expected_date: date | None = Field(
        description="When the next step is expected (send-by date, refund due date, money on the account)"
    )
    received_on: date | None = None
    inspected_on: date | None = None
    refund_minor: int | None = Field(None, description="The refund sent (or waiting for approval), all lines")
    refund_sent_on: date | None = None
    exchange_reference: str | None = None


@dataclass(frozen=True)
class Event:
    at: datetime
    to_status: str


@dataclass(frozen=True)
class Payment:
    amount_minor: int
    purpose: str  # refund | exchange_difference
    status: str  # pending | settled | failed
    created_at: datetime
    settled_at: datetime | None


@dataclass(frozen=True)
class Exchange:
    replacement_sku: str
    reference: str | None
    created_at: datetime
    owed_minor: int  # the customer still owes this (an open payment request for an upgrade), else 0


@dataclass(frozen=True)
class Facts:
    """What `progress_of` reads about one return (presenter.load_facts builds it from the rows)."""

    number: str  # canonical RMA number
    status: str
    currency: str
    return_by: date | None
    refund_due_days: int | None
    refund_estimate_minor: int
    ships: bool  # False: the customer keeps every line and sends nothing
    events: Sequence[Event]
    units_expected: int = 0
    units_received: int | None = None  # None: nothing received yet
    payments: Sequence[Payment] = ()
    refund_awaiting_approval_minor: int | None = None
    exchange: Exchange | None = None


def progress_of(facts: Facts, today: date) -> Progress:
    """The customer's view of where the return stands on `today`."""
    shown = format_rma_number(facts.number)
    status = S(facts.status)
    received_on = _first(facts.events, S.RECEIVED)
    inspected_on = _first(facts.events, S.INSPECTED)
    known = {"received_on": received_on, "inspected_on": inspected_on}
    history = _history(shown, facts, received_on, inspected_on)
    refund_due = received_on + timedelta(days=facts.refund_due_days) if received_on and facts.refund_due_days else None

    if status in (S.REQUESTED, S.PENDING_REVIEW):
        return Progress(
            stage="under_review",
            done=f"Your return {shown} is waiting for a review by our team.",
            next_step="We'll tell you the outcome; please keep the item and don't send anything until it is approved.",
            expected_date=None,
        )
    if status is S.REJECTED:
        return _final("rejected", f"Your return {shown} was not accepted.")
    if status is S.CANCELLED:
        return _final("cancelled", f"Your return {shown} was cancelled.")

    money = _money_progress(facts, history, today, known)
    if money is not None:
        return money
    if status is S.APPROVED and facts.ships:
        send_by = f"send it by {_day(facts.return_by)}" if facts.return_by else "send it when you can"
        return Progress(
            stage="waiting_for_parcel",
            done=f"Your return {shown} is approved. We're waiting for your parcel; {send_by}.",
            next_step="Once it arrives we check the items and then send your refund.",
            expected_date=facts.return_by,
        )
    if status is S.APPROVED:  # kept item, refund not sent yet
        return Progress(
            stage="keeping_item",
            done=f"Your return {shown} is approved and you keep the item.",
            next_step=f"We'll send your refund of {_amount(facts.refund_estimate_minor, facts)} to your original "
            "payment method.",
            expected_date=None,
        )
    if status is S.IN_TRANSIT:
        return Progress(
            stage="on_its_way",
            done=f"Your parcel for return {shown} is on its way to us.",
            next_step="Once it arrives we check the items and then send your refund.",
            expected_date=None,
        )
    if status is S.RECEIVED:
        return Progress(
            stage="received",
            done=history,
            next_step="We'll check the items next, then send your refund" + _by(refund_due) + ".",
            expected_date=refund_due,
            **known,
        )
    if status is S.INSPECTED:
        return Progress(
            stage="checked",
            done=history,
            next_step="We're preparing your refund" + _by(refund_due) + ".",
            expected_date=refund_due,
            **known,
        )
    if status is S.CLOSED:
        return Progress(stage="closed", done=f"{history} It is closed.", next_step=None, expected_date=None, **known)
    return Progress(stage="resolved", done=f"{history} It is complete.", next_step=None, expected_date=None, **known)


def _money_progress(facts: Facts, history: str, today: date, known: dict) -> Progress | None:
    """Refund or exchange stages, once one of them has started; None before."""
    if facts.exchange is not None:
        swap = facts.exchange
        reference = f" (order reference {swap.reference})" if swap.reference else ""
        owed = (
            f"Please pay the price difference of {_amount(swap.owed_minor, facts)} as we've asked you to."
            if swap.owed_minor
            else None
        )
        return Progress(
            stage="exchange_shipped",
            done=f"{history} Your replacement {swap.replacement_sku} was sent on {_day(swap.created_at)}{reference}.",
            next_step=owed,
            expected_date=None,
            exchange_reference=swap.reference,
            **known,
        )
    refunds = [payment for payment in facts.payments if payment.purpose == "refund"]
    if not refunds:
        if facts.refund_awaiting_approval_minor is None:
            return None
        amount = _amount(facts.refund_awaiting_approval_minor, facts)
        return Progress(
            stage="refund_waiting_for_approval",
            done=f"{history} Your refund of {amount} is waiting for approval by a manager.",
            next_step="Once approved it goes straight back to your original payment method.",
            expected_date=None,
            refund_minor=facts.refund_awaiting_approval_minor,
            **known,
        )
    total = sum(payment.amount_minor for payment in refunds)
    amount = _amount(total, facts)
    sent = min(payment.created_at for payment in refunds).date()
    common = {"refund_minor": total, "refund_sent_on": sent, **known}
    if any(payment.status == "failed" for payment in refunds):
        return Progress(
            stage="refund_problem",
            done=f"{history} We couldn't send your refund of {amount} to your original payment method.",
            next_step="Our team will refund it another way and tell you how.",
            expected_date=None,
            **common,
        )
    arrives = add_working_days(sent, BANK_WORKING_DAYS)
    if all(payment.status == "settled" for payment in refunds):
        settled = max(payment.settled_at or payment.created_at for payment in refunds).date()
        return Progress(
            stage="refunded",
            done=f"{history} Your refund of {amount} was sent on {_day(sent)} and paid out on {_day(settled)}.",
            next_step=None
            if today > arrives
            else f"It should reach your account by {_day(arrives)}, depending on your bank.",
            expected_date=None if today > arrives else arrives,
            **common,
        )
    return Progress(
        stage="refund_sent",
        done=f"{history} Your refund of {amount} was sent on {_day(sent)}.",
        next_step=f"It should reach your account within {BANK_WORKING_DAYS} working days, by {_day(arrives)}.",
        expected_date=arrives,
        **common,
    )


def _history(shown: str, facts: Facts, received_on: date | None, inspected_on: date | None) -> str:
    if received_on is None:
        kept = "" if facts.ships else "; you keep the item"
        return f"Your return {shown} is approved{kept}."
    partial = ""
    if facts.units_received is not None and facts.units_received < facts.units_expected:
        partial = f" ({facts.units_received} of {facts.units_expected} items arrived)"
    checked = f" and checked on {_day(inspected_on)}" if inspected_on else ""
    return f"Your return {shown} was received on {_day(received_on)}{partial}{checked}."


def _final(stage: Stage, done: str) -> Progress:
    return Progress(stage=stage, done=done, next_step=None, expected_date=None)


def add_working_days(start: date, days: int) -> date:
    """`days` weekdays after `start` (Saturdays and Sundays skipped; bank holidays are not known)."""
    current = start
    while days > 0:
        current += timedelta(days=1)
        if current.weekday() < 5:
            days -= 1
    return current


def _first(events: Sequence[Event], status: RmaStatus) -> date | None:
    return next((event.at.date() for event in events if event.to_status == status.value), None)


def _day(value: date | datetime | None) -> str:
    return "" if value is None else f"{value.day} {value:%b}"


def _by(due: date | None) -> str:
    return f" by {_day(due)}" if due else ""


def _amount(minor: int, facts: Facts) -> str:
    return format_amount(minor, facts.currency)
