"""Endpoints and deliveries as the API shows them (shared by the endpoints and the console)."""

from __future__ import annotations

from collections.abc import Sequence

from sqlalchemy.orm import Session

from ..models import WebhookDelivery, WebhookEndpoint
from . import repository
from .schemas import AttemptOut, DeliveryOut, EndpointOut, EndpointWithSecret


def present_endpoint(endpoint: WebhookEndpoint) -> EndpointOut:
    return EndpointOut(
        id=endpoint.id,
        url=endpoint.url,
        description=endpoint.description,
        events=list(endpoint.events),
        active=endpoint.status == "active",
        created_by=endpoint.created_by,
        created_at=endpoint.created_at,
        previous_secret_expires_at=endpoint.previous_secret_expires_at if endpoint.previous_secret else None,
    )


def with_secret(endpoint: WebhookEndpoint, secret: str) -> EndpointWithSecret:
    return EndpointWithSecret(**present_endpoint(endpoint).model_dump(), secret=secret)


def present_deliveries(session: Session, deliveries: Sequence[WebhookDelivery]) -> list[DeliveryOut]:
    log: dict[int, list[AttemptOut]] = {row.id: [] for row in deliveries}
    for attempt in repository.attempts_of(session, [row.id for row in deliveries]):
        log[attempt.delivery_id].append(
            AttemptOut(
                started_at=attempt.started_at,
                duration_ms=attempt.duration_ms,
                status_code=attempt.status_code,
                error=attempt.error,
            )
        )
    return [
        DeliveryOut(
            id=row.id,
            endpoint_id=row.endpoint_id,
            event_id=row.event_id,
            event=row.event,
            status=row.status,
            attempts=row.attempts,
            next_attempt_at=row.next_attempt_at if row.status == "pending" else None,
            last_error=row.last_error,
            created_at=row.created_at,
            delivered_at=row.delivered_at,
            payload=row.payload,
            log=log[row.id],
        )
        for row in deliveries
    ]
