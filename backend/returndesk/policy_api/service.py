"""Facts for a dry run, either from a stored order or from plain facts in the request."""

from __future__ import annotations

from sqlalchemy.orm import Session

from ..evidence import service as evidence_service
from ..order.service import load_order
from ..policy.facts import Item, Purchase, ReturnLine, ReturnRequest
from ..policy.schema import Policy
from ..returns.service import build_request
from ..rma.facts import today
from .schemas import EvaluateIn


def request_from_order(
    session: Session, policy: Policy, payload: EvaluateIn, conversation_id: str | None = None
) -> ReturnRequest:
    """On a stored order the evidence is what the service counts from `evidence_ids`; counts
    the client declares in `evidence` are ignored, as a customer could claim any number."""
    assert payload.order_number is not None
    order = load_order(session, payload.order_number)
    shown = evidence_service.resolve_for_order(
        session, payload.evidence_ids, order=order, conversation_id=conversation_id
    )
    facts = evidence_service.evidence_facts(session, shown, order)
    return build_request(
        session,
        policy,
        order,
        payload.lines,  # type: ignore[arg-type]  # line_no is present: checked by EvaluateIn
        answers=payload.answers,
        evidence=facts.counts,
        evidence_suspect=facts.suspect,
        preferred_resolution=payload.preferred_resolution,
        locale=payload.locale,
        as_of=payload.today,
    )


def request_from_facts(policy: Policy, payload: EvaluateIn) -> ReturnRequest:
    assert payload.purchase is not None
    lines = tuple(
        ReturnLine(
            item=Item(**line.item.model_dump(exclude={"tags"}), tags=frozenset(line.item.tags)),
            quantity=line.quantity,
            reason=line.reason,
        )
        for line in payload.lines
        if line.item is not None
    )
    facts = payload.purchase
    total = facts.order_total_minor
    if total is None:
        total = sum(l.item.unit_price_minor * l.item.quantity for l in lines) + facts.shipping_paid_minor
    purchase = Purchase(
        placed_on=facts.placed_on,
        delivered_on=facts.delivered_on,
        customer_tier=facts.customer_tier,
        currency=facts.currency,
        order_total_minor=total,
        shipping_paid_minor=facts.shipping_paid_minor,
        recent_return_count=facts.recent_return_count,
        recent_return_rate=facts.recent_return_rate,
        recent_order_count=facts.recent_order_count,
    )
    return ReturnRequest(
        purchase=purchase,
        lines=lines,
        today=payload.today or today(policy),
        answers=dict(payload.answers),
        evidence=dict(payload.evidence),
        preferred_resolution=payload.preferred_resolution,
        reason_disputed=payload.reason_disputed,
        evidence_suspect=payload.evidence_suspect,
        locale=payload.locale,
    )
