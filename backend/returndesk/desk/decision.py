"""Deciding a return in review that has no case: one asked for over the API without a chat.

A return with a case is decided on the case (POST /cases/{reference}/return-decision), which
tells the customer in its conversation; this is the same step without one: the same authority
check, the same lifecycle change, the customer told by email and SMS, and an audit event.
"""

from __future__ import annotations

from sqlalchemy.orm import Session

from .. import audit
from ..authority import AuthorityMatrix, Refused, check
from ..errors import Conflict, Forbidden
from ..label.notify import label_url_for
from ..models import Rma, StaffUser
from ..models.rma_number import format_rma_number
from ..notification import enqueue as notify
from ..rma.lifecycle import RmaStatus, set_status
from . import repository as found


class DecisionBeyondAuthority(Forbidden):
    title = "Beyond your authority"


class NotForTheDesk(Conflict):
    title = "Decide this return elsewhere"


def decide_without_case(
    session: Session, matrix: AuthorityMatrix, rma: Rma, user: StaffUser, *, decision: str, note: str
) -> Rma:
    """Approve or reject `rma`, waiting for review and without an open case. Only flushes."""
    verdict = check(matrix, user.role, "approve_return" if decision == "approve" else "reject_return")
    if isinstance(verdict, Refused):
        raise DecisionBeyondAuthority(verdict.reason)
    number = format_rma_number(rma.number)
    case = next((c for c in found.cases_of_return(session, rma) if c.status != "closed"), None)
    if case is not None:
        raise NotForTheDesk(f"return {number} is decided on its case {case.reference}, where the customer is told")
    if rma.status != RmaStatus.PENDING_REVIEW.value:
        raise NotForTheDesk(f"return {number} is {rma.status.replace('_', ' ')}, not waiting for review")
    to = RmaStatus.APPROVED if decision == "approve" else RmaStatus.REJECTED
    why = f"{'Approved' if decision == 'approve' else 'Rejected'} by {user.display_name}" + (
        f": {note}" if note else ""
    )
    set_status(session, rma, expected=RmaStatus.PENDING_REVIEW, to=to, actor=user.actor, why=why)
    label_url = label_url_for(rma) if to is RmaStatus.APPROVED else None
    notify(session, to.value, rma, reason=note or None, label_url=label_url)
    audit.record(
        session,
        audit.Kind.RETURN_APPROVED if decision == "approve" else audit.Kind.RETURN_REJECTED,
        actor=user.actor,
        role=user.role,
        order_id=rma.order_id,
        rma_id=rma.id,
        description=f"{why} (return {number})",
        data={"rma_number": number},
    )
    return rma
