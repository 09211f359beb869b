"""Who may manage webhooks, and load-or-404 for an endpoint or a delivery named in the path.

The shop's API token (its back office wiring itself up) or a signed-in console admin: endpoints
carry signing secrets and decide where data about returns goes, so no other role may touch them.
"""

from __future__ import annotations

from typing import Annotated

from fastapi import Depends, Path, Request

from ..auth import AppSettings, BearerCredentials, require_shop
from ..db import DbSession
from ..errors import Forbidden
from ..models import WebhookDelivery, WebhookEndpoint
from ..staff.auth import signed_in
from .service import find_delivery, find_endpoint

ADMIN_ROLE = "admin"


def webhook_manager(request: Request, credentials: BearerCredentials, settings: AppSettings, session: DbSession) -> str:
    """The actor: "shop" for the API token, or the admin's name (a console session, CSRF-checked)."""
    if credentials is not None:
        require_shop(credentials, settings)
        return "shop"
    _, user = signed_in(request, session, None)
    if user.role != ADMIN_ROLE:
        raise Forbidden(
            f"webhooks are managed by an admin or with the shop's API token; you are signed in as "
            f"{user.role.replace('_', ' ')}"
        )
    return user.actor


WebhookManager = Annotated[str, Depends(webhook_manager)]
EndpointId = Annotated[int, Path(ge=1, le=2**31 - 1, description="The endpoint's id")]
DeliveryId = Annotated[int, Path(ge=1, le=2**31 - 1, description="The delivery's id")]


def current_endpoint(endpoint_id: EndpointId, _: WebhookManager, session: DbSession) -> WebhookEndpoint:
    return find_endpoint(session, endpoint_id)


def current_delivery(delivery_id: DeliveryId, _: WebhookManager, session: DbSession) -> WebhookDelivery:
    return find_delivery(session, delivery_id)


CurrentEndpoint = Annotated[WebhookEndpoint, Depends(current_endpoint)]
CurrentDelivery = Annotated[WebhookDelivery, Depends(current_delivery)]
