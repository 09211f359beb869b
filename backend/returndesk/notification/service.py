"""Queueing notifications, and customers' choices about them.

`enqueue(session, event, rma, **data)` is how any step tells the customer something: it writes
one outbox row per channel the customer can get, in the caller's transaction, and only flushes.
The worker (tasks.py) sends them later; nothing is sent here, so a rolled-back step tells no one.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date, datetime
from typing import Any

import jwt
from sqlalchemy.orm import Session

from ..config import Settings
from ..errors import InvalidInput
from ..models import Customer, Rma, utcnow
from ..models.notification import NotificationOptOut
from ..models.rma_number import format_rma_number
from . import repository
from .messages import EVENTS, pick_locale
from .repository import opted_out_channels

OPTIONAL_CHANNELS = ("email", "sms")  # chat answers a conversation the customer started: no opt-out
UNSUBSCRIBE_AUDIENCE = "returndesk:unsubscribe"


class UnknownEvent(ValueError):
    pass


class InvalidUnsubscribeLink(InvalidInput):
    title = "Invalid unsubscribe link"


def outbox_key(rma: Rma, event: str, channel: str, occasion: str | None = None) -> str:
    return f"{rma.number}:{event}:{channel}" + (f":{occasion}" if occasion else "")


ALL_CHANNELS = ("chat", "email", "sms")


def enqueue(
    session: Session,
    event: str,
    rma: Rma,
    *,
    channels: Sequence[str] = ALL_CHANNELS,
    occasion: str | None = None,
    **data: Any,
) -> list[str]:
    """Queue `event` for `rma`'s customer on every channel they can get; returns the channels
    queued by this call. A replayed step queues nothing twice (unique key per RMA, event and
    channel). `data` fills the event's placeholders (see messages.py), e.g.
    ``enqueue(session, "refunded", rma, refund_amount="49.90 EUR")``; the RMA number, order,
    customer name, return-by date and refund estimate are filled in from the RMA already.
    `channels` narrows the choice: a step that already answers in the chat passes ("email", "sms").
    `occasion` makes a deliberate repeat its own message (a label sent again on an agent's request),
    still once per occasion."""
    if event not in EVENTS:
        raise UnknownEvent(f"unknown notification event {event!r}; known events are {', '.join(sorted(EVENTS))}")
    customer = rma.order.customer
    values = {**rma_facts(rma), **{k: _plain(v) for k, v in data.items()}}
    opted_out = opted_out_channels(session, customer.id)
    targets = []
    conversation = conversation_of(session, rma)
    if conversation and "chat" in channels:
        targets.append(("chat", conversation))
    if customer.email and "email" in channels and "email" not in opted_out:
        targets.append(("email", customer.email))
    if customer.phone and "sms" in channels and "sms" not in opted_out:
        targets.append(("sms", customer.phone))
    queued = []
    for channel, recipient in targets:
        row = {
            "key": outbox_key(rma, event, channel, occasion),
            "rma_id": rma.id,
            "customer_id": customer.id,
            "event": event,
            "channel": channel,
            "recipient": recipient,
            "locale": pick_locale(rma.locale),
            "data": values,
            "status": "pending",
            "attempts": 0,
            "next_attempt_at": utcnow(),
            "created_at": utcnow(),
        }
        if repository.add_to_outbox(session, row) is not None:
            queued.append(channel)
    return queued


def rma_facts(rma: Rma) -> dict[str, Any]:
    order = rma.order
    return {
        "rma_number": format_rma_number(rma.number),
        "order_number": order.number,
        "customer_name": order.customer.name,
        "return_by": rma.return_by.isoformat() if rma.return_by else None,
        "refund_amount": f"{rma.refund_estimate_minor / 100:.2f} {rma.currency}",
    }


def _plain(value: Any) -> Any:
    """Outbox data is JSON: dates as ISO text."""
    return value.isoformat() if isinstance(value, date | datetime) else value


def conversation_of(session: Session, rma: Rma) -> str | None:
    """The chat the customer asked in: the RMA's own, or that of a case about it."""
    if rma.conversation_id:
        return rma.conversation_id
    return repository.latest_case_conversation(session, (rma.number, format_rma_number(rma.number)))


def set_preferences(session: Session, customer: Customer, wanted: dict[str, bool], *, source: str) -> set[str]:
    """`wanted` maps email/sms to whether the customer wants it; returns the channels now opted out."""
    current = opted_out_channels(session, customer.id)
    for channel, receive in wanted.items():
        if receive and channel in current:
            repository.remove_opt_out(session, customer.id, channel)
        elif not receive and channel not in current:
            session.add(NotificationOptOut(customer_id=customer.id, channel=channel, source=source))
    session.flush()
    return opted_out_channels(session, customer.id)


def unsubscribe_token(settings: Settings, customer_id: int, channel: str = "email") -> str:
    # No expiry: an unsubscribe link in an old email must still work (and the law expects it to).
    claims = {"sub": str(customer_id), "aud": UNSUBSCRIBE_AUDIENCE, "ch": channel}
    return jwt.encode(claims, settings.secret_key, algorithm="HS256")


def read_unsubscribe_token(settings: Settings, token: str) -> tuple[int, str]:
    try:
        claims = jwt.decode(token, settings.secret_key, algorithms=["HS256"], audience=UNSUBSCRIBE_AUDIENCE)
        customer_id, channel = int(claims["sub"]), str(claims["ch"])
    except (jwt.InvalidTokenError, KeyError, ValueError):
        raise InvalidUnsubscribeLink(
            "this unsubscribe link is not valid; use the link from the latest email, or change your "
            "preferences in the chat"
        ) from None
    if channel not in OPTIONAL_CHANNELS:
        raise InvalidUnsubscribeLink("this unsubscribe link names no channel you can unsubscribe from")
    return customer_id, channel
