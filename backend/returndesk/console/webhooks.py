"""The webhooks page (admins): the shop's endpoints, their deliveries with each attempt, re-send.

The page is a shell; it reads and changes everything through /api/v1/webhooks, which refuses
every role but admin the same way.
"""

from __future__ import annotations

from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse, Response

from ..webhooks.dependencies import ADMIN_ROLE
from ..webhooks.events import Event
from .pages import MaybeViewer, page, render

router = APIRouter(prefix="/console", include_in_schema=False)


@router.get("/webhooks", response_class=HTMLResponse)
def webhooks_page(request: Request, viewer: MaybeViewer) -> Response:
    """Endpoints, their deliveries and re-sends."""
    if viewer is not None and viewer.user.role != ADMIN_ROLE:
        return render(
            "message.html",
            status_code=403,
            user=viewer.user,
            csrf_token=viewer.csrf_token,
            title="Not allowed",
            message="Webhooks are managed by admins; ask one if the shop's systems should hear about something.",
        )
    return page(request, viewer, "webhooks.html", section="webhooks", events=[event.value for event in Event])
