"""Settlement: send queued refunds to the provider and follow them until settled or failed.

    python -m returndesk.payment.tasks --once          # one pass over what is due, then exit
    python -m returndesk.payment.tasks --interval 10   # a pass every 10 seconds until stopped

No database transaction is held while the provider is asked: the worker reads what is due,
asks, then writes the answer with a guarded ``UPDATE ... WHERE status = 'pending' AND attempts =
:seen``. Two workers (or a worker and the endpoint) racing on one refund both ask the provider
with the same idempotency key, get the same refund, and only one of them writes it.

A transient failure is retried with exponential backoff (30 s, 1 min, 2 min … at most an hour),
up to MAX_ATTEMPTS; a refused refund (an expired card) fails at once. Either way a failed refund
opens a case for an agent and shows in the overdue list, and staff can retry it (failed.py).
When every refund of a return has settled, the return becomes resolved (inspected → resolved,
or approved → resolved for a kept item). Refunds that belong to no return (a keep-item offer, an
agent's goodwill refund) settle the same way and move no return; their customer already heard
"on its way" from the bot or the agent when they were booked, and the notification outbox is keyed
by return, so nothing more is sent when they settle.
"""

from __future__ import annotations

import argparse
import logging
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime, timedelta

from sqlalchemy.orm import Session

from .. import audit
from ..db import transaction
from ..errors import Conflict
from ..kit.money import format_amount
from ..ledger.queue import RETURN_REFUND, Outgoing
from ..models import Escalation, Rma, utcnow
from ..models.payment import RefundPayment
from ..models.rma_number import format_rma_number
from ..order import repository as orders
from ..payment_provider import PaymentProvider, ProviderRefund, ProviderUnavailable, get_payment_provider
from ..rma.lifecycle import RmaStatus, set_status
from ..webhooks import Event, emit
from ..webhooks.payloads import refund_data
from . import repository
from .approval import adopt_approved
from .failed import escalate
from .service import tell_refunded

log = logging.getLogger(__name__)

MAX_ATTEMPTS = 10
POLL_EVERY = timedelta(seconds=30)
SETTLER = "system:settlement"


def backoff(attempts: int) -> timedelta:
    """Wait before retry number `attempts` (1-based): 30 s doubling, capped at an hour."""
    return min(timedelta(seconds=30 * 2 ** (attempts - 1)), timedelta(hours=1))


@dataclass
class Pass:
    settled: int = 0
    failed: int = 0
    retried: int = 0
    waiting: int = 0
    ids: list[int] = field(default_factory=list)


def send(sessions: Callable[[], Session], provider: PaymentProvider, work: list[Outgoing]) -> Pass:
    """Ask the provider for each queued refund (after the booking committed)."""
    done = Pass()
    for item in work:
        _ask(
            sessions,
            provider,
            item.payment_id,
            0,
            done,
            lambda i=item: provider.refund(i.key, i.reference, i.amount_minor, i.currency),
        )
    return done


def settle_due(sessions: Callable[[], Session], provider: PaymentProvider, *, now: datetime | None = None) -> Pass:
    """One pass: every pending refund whose next attempt is due."""
    with transaction(sessions) as session:  # refunds approved by someone else since the last pass
        adopt_approved(session, provider)
    with transaction(sessions) as session:
        now = now or utcnow()
        due = repository.due_refunds(session, now)
    done = Pass()
    for row in due:
        if row.provider_refund_id:
            ask = lambda r=row: provider.status(r.provider_refund_id)  # noqa: E731
        else:  # never answered (a crash, a timeout): the same key finds the same refund
            ask = lambda r=row: provider.refund(  # noqa: E731
                r.idempotency_key, r.payment_reference, r.amount_minor, r.currency
            )
        _ask(sessions, provider, row.id, row.attempts, done, ask, now=now)
    return done


def _ask(sessions, provider, payment_id: int, seen_attempts: int, done: Pass, ask, *, now=None) -> None:
    try:
        answer: ProviderRefund | None = ask()
        error = None
    except ProviderUnavailable as exc:
        answer, error = None, str(exc)
    except Exception as exc:  # one payment's surprise must not stop the pass for the others
        log.exception("refund payment %s: the provider's answer could not be used", payment_id)
        answer, error = None, f"{type(exc).__name__}: {exc}"
    now = now or utcnow()
    with transaction(sessions) as session:
        payment = repository.payment(session, payment_id)
        if payment is None or payment.status != "pending" or payment.attempts != seen_attempts:
            return  # someone else wrote the answer meanwhile
        values: dict = {}
        if answer is None:
            attempts = seen_attempts + 1
            if attempts >= MAX_ATTEMPTS:
                values = {
                    "status": "failed",
                    "attempts": attempts,
                    "last_error": f"gave up after {attempts} tries: {error}",
                }
            else:
                values = {"attempts": attempts, "last_error": error, "next_attempt_at": now + backoff(attempts)}
        elif answer.status == "pending":
            values = {"provider_refund_id": answer.id, "next_attempt_at": now + POLL_EVERY}
        elif answer.status == "settled":
            values = {"provider_refund_id": answer.id, "status": "settled", "settled_at": now, "last_error": None}
        else:
            reason = answer.failure_reason or "refused"
            values = {"provider_refund_id": answer.id, "status": "failed", "last_error": reason}
        if not repository.write_answer(session, payment_id, seen_attempts, values):
            return  # nothing was written
        session.refresh(payment)
        _record(session, payment, done, error)


