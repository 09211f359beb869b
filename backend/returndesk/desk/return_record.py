"""One return as the desk sees it: the timeline, evidence, QC, money, exchange, label and cases,
with the actions the viewer's role may take on it now.

The actions offered are only a menu: every one of them is an existing endpoint that checks the
same authority again and answers a refusal with its own sentence.
"""

from __future__ import annotations

from typing import Any

from sqlalchemy.orm import Session

from ..authority import AuthorityMatrix
from ..config import Settings
from ..escalation.view import language_name
from ..evidence.signing import signed_path
from ..exchange.variants import exchange_options
from ..kit.money import format_amount
from ..label.notify import label_url_for
from ..ledger.repository import spent
from ..models import Escalation, Rma, StaffUser
from ..models.rma_number import format_rma_number
from ..payment import service as payments
from ..payment.presenter import present as present_payment
from ..policy import Policy
from ..policy.limits import room_left
from ..rma.lifecycle import RmaStatus
from ..rma.service import CUSTOMER_MAY_CANCEL
from . import repository as found

S = RmaStatus
# Money may still move on a return until it is over; after that, a new case.
MONEY_STATUSES = (S.APPROVED, S.IN_TRANSIT, S.RECEIVED, S.INSPECTED, S.RESOLVED)
# Those with a parcel to send back, whose label a customer may have lost.
LABEL_STATUSES = (S.APPROVED, S.IN_TRANSIT)


def return_record(
    session: Session, rma: Rma, *, viewer: StaffUser, matrix: AuthorityMatrix, policy: Policy, settings: Settings
) -> dict[str, Any]:
    order, customer = rma.order, rma.order.customer
    inspections = found.inspections_of(session, rma)
    exchange = found.exchange_of(session, rma)
    cases = found.cases_of_return(session, rma)
    evidence_ids = list(dict.fromkeys([*(rma.evidence_ids or []), *(i for q in inspections for i in q.evidence_ids)]))
    return {
        "rma_number": format_rma_number(rma.number),
        "status": rma.status,
        "created_at": rma.created_at,
        "channel": rma.channel,
        "locale": rma.locale,
        "language": language_name(rma.locale),
        "currency": rma.currency,
        "refund_estimate_minor": rma.refund_estimate_minor,
        "preferred_resolution": rma.preferred_resolution,
        "decision": rma.decision,
        "qc_mismatch": rma.qc_mismatch,
        "order": {"number": order.number, "placed_at": order.placed_at, "delivered_at": order.delivered_at},
        "customer": {"id": customer.id, "email": customer.email, "name": customer.name, "tier": customer.tier},
        "lines": [_line(session, policy, rma, line, exchange is None) for line in _lines(rma)],
        "timeline": _timeline(session, rma),
        "evidence": [
            {
                "id": evidence_id,
                "thumbnail_url": signed_path(settings, evidence_id, "thumbnail"),
                "file_url": signed_path(settings, evidence_id, "file"),
            }
            for evidence_id in evidence_ids
        ],
        "receipt": _receipt(session, rma),
        "inspections": [
            {
                "line_no": next((ln.order_line.line_no for ln in rma.lines if ln.id == q.rma_line_id), None),
                "grade": q.grade,
                "disposition": q.disposition,
                "checklist": q.checklist,
                "notes": q.notes,
                "mismatch": q.mismatch,
                "inspected_by": q.inspected_by,
                "at": q.created_at,
            }
            for q in inspections
        ],
        "payments": [present_payment(session, p) for p in payments.payments_of(session, rma)],
        "ledger": [
            {
                "id": e.id,
                "kind": e.kind,
                "amount_minor": e.amount_minor,
                "currency": e.currency,
                "actor": e.actor,
                "role": e.role,
                "at": e.created_at,
            }
            for e in found.ledger_of(session, rma)
        ],
        "exchange": _exchange(session, rma, exchange),
        "approvals": [
            {"id": a.id, "kind": a.kind, "amount_minor": a.amount_minor, "currency": a.currency, "at": a.created_at}
            for a in found.pending_approvals(session, rma)
        ],
        "label_url": _label_path(rma),
        "cases": [{"reference": c.reference, "status": c.status, "created_at": c.created_at} for c in cases],
        "authority": _authority(session, matrix, viewer, rma),
        "actions": actions_for(matrix, viewer, rma, exchanged=exchange is not None, cases=cases),
    }


def _lines(rma: Rma):
    return sorted(rma.lines, key=lambda line: line.order_line.line_no)


