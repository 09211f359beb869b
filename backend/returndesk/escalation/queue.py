"""The queue: waiting cases by priority, then by age; positions as the customer hears them."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import select
from sqlalchemy.orm import Session

from ..models import Escalation
from .priority import priority_rank
from .status import CaseStatus


def queue_key(case: Escalation) -> tuple[int, datetime, int]:
    return (priority_rank(case.priority), case.created_at, case.id)


def waiting_cases(session: Session) -> list[Escalation]:
    """Cases nobody has taken yet, in the order agents should take them."""
    cases = session.scalars(select(Escalation).where(Escalation.status == CaseStatus.OPEN.value))
    return sorted(cases, key=queue_key)


def positions(session: Session) -> dict[int, int]:
    """Case id -> 1-based place in the queue. Sorted in Python: a queue is tens of cases, not millions."""
    return {case.id: place for place, case in enumerate(waiting_cases(session), start=1)}


def position_of(session: Session, case: Escalation) -> int | None:
    if case.status != CaseStatus.OPEN.value:
        return None
    return positions(session).get(case.id)
