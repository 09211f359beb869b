"""The RMA lifecycle: the one way to change a return's status (which may follow which: status.py).

Every change names the status it expects and is a guarded ``UPDATE ... WHERE status = :expected``,
so when two writers race (an agent approving while the customer cancels) exactly one wins and
the other gets a clear conflict. Each change appends an event row in the same transaction.
Units held for an exchange go back on sale here, when a return is rejected or cancelled, so that
no way of ending a return forgets them (exchange/variants.py holds them).
"""

from __future__ import annotations

from sqlalchemy.orm import Session
from sqlalchemy.orm.attributes import set_committed_value

from ..errors import Conflict
from ..models import Rma, RmaEvent
from ..models.exchange import ExchangeReservation
from . import repository
from .status import ALLOWED_TRANSITIONS, RELEASES_ITEMS, RmaStatus

# The statuses are re-exported: callers know them as rma.lifecycle's.
__all__ = [
    "ALLOWED_TRANSITIONS",
    "RELEASES_ITEMS",
    "RmaStatus",
    "StatusChanged",
    "TransitionNotAllowed",
    "opening_events",
    "record_event",
    "release",
    "release_line",
    "set_status",
]


class TransitionNotAllowed(Conflict):
    title = "Status change not allowed"


class StatusChanged(Conflict):
    title = "Status changed meanwhile"


def set_status(session: Session, rma: Rma, *, expected: RmaStatus, to: RmaStatus, actor: str, why: str) -> RmaEvent:
    """Move `rma` from `expected` to `to`, or refuse; records the event. Only flushes."""
    if to not in ALLOWED_TRANSITIONS[expected]:
        raise TransitionNotAllowed(f"a return that is {expected.value} cannot become {to.value}")
    if not repository.move_status(session, rma.id, expected=expected.value, to=to.value):
        session.refresh(rma, ["status"])
        raise StatusChanged(f"return {rma.number} is now {rma.status}, not {expected.value}; reload it and try again")
    set_committed_value(rma, "status", to.value)  # already written by the guarded UPDATE
    if to in (RmaStatus.REJECTED, RmaStatus.CANCELLED):
        release(session, rma.id)  # a size held for an exchange goes back on sale
    return record_event(session, rma, from_status=expected, to=to, actor=actor, why=why)


def opening_events(decided: RmaStatus, *, requested_by: str, decided_by: str, why: str) -> list[RmaEvent]:
    """The two events of a new return: requested, then the decision. A row created in this
    transaction has no concurrent writer, so it is inserted in its decided status directly."""
    if decided not in ALLOWED_TRANSITIONS[RmaStatus.REQUESTED]:
        raise TransitionNotAllowed(f"a new return cannot be {decided.value}")
    return [
        RmaEvent(
            actor=requested_by, from_status=None, to_status=RmaStatus.REQUESTED.value, description="Return requested"
        ),
        RmaEvent(actor=decided_by, from_status=RmaStatus.REQUESTED.value, to_status=decided.value, description=why),
    ]


def record_event(
    session: Session, rma: Rma, *, from_status: RmaStatus | None, to: RmaStatus, actor: str, why: str
) -> RmaEvent:
    event = RmaEvent(rma=rma, actor=actor, from_status=from_status, to_status=to.value, description=why)
    session.add(event)
    session.flush()
    return event


def release(session: Session, rma_id: int) -> None:
    """A return that ends without its exchange (rejected, cancelled) gives the held units back. Only flushes."""
    for reservation in repository.reservations_of(session, rma_id):
        release_line(session, reservation)


def release_line(session: Session, reservation: ExchangeReservation) -> None:
    """Give one held variant's units back (another size chosen instead). Only flushes."""
    repository.add_stock(session, reservation.sku, reservation.quantity)
    session.delete(reservation)
    session.flush()
