"""HTTP endpoints of escalations: the assistant hands a conversation to people (/escalations);
agents work the cases (/cases, case_endpoints.py). main.py includes `router`, which holds both."""

from __future__ import annotations

from fastapi import APIRouter

from ..auth import AppSettings, ShopCaller
from ..db import DbSession
from ..policy.current import CurrentPolicy
from .case_endpoints import router as cases_router
from .schemas import EscalationIn, EscalationOut
from .service import Opened, next_steps, open_escalation

escalations = APIRouter(prefix="/escalations", tags=["escalations"])


@escalations.post("", status_code=201, response_model=EscalationOut, dependencies=[ShopCaller])
def post_escalation(
    payload: EscalationIn, session: DbSession, settings: AppSettings, policy: CurrentPolicy
) -> EscalationOut:
    """Hand a conversation to people (service token: the assistant); asking again returns the same case."""
    opened = open_escalation(session, payload, settings=settings, policy=policy)
    return present_opened(opened, settings)


router = APIRouter()
router.include_router(escalations)
router.include_router(cases_router)


def present_opened(opened: Opened, settings) -> EscalationOut:
    case = opened.case
    return EscalationOut(
        reference=case.reference,
        status=case.status,
        created_at=case.created_at,
        open_cases_ahead=max((opened.position or 1) - 1, 0),
        position=opened.position,
        mode=case.mode,
        priority=case.priority,
        due_at=case.due_at,
        next_steps=next_steps(case, opened.position, settings),
    )
