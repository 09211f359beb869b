"""Book each parcel of a return with the carrier, once, before its label is printed.

The booking happens when the label is first asked for (chat, email, console, the shop): every
way a return gets approved ends in that download, and a parcel nobody prints a label for is never
booked. The carrier is asked with the reference "<rma number>-<destination>", its idempotency
key: a retry after a lost answer, or two downloads at once, get the same tracking number, and the
(rma, destination) unique constraint keeps one row. The call is made inside the request's unit of
work because the label cannot be drawn without its tracking number; the client's timeouts and
retries bound how long that takes (carrier/parcel_api.py).

An order pushed without a delivery address cannot be booked (the carrier collects there): its
label is the packing slip it always was, and says so.
"""

from __future__ import annotations

import logging
from typing import Any

from sqlalchemy import select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from ..carrier import Address, Carrier, CarrierRefused, CarrierUnavailable, ParcelSpec
from ..errors import AppError
from ..models import Rma, Shipment
from ..models.rma_number import format_rma_number
from .destinations import Destination
from .routing import Parcel

log = logging.getLogger(__name__)


class CarrierDown(AppError):
    status = 503
    title = "Carrier unavailable"


class CarrierRejected(AppError):
    status = 502
    title = "Carrier refused the booking"


def sender_address(shipping_address: dict[str, Any] | None) -> Address | None:
    """The customer as the carrier collects from them (the order's delivery address), if the shop sent it."""
    if not shipping_address:
        return None
    return Address(
        name=shipping_address["name"],
        lines=tuple(shipping_address["lines"]),
        city=shipping_address["city"],
        postcode=shipping_address.get("postcode"),
        region=shipping_address.get("region"),
        country=shipping_address["country"],
        phone=shipping_address.get("phone"),
    )


def destination_address(destination: Destination) -> Address:
    return Address(name=destination.name, lines=destination.address)


def shipments_of(session: Session, rma: Rma) -> dict[str, Shipment]:
    """The return's bookings by destination id."""
    rows = session.scalars(select(Shipment).where(Shipment.rma_id == rma.id))
    return {row.destination: row for row in rows}


def book_parcels(session: Session, rma: Rma, parcels: list[Parcel], carrier: Carrier | None) -> dict[str, Shipment]:
    """Every shipping parcel of `rma` booked with `carrier` (those booked before are left as they are).
    Nothing is booked without a carrier or without the customer's address. Only flushes."""
    booked = shipments_of(session, rma)
    sender = sender_address(rma.order.shipping_address)
    if carrier is None or sender is None:
        return booked
    for parcel in parcels:
        if not parcel.ships or parcel.destination.id in booked:
            continue
        booked[parcel.destination.id] = _book(session, rma, parcel, sender, carrier)
    return booked


def _book(session: Session, rma: Rma, parcel: Parcel, sender: Address, carrier: Carrier) -> Shipment:
    shown = format_rma_number(rma.number)
    reference = f"{rma.number}-{parcel.destination.id}"
    contents = ", ".join(f"{line.quantity} x {line.name}" for line in parcel.lines)
    try:
        made = carrier.create_shipment(
            sender, destination_address(parcel.destination), [ParcelSpec(description=contents[:200])], reference
        )
    except CarrierUnavailable as exc:
        log.warning("booking %s with %s failed: %s", reference, carrier.name, exc)
        raise CarrierDown(
            f"the carrier could not be reached to book return {shown}; try the label again in a few minutes"
        ) from None
    except CarrierRefused as exc:
        raise CarrierRejected(f"the carrier refused to book return {shown}: {exc}") from None
    row = Shipment(
        rma_id=rma.id,
        destination=parcel.destination.id,
        carrier=carrier.name,
        carrier_shipment_id=made.shipment_id,
        tracking_number=made.tracking_number,
        barcode=made.barcode,
        status="created",
    )
    try:
        with session.begin_nested():  # a download at the same moment may have stored the same booking
            session.add(row)
    except IntegrityError:
        again = shipments_of(session, rma).get(parcel.destination.id)
        if again is None:
            raise
        return again
    return row
