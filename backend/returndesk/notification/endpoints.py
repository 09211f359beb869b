"""Customers' notification preferences (with the order token) and the unsubscribe link's page."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Form, Query
from fastapi.responses import HTMLResponse

from ..auth import AppSettings, CustomerAccess
from ..db import DbSession
from ..errors import NotFound
from ..models import Customer
from ..order import repository as orders
from . import repository
from .channels import templates
from .repository import opted_out_channels
from .schemas import PreferencesIn, PreferencesOut
from .service import InvalidUnsubscribeLink, read_unsubscribe_token, set_preferences

router = APIRouter(tags=["notifications"])

# A page for people who clicked a link in an email: nothing from elsewhere, no framing.
PAGE_HEADERS = {
    "Cache-Control": "no-store",
    "Content-Security-Policy": (
        "default-src 'none'; style-src 'unsafe-inline'; form-action 'self'; frame-ancestors 'none'; base-uri 'none'"
    ),
    "X-Frame-Options": "DENY",
    "Referrer-Policy": "no-referrer",
    "X-Content-Type-Options": "nosniff",
}


def _customer_of(session: DbSession, access: CustomerAccess) -> Customer:
    order = orders.get_order(session, access.order_number)
    if order is None:
        raise NotFound(f"there is no order {access.order_number}; verify your order again")
    return order.customer


def _present(session: DbSession, customer: Customer) -> PreferencesOut:
    opted_out = opted_out_channels(session, customer.id)
    return PreferencesOut(email="email" not in opted_out, sms="sms" not in opted_out, has_phone=bool(customer.phone))


@router.get("/customers/me/preferences", response_model=PreferencesOut)
def get_preferences(access: CustomerAccess, session: DbSession) -> PreferencesOut:
    """Which notifications the verified order's customer gets (email, SMS)."""
    return _present(session, _customer_of(session, access))


@router.post("/customers/me/preferences", response_model=PreferencesOut)
def post_preferences(payload: PreferencesIn, access: CustomerAccess, session: DbSession) -> PreferencesOut:
    """Opt in or out of email and SMS notifications; fields left out stay as they are."""
    customer = _customer_of(session, access)
    wanted = {channel: value for channel, value in payload.model_dump().items() if value is not None}
    set_preferences(session, customer, wanted, source="preferences")
    return _present(session, customer)


def _page(status: int = 200, **values: object) -> HTMLResponse:
    html = templates.get_template("notification/unsubscribe.html").render(lang="en", **values)
    return HTMLResponse(html, status_code=status, headers=PAGE_HEADERS)


def _bad_link(error: InvalidUnsubscribeLink) -> HTMLResponse:
    return _page(400, title="This link does not work", text=error.detail[0].upper() + error.detail[1:] + ".")


@router.get("/notifications/unsubscribe", response_class=HTMLResponse, include_in_schema=False)
def unsubscribe_page(settings: AppSettings, token: Annotated[str, Query(max_length=2000)] = "") -> HTMLResponse:
    """Asks to confirm: opening the link alone changes nothing (mail scanners open links)."""
    try:
        _, channel = read_unsubscribe_token(settings, token)
    except InvalidUnsubscribeLink as error:
        return _bad_link(error)
    return _page(
        title="Unsubscribe?",
        text=f"You will no longer get {channel} notifications about your returns. The chat still answers you.",
        confirm=True,
        token=token,
        button="Unsubscribe",
    )


@router.post("/notifications/unsubscribe", response_class=HTMLResponse, include_in_schema=False)
def unsubscribe(
    session: DbSession,
    settings: AppSettings,
    token: Annotated[str, Query(max_length=2000)] = "",
    form_token: Annotated[str, Form(alias="token", max_length=2000)] = "",
) -> HTMLResponse:
    """The confirm button, and RFC 8058 one-click unsubscribe from mail clients (token in the URL)."""
    try:
        customer_id, channel = read_unsubscribe_token(settings, form_token or token)
    except InvalidUnsubscribeLink as error:
        return _bad_link(error)
    customer = repository.customer(session, customer_id)
    if customer is None:
        return _page(404, title="Nothing to unsubscribe", text="We no longer keep any details for this address.")
    set_preferences(session, customer, {channel: False}, source="unsubscribe_link")
    return _page(
        title="You are unsubscribed",
        text=f"We will not send you {channel} notifications any more. You can turn them on again in the chat.",
    )
