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

from ..kit.money import format_amount
from ..models.rma_number import format_rma_number
from .lifecycle import RmaStatus
from .progress_words import day, joined, progress_language, replacement, say

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
    name: str | None = None  # the replacement as the catalogue names it; None: only its SKU is known
    size: str | None = None
    colour: str | None = None


@dataclass(frozen=True)
class Replacement:
    """A size or colour held for the return's exchange (exchange/variants.py) and the policy's
    settlement of its price difference (policy/exchange_price.py)."""

    name: str
    size: str | None
    colour: str | None
    settlement: str  # none | customer_pays | waived | refund | not_refunded
    difference_minor: int


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
    resolution: str = "refund"  # what the customer asked for: refund | exchange | store_credit
    replacements: Sequence[Replacement] = ()


def progress_of(facts: Facts, today: date, locale: str | None = None) -> Progress:
    """The customer's view of where the return stands on `today`, worded in `locale`."""
    lang = progress_language(locale)
    rma = format_rma_number(facts.number)
    status = S(facts.status)
    received_on = _first(facts.events, S.RECEIVED)
    inspected_on = _first(facts.events, S.INSPECTED)
    known = {"received_on": received_on, "inspected_on": inspected_on}
    history = _history(lang, rma, facts, received_on, inspected_on)
    refund_due = received_on + timedelta(days=facts.refund_due_days) if received_on and facts.refund_due_days else None

    if status in (S.REQUESTED, S.PENDING_REVIEW):
        held = _held_sentences(lang, facts, "exchange.review.held")
        return Progress(
            stage="under_review",
            done=say(lang, "under_review", rma=rma),
            next_step=joined(lang, say(lang, "under_review.next"), *held),
            expected_date=None,
        )
    if status is S.REJECTED:
        return _final("rejected", say(lang, "rejected", rma=rma))
    if status is S.CANCELLED:
        return _final("cancelled", say(lang, "cancelled", rma=rma))

    money = _money_progress(lang, facts, history, today, known)
    if money is not None:
        return money
    if status is S.APPROVED and facts.ships:
        waiting = (
            say(lang, "waiting.by", rma=rma, day=day(lang, facts.return_by))
            if facts.return_by
            else say(lang, "waiting", rma=rma)
        )
        return Progress(
            stage="waiting_for_parcel",
            done=waiting,
            next_step=_then(lang, facts, say(lang, "then_refund"), "exchange.held.next"),
            expected_date=facts.return_by,
        )
    if status is S.APPROVED:  # kept item, refund not sent yet
        refund = _amount(facts.refund_estimate_minor, facts)
        return Progress(
            stage="keeping_item",
            done=say(lang, "keeping", rma=rma),
            next_step=_then(lang, facts, say(lang, "keeping.next", amount=refund), "exchange.keeping.next"),
            expected_date=None,
        )
    if status is S.IN_TRANSIT:
        return Progress(
            stage="on_its_way",
            done=say(lang, "on_its_way", rma=rma),
            next_step=_then(lang, facts, say(lang, "then_refund"), "exchange.held.next"),
            expected_date=None,
        )
    if status is S.RECEIVED:
        return Progress(
            stage="received",
            done=history,
            next_step=_then(lang, facts, _by(lang, "received.next", refund_due), "exchange.received.next"),
            expected_date=None if _exchanging(facts) else refund_due,
            **known,
        )
    if status is S.INSPECTED:
        return Progress(
            stage="checked",
            done=history,
            next_step=_then(lang, facts, _by(lang, "checked.next", refund_due), "exchange.checked.next"),
            expected_date=None if _exchanging(facts) else refund_due,
            **known,
        )
    if status is S.CLOSED:
        closed = joined(lang, history, say(lang, "closed"))
        return Progress(stage="closed", done=closed, next_step=None, expected_date=None, **known)
    complete = joined(lang, history, say(lang, "complete"))
    return Progress(stage="resolved", done=complete, next_step=None, expected_date=None, **known)


