"""Approval requests: asking for a movement beyond one's authority, and deciding on it.

Rules (issue 5): the request goes to the lowest role, in the matrix's order, whose limits cover
it; nobody decides their own request (checked here, and by a CHECK constraint); the decider's own
authority must allow the amount, counting what the case already has; approving books the entry
and marks the request in one transaction. Two deciders at once: the guarded
`UPDATE ... WHERE status = 'pending' AND version = :seen` lets exactly one win. The same person
clicking twice gets the first answer again: the entry's idempotency key is the request's id.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from sqlalchemy.orm import Session

from .. import audit
from ..authority import Allowed, AuthorityMatrix, check
from ..errors import Conflict, Forbidden, NotFound
from ..idempotency import StoredResponse, request_fingerprint, run_once
from ..idempotency.repository import find_record
from ..kit.money import format_amount
from ..ledger import service as ledger
from ..ledger.repository import lock_for_totals, spent
from ..models import ApprovalRequest, Escalation, Order, StaffUser
from . import repository

REQUEST_SCOPE = "ledger.approval_request"


class ApprovalNotFound(NotFound):
    title = "No such approval request"


class OwnRequest(Forbidden):
    title = "Your own request"


class CannotDecide(Forbidden):
    title = "Beyond your authority"


class AlreadyDecided(Conflict):
    title = "Already decided"


@dataclass(frozen=True)
class Decided:
    request: ApprovalRequest
    replayed: bool
    booked: ledger.Booked | None = None


def covering_role(
    matrix: AuthorityMatrix, kind: str, amount_minor: int, case_spent_minor: int, currency: str
) -> str | None:
    """The lowest role, in the matrix's order, whose per-case limit and actions cover the movement.

    The decider's daily total is checked when they decide; here only the case matters.
    """
    if currency != matrix.currency:
        return None
    for role in matrix.roles:
        if role == "bot":  # the bot decides nothing for people
            continue
        if isinstance(check(matrix, role, kind, amount_minor, 0, case_spent_minor=case_spent_minor), Allowed):
            return role
    return None


def replay_request(session: Session, key: str, fingerprint: str) -> StoredResponse | None:
    """The stored 202 of an earlier request made with this Idempotency-Key, if any."""
    if find_record(session, REQUEST_SCOPE, key) is None:
        return None
    return run_once(session, scope=REQUEST_SCOPE, key=key, fingerprint=fingerprint, work=_never)


def request_approval(
    session: Session,
    target: ledger.Target,
    *,
    kind: str,
    amount_minor: int,
    requester: StaffUser,
    required_role: str,
    reason: str,
    note: str | None,
    key: str,
    fingerprint: str,
    present: Callable[[ApprovalRequest], dict[str, Any]],
) -> StoredResponse:
    """Record a request for someone in `required_role` (or above) and audit it. Only flushes."""
    # An approval is for one order line (its column is NOT NULL): the callers only ask for one
    # then, never for the outbound delivery's refund.
    line = target.line
    assert line is not None, "an approval needs an order line"

    def work() -> tuple[int, dict[str, Any]]:
        request = ApprovalRequest(
            status="pending",
            kind=kind,
            escalation_id=target.case.id if target.case else None,
            order_id=target.order.id,
            order_line_id=line.id,
            rma_id=target.rma.id if target.rma else None,
            amount_minor=amount_minor,
            currency=target.order.currency,
            note=note or "",
            reason_refused=reason,
            requested_by_id=requester.id,
        )
        session.add(request)
        session.flush()
        money = format_amount(amount_minor, target.order.currency)
        _audit(
            session,
            request,
            audit.Kind.APPROVAL_REQUESTED,
            requester,
            f"{requester.actor} ({requester.role}) asked a {required_role.replace('_', ' ')} to approve a "
            f"{kind.replace('_', ' ')} of {money} on order {target.order.number} line {line.line_no}: {reason}"
            + (f". Note: {note}" if note else ""),
            required_role=required_role,
        )
        return 202, present(request)

    return run_once(session, scope=REQUEST_SCOPE, key=key, fingerprint=fingerprint, work=work)


def get_request(session: Session, request_id: int) -> ApprovalRequest:
    request = repository.get_request(session, request_id)
    if request is None:
        raise ApprovalNotFound(f"there is no approval request {request_id}")
    return request


def list_requests(session: Session, *, status: str | None, case: Escalation | None) -> list[ApprovalRequest]:
    return repository.list_requests(session, status=status, case_id=case.id if case is not None else None)


def refusal_for(
    session: Session, matrix: AuthorityMatrix, request: ApprovalRequest, user: StaffUser, *, moving: bool
) -> str | None:
    """Why `user` may not decide `request` (None: they may). Rejecting moves no money, so only
    approving counts the decider's daily total."""
    if user.id == request.requested_by_id:
        return "you asked for this approval yourself; someone else with enough authority must decide it"
    if request.currency != matrix.currency:
        return f"your limits are set in {matrix.currency}; this request is in {request.currency}"
    moved = spent(session, request.kind, order_id=request.order_id, actor=user.actor if moving else None)
    verdict = check(
        matrix, user.role, request.kind, request.amount_minor, moved.today_minor, case_spent_minor=moved.on_case_minor
    )
    return None if isinstance(verdict, Allowed) else verdict.reason


