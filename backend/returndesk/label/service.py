"""What a return's label and instructions say: parcels, methods, link; refusals with the reason."""

from __future__ import annotations

from sqlalchemy.orm import Session

from ..carrier import TITLES, Carrier
from ..config import Settings
from ..errors import Conflict
from ..models import Rma
from ..models.rma_number import format_rma_number
from ..policy import Policy
from ..rma.lifecycle import RmaStatus
from .addresses import written_address
from .destinations import Routing
from .pdf import Booking, LabelSheet, render_label
from .routing import Parcel, parcels_of
from .schemas import LabelInfo, ParcelOut, ReturnMethodOut
from .shipments import book_parcels
from .signing import link_expiry, signed_label_path
from .words import CHOICE_SEPARATOR, LIST_SEPARATOR, label_locale, say

# A label is useful from approval until the parcel arrives; before, nothing may be sent, after,
# a second parcel would be a mistake.
LABEL_STATUSES = frozenset({RmaStatus.APPROVED, RmaStatus.IN_TRANSIT})


class LabelNotAvailable(Conflict):
    title = "No label for this return"


def label_sheet(rma: Rma, policy: Policy, routing: Routing, bookings: dict[str, Booking] | None = None) -> LabelSheet:
    """The label's content, or a refusal saying why this return has no label."""
    shown = format_rma_number(rma.number)
    status = RmaStatus(rma.status)
    if status not in LABEL_STATUSES:
        reason = {
            RmaStatus.PENDING_REVIEW: "it is waiting for review; please don't send anything until it is approved",
            RmaStatus.REQUESTED: "it is not approved yet",
            RmaStatus.REJECTED: "it was not approved",
            RmaStatus.CANCELLED: "it was cancelled",
        }.get(status, f"it is already {status.value.replace('_', ' ')}")
        raise LabelNotAvailable(f"return {shown} has no label because {reason}.", rma_status=status.value)
    shipping = [parcel for parcel in parcels_of(rma, policy, routing) if parcel.ships]
    if not shipping:
        raise LabelNotAvailable(
            f"return {shown} needs no parcel: you keep the item(s), so there is no label to print.",
            rma_status=status.value,
        )
    address = rma.order.shipping_address
    return LabelSheet(
        rma_display=shown,
        order_number=rma.order.number,
        sender_name=address["name"] if address else rma.order.customer.name,
        return_by=rma.return_by,
        parcels=tuple(shipping),
        locale=rma.locale,
        sender_address=written_address(address) if address else (),
        bookings=bookings or {},
    )


def label_pdf(session: Session, rma: Rma, policy: Policy, routing: Routing, carrier: Carrier | None) -> bytes:
    """The label PDF, each parcel booked with `carrier` first (once: shipments.py). Only flushes."""
    sheet = label_sheet(rma, policy, routing)  # refuses a return that has no label before anything is booked
    booked = book_parcels(session, rma, list(sheet.parcels), carrier)
    bookings = {
        destination: Booking(TITLES.get(row.carrier, row.carrier), row.tracking_number, row.barcode)
        for destination, row in booked.items()
    }
    return render_label(label_sheet(rma, policy, routing, bookings))


def label_info(rma: Rma, policy: Policy, routing: Routing, settings: Settings, locale: str | None = None) -> LabelInfo:
    """The `label` part of the return's instructions: where each parcel goes, how, and the PDF link;
    worded in `locale` (else the return's own language)."""
    parcels = parcels_of(rma, policy, routing)
    ships = any(parcel.ships for parcel in parcels)
    loc = label_locale(locale or rma.locale)
    return LabelInfo(
        label_url=label_link(rma, settings) if ships else None,
        parcels=[_parcel_out(parcel, loc) for parcel in parcels],
    )


def label_link(rma: Rma, settings: Settings) -> str:
    """The signed label URL for chat and emails (public_url + path); check label_info first if the
    return may have nothing to send back."""
    path = signed_label_path(settings, rma.number, expires=link_expiry(rma.return_by))
    return settings.public_url.rstrip("/") + path


def _parcel_out(parcel: Parcel, locale: str) -> ParcelOut:
    destination = parcel.destination
    return ParcelOut(
        destination=destination.id,
        destination_name=destination.name,
        ships=destination.ships,
        address=list(destination.address),
        instructions=destination.instructions,
        line_nos=[line.line_no for line in parcel.lines],
        methods=[
            ReturnMethodOut(
                kind=method.kind,
                needs_label=method.needs_label,
                where=method.where,
                description=say(locale, f"how.{method.kind}_at", where=method.where)
                if method.where
                else say(locale, f"how.{method.kind}"),
            )
            for method in parcel.methods
        ],
    )


def label_steps(shown: str, label: LabelInfo, locale: str = "en") -> list[str]:
    """What to do with each parcel, in the order the customer does it, in `label_locale` words."""
    shipping = [parcel for parcel in label.parcels if parcel.ships]
    steps: list[str] = []
    for index, parcel in enumerate(shipping, start=1):
        address = LIST_SEPARATOR["en"].join(parcel.address)  # the address as the carrier reads it
        if len(shipping) > 1:
            lines = _lines(parcel, locale)
            step = say(
                locale, "steps.send_parcel", index=index, total=len(shipping), lines=lines, rma=shown, address=address
            )
        else:
            step = say(locale, "steps.send", rma=shown, address=address)
        steps.append(step)
    if shipping:
        steps.append(say(locale, "steps.print_parcels" if len(shipping) > 1 else "steps.print"))
        methods = {method.kind: method for parcel in shipping for method in parcel.methods}
        if len(methods) > 1:
            ways = CHOICE_SEPARATOR[locale].join(method.description.rstrip(".。") for method in methods.values())
            steps.append(say(locale, "steps.ways", ways=ways))
    for parcel in label.parcels:
        if not parcel.ships:
            if parcel.instructions:  # the shop's own words from routing/destinations.yml
                steps.append(
                    say(locale, "steps.keep_because", lines=_lines(parcel, locale), instructions=parcel.instructions)
                )
            else:
                steps.append(say(locale, "steps.keep", lines=_lines(parcel, locale)))
    return steps


def _lines(parcel: ParcelOut, locale: str) -> str:
    numbers = LIST_SEPARATOR[locale].join(str(n) for n in parcel.line_nos)
    return say(locale, "steps.line" if len(parcel.line_nos) == 1 else "steps.lines", numbers=numbers)
