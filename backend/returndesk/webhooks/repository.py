"""Every query of the webhooks package."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime

from sqlalchemy import ColumnElement, exists, select, update
from sqlalchemy.orm import Session, aliased

from ..models import WebhookAttempt, WebhookDelivery, WebhookEndpoint


def endpoints(session: Session) -> Sequence[WebhookEndpoint]:
    return session.scalars(select(WebhookEndpoint).order_by(WebhookEndpoint.id)).all()


def active_endpoints(session: Session) -> Sequence[WebhookEndpoint]:
    return session.scalars(
        select(WebhookEndpoint).where(WebhookEndpoint.status == "active").order_by(WebhookEndpoint.id)
    ).all()


def endpoint(session: Session, endpoint_id: int) -> WebhookEndpoint | None:
    return session.get(WebhookEndpoint, endpoint_id)


def delivery(session: Session, delivery_id: int) -> WebhookDelivery | None:
    return session.get(WebhookDelivery, delivery_id)


def deliveries_of(
    session: Session, endpoint_id: int, *, status: str | None, limit: int, before_id: int | None
) -> Sequence[WebhookDelivery]:
    """Newest first; `before_id` pages on."""
    query = select(WebhookDelivery).where(WebhookDelivery.endpoint_id == endpoint_id)
    if status:
        query = query.where(WebhookDelivery.status == status)
    if before_id:
        query = query.where(WebhookDelivery.id < before_id)
    return session.scalars(query.order_by(WebhookDelivery.id.desc()).limit(limit)).all()


def attempts_of(session: Session, delivery_ids: Sequence[int]) -> Sequence[WebhookAttempt]:
    if not delivery_ids:
        return []
    return session.scalars(
        select(WebhookAttempt).where(WebhookAttempt.delivery_id.in_(delivery_ids)).order_by(WebhookAttempt.id)
    ).all()


def nothing_earlier_pending() -> ColumnElement[bool]:
    """The worker's ordering rule: a delivery waits while an earlier one to the same endpoint with
    the same ordering key (the order) is pending: waiting to retry, or in flight."""
    earlier = aliased(WebhookDelivery)
    return ~exists().where(
        earlier.endpoint_id == WebhookDelivery.endpoint_id,
        earlier.ordering_key == WebhookDelivery.ordering_key,
        earlier.id < WebhookDelivery.id,
        earlier.status == "pending",
    )


def mark_for_resend(session: Session, delivery: WebhookDelivery, *, now: datetime) -> bool:
    """Make a delivered or failed delivery pending again, due now; False if it is still pending.
    A guarded UPDATE, so two clicks make one re-send."""
    changed = session.execute(
        update(WebhookDelivery)
        .where(WebhookDelivery.id == delivery.id, WebhookDelivery.status.in_(("delivered", "failed")))
        .values(status="pending", attempts=0, next_attempt_at=now, last_error=None, delivered_at=None)
        .execution_options(synchronize_session=False)
    )
    return changed.rowcount == 1