def _record(session: Session, payment: RefundPayment, done: Pass, error: str | None) -> None:
    rma = repository.rma(session, payment.rma_id)
    money, what = format_amount(payment.amount_minor, payment.currency), _what(session, payment, rma)
    done.ids.append(payment.id)
    case = None
    if payment.status == "pending" and error is None:
        done.waiting += 1
        return
    if payment.status == "pending":
        done.retried += 1
        kind, text = (
            audit.Kind.PAYMENT_RETRY,
            (
                f"the refund of {money} {what} could not reach the provider ({error}); "
                f"try {payment.attempts + 1} at {payment.next_attempt_at:%H:%M:%S} UTC"
            ),
        )
    elif payment.status == "failed":
        done.failed += 1
        emit(session, Event.REFUND_FAILED, _refund_data(session, payment, rma))
        case = _escalate(session, payment)
        opened = f"case {case.reference} is open: " if case else ""
        kind, text = (
            audit.Kind.PAYMENT_FAILED,
            (
                f"the refund of {money} {what} failed: {payment.last_error}; {opened}"
                "retry it once the cause is fixed, or refund it another way (store credit, bank transfer) "
                "and tell the customer"
            ),
        )
    else:
        done.settled += 1
        kind, text = audit.Kind.PAYMENT_SETTLED, f"the refund of {money} {what} reached the customer"
        emit(session, Event.REFUND_ISSUED, _refund_data(session, payment, rma))
        if rma is not None:
            _resolve_when_all_settled(session, rma, payment)
    audit.record(
        session,
        kind,
        actor=SETTLER,
        order_id=payment.order_id,
        rma_id=payment.rma_id,
        ledger_entry_id=payment.ledger_entry_id,
        escalation_id=case.id if case else None,
        description=text,
        data={"payment_id": payment.id, "provider_refund_id": payment.provider_refund_id},
    )


def _escalate(session: Session, payment: RefundPayment) -> Escalation | None:
    """A person, not silence (failed.py). Recording the failure matters more than the case: if the
    case cannot be opened, the payment is still marked failed and listed as overdue."""
    try:
        with session.begin_nested():
            return escalate(session, payment)
    except Exception:
        log.exception("could not open a case for failed payment %s; it is still listed as overdue", payment.id)
        return None


def _refund_data(session: Session, payment: RefundPayment, rma: Rma | None) -> dict:
    order = rma.order if rma is not None else orders.order_by_id(session, payment.order_id)
    assert order is not None  # a payment's order_id is a foreign key
    return refund_data(payment, order, rma)


def _what(session: Session, payment: RefundPayment, rma: Rma | None) -> str:
    """'for return R-…', or the order for a refund that belongs to no return (a keep-item offer)."""
    if rma is not None:
        return f"for return {format_rma_number(rma.number)}"
    order = repository.order(session, payment.order_id)
    return f"on order {order.number if order else payment.order_id}"


def _resolve_when_all_settled(session: Session, rma: Rma, payment: RefundPayment) -> None:
    if payment.purpose != RETURN_REFUND:
        return  # an exchange's difference (the exchange resolved the return) or a refund booked by hand
    open_ones = repository.unsettled_return_refund(session, rma.id)
    status = RmaStatus(rma.status)
    if open_ones is not None or status not in (RmaStatus.INSPECTED, RmaStatus.APPROVED):
        return
    try:
        with session.begin_nested():
            set_status(session, rma, expected=status, to=RmaStatus.RESOLVED, actor=SETTLER, why="Refund settled")
    except Conflict as exc:  # moved on meanwhile (e.g. cancelled): the money still settled
        log.warning("return %s not resolved after its refund settled: %s", rma.number, exc.detail)
        return
    tell_refunded(session, rma)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m returndesk.payment.tasks", description=__doc__.split("\n")[0])
    parser.add_argument("--once", action="store_true", help="one pass over what is due, then exit")
    parser.add_argument("--interval", type=float, default=10.0, help="seconds between passes in loop mode")
    args = parser.parse_args(argv)
    logging.basicConfig(level=logging.INFO, format="%(asctime)s %(levelname)s %(message)s")
    from ..db import get_sessionmaker

    sessions, provider = get_sessionmaker(), get_payment_provider()
    try:
        while True:
            try:
                done = settle_due(sessions, provider)
            except Exception:  # a database or provider outage: log it, try again next pass
                if args.once:
                    raise
                log.exception("settlement pass failed; trying again in %s s", args.interval)
            else:
                log.info(
                    "settlement pass: %s settled, %s failed, %s retried, %s waiting",
                    done.settled,
                    done.failed,
                    done.retried,
                    done.waiting,
                )
            if args.once:
                return 0
            time.sleep(args.interval)  # a polling worker: nothing to await between passes
    except KeyboardInterrupt:
        return 0


if __name__ == "__main__":
    raise SystemExit(main())
