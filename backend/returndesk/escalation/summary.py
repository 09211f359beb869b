"""What an agent needs to act without reading the chat, captured when the case opens.

A snapshot, not a live view: the order and the policy decision as they were when the customer
was handed over. The case view adds what changes (status, transcript, signed thumbnail links).
"""

from __future__ import annotations

from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from ..errors import InvalidInput
from ..models import BotOffer, Order, OrderLine, Rma
from ..models.rma_number import format_rma_number
from ..order import repository as orders
from ..rma import repository as rmas


def find_order(session: Session, number: str | None) -> Order | None:
    return orders.get_order(session, number) if number else None


def find_rma(session: Session, number: str | None, conversation_id: str) -> Rma | None:
    """The named return, else the conversation's latest one (the bot may not name it)."""
    if number:
        return rmas.get_rma(session, number)
    latest = session.scalars(
        select(Rma.number).where(Rma.conversation_id == conversation_id).order_by(Rma.id.desc()).limit(1)
    ).first()
    return rmas.get_rma(session, latest) if latest else None


def offers_made(session: Session, conversation_id: str) -> list[dict[str, Any]]:
    """The keep-the-item offers the bot made in this chat, and what the customer answered."""
    found = session.execute(
        select(BotOffer, OrderLine.line_no)
        .join(OrderLine, OrderLine.id == BotOffer.order_line_id)
        .where(BotOffer.conversation_id == conversation_id)
        .order_by(BotOffer.id)
    )
    return [
        {
            "id": offer.id,
            "line_no": line_no,
            "kind": offer.kind,
            "amount_minor": offer.amount_minor,
            "currency": offer.currency,
            "status": offer.status,
            "rung": offer.rung,
        }
        for offer, line_no in found
    ]


def case_details(
    order: Order | None,
    rma: Rma | None,
    *,
    typed_order_number: str | None,
    verified: bool = False,
    context: Any = None,
    offers: list[dict[str, Any]] | None = None,
) -> dict[str, Any]:
    """`verified`: the customer proved the order in this chat, so the agent acts without asking again.
    `context` (schemas.ChatContextIn): what the bot collected before any return existed."""
    details: dict[str, Any] = {
        "order": None,
        "customer": None,
        "verified": verified and order is not None,
        "items": [],
        "reason": None,
        "rma": None,
        "offers": offers or [],
    }
    if order is None and typed_order_number:
        details["order_not_found"] = typed_order_number
    if order is not None:
        details["order"] = {
            "number": order.number,
            "placed_at": order.placed_at.isoformat(),
            "delivered_at": order.delivered_at.isoformat() if order.delivered_at else None,
            "payment_method": order.payment_method,
            "total_minor": order.total_minor,
            "currency": order.currency,
        }
        customer = order.customer
        details["customer"] = {"name": customer.name, "email": customer.email, "tier": customer.tier}
        details["items"] = [_order_item(line) for line in order.lines]
        if rma is None and context is not None:
            details.update(_chat_context(order, context))
    if rma is not None:
        details["rma"] = {"number": format_rma_number(rma.number), "status": rma.status, "locale": rma.locale}
        details["items"] = [
            {**_order_item(line.order_line), "quantity": line.quantity, "reason": line.reason, "note": line.note}
            for line in rma.lines
        ]
        details["reason"] = ", ".join(sorted({line.reason for line in rma.lines}))
        details["evidence_ids"] = list(rma.evidence_ids or [])
        details["decision"] = {
            "outcome": rma.decision.get("outcome"),
            "rule_ids": list(rma.decision.get("rule_ids", [])),
            "explanations": [
                {"rule_id": e["rule_id"], "text": e["text"]} for e in rma.decision.get("explanations", [])
            ],
            "refund_estimate_minor": rma.refund_estimate_minor,
            "policy_version": rma.policy_version,
        }
    return details


def _chat_context(order: Order, context: Any) -> dict[str, Any]:
    """The items, reason and dry-run decision the customer talked about, on the order's own lines."""
    found: dict[str, Any] = {}
    if context.items:
        lines = {line.line_no: line for line in order.lines}
        unknown = [str(item.line_no) for item in context.items if item.line_no not in lines]
        if unknown:
            raise InvalidInput(
                f"order {order.number} has no line {', '.join(unknown)}; send the line numbers of that order"
            )
        found["items"] = [
            {**_order_item(lines[item.line_no]), "quantity": item.quantity, "reason": context.reason}
            for item in context.items
        ]
    if context.reason:
        found["reason"] = context.reason
    if context.resolution:
        found["resolution"] = context.resolution
    if context.decision is not None:
        decision = context.decision
        found["decision"] = {
            "outcome": decision.outcome,
            "rule_ids": list(decision.rule_ids),
            "explanations": [{"rule_id": e.rule_id, "text": e.text} for e in decision.explanations],
            "alternatives": list(decision.alternatives),
            "refund_estimate_minor": decision.refund_estimate_minor,
            # Told to the customer in the chat; no return was created, so nothing is decided yet.
            "source": "dry_run",
        }
    return found


def _order_item(line) -> dict[str, Any]:
    return {
        "line_no": line.line_no,
        "sku": line.sku,
        "name": line.name,
        "category": line.category,
        "quantity": line.quantity,
        "unit_price_minor": line.unit_price_minor,
    }


def order_value_minor(order: Order | None, rma: Rma | None) -> int | None:
    """What is at stake: the return's lines when there is a return, else the whole order."""
    if rma is not None:
        return sum(line.order_line.unit_price_minor * line.quantity for line in rma.lines)
    return order.total_minor if order is not None else None


def review_rule_ids(rma: Rma | None) -> list[str]:
    if rma is None:
        return []
    return [rule for rule in rma.decision.get("rule_ids", []) if rule.startswith("review.")]


def mask_email(email: str) -> str:
    """d***@example.com: enough for the customer to recognise, not enough for an onlooker."""
    name, _, domain = email.partition("@")
    return f"{name[:1]}***@{domain}" if domain else "your email address"
