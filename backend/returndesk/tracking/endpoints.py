"""The carrier's tracking webhook: signed events about return parcels."""

from __future__ import annotations

from fastapi import APIRouter

from ..authority.current import CurrentAuthority
from ..carrier.base import TrackingEvent
from ..db import DbSession, after_commit, get_sessionmaker
from ..payment.tasks import send
from ..payment_provider import get_payment_provider
from ..policy.current import CurrentPolicy
from .dependencies import SignedEvent
from .schemas import CarrierEventOut
from .service import find_shipment, take_event

router = APIRouter(tags=["carrier"])


@router.post(
    "/carrier/events",
    response_model=CarrierEventOut,
    responses={
        401: {"description": "Unsigned, wrongly signed, or older than 5 minutes (a replay)"},
        404: {"description": "No return parcel has this tracking number"},
        413: {"description": "More than 16 KiB"},
    },
)
def carrier_event(
    event: SignedEvent, session: DbSession, policy: CurrentPolicy, matrix: CurrentAuthority
) -> CarrierEventOut:
    """A tracking event from the carrier (Parcel-Signature HMAC); a re-sent event is answered and changes nothing."""
    shipment = find_shipment(session, event.tracking_number)
    provider = get_payment_provider()
    tracked = TrackingEvent(event.id, event.type, event.occurred_at, event.location)
    taken = take_event(session, shipment, tracked, policy=policy, matrix=matrix, provider=provider)
    if taken.to_send:  # outside any transaction; the payments worker retries failures
        after_commit(session, lambda: send(get_sessionmaker(), provider, taken.to_send))
    return CarrierEventOut(
        tracking_number=shipment.tracking_number,
        duplicate=taken.duplicate,
        rma_status=shipment.rma.status,
        shipment_status=shipment.status,
        refunded=taken.refunded,
    )
