"""An approval request as the API shows it: what, for which line and case, who asked, who decided."""

from __future__ import annotations

from typing import Any

from sqlalchemy.orm import Session

from ..authority import AuthorityMatrix
from ..ledger import service as ledger
from ..ledger.repository import spent
from ..models import ApprovalRequest, LedgerEntry, StaffUser
from ..models.rma_number import format_rma_number
from . import repository
from .service import covering_role, refusal_for


def present(session: Session, matrix: AuthorityMatrix, request: ApprovalRequest, viewer: StaffUser) -> dict[str, Any]:
    """JSON-ready; `can_decide` is for `viewer`."""
    order = repository.order(session, request.order_id)
    line = repository.order_line(session, request.order_line_id)
    assert order is not None and line is not None
    rma = repository.rma(session, request.rma_id)
    case = repository.case(session, request.escalation_id)
    entry = repository.ledger_entry(session, request.ledger_entry_id)
    on_case = spent(session, request.kind, order_id=request.order_id).on_case_minor
    if entry is not None:
        on_case -= entry.amount_minor  # the role it needed before it was booked
    pending = request.status == "pending"
    return {
        "id": request.id,
        "status": request.status,
        "kind": request.kind,
        "amount_minor": request.amount_minor,
        "currency": request.currency,
        "order_number": order.number,
        "line_no": line.line_no,
        "item_name": line.name,
        "rma_number": format_rma_number(rma.number) if rma else None,
        "escalation_reference": case.reference if case else None,
        "note": request.note,
        "reason_refused": request.reason_refused,
        "required_role": covering_role(matrix, request.kind, request.amount_minor, on_case, request.currency),
        "requested_by": _person(repository.staff_user(session, request.requested_by_id)),
        "created_at": request.created_at.isoformat(),
        "decided_by": _person(repository.staff_user(session, request.decided_by_id)),
        "decided_at": request.decided_at.isoformat() if request.decided_at else None,
        "decision_note": request.decision_note,
        "ledger_entry": _entry(session, entry),
        "can_decide": pending and refusal_for(session, matrix, request, viewer, moving=True) is None,
    }


def _person(user: StaffUser | None) -> dict[str, str] | None:
    if user is None:
        return None
    return {"username": user.username, "display_name": user.display_name, "role": user.role}


def _entry(session: Session, entry: LedgerEntry | None) -> dict[str, Any] | None:
    if entry is None:
        return None
    described = ledger.describe(session, entry)
    described["created_at"] = entry.created_at.isoformat()
    return described