def _line(session: Session, policy: Policy, rma: Rma, line, exchangeable: bool) -> dict[str, Any]:
    order_line = line.order_line
    options = []
    if exchangeable and rma.status == S.INSPECTED.value:
        options = [
            {
                "sku": v.sku,
                "name": v.name,
                "size": v.size,
                "colour": v.colour,
                "unit_price_minor": v.unit_price_minor,
                "settlement": v.difference.settlement,
            }
            for v in exchange_options(session, policy, order_line, line.quantity)
        ]
    return {
        "line_no": order_line.line_no,
        "sku": order_line.sku,
        "name": order_line.name,
        "quantity": line.quantity,
        "reason": line.reason,
        "unit_price_minor": order_line.unit_price_minor,
        "paid_minor": order_line.unit_price_minor * line.quantity,
        "refunded_minor": order_line.refunded_minor,
        "exchange_options": options,
    }


def _timeline(session: Session, rma: Rma) -> list[dict[str, Any]]:
    """Lifecycle changes and audit events, oldest first: what happened and who did it."""
    entries = [
        {"at": e.at, "actor": e.actor, "kind": f"status.{e.to_status}", "description": e.description}
        for e in rma.events
    ]
    entries += [
        {"at": e.created_at, "actor": e.actor, "kind": e.kind, "description": e.description}
        for e in found.events_of(session, rma)
    ]
    return sorted(entries, key=lambda entry: entry["at"])


def _receipt(session: Session, rma: Rma) -> dict[str, Any] | None:
    receipt = found.receipt_of(session, rma)
    if receipt is None:
        return None
    return {"received_by": receipt.received_by, "partial": receipt.partial, "at": receipt.created_at}


def _exchange(session: Session, rma: Rma, exchange) -> dict[str, Any] | None:
    if exchange is None:
        return None
    requests = found.payment_requests_of(session, rma)
    return {
        "replacement_order": exchange.sink_reference,
        "original_sku": exchange.original_sku,
        "replacement_sku": exchange.replacement_sku,
        "quantity": exchange.quantity,
        "difference_minor": exchange.difference_minor,
        "currency": exchange.currency,
        "at": exchange.created_at,
        "payment_requests": [{"id": r.id, "amount_minor": r.amount_minor, "status": r.status} for r in requests],
    }


def _label_path(rma: Rma) -> str | None:
    # The staff session opens the label itself; the signed link is the customer's.
    if label_url_for(rma) is None:
        return None
    return f"/api/v1/returns/{format_rma_number(rma.number)}/label.pdf"


def _authority(session: Session, matrix: AuthorityMatrix, viewer: StaffUser, rma: Rma) -> dict[str, Any]:
    role = matrix.roles.get(viewer.role)
    if role is None:
        return {"role": viewer.role, "refund_room_minor": 0, "refund_room": format_amount(0, matrix.currency)}
    room = room_left(role, "refund", spent(session, "refund", order_id=rma.order_id, actor=viewer.actor))
    left = [r for r in (room.on_case_minor, room.today_minor) if r is not None]
    minor = min(left) if left else None
    return {
        "role": viewer.role,
        "refund_room_minor": minor,
        "refund_room": format_amount(minor, matrix.currency) if minor is not None else None,
    }


def actions_for(
    matrix: AuthorityMatrix, viewer: StaffUser, rma: Rma, *, exchanged: bool, cases: list[Escalation]
) -> dict[str, Any]:
    """What to offer `viewer` on `rma` now: its stage and the role's actions (the endpoints check again)."""
    role = matrix.roles.get(viewer.role)
    may = role.actions if role is not None else frozenset()
    status = S(rma.status)
    # A decision is taken on the return's open case when it has one (the customer is told there).
    deciding = next((c.reference for c in cases if c.status != "closed"), None)
    money = status in MONEY_STATUSES
    return {
        "decide_case": deciding if status is S.PENDING_REVIEW else None,
        # Without a case: the desk's own decision endpoint.
        "approve": status is S.PENDING_REVIEW and "approve_return" in may,
        "reject": status is S.PENDING_REVIEW and "reject_return" in may,
        "refund_full": status is S.INSPECTED and not exchanged and "refund" in may,
        "keep_item": status is S.APPROVED and "refund" in may,
        "refund_partial": money and "refund" in may,
        "store_credit": money and "store_credit" in may,
        "exchange": status is S.INSPECTED and not exchanged and "exchange" in may,
        "cancel": status in CUSTOMER_MAY_CANCEL,
        "resend_label": status in LABEL_STATUSES,
        "close": status is S.RESOLVED,
    }