def _money_progress(lang: str, facts: Facts, history: str, today: date, known: dict) -> Progress | None:
    """Refund or exchange stages, once one of them has started; None before."""
    if facts.exchange is not None:
        swap = facts.exchange
        sent_on = day(lang, swap.created_at)
        what = replacement(lang, swap.name or swap.replacement_sku, swap.size, swap.colour)
        shipped = (
            say(lang, "exchange_sent.reference", replacement=what, day=sent_on, reference=swap.reference)
            if swap.reference
            else say(lang, "exchange_sent", replacement=what, day=sent_on)
        )
        # A cheaper replacement's difference goes back like a refund (exchange/service.py).
        refunded = [
            say(
                lang,
                "exchange.difference.refunded",
                amount=_amount(payment.amount_minor, facts),
                day=day(lang, payment.created_at),
            )
            for payment in facts.payments
            if payment.purpose == "exchange_difference"
        ]
        owed = say(lang, "pay_difference", amount=_amount(swap.owed_minor, facts)) if swap.owed_minor else None
        return Progress(
            stage="exchange_shipped",
            done=joined(lang, history, shipped, *refunded),
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
            done=joined(lang, history, say(lang, "refund_approval", amount=amount)),
            next_step=say(lang, "refund_approval.next"),
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
            done=joined(lang, history, say(lang, "refund_failed", amount=amount)),
            next_step=say(lang, "refund_failed.next"),
            expected_date=None,
            **common,
        )
    arrives = add_working_days(sent, BANK_WORKING_DAYS)
    if all(payment.status == "settled" for payment in refunds):
        settled = max(payment.settled_at or payment.created_at for payment in refunds).date()
        paid = say(lang, "refunded", amount=amount, sent=day(lang, sent), settled=day(lang, settled))
        return Progress(
            stage="refunded",
            done=joined(lang, history, paid),
            next_step=None if today > arrives else say(lang, "refunded.next", day=day(lang, arrives)),
            expected_date=None if today > arrives else arrives,
            **common,
        )
    return Progress(
        stage="refund_sent",
        done=joined(lang, history, say(lang, "refund_sent", amount=amount, day=day(lang, sent))),
        next_step=say(lang, "refund_sent.next", days=BANK_WORKING_DAYS, day=day(lang, arrives)),
        expected_date=arrives,
        **common,
    )


def _exchanging(facts: Facts) -> bool:
    """The customer is waiting for a replacement, not for money: every stage is worded so."""
    return facts.resolution == "exchange" or bool(facts.replacements)


def _then(lang: str, facts: Facts, refund: str, exchange_key: str) -> str:
    """What happens next: the `refund` sentence, or for an exchange the replacement held and its price."""
    return joined(lang, *_held_sentences(lang, facts, exchange_key)) if _exchanging(facts) else refund


def _held_sentences(lang: str, facts: Facts, key: str) -> list[str]:
    """The replacement held (`key` names it), then how each price difference is settled."""
    if not _exchanging(facts):
        return []
    held = facts.replacements
    named = [replacement(lang, one.name, one.size, one.colour) for one in held] or [say(lang, "replacement")]
    sentences = [say(lang, key, replacement=what) for what in named]
    for one in held:
        if one.difference_minor and one.settlement != "none":
            sentences.append(
                say(lang, f"exchange.difference.{one.settlement}", amount=_amount(one.difference_minor, facts))
            )
    return sentences


def _history(lang: str, rma: str, facts: Facts, received_on: date | None, inspected_on: date | None) -> str:
    if received_on is None:
        return say(lang, "history.approved" if facts.ships else "history.approved_keep", rma=rma)
    partly = facts.units_received is not None and facts.units_received < facts.units_expected
    key = ("history.partly" if partly else "history.received") + ("_checked" if inspected_on else "")
    values: dict[str, object] = {"rma": rma, "received": day(lang, received_on), "checked": day(lang, inspected_on)}
    if partly:
        values |= {"arrived": facts.units_received, "expected": facts.units_expected}
    return say(lang, key, **values)


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


def _by(lang: str, key: str, due: date | None) -> str:
    """The sentence `key`, with its ".by" variant when the date is known."""
    return say(lang, f"{key}.by", day=day(lang, due)) if due else say(lang, key)


def _amount(minor: int, facts: Facts) -> str:
    return format_amount(minor, facts.currency)
