"""Approval requests for the console: the list (with what the caller may decide), approve, reject."""

from __future__ import annotations

from functools import partial
from typing import Annotated, Any, Literal

from fastapi import APIRouter, Path
from fastapi.responses import JSONResponse

from ..authority.current import CurrentAuthority
from ..db import DbSession, after_commit
from ..errors import AppError, AuditedRefusal
from ..ledger.notify import tell_customer
from ..ledger.service import customer_words, find_case
from ..staff.auth import CurrentStaff
from . import repository, service
from .presenter import present
from .schemas import ApprovalOut, ApprovalsOut, DecisionIn

router = APIRouter(prefix="/approvals", tags=["approvals"])
RequestId = Annotated[int, Path(ge=1, le=2**31 - 1, description="The approval request's id")]

DECISION_RESPONSES: dict[int | str, dict[str, Any]] = {
    200: {"description": "Decided (a repeated click by the same person answers the same, marked Idempotent-Replayed)"},
    403: {"description": "Your own request, or beyond your authority"},
    409: {"description": "Already decided by someone else, or more than was paid"},
}


@router.get("", response_model=ApprovalsOut)
def list_approvals(
    user: CurrentStaff,
    session: DbSession,
    matrix: CurrentAuthority,
    status: Literal["pending", "approved", "rejected", "all"] = "pending",
    escalation: str | None = None,
) -> ApprovalsOut:
    """Approval requests, oldest first; `can_decide` marks those the caller may approve or reject."""
    case = find_case(session, escalation) if escalation else None
    requests = service.list_requests(session, status=None if status == "all" else status, case=case)
    return ApprovalsOut(approvals=[ApprovalOut(**present(session, matrix, request, user)) for request in requests])


@router.get("/{request_id}", response_model=ApprovalOut)
def get_approval(
    request_id: RequestId, user: CurrentStaff, session: DbSession, matrix: CurrentAuthority
) -> ApprovalOut:
    """One approval request, with its decision and booked entry once decided."""
    return ApprovalOut(**present(session, matrix, service.get_request(session, request_id), user))


@router.post("/{request_id}/approve", response_model=ApprovalOut, responses=DECISION_RESPONSES)
def approve(
    request_id: RequestId, payload: DecisionIn, user: CurrentStaff, session: DbSession, matrix: CurrentAuthority
) -> JSONResponse:
    """Approve someone else's request within your own authority: the movement is booked as yours."""
    try:
        decided = service.approve(session, matrix, request_id, user, payload.note)
    except (service.OwnRequest, service.CannotDecide) as refusal:
        raise _refused(request_id, user, "approve", refusal) from refusal
    if decided.replayed:
        return _answer(session, matrix, decided, user)
    request = decided.request
    if decided.booked is not None and request.escalation_id is not None:
        line = repository.order_line(session, request.order_line_id)
        words = customer_words(request.kind, request.amount_minor, request.currency, line.name if line else "your item")
        # The money is committed first; the chat is best effort and may be slow.
        after_commit(
            session,
            partial(
                tell_customer,
                session,
                repository.case(session, request.escalation_id),
                f"{words} has been approved and is on its way.",
                agent_name=user.display_name,
                actor=user.actor,
                role=user.role,
                order_id=request.order_id,
                ledger_entry_id=decided.booked.entry.id,
            ),
        )
    return _answer(session, matrix, decided, user)


@router.post("/{request_id}/reject", response_model=ApprovalOut, responses=DECISION_RESPONSES)
def reject(
    request_id: RequestId, payload: DecisionIn, user: CurrentStaff, session: DbSession, matrix: CurrentAuthority
) -> JSONResponse:
    """Reject someone else's request; nothing is booked, and the requester sees your note."""
    try:
        decided = service.reject(session, matrix, request_id, user, payload.note)
    except (service.OwnRequest, service.CannotDecide) as refusal:
        raise _refused(request_id, user, "reject", refusal) from refusal
    return _answer(session, matrix, decided, user)


def _refused(request_id: RequestId, user, verdict: str, refusal: AppError) -> AuditedRefusal:
    # Nothing changes, but the attempt itself belongs in the audit log.
    return AuditedRefusal(
        refusal,
        partial(
            service.audit_refused_decision, request_id=request_id, user=user, verdict=verdict, reason=refusal.detail
        ),
    )


def _answer(session, matrix, decided: service.Decided, user) -> JSONResponse:
    body = ApprovalOut(**present(session, matrix, decided.request, user)).model_dump(mode="json")
    headers = {"Idempotent-Replayed": "true"} if decided.replayed else None
    return JSONResponse(body, status_code=200, headers=headers)
