"""Webhook endpoints, deliveries and attempts as the API takes and gives them. No answer carries
an endpoint's secret, except the one that makes it (creation or rotation)."""

from __future__ import annotations

from datetime import datetime
from typing import Annotated, Any
from urllib.parse import urlsplit

from pydantic import AfterValidator, BaseModel, Field

from ..kit.schemas import Strict
from .events import Event

MAX_URL = 2048


def receiving_url(value: str) -> str:
    parts = urlsplit(value)
    if parts.scheme not in ("http", "https"):
        raise ValueError("the URL must start with https:// (or http:// for a receiver on your own network)")
    if not parts.hostname:
        raise ValueError("the URL needs a host name, e.g. https://shop.example/hooks/returndesk")
    if parts.username or parts.password:
        # Credentials in a URL end up in logs and on screens; the signature is the authentication.
        raise ValueError("leave user name and password out of the URL; verify the webhook-signature header instead")
    if parts.fragment:
        raise ValueError("a URL fragment (#...) is never sent to a server; leave it out")
    return value


ReceivingUrl = Annotated[
    str,
    Field(min_length=10, max_length=MAX_URL, description="Where to POST events: http(s), up to 2048 characters"),
    AfterValidator(receiving_url),
]
Events = Annotated[
    list[Event], Field(min_length=1, max_length=len(Event), description="The event types to send to this endpoint")
]
Description = Annotated[str, Field(max_length=200, description="A note for people: what receives these events")]


class EndpointIn(Strict):
    url: ReceivingUrl
    events: Events
    description: Description = ""


class EndpointChange(Strict):
    url: ReceivingUrl | None = None
    events: Events | None = None
    description: Description | None = None
    active: bool | None = Field(None, description="false pauses deliveries (they fail at once); true resumes")


class EndpointOut(BaseModel):
    id: int
    url: str
    description: str
    events: list[str]
    active: bool
    created_by: str
    created_at: datetime
    previous_secret_expires_at: datetime | None = Field(
        None, description="Until when the secret before the last rotation still signs deliveries"
    )


class EndpointsOut(BaseModel):
    endpoints: list[EndpointOut]


class EndpointWithSecret(EndpointOut):
    secret: str = Field(description="The signing secret (whsec_...). Shown only now: store it in the receiver")


class AttemptOut(BaseModel):
    started_at: datetime
    duration_ms: int
    status_code: int | None
    error: str | None


class DeliveryOut(BaseModel):
    id: int
    endpoint_id: int
    event_id: str = Field(description="The webhook-id header: the same on every attempt and re-send")
    event: str
    status: str = Field(description="pending | delivered | failed")
    attempts: int
    next_attempt_at: datetime | None
    last_error: str | None
    created_at: datetime
    delivered_at: datetime | None
    payload: dict[str, Any]
    log: list[AttemptOut]


class DeliveriesOut(BaseModel):
    deliveries: list[DeliveryOut]


class EventsOut(BaseModel):
    events: list[str]
