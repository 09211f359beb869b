"""The agent's case API (console session required): queue, case page, and every step on a case."""

from __future__ import annotations

from functools import partial
from typing import Annotated, Any, Literal

from fastapi import APIRouter, Depends, Query
from fastapi.encoders import jsonable_encoder
from fastapi.responses import Response
from sqlalchemy import select

from ..audit_log.export import events_csv
from ..audit_log.service import MAX_EVENTS, find_events
from ..auth import AppSettings
from ..authority.current import CurrentAuthority
from ..db import DbSession
from ..errors import AuditedRefusal
from ..models import Escalation, StaffUser, utcnow
from ..staff.auth import DESK_ROLES, CurrentStaff, DeskStaff
from . import cases
from .case_schemas import CloseIn, MessageIn, NoteIn, ReturnDecisionIn
from .queue import positions, queue_key
from .status import CaseStatus
from .view import case_page, messages_of, present_event, present_message, queue_row, transcript_of

router = APIRouter(prefix="/cases", tags=["cases"])
LIST_LIMIT = 500


def get_case(reference: str, session: DbSession, _: CurrentStaff) -> Escalation:
    # Signed in first: a stranger must not learn which references exist from 404 against 401.
    return cases.load_case(session, reference)


def get_desk_case(reference: str, session: DbSession, _: DeskStaff) -> Escalation:
    # The role first, like the sign-in: the warehouse must not learn which references exist either.
    return cases.load_case(session, reference)


CurrentCase = Annotated[Escalation, Depends(get_case)]
# Steps that talk to the customer or read what they said: the desk's only.
DeskCase = Annotated[Escalation, Depends(get_desk_case)]


@router.get("")
def list_cases(
    user: CurrentStaff, session: DbSession, view: Literal["queue", "mine", "all"] = "queue"
) -> list[dict[str, Any]]:
    """Cases by priority then age: waiting (queue), yours (mine) or every case (all), with SLA minutes left."""
    query = select(Escalation)
    if view == "queue":
        query = query.where(Escalation.status == CaseStatus.OPEN.value)
    elif view == "mine":
        query = query.where(Escalation.assigned_to_id == user.id, Escalation.status == CaseStatus.LIVE.value)
    found = sorted(session.scalars(query.order_by(Escalation.id.desc()).limit(LIST_LIMIT)), key=queue_key)
    places = positions(session)
    staff: dict[int | None, StaffUser] = {
        u.id: u for u in session.scalars(select(StaffUser).where(StaffUser.id.in_({c.assigned_to_id for c in found})))
    }
    now = utcnow()
    return jsonable_encoder(
        [queue_row(c, position=places.get(c.id), assignee=staff.get(c.assigned_to_id), now=now) for c in found]
    )


@router.get("/{reference}")
def get_case_page(case: CurrentCase, user: CurrentStaff, session: DbSession, settings: AppSettings) -> dict[str, Any]:
    """The whole case: customer, order, items, reason, evidence, decision, recommendation, transcript, timeline
    (the transcript, messages and timeline for the customer-care desk only)."""
    page = case_page(
        session, case, position=positions(session).get(case.id), settings=settings, desk=user.role in DESK_ROLES
    )
    return jsonable_encoder(page)


@router.post("/{reference}/take")
def take_case(case: DeskCase, user: CurrentStaff, session: DbSession) -> dict[str, Any]:
    """Take a waiting case (one agent wins; the bot pauses and the customer hears who joined)."""
    return _done(session, cases.take(session, case, user))


@router.post("/{reference}/messages", status_code=201)
def post_message(payload: MessageIn, case: DeskCase, user: CurrentStaff, session: DbSession) -> dict[str, Any]:
    """Write to the customer: in the chat (live) or by email (ticket); kept even when not delivered."""
    message, why_not = cases.send_message(session, case, user, payload.text)
    notice = None if why_not is None else f"Not delivered: {why_not}. The message is kept on the case."
    return jsonable_encoder({"message": present_message(message), "delivered": why_not is None, "notice": notice})


@router.get("/{reference}/messages")
def get_messages(
    case: DeskCase,
    user: CurrentStaff,
    session: DbSession,
    after: Annotated[float | None, Query(ge=0, le=1e11, description="Unix time; only lines after it")] = None,
) -> dict[str, Any]:
    """New transcript lines and case messages after a timestamp (the console polls this)."""
    lines, unavailable = transcript_of(case, after=after)
    return jsonable_encoder(
        {
            "lines": lines,
            "transcript_unavailable": unavailable,
            "messages": [present_message(m) for m in messages_of(session, case, after=after)],
            "status": case.status,
        }
    )


@router.post("/{reference}/hand-back")
def hand_back(case: DeskCase, user: CurrentStaff, session: DbSession) -> dict[str, Any]:
    """Give the conversation back to the bot, which tells the customer."""
    return _done(session, cases.hand_back(session, case, user))


@router.post("/{reference}/close")
def close_case(payload: CloseIn, case: DeskCase, user: CurrentStaff, session: DbSession) -> dict[str, Any]:
    """Close the case with a note (a live chat goes back to the bot)."""
    return _done(session, cases.close(session, case, user, payload.note))


@router.post("/{reference}/return-decision", responses={403: {"description": "Beyond your authority"}})
def decide_return(
    payload: ReturnDecisionIn, case: CurrentCase, user: CurrentStaff, session: DbSession, matrix: CurrentAuthority
) -> Any:
    """Approve or reject the case's return (within your authority); the customer is told."""
    try:
        outcome = cases.decide_return(session, case, user, matrix, decision=payload.decision, note=payload.note)
    except cases.CaseBeyondAuthority as refused:
        raise _refused(case.reference, user, f"{payload.decision}_return", refused) from refused
    return _done(session, outcome)


@router.post("/{reference}/notes", status_code=201, responses={403: {"description": "Beyond your authority"}})
def add_note(
    payload: NoteIn, case: CurrentCase, user: CurrentStaff, session: DbSession, matrix: CurrentAuthority
) -> Any:
    """Add a note (or a recorded exchange) to the case timeline."""
    try:
        event = cases.add_note(session, case, user, matrix, text=payload.text, action=payload.action)
    except cases.CaseBeyondAuthority as refused:
        raise _refused(case.reference, user, payload.action, refused) from refused
    return jsonable_encoder(present_event(event))


@router.get("/{reference}/timeline.csv", response_class=Response)
def timeline_export(case: DeskCase, user: CurrentStaff, session: DbSession) -> Response:
    """The case's audit events as CSV (cells that a spreadsheet would run as formulas are escaped)."""
    return Response(
        events_csv(find_events(session, order=None, case=case, kind=None, limit=MAX_EVENTS)),
        media_type="text/csv; charset=utf-8",
        headers={"Content-Disposition": f'attachment; filename="{case.reference}-timeline.csv"'},
    )


def _done(session, outcome: cases.Outcome) -> dict[str, Any]:
    case = outcome.case
    assignee = session.get(StaffUser, case.assigned_to_id) if case.assigned_to_id else None
    return jsonable_encoder(
        {
            "reference": case.reference,
            "status": case.status,
            "mode": case.mode,
            "assignee": cases.present_user(assignee),
            "notice": outcome.notice,
        }
    )


def _refused(reference: str, user: StaffUser, action: str, refused: cases.CaseBeyondAuthority) -> AuditedRefusal:
    # The attempt is undone but its audit event is kept, on the case's timeline too.
    return AuditedRefusal(
        refused, partial(cases.refusal, reference=reference, user=user, action=action, reason=refused.detail)
    )
