"""Queries on approval requests, and the rows a request names (by id, None for none)."""

from __future__ import annotations

from sqlalchemy import select, update
from sqlalchemy.orm import Session

from ..models import ApprovalRequest, Escalation, LedgerEntry, Order, OrderLine, Rma, StaffUser, utcnow


def get_request(session: Session, request_id: int) -> ApprovalRequest | None:
    return session.get(ApprovalRequest, request_id)


def list_requests(session: Session, *, status: str | None, case_id: int | None) -> list[ApprovalRequest]:
    """Oldest first, at most 500."""
    query = select(ApprovalRequest).order_by(ApprovalRequest.created_at, ApprovalRequest.id)
    if status:
        query = query.where(ApprovalRequest.status == status)
    if case_id is not None:
        query = query.where(ApprovalRequest.escalation_id == case_id)
    return list(session.scalars(query.limit(500)))


def mark_decided(session: Session, request: ApprovalRequest, status: str, decider_id: int, note: str) -> bool:
    """The guarded UPDATE: true only for the one decision that finds the request still pending."""
    changed = session.execute(
        update(ApprovalRequest)
        .where(
            ApprovalRequest.id == request.id,
            ApprovalRequest.status == "pending",
            ApprovalRequest.version == request.version,
        )
        .values(
            status=status,
            decided_by_id=decider_id,
            decided_at=utcnow(),
            decision_note=note,
            version=ApprovalRequest.version + 1,
        )
        .execution_options(synchronize_session=False)
    )
    return changed.rowcount == 1


def order(session: Session, order_id: int) -> Order | None:
    return session.get(Order, order_id)


def order_line(session: Session, order_line_id: int) -> OrderLine | None:
    return session.get(OrderLine, order_line_id)


def rma(session: Session, rma_id: int | None) -> Rma | None:
    return session.get(Rma, rma_id) if rma_id else None


def case(session: Session, escalation_id: int | None) -> Escalation | None:
    return session.get(Escalation, escalation_id) if escalation_id else None


def ledger_entry(session: Session, entry_id: int | None) -> LedgerEntry | None:
    return session.get(LedgerEntry, entry_id) if entry_id else None


def staff_user(session: Session, user_id: int | None) -> StaffUser | None:
    return session.get(StaffUser, user_id) if user_id else None
