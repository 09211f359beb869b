"""How a stored return is shown to its owner: status, decision, instructions, timeline, progress."""

from __future__ import annotations

from dataclasses import replace
from datetime import date

from sqlalchemy.orm import Session, object_session

from ..carrier import TITLES
from ..config import Settings
from ..exchange.repository import reservation_for, variant_of
from ..exchange.schemas import ExchangeChoiceOut
from ..kit.language import written_date
from ..label.routing import get_routing, parcels_of
from ..label.schemas import LabelInfo
from ..label.service import label_info, label_steps
from ..label.shipments import shipments_of
from ..label.words import label_locale, say
from ..models import Rma, RmaLine, utcnow
from ..models.rma_number import format_rma_number
from ..order import repository as orders
from ..payment.approval import request_note
from ..policy.current import get_policy
from ..rma.lifecycle import RmaStatus
from ..rma.progress import Event, Exchange, Facts, Payment, Progress, Replacement, progress_of
from ..rma.service import CUSTOMER_MAY_CANCEL
from . import repository
from .resolution import CUSTOMER_MAY_CHANGE
from .schemas import Instructions, ReturnLineOut, ReturnOut, ShipmentOut, TimelineEntry


def present_return(rma: Rma, settings: Settings, locale: str | None = None) -> ReturnOut:
    """The return as its owner sees it; the instructions worded in `locale`, else the return's own."""
    return ReturnOut(
        rma_number=format_rma_number(rma.number),
        order_number=rma.order.number,
        status=rma.status,
        created_at=rma.created_at,
        refund_estimate_minor=rma.refund_estimate_minor,
        currency=rma.currency,
        lines=[
            ReturnLineOut(
                line_no=line.order_line.line_no,
                sku=line.order_line.sku,
                name=line.order_line.name,
                quantity=line.quantity,
                reason=line.reason,
                exchange_for=exchange_choice(object_session(rma), rma, line),
            )
            for line in rma.lines
        ],
        decision=rma.decision,
        instructions=instructions(rma, settings, locale),
        timeline=[TimelineEntry.model_validate(event, from_attributes=True) for event in rma.events],
        evidence_ids=list(rma.evidence_ids or []),
        progress=load_progress(object_session(rma), rma, locale=locale or rma.locale),
        customer_may_cancel=RmaStatus(rma.status) in CUSTOMER_MAY_CANCEL,
        customer_may_change_resolution=RmaStatus(rma.status) in CUSTOMER_MAY_CHANGE,
        shipments=shipments(object_session(rma), rma),
    )


def shipments(session: Session | None, rma: Rma) -> list[ShipmentOut]:
    """The return's carrier bookings, for the customer's tracking and the desk."""
    if session is None:
        return []
    return [
        ShipmentOut(
            destination=row.destination,
            carrier=TITLES.get(row.carrier, row.carrier),
            tracking_number=row.tracking_number,
            status=row.status,
        )
        for row in shipments_of(session, rma).values()
    ]


def exchange_choice(session: Session | None, rma: Rma, line: RmaLine) -> ExchangeChoiceOut | None:
    held = reservation_for(session, line.id) if session is not None and line.id is not None else None
    if held is None or session is None:
        return None
    name, size, colour = _named(session, held.sku)
    return ExchangeChoiceOut(
        sku=held.sku,
        name=name,
        size=size,
        colour=colour,
        quantity=held.quantity,
        settlement=held.settlement,
        difference_minor=held.difference_minor,
        currency=held.currency,
    )


def _named(session: Session, sku: str) -> tuple[str, str | None, str | None]:
    """A SKU as the customer knows it: the product's name, its size and colour (the SKU itself when unknown)."""
    product = orders.get_product(session, sku)
    variant = variant_of(session, sku)
    return (product.name if product else sku, variant.size if variant else None, variant.colour if variant else None)


