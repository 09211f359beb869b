"""An opened case as the customer is told about it: the answer of every endpoint that opens one."""

from __future__ import annotations

from .schemas import EscalationOut
from .service import Opened, next_steps


def present_opened(opened: Opened, settings, locale: str | None = None) -> EscalationOut:
    """The case as the customer is told about it, worded in `locale` (else the case's language)."""
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
        next_steps=next_steps(case, opened.position, settings, locale=locale),
    )
