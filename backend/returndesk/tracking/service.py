"""A carrier's tracking event, taken once: the parcel's status, the return's, and maybe its refund.

- `in_transit` (the carrier has the parcel): an approved return becomes in_transit, and the
  customer is told with the tracking number.
- `delivered` (at our warehouse): once every parcel of the return is delivered, it becomes
  received, the same status the warehouse's scan gives (rma/lifecycle.py; no second lifecycle).
- Any other event is kept on the timeline and changes nothing.

The policy's `refund_on_carrier_scan` (policy/carrier_scan.py) may refund the return on one of
these events, for a customer it trusts, judged on the facts stored with the decision. The refund
goes through the desk's own path (payment/service.py `refund_rma`): the `bot` role's authority,
the ledger, the idempotency keys, the payment outbox. A refund refused (beyond that authority,
nothing to refund) is audited and undone alone: the event still counts, and the refund waits for
the warehouse as it would without the rule.

An event id seen before is a no-op (unique per carrier, models/shipment.py): carriers re-send
events they think were lost, and the poll (tasks.py) sees events the webhook already brought.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from .. import audit
from ..authority import AuthorityMatrix
from ..carrier.base import DELIVERED, IN_TRANSIT, TrackingEvent
from ..errors import AppError, NotFound
from ..ledger import service as ledger
from ..ledger.queue import Outgoing, outgoing
from ..models import CarrierEvent, Rma, Shipment
from ..models.rma_number import format_rma_number
from ..notification import enqueue
from ..payment.service import refund_rma
from ..payment_provider import PaymentProvider
from ..policy import Policy
from ..policy.carrier_scan import refund_on_scan
from ..rma.facts import request_from_json
from ..rma.lifecycle import RmaStatus, set_status
from . import repository

S = RmaStatus
# The automatic refund acts as the bot does, within the bot's authority (authority/default.yml).
SCAN_ACTOR = ledger.Actor(name="system:carrier-scan", role="bot")
# A parcel's own status never goes back: a late "in_transit" after "delivered" changes nothing.
SHIPMENT_PROGRESS = {"created": 0, IN_TRANSIT: 1, DELIVERED: 2}
REFUNDED_RESOLUTIONS = (None, "refund")  # an exchange or store credit is not paid out on a scan


class UnknownShipment(NotFound):
    title = "Unknown tracking number"


@dataclass(frozen=True)
class Taken:
    duplicate: bool
    refunded: bool = False
    to_send: list[Outgoing] = field(default_factory=list)  # refund payments for the provider, after commit


def find_shipment(session: Session, tracking_number: str) -> Shipment:
    shipment = repository.shipment_by_tracking(session, tracking_number)
    if shipment is None:
        raise UnknownShipment(f"no return parcel has tracking number {tracking_number}; check the number")
    return shipment


def take_event(
    session: Session,
    shipment: Shipment,
    event: TrackingEvent,
    *,
    policy: Policy,
    matrix: AuthorityMatrix,
    provider: PaymentProvider,
) -> Taken:
    """Record `event` of `shipment` and do what it means, once. Only flushes."""
    if repository.event_seen(session, shipment.carrier, event.event_id):
        return Taken(duplicate=True)
    try:
        with session.begin_nested():  # the same event through the webhook and the poll at once
            session.add(
                CarrierEvent(
                    shipment_id=shipment.id,
                    carrier=shipment.carrier,
                    event_id=event.event_id,
                    kind=event.kind,
                    occurred_at=event.occurred_at,
                    location=event.location,
                )
            )
    except IntegrityError:
        return Taken(duplicate=True)
    rma = shipment.rma
    if SHIPMENT_PROGRESS.get(event.kind, -1) > SHIPMENT_PROGRESS.get(shipment.status, 0):
        shipment.status = event.kind
    moved = _move_return(session, rma, shipment, event)
    refund_note, refunded, to_send = _refund_on_scan(session, rma, event, policy, matrix, provider)
    where = f" at {event.location}" if event.location else ""
    audit.record(
        session,
        audit.Kind.CARRIER_EVENT,
        actor=f"carrier:{shipment.carrier}",
        order_id=rma.order_id,
        rma_id=rma.id,
        description=f"Parcel {shipment.tracking_number} of return {format_rma_number(rma.number)}: "
        f"{event.kind.replace('_', ' ')}{where}" + (f"; {moved}" if moved else "") + f"; {refund_note}",
        data={"event_id": event.event_id, "kind": event.kind, "tracking_number": shipment.tracking_number},
    )
    session.flush()
    return Taken(duplicate=False, refunded=refunded, to_send=to_send)


def _move_return(session: Session, rma: Rma, shipment: Shipment, event: TrackingEvent) -> str | None:
    """The return's next status, when this event is what it waited for; what happened, or None."""
    actor, shown, status = f"carrier:{shipment.carrier}", format_rma_number(rma.number), S(rma.status)
    if event.kind == IN_TRANSIT and status is S.APPROVED:
        why = f"Parcel {shipment.tracking_number} handed to the carrier"
        set_status(session, rma, expected=S.APPROVED, to=S.IN_TRANSIT, actor=actor, why=why)
        enqueue(session, "in_transit", rma, tracking_number=shipment.tracking_number)
        return f"return {shown} is in transit"
    if event.kind == DELIVERED and status in (S.APPROVED, S.IN_TRANSIT):
        parcels = repository.shipments_of_rma(session, rma.id)
        if any(parcel.status != DELIVERED for parcel in parcels):
            return None  # another parcel of the return is still on its way
        why = f"Parcel {shipment.tracking_number} delivered to {shipment.destination} by the carrier"
        set_status(session, rma, expected=status, to=S.RECEIVED, actor=actor, why=why)
        enqueue(session, "received", rma)
        return f"return {shown} is received"
    return None


def _refund_on_scan(
    session: Session,
    rma: Rma,
    event: TrackingEvent,
    policy: Policy,
    matrix: AuthorityMatrix,
    provider: PaymentProvider,
) -> tuple[str, bool, list[Outgoing]]:
    """Refund the return now if the policy says so for this event and customer: what happened, whether
    this event refunded it, and the payments to send after the commit."""
    why_not = refund_on_scan(policy.refund_on_carrier_scan, request_from_json(rma.facts).purchase, event.kind)
    if why_not is not None:
        return f"no refund on this scan: {why_not}", False, []
    if rma.preferred_resolution not in REFUNDED_RESOLUTIONS:
        return f"no refund on this scan: the customer asked for {rma.preferred_resolution}", False, []
    if S(rma.status) not in (S.IN_TRANSIT, S.RECEIVED):
        return f"no refund on this scan: the return is {rma.status}", False, []
    try:
        with session.begin_nested():  # a refusal undoes the refund attempt alone, not the event
            refunded = refund_rma(session, matrix, rma, SCAN_ACTOR, provider, on_carrier_scan=True)
    except AppError as refusal:
        audit.record(
            session,
            audit.Kind.AUTHORITY_REFUSED,
            actor=SCAN_ACTOR.name,
            role=SCAN_ACTOR.role,
            order_id=rma.order_id,
            rma_id=rma.id,
            description=f"The refund on the carrier's scan of return {format_rma_number(rma.number)} was not made: "
            f"{refusal.detail}; it is refunded after inspection instead",
        )
        return f"no refund on this scan: {refusal.detail}", False, []
    if refunded.replayed:
        return "already refunded before this scan", False, []
    return "refunded on the carrier's scan (refund_on_carrier_scan)", True, outgoing(refunded.payments)