def load_progress(
    session: Session | None, rma: Rma, *, today: date | None = None, locale: str | None = None
) -> Progress:
    """The stage, next step and expected date of `rma` (see progress.py), from its stored records."""
    return progress_of(load_facts(session, rma), today or utcnow().date(), locale)


def load_facts(session: Session | None, rma: Rma) -> Facts:
    days = rma.decision.get("refund_due_days")
    facts = Facts(
        number=rma.number,
        status=rma.status,
        currency=rma.currency,
        return_by=rma.return_by,
        refund_due_days=int(days) if days is not None else None,
        refund_estimate_minor=rma.refund_estimate_minor,
        ships=any(parcel.ships for parcel in parcels_of(rma, get_policy(), get_routing())),
        events=[Event(event.at, event.to_status) for event in rma.events],
        units_expected=sum(line.quantity for line in rma.lines),
        resolution=rma.preferred_resolution or "refund",
    )
    if session is None:  # a return built in memory (never stored) has no warehouse or money records
        return facts
    received = repository.units_received(session, rma.id)
    payments = repository.refund_payments(session, rma.id)
    waiting = repository.awaiting_approval_minor(session, rma.id, request_note(rma))
    swap = repository.exchange_order(session, rma.id)
    exchange = None
    if swap is not None:
        owed = repository.still_owed_minor(session, swap.id)
        named = _named(session, swap.replacement_sku)
        exchange = Exchange(swap.replacement_sku, swap.sink_reference, swap.created_at, owed, *named)
    held = [choice for line in rma.lines if (choice := exchange_choice(session, rma, line)) is not None]
    return replace(
        facts,
        units_received=received,
        payments=[Payment(p.amount_minor, p.purpose, p.status, p.created_at, p.settled_at) for p in payments],
        refund_awaiting_approval_minor=None if waiting is None else int(waiting),
        exchange=exchange,
        replacements=[Replacement(c.name, c.size, c.colour, c.settlement, c.difference_minor) for c in held],
    )


def instructions(rma: Rma, settings: Settings, locale: str | None = None) -> Instructions | None:
    decision = rma.decision
    shown = format_rma_number(rma.number)
    status = RmaStatus(rma.status)
    loc = label_locale(locale or rma.locale)
    label = None
    if status == RmaStatus.PENDING_REVIEW:
        steps = [say(loc, "steps.review_keep", rma=shown), say(loc, "steps.review_wait")]
        first = steps
    elif status == RmaStatus.APPROVED:
        # Where each line goes comes from routing/destinations.yml (label/routing.py).
        label = label_info(rma, get_policy(), get_routing(), settings, loc)
        steps = label_steps(shown, label, loc)
        first = _first_steps(steps, label)
        if label.label_url:  # something is sent back (kept items have no deadline and no postage)
            if rma.return_by:
                by = say(loc, "steps.hand_over_by", date=written_date(loc, rma.return_by))
                steps.append(by)
                first.append(by)
            paid = decision["shipping_payer"] == "customer"
            steps.append(say(loc, "steps.shipping_paid" if paid else "steps.shipping_free"))
    else:
        return None
    shipping = [parcel for parcel in label.parcels if parcel.ships] if label else []
    return Instructions(
        ship_to=", ".join(shipping[0].address) if shipping else None,
        return_by=rma.return_by,
        shipping_payer=decision["shipping_payer"],
        label_cost_minor=decision["label_cost_minor"],
        currency=rma.currency,
        steps=steps,
        first_steps=first,
        label=label,
    )


def _first_steps(steps: list[str], label: LabelInfo) -> list[str]:
    """The steps a chat shows: where each parcel goes, printing the label, what to keep. Left out
    (they stay in `steps`): the ways to hand it over, and who pays postage (the refund says it)."""
    shipping = sum(1 for parcel in label.parcels if parcel.ships)
    kept = sum(1 for parcel in label.parcels if not parcel.ships)
    printing = steps[shipping : shipping + 1] if shipping else []
    return [*steps[:shipping], *printing, *(steps[len(steps) - kept :] if kept else [])]
