"""Scan to receive: approved or in_transit -> received, with what actually arrived per line.

A return the carrier reported delivered (tracking/service.py) is already received; the station
still books what arrived in it, once, without a second status change.

Two people (or one double scan) receiving the same parcel race on the guarded status change in
`rma.lifecycle.set_status`; the loser is told who received it and when, never a second receipt.
"""

from __future__ import annotations

from collections.abc import Sequence

from sqlalchemy.orm import Session

from .. import audit
from ..errors import Conflict, InvalidInput, NotFound
from ..models import Rma, StaffUser, WarehouseReceipt, WarehouseReceiptLine
from ..models.rma_number import InvalidRmaNumber, format_rma_number, parse_rma_number
from ..notification.service import enqueue
from ..payment.service import lock_rma
from ..rma import repository as rmas
from ..rma.lifecycle import RmaStatus, StatusChanged, set_status
from ..webhooks import Event, emit
from ..webhooks.payloads import return_data
from . import repository
from .repository import receipt_of
from .schemas import ReceivedLineIn

S = RmaStatus
RECEIVABLE = (S.APPROVED, S.IN_TRANSIT)
ALREADY_THERE = frozenset({S.RECEIVED, S.INSPECTED, S.RESOLVED, S.CLOSED})


class RmaNotFound(NotFound):
    title = "Unknown return"


class NotReceivable(Conflict):
    title = "Return cannot be received"


class AlreadyReceived(Conflict):
    title = "Already received"


def load_for_station(session: Session, typed: str) -> Rma:
    """The return a scanned or typed number names, or a sentence saying what to check."""
    try:
        number = parse_rma_number(typed)
    except InvalidRmaNumber as exc:
        raise InvalidInput(f"{exc}; scan the label again or type the number from the packing slip") from None
    rma = rmas.get_rma(session, number)
    if rma is None:
        raise RmaNotFound(
            f"there is no return {format_rma_number(number)}; check the label or the packing slip, "
            "and set the parcel aside for an agent if it still does not match"
        )
    return rma


def received_when(session: Session, rma: Rma) -> str:
    """'on 27 Nov 2026 00:20 UTC by staff:wim' for the sentence of a refused second scan."""
    receipt = receipt_of(session, rma)
    if receipt is not None:
        return f"on {receipt.created_at:%d %b %Y %H:%M} UTC by {receipt.received_by}"
    event = repository.received_event(session, rma)
    return f"on {event.at:%d %b %Y %H:%M} UTC by {event.actor}" if event else "earlier"


def delivered_by_carrier(session: Session, rma: Rma) -> bool:
    """Received on the carrier's word (tracking/service.py) and not yet counted here."""
    event = repository.received_event(session, rma)
    return event is not None and event.actor.startswith("carrier:") and receipt_of(session, rma) is None


def refuse_unless_receivable(session: Session, rma: Rma) -> RmaStatus:
    status = RmaStatus(rma.status)
    number = format_rma_number(rma.number)
    if status in RECEIVABLE:
        return status
    if status is S.RECEIVED and delivered_by_carrier(session, rma):
        return status  # the carrier says it arrived; the station still counts what is in it
    if status in ALREADY_THERE:
        raise AlreadyReceived(
            f"return {number} was already received {received_when(session, rma)}; "
            "do not book it twice — if this is a second parcel, set it aside for an agent"
        )
    if status == S.CANCELLED:
        raise NotReceivable(f"return {number} was cancelled; do not accept the parcel — set it aside for an agent")
    if status == S.REJECTED:
        raise NotReceivable(
            f"return {number} was rejected; do not accept the parcel — set it aside to go back to the customer"
        )
    raise NotReceivable(
        f"return {number} is not approved yet (it is {status.value.replace('_', ' ')}); "
        "set the parcel aside and ask an agent to decide the return first"
    )


def received_quantities(rma: Rma, lines: Sequence[ReceivedLineIn] | None) -> dict[int, int]:
    """Units that arrived per RMA line id; unlisted lines of a partial receipt arrived with none."""
    by_no = {line.order_line.line_no: line for line in rma.lines}
    if lines is None:
        return {line.id: line.quantity for line in rma.lines}
    quantities = {line.id: 0 for line in rma.lines}
    seen: set[int] = set()
    for given in lines:
        line = by_no.get(given.line_no)
        if line is None:
            raise InvalidInput(
                f"line {given.line_no} is not part of return {format_rma_number(rma.number)}; "
                f"its lines are {', '.join(str(n) for n in sorted(by_no))}"
            )
        if given.line_no in seen:
            raise InvalidInput(f"line {given.line_no} is listed twice; give each line once with its count")
        seen.add(given.line_no)
        if given.quantity > line.quantity:
            raise InvalidInput(
                f"line {given.line_no}: {given.quantity} received but the return expects {line.quantity}; "
                "receive what the return lists and set the extra units aside for an agent"
            )
        quantities[line.id] = given.quantity
    if not any(quantities.values()):
        raise InvalidInput("nothing arrived: at least one unit must be counted; an empty parcel goes to an agent")
    return quantities


def receive(session: Session, rma: Rma, lines: Sequence[ReceivedLineIn] | None, *, user: StaffUser) -> WarehouseReceipt:
    """Book the parcel as received, per line. Only flushes."""
    expected = refuse_unless_receivable(session, rma)
    if expected is S.RECEIVED:
        # No status change to race on: the row lock makes a second station wait, then refuses it.
        lock_rma(session, rma)
        expected = refuse_unless_receivable(session, rma)
    quantities = received_quantities(rma, lines)
    units = sum(quantities.values())
    promised = sum(line.quantity for line in rma.lines)
    partial = units < promised
    number = format_rma_number(rma.number)
    why = f"Received at the warehouse by {user.display_name}: {units} of {promised} units" + (
        " (partial)" if partial else ""
    )
    try:
        if expected is not S.RECEIVED:  # already received on the carrier's delivery: only the count is new
            set_status(session, rma, expected=expected, to=S.RECEIVED, actor=user.actor, why=why)
    except StatusChanged:
        # Someone else's scan won the race: say who, as if this scan came second (it did).
        refuse_unless_receivable(session, rma)
        raise
    receipt = WarehouseReceipt(rma_id=rma.id, received_by=user.actor, partial=partial)
    receipt.lines = [
        WarehouseReceiptLine(
            rma_line_id=line.id, quantity_expected=line.quantity, quantity_received=quantities[line.id]
        )
        for line in rma.lines
    ]
    session.add(receipt)
    missing = [
        f"line {line.order_line.line_no}: {quantities[line.id]} of {line.quantity}"
        for line in rma.lines
        if quantities[line.id] < line.quantity
    ]
    description = f"Return {number} received by {user.display_name}, {units} of {promised} units"
    if missing:
        description += f"; missing {', '.join(missing)}"
    audit.record(
        session,
        audit.Kind.WAREHOUSE_RECEIVED,
        actor=user.actor,
        role=user.role,
        order_id=rma.order_id,
        rma_id=rma.id,
        description=description,
        data={"partial": partial, "received": {str(k): v for k, v in quantities.items()}},
    )
    after_received(session, rma)
    return receipt


def after_received(session: Session, rma: Rma) -> None:
    """The customer and the shop's systems hear of it in the same transaction: a receipt that rolls
    back is never announced."""
    enqueue(session, "received", rma)
    emit(session, Event.RETURN_RECEIVED, return_data(rma))
