"""HTTP endpoint for escalations."""

from __future__ import annotations

from fastapi import APIRouter, Response

from ..auth import ShopCaller
from ..db import DbSession
from .schemas import EscalationIn, EscalationOut
from .service import next_steps, open_escalation

router = APIRouter(prefix="/escalations", tags=["escalations"])


@router.post("", status_code=201, response_model=EscalationOut, dependencies=[ShopCaller])
def post_escalation(payload: EscalationIn, session: DbSession, response: Response) -> EscalationOut:
    """Hand a conversation to people (service token: the assistant or the shop)."""
    case, ahead = open_escalation(session, payload)
    return EscalationOut(
        reference=case.reference,
        status=case.status,
        created_at=case.created_at,
        open_cases_ahead=ahead,
        next_steps=next_steps(case),
    )
