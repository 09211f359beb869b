"""A case's status: which may follow which, and the one way to change it.

Like the RMA lifecycle: every change names the status it expects and is a guarded
``UPDATE ... WHERE status = :expected``, so two agents taking the same case at once cannot both
win; the loser is told who has it.
"""

from __future__ import annotations

from enum import StrEnum
from typing import Any

from sqlalchemy import update
from sqlalchemy.orm import Session
from sqlalchemy.orm.attributes import set_committed_value

from ..errors import Conflict
from ..models import Escalation, StaffUser


class CaseStatus(StrEnum):
    OPEN = "open"  # waiting in the queue
    LIVE = "live"  # an agent has it (in the chat, or answering the email ticket)
    HANDED_BACK = "handed_back"  # the bot answers again
    CLOSED = "closed"


C = CaseStatus
ALLOWED_TRANSITIONS: dict[CaseStatus, frozenset[CaseStatus]] = {
    C.OPEN: frozenset({C.LIVE, C.CLOSED}),
    C.LIVE: frozenset({C.HANDED_BACK, C.CLOSED}),
    C.HANDED_BACK: frozenset({C.CLOSED}),
    C.CLOSED: frozenset(),
}
# A conversation has at most one of these; asking again returns it instead of queueing twice.
ACTIVE = (C.OPEN.value, C.LIVE.value)


class CaseTransitionNotAllowed(Conflict):
    title = "Case status change not allowed"


class CaseChanged(Conflict):
    title = "Case changed meanwhile"


def set_case_status(session: Session, case: Escalation, *, expected: CaseStatus, to: CaseStatus, **values: Any) -> None:
    """Move `case` from `expected` to `to` (setting `values` too), or refuse. Only flushes."""
    if to not in ALLOWED_TRANSITIONS[expected]:
        raise CaseTransitionNotAllowed(f"case {case.reference} is {_said(expected)} and cannot be {_said(to)}")
    result = session.execute(
        update(Escalation)
        .where(Escalation.id == case.id, Escalation.status == expected.value)
        .values(status=to.value, **values)
        .execution_options(synchronize_session=False)
    )
    if result.rowcount != 1:
        session.refresh(case)
        raise CaseChanged(f"case {case.reference} {describe_holder(session, case)}; reload it and try again")
    for name, value in {"status": to.value, **values}.items():
        set_committed_value(case, name, value)  # already written by the guarded UPDATE


def describe_holder(session: Session, case: Escalation) -> str:
    """'is being handled by Alice Agent (alice)' and the like, for a conflict a person can act on."""
    holder = session.get(StaffUser, case.assigned_to_id) if case.assigned_to_id else None
    if case.status == C.LIVE.value and holder is not None:
        return f"is being handled by {holder.display_name} ({holder.username})"
    return f"is {_said(CaseStatus(case.status))}"


def _said(status: CaseStatus) -> str:
    return {C.OPEN: "waiting in the queue", C.LIVE: "taken", C.HANDED_BACK: "handed back to the bot"}.get(
        status, status.value
    )
