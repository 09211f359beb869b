"""/webhooks: the shop's endpoints, their deliveries and re-sends (shop token or console admin)."""

from __future__ import annotations

from typing import Annotated, Any, Literal

from fastapi import APIRouter, Query
from fastapi.responses import Response

from ..auth import AppSettings
from ..db import DbSession
from . import repository, service
from .dependencies import CurrentDelivery, CurrentEndpoint, WebhookManager
from .events import Event
from .presenter import present_deliveries, present_endpoint, with_secret
from .schemas import (
    DeliveriesOut,
    DeliveryOut,
    EndpointChange,
    EndpointIn,
    EndpointOut,
    EndpointsOut,
    EndpointWithSecret,
    EventsOut,
)

router = APIRouter(prefix="/webhooks", tags=["webhooks"])
NOT_FOUND: dict[int | str, dict[str, Any]] = {404: {"description": "No such endpoint or delivery"}}


@router.get("/events", response_model=EventsOut)
def list_events(_: WebhookManager) -> EventsOut:
    """The event types an endpoint can subscribe to."""
    return EventsOut(events=[event.value for event in Event])


@router.get("/endpoints", response_model=EndpointsOut)
def list_endpoints(_: WebhookManager, session: DbSession) -> EndpointsOut:
    """Every webhook endpoint, without secrets."""
    return EndpointsOut(endpoints=[present_endpoint(row) for row in repository.endpoints(session)])


@router.post("/endpoints", status_code=201, response_model=EndpointWithSecret)
def create_endpoint(payload: EndpointIn, actor: WebhookManager, session: DbSession) -> EndpointWithSecret:
    """Register an endpoint; the answer carries its signing secret, shown this once."""
    endpoint, secret = service.create_endpoint(
        session, url=payload.url, events=payload.events, description=payload.description, actor=actor
    )
    return with_secret(endpoint, secret)


@router.get("/endpoints/{endpoint_id}", response_model=EndpointOut, responses=NOT_FOUND)
def get_endpoint(endpoint: CurrentEndpoint) -> EndpointOut:
    """One endpoint, without its secret."""
    return present_endpoint(endpoint)


@router.patch("/endpoints/{endpoint_id}", response_model=EndpointOut, responses=NOT_FOUND)
def change_endpoint(
    payload: EndpointChange, endpoint: CurrentEndpoint, actor: WebhookManager, session: DbSession
) -> EndpointOut:
    """Change an endpoint's URL, events or description, or pause and resume it."""
    changed = service.change_endpoint(
        session,
        endpoint,
        url=payload.url,
        events=payload.events,
        description=payload.description,
        active=payload.active,
        actor=actor,
    )
    return present_endpoint(changed)


@router.delete("/endpoints/{endpoint_id}", status_code=204, responses=NOT_FOUND)
def delete_endpoint(endpoint: CurrentEndpoint, actor: WebhookManager, session: DbSession) -> Response:
    """Remove an endpoint with its deliveries and their log."""
    service.delete_endpoint(session, endpoint, actor=actor)
    return Response(status_code=204)


@router.post("/endpoints/{endpoint_id}/secret", response_model=EndpointWithSecret, responses=NOT_FOUND)
def rotate_secret(
    endpoint: CurrentEndpoint, actor: WebhookManager, session: DbSession, settings: AppSettings
) -> EndpointWithSecret:
    """A new signing secret, shown this once; the old one also signs until the grace period ends."""
    secret = service.rotate_secret(session, endpoint, settings, actor=actor)
    return with_secret(endpoint, secret)


@router.get("/endpoints/{endpoint_id}/deliveries", response_model=DeliveriesOut, responses=NOT_FOUND)
def list_deliveries(
    endpoint: CurrentEndpoint,
    session: DbSession,
    status: Annotated[Literal["pending", "delivered", "failed"] | None, Query()] = None,
    limit: Annotated[int, Query(ge=1, le=200)] = 50,
    before_id: Annotated[int | None, Query(ge=1, le=2**31 - 1, description="Page on: ids below this")] = None,
) -> DeliveriesOut:
    """An endpoint's deliveries, newest first, each with its log of attempts."""
    rows = repository.deliveries_of(session, endpoint.id, status=status, limit=limit, before_id=before_id)
    return DeliveriesOut(deliveries=present_deliveries(session, rows))


@router.get("/deliveries/{delivery_id}", response_model=DeliveryOut, responses=NOT_FOUND)
def get_delivery(delivery: CurrentDelivery, session: DbSession) -> DeliveryOut:
    """One delivery with its log of attempts."""
    return present_deliveries(session, [delivery])[0]


@router.post(
    "/deliveries/{delivery_id}/resend",
    status_code=202,
    response_model=DeliveryOut,
    responses={**NOT_FOUND, 409: {"description": "Still pending: waiting to retry or being sent"}},
)
def resend_delivery(delivery: CurrentDelivery, actor: WebhookManager, session: DbSession) -> DeliveryOut:
    """Send a delivered or failed event again, with the same webhook-id; the worker delivers it."""
    return present_deliveries(session, [service.resend(session, delivery, actor=actor)])[0]