def approve(session: Session, matrix: AuthorityMatrix, request_id: int, decider: StaffUser, note: str) -> Decided:
    """Book the requested movement as the decider and mark the request approved. Only flushes."""
    request = get_request(session, request_id)
    if decider.id == request.requested_by_id:
        raise OwnRequest(refusal_for(session, matrix, request, decider, moving=True) or "")
    order = repository.order(session, request.order_id)
    assert order is not None
    lock_for_totals(session, order, decider.actor)
    # Read again under the lock: another decider may have committed while we waited for it.
    session.refresh(request)
    if request.status != "pending":
        return _replay_or_refuse(session, request, decider, "approved")
    reason = refusal_for(session, matrix, request, decider, moving=True)
    if reason is not None:
        raise CannotDecide(f"you cannot approve this: {reason}")
    target = _target(session, request, order)
    ledger.refuse_if_over_balance(session, target, request.kind, request.amount_minor)
    if not _mark(session, request, "approved", decider, note):
        session.refresh(request)
        return _replay_or_refuse(session, request, decider, "approved")
    requester = repository.staff_user(session, request.requested_by_id)
    booked = ledger.book(
        session,
        target,
        kind=request.kind,
        amount_minor=request.amount_minor,
        actor=ledger.Actor(name=decider.actor, role=decider.role, staff=decider),
        key=f"approval-request:{request.id}",
        fingerprint=request_fingerprint({"approval_request": request.id}),
        why=f", approving request {request.id} from {requester.actor if requester else 'someone'}",
    )
    request.ledger_entry_id = booked.entry.id
    money = format_amount(request.amount_minor, request.currency)
    _audit(
        session,
        request,
        audit.Kind.APPROVAL_APPROVED,
        decider,
        f"{decider.actor} ({decider.role}) approved request {request.id}: a {request.kind.replace('_', ' ')} of "
        f"{money} on order {order.number}" + (f". Note: {note}" if note else ""),
        ledger_entry_id=booked.entry.id,
    )
    return Decided(request=request, replayed=False, booked=booked)


def reject(session: Session, matrix: AuthorityMatrix, request_id: int, decider: StaffUser, note: str) -> Decided:
    """Mark the request rejected; nothing is booked. Only flushes."""
    request = get_request(session, request_id)
    if decider.id == request.requested_by_id:
        raise OwnRequest(refusal_for(session, matrix, request, decider, moving=False) or "")
    if request.status != "pending":
        return _replay_or_refuse(session, request, decider, "rejected")
    reason = refusal_for(session, matrix, request, decider, moving=False)
    if reason is not None:
        raise CannotDecide(f"you cannot reject this: {reason}; it needs someone whose limits cover it")
    if not _mark(session, request, "rejected", decider, note):
        session.refresh(request)
        return _replay_or_refuse(session, request, decider, "rejected")
    money = format_amount(request.amount_minor, request.currency)
    order = repository.order(session, request.order_id)
    _audit(
        session,
        request,
        audit.Kind.APPROVAL_REJECTED,
        decider,
        f"{decider.actor} ({decider.role}) rejected request {request.id}: a {request.kind.replace('_', ' ')} of "
        f"{money} on order {order.number if order else '?'}" + (f". Note: {note}" if note else ""),
    )
    return Decided(request=request, replayed=False)


def audit_refused_decision(session: Session, request_id: int, user: StaffUser, verdict: str, reason: str) -> None:
    """Record an attempt to decide that was refused (own request, beyond authority). Only flushes."""
    request = get_request(session, request_id)
    _audit(
        session,
        request,
        audit.Kind.APPROVAL_REFUSED,
        user,
        f"{user.actor} ({user.role}) tried to {verdict} request {request.id} and was refused: {reason}",
        verdict=verdict,
    )


def _mark(session: Session, request: ApprovalRequest, status: str, decider: StaffUser, note: str) -> bool:
    """The guarded UPDATE: true only for the one decision that finds the request still pending."""
    if not repository.mark_decided(session, request, status, decider.id, note):
        return False
    session.refresh(request)
    return True


def _replay_or_refuse(session: Session, request: ApprovalRequest, decider: StaffUser, wanted: str) -> Decided:
    """A second click by the same person on the same verdict gets the first answer; anything else is 409."""
    if request.status == wanted and request.decided_by_id == decider.id:
        return Decided(request=request, replayed=True)
    by = repository.staff_user(session, request.decided_by_id)
    who = f" by {by.display_name} ({by.username})" if by else ""
    raise AlreadyDecided(f"approval request {request.id} was already {request.status}{who}; nothing was changed")


def _target(session: Session, request: ApprovalRequest, order: Order) -> ledger.Target:
    line = repository.order_line(session, request.order_line_id)
    assert line is not None
    rma = repository.rma(session, request.rma_id)
    case = repository.case(session, request.escalation_id)
    return ledger.Target(order=order, line=line, rma=rma, case=case)


def _audit(
    session: Session,
    request: ApprovalRequest,
    kind: audit.Kind,
    user: StaffUser,
    description: str,
    *,
    ledger_entry_id: int | None = None,
    **data: Any,
) -> None:
    audit.record(
        session,
        kind,
        actor=user.actor,
        role=user.role,
        order_id=request.order_id,
        rma_id=request.rma_id,
        ledger_entry_id=ledger_entry_id,
        escalation_id=request.escalation_id,
        description=description,
        data={
            "approval_request_id": request.id,
            "kind": request.kind,
            "amount_minor": request.amount_minor,
            "currency": request.currency,
            **data,
        },
    )


def _never() -> tuple[int, dict[str, Any]]:  # pragma: no cover - only called when no record exists
    raise AssertionError("replay_request found a record, so run_once replays it")
