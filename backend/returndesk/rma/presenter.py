"""How a stored return is shown to its owner: status, decision, instructions, timeline."""

from __future__ import annotations

from ..config import Settings
from ..label.routing import get_routing
from ..label.service import label_info, label_steps
from ..models import Rma
from ..policy.current import get_policy
from .lifecycle import RmaStatus
from .numbers import format_rma_number
from .schemas import Instructions, ReturnLineOut, ReturnOut, TimelineEntry


def present_return(rma: Rma, settings: Settings) -> ReturnOut:
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
            )
            for line in rma.lines
        ],
        decision=rma.decision,
        instructions=instructions(rma, settings),
        timeline=[TimelineEntry.model_validate(event, from_attributes=True) for event in rma.events],
        evidence_ids=list(rma.evidence_ids or []),
    )


def instructions(rma: Rma, settings: Settings) -> Instructions | None:
    decision = rma.decision
    shown = format_rma_number(rma.number)
    status = RmaStatus(rma.status)
    label = None
    if status == RmaStatus.PENDING_REVIEW:
        steps = [
            f"Keep the item for now: a member of our team will review return {shown} and tell you the outcome.",
            "Please don't send anything until the return is approved.",
        ]
    elif status == RmaStatus.APPROVED:
        # Where each line goes comes from routing/destinations.yml (label/routing.py).
        label = label_info(rma, get_policy(), get_routing(), settings)
        steps = label_steps(shown, label)
        if label.label_url:  # something is sent back (kept items have no deadline and no postage)
            if rma.return_by:
                steps.append(f"Hand the parcel over by {rma.return_by.isoformat()}.")
            if decision["shipping_payer"] == "customer":
                steps.append("Return shipping is at your cost.")
            else:
                steps.append("Return shipping is free for you.")
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
        label=label,
    )
