"""The local gateway's refunds."""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.orm import Session

from ..models.payment import GatewayRefund


def refund_by_key(session: Session, idempotency_key: str) -> GatewayRefund | None:
    return session.scalars(select(GatewayRefund).where(GatewayRefund.idempotency_key == idempotency_key)).one_or_none()


def refund_by_id(session: Session, refund_id: str) -> GatewayRefund | None:
    return session.get(GatewayRefund, refund_id)
