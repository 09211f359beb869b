"""GET /ledger/entries: the money moved on an order or a case, for signed-in staff.

Booking a movement (POST /ledger/entries) sits above approvals and payments: payment/ledger_endpoints.py.
"""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Query

from ..db import DbSession
from ..staff.auth import CurrentStaff
from . import service
from .schemas import LedgerEntriesOut, LedgerEntryOut

router = APIRouter(tags=["ledger"])


@router.get("/ledger/entries", response_model=LedgerEntriesOut)
def list_entries(
    user: CurrentStaff,
    session: DbSession,
    order_number: Annotated[str | None, Query(max_length=64)] = None,
    escalation: Annotated[str | None, Query(max_length=16, description="A case reference")] = None,
) -> LedgerEntriesOut:
    """Money moved on an order or a case (by reference), oldest first; for signed-in staff."""
    case = service.find_case(session, escalation) if escalation else None
    entries = service.list_entries(session, order_number=order_number.upper() if order_number else None, case=case)
    return LedgerEntriesOut(entries=[LedgerEntryOut(**service.describe(session, entry)) for entry in entries])
