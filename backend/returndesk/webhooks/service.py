"""Outgoing webhooks: emitting events into the outbox, and the shop's endpoints and re-sends.

`emit(session, Event.RETURN_CREATED, data)` is how a domain step tells the shop's systems what
happened: one delivery row per active endpoint that wants the event, in the caller's transaction,
only flushed. The worker (tasks.py) delivers them after the commit, so a rolled-back step tells
no one and a committed one is never lost.
"""

from __future__ import annotations

import uuid
from collections.abc import Sequence
from datetime import datetime, timedelta
from typing import Any

from sqlalchemy.orm import Session

from .. import audit
from ..config import Settings
from ..errors import Conflict, NotFound
from ..models import WebhookDelivery, WebhookEndpoint, utcnow
from . import repository
from .events import Event
from .signing import new_secret


class EndpointNotFound(NotFound):
    title = "Webhook endpoint not found"


class DeliveryNotFound(NotFound):
    title = "Webhook delivery not found"


class DeliveryInFlight(Conflict):
    title = "Delivery still pending"


def emit(session: Session, event: Event, data: dict[str, Any]) -> int:
    """Queue `event` for every active endpoint that subscribed to it; returns how many. Only flushes.
    Events of one order (`data["order_number"]`) reach each endpoint in the order emitted."""
    wanted = [endpoint for endpoint in repository.active_endpoints(session) if event.value in endpoint.events]
    if not wanted:
        return 0
    now = utcnow()
    event_id = f"msg_{uuid.uuid4().hex}"  # the webhook-id header: one per event, on every endpoint
    payload = {"id": event_id, "type": event.value, "created_at": _timestamp(now), "data": data}
    order = data.get("order_number")
    for endpoint in wanted:
        session.add(
            WebhookDelivery(
                endpoint_id=endpoint.id,
                event_id=event_id,
                event=event.value,
                ordering_key=str(order) if order else None,
                payload=payload,
                status="pending",
                attempts=0,
                next_attempt_at=now,
                created_at=now,
            )
        )
    session.flush()
    return len(wanted)


def _timestamp(moment: datetime) -> str:
    return moment.isoformat(timespec="seconds").replace("+00:00", "Z")


def create_endpoint(
    session: Session, *, url: str, events: Sequence[Event], description: str, actor: str
) -> tuple[WebhookEndpoint, str]:
    """A new active endpoint and its secret; the secret is returned this once."""
    secret = new_secret()
    endpoint = WebhookEndpoint(
        url=url,
        events=sorted({event.value for event in events}),
        description=description,
        status="active",
        secret=secret,
        created_by=actor,
        created_at=utcnow(),
    )
    session.add(endpoint)
    session.flush()
    _audit(session, audit.Kind.WEBHOOK_ENDPOINT_ADDED, actor, endpoint, f"added for {', '.join(endpoint.events)}")
    return endpoint, secret


def _audit(session: Session, kind: audit.Kind, actor: str, endpoint: WebhookEndpoint, what: str, **data: Any) -> None:
    described = f"webhook endpoint {endpoint.id} ({endpoint.url}) {what}"
    audit.record(session, kind, actor=actor, description=described, data={"endpoint_id": endpoint.id, **data})


def find_endpoint(session: Session, endpoint_id: int) -> WebhookEndpoint:
    endpoint = repository.endpoint(session, endpoint_id)
    if endpoint is None:
        raise EndpointNotFound(f"there is no webhook endpoint {endpoint_id}; GET /api/v1/webhooks/endpoints lists them")
    return endpoint


def find_delivery(session: Session, delivery_id: int) -> WebhookDelivery:
    delivery = repository.delivery(session, delivery_id)
    if delivery is None:
        raise DeliveryNotFound(
            f"there is no webhook delivery {delivery_id}; GET /api/v1/webhooks/endpoints/<id>/deliveries lists them"
        )
    return delivery


def change_endpoint(
    session: Session,
    endpoint: WebhookEndpoint,
    *,
    actor: str,
    url: str | None = None,
    events: Sequence[Event] | None = None,
    description: str | None = None,
    active: bool | None = None,
) -> WebhookEndpoint:
    if url is not None:
        endpoint.url = url
    if events is not None:
        endpoint.events = sorted({event.value for event in events})
    if description is not None:
        endpoint.description = description
    if active is not None:
        endpoint.status = "active" if active else "disabled"
    session.flush()
    what = f"changed: {', '.join(endpoint.events)}; {'active' if endpoint.status == 'active' else 'paused'}"
    _audit(session, audit.Kind.WEBHOOK_ENDPOINT_CHANGED, actor, endpoint, what)
    return endpoint


def rotate_secret(session: Session, endpoint: WebhookEndpoint, settings: Settings, *, actor: str) -> str:
    """A new secret; the old one keeps signing beside it for the grace period, so the shop can
    switch its receiver without losing a delivery."""
    secret = new_secret()
    grace = timedelta(hours=settings.webhook_secret_grace_hours)
    endpoint.previous_secret = endpoint.secret if grace else None
    endpoint.previous_secret_expires_at = utcnow() + grace if grace else None
    endpoint.secret = secret
    session.flush()
    _audit(session, audit.Kind.WEBHOOK_SECRET_ROTATED, actor, endpoint, "got a new signing secret")  # never the secret
    return secret


def signing_secrets(endpoint: WebhookEndpoint, now: datetime) -> list[str]:
    """The secrets a delivery is signed with now: the current one, and the previous one in its grace."""
    current = [endpoint.secret]
    expires = endpoint.previous_secret_expires_at
    if endpoint.previous_secret and expires is not None and expires > now:
        current.append(endpoint.previous_secret)
    return current


def delete_endpoint(session: Session, endpoint: WebhookEndpoint, *, actor: str) -> None:
    _audit(session, audit.Kind.WEBHOOK_ENDPOINT_REMOVED, actor, endpoint, "removed with its deliveries")
    session.delete(endpoint)  # its deliveries and their log go with it (ON DELETE CASCADE)
    session.flush()


def resend(session: Session, delivery: WebhookDelivery, *, actor: str) -> WebhookDelivery:
    """Deliver a delivered or failed event again, with the same id (the receiver can tell it is the
    same event). A guarded UPDATE: two clicks make one re-send, and a pending one is refused."""
    if not repository.mark_for_resend(session, delivery, now=utcnow()):
        raise DeliveryInFlight(
            f"delivery {delivery.id} is still pending (waiting to retry or being sent); "
            "it can be sent again once it is delivered or has failed"
        )
    session.refresh(delivery)
    endpoint = find_endpoint(session, delivery.endpoint_id)
    what = f"is sent {delivery.event} {delivery.event_id} again"
    _audit(session, audit.Kind.WEBHOOK_RESENT, actor, endpoint, what, delivery_id=delivery.id)
    return delivery
