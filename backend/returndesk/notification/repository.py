"""Queries on the notification outbox, opt-outs and the SMS log."""

from __future__ import annotations

from typing import Any

from sqlalchemy import delete, select
from sqlalchemy.dialects.postgresql import insert as pg_insert
from sqlalchemy.dialects.sqlite import insert as sqlite_insert
from sqlalchemy.orm import Session

from ..models import Customer, Escalation
from ..models.notification import NotificationOptOut, NotificationOutbox, SmsLogEntry


def _insert(session: Session):
    return pg_insert if session.get_bind().dialect.name == "postgresql" else sqlite_insert


def add_to_outbox(session: Session, row: dict[str, Any]) -> int | None:
    """The new row's id, or None when its key is queued already."""
    # ON CONFLICT DO NOTHING instead of catching the unique violation: a violation would
    # abort the caller's whole transaction on PostgreSQL.
    return session.scalar(
        _insert(session)(NotificationOutbox)
        .values(row)
        .on_conflict_do_nothing(index_elements=["key"])
        .returning(NotificationOutbox.id)
    )


def latest_case_conversation(session: Session, rma_numbers: tuple[str, ...]) -> str | None:
    """The chat of the newest case about the return (by any spelling of its number)."""
    return session.scalar(
        select(Escalation.conversation_id)
        .where(Escalation.rma_number.in_(rma_numbers), Escalation.channel != "email")
        .order_by(Escalation.id.desc())
        .limit(1)
    )


def opted_out_channels(session: Session, customer_id: int | None) -> set[str]:
    if customer_id is None:
        return set()
    return set(session.scalars(select(NotificationOptOut.channel).where(NotificationOptOut.customer_id == customer_id)))


def remove_opt_out(session: Session, customer_id: int, channel: str) -> None:
    session.execute(
        delete(NotificationOptOut).where(
            NotificationOptOut.customer_id == customer_id, NotificationOptOut.channel == channel
        )
    )


def customer(session: Session, customer_id: int) -> Customer | None:
    return session.get(Customer, customer_id)


def log_sms(session: Session, key: str, to: str, body: str) -> int | None:
    """One sms_log row per outbox key (a resend keeps the first); returns its id."""
    session.execute(
        _insert(session)(SmsLogEntry)
        .values(outbox_key=key, to=to, body=body)
        .on_conflict_do_nothing(index_elements=["outbox_key"])
    )
    return session.scalar(select(SmsLogEntry.id).where(SmsLogEntry.outbox_key == key))
