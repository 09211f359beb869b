"""GET /audit-events: who decided, moved money, approved or changed roles; JSON or CSV."""

from __future__ import annotations

from dataclasses import asdict
from typing import Annotated, Literal

from fastapi import APIRouter, Header, Query
from fastapi.responses import Response

from ..db import DbSession
from ..errors import NotFound
from ..ledger.service import find_case
from ..order import repository as orders
from ..staff.auth import DeskStaff
from .export import events_csv
from .schemas import AuditEventOut, AuditEventsOut
from .service import MAX_EVENTS, find_events

router = APIRouter(tags=["audit"])
CSV = "text/csv"


@router.get(
    "/audit-events",
    response_model=AuditEventsOut,
    responses={
        200: {"content": {CSV: {}}, "description": "JSON, or CSV with Accept: text/csv or ?format=csv"},
        403: {"description": "Not on the customer-care desk (the warehouse role)"},
    },
)
def list_audit_events(
    user: DeskStaff,
    session: DbSession,
    order_number: Annotated[str | None, Query(max_length=64)] = None,
    escalation: Annotated[str | None, Query(max_length=16, description="A case reference, e.g. ESC-7KQ2M9XD")] = None,
    kind: Annotated[
        str | None, Query(max_length=64, description="A kind, or a family: 'ledger' is every ledger.*")
    ] = None,
    format: Literal["json", "csv"] | None = None,
    limit: Annotated[int, Query(ge=1, le=MAX_EVENTS)] = 1000,
    accept: Annotated[str | None, Header()] = None,
) -> Response | AuditEventsOut:
    """The audit log, oldest first, by order, case and kind; CSV for spreadsheets."""
    order = None
    if order_number:
        order = orders.get_order(session, order_number.strip().upper())
        if order is None:
            raise NotFound(f"there is no order {order_number}")
    case = find_case(session, escalation) if escalation else None
    rows = find_events(session, order=order, case=case, kind=kind, limit=limit)
    wants_csv = format == "csv" or (format is None and CSV in (accept or ""))
    if wants_csv:
        name = "audit-events" + (f"-{case.reference}" if case else "") + (f"-{order.number}" if order else "")
        return Response(
            events_csv(rows),
            media_type=f"{CSV}; charset=utf-8",
            headers={"Content-Disposition": f'attachment; filename="{name}.csv"'},
        )
    return AuditEventsOut(events=[AuditEventOut(**asdict(row)) for row in rows])
