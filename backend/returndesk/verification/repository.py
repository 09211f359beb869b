"""Queries on verification attempts."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from ..models import VerificationAttempt


def failed_attempts(
    session: Session, *, since: datetime, order_number: str | None = None, client_key: str | None = None
) -> int:
    """Unsuccessful attempts since `since`, on one order and/or from one client (None: any)."""
    query = (
        select(func.count())
        .select_from(VerificationAttempt)
        .where(VerificationAttempt.succeeded.is_(False), VerificationAttempt.at >= since)
    )
    if order_number is not None:
        query = query.where(VerificationAttempt.order_number == order_number)
    if client_key is not None:
        query = query.where(VerificationAttempt.client_key == client_key)
    return session.scalar(query) or 0
