"""conversation events from Rasa's event broker, for conversation metrics

Every tracker event Rasa publishes (user turn, action, slot, pause...) becomes one row: names,
lengths and a few slot values, never the customer's words. A digest of the published event is
unique, so a re-delivered event is skipped; a cursor per polled source remembers the last row read.

Revision ID: a7b8c9d0e1f2
Revises: f6a7b8c9d0e1
Create Date: 2026-11-27 03:00:00
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

from returndesk.models.base import UtcDateTime

revision: str = "a7b8c9d0e1f2"
down_revision: str | None = "f6a7b8c9d0e1"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "conversation_events",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("event_key", sa.String(length=64), nullable=False),
        sa.Column("conversation_id", sa.String(length=128), nullable=False),
        sa.Column("event_type", sa.String(length=32), nullable=False),
        sa.Column("name", sa.String(length=128), nullable=True),
        sa.Column("value", sa.String(length=64), nullable=True),
        sa.Column("text_length", sa.Integer(), nullable=True),
        sa.Column("rasa_timestamp", sa.Float(), nullable=False),
        sa.Column("occurred_at", UtcDateTime(timezone=True), nullable=False),
        sa.Column("received_at", UtcDateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_conversation_events")),
        sa.UniqueConstraint("event_key", name=op.f("uq_conversation_events_event_key")),
    )
    op.create_index(
        "ix_conversation_events_conversation_order",
        "conversation_events",
        ["conversation_id", "rasa_timestamp"],
        unique=False,
    )
    op.create_index(op.f("ix_conversation_events_occurred_at"), "conversation_events", ["occurred_at"], unique=False)
    op.create_table(
        "conversation_event_cursors",
        sa.Column("source", sa.String(length=255), nullable=False),
        sa.Column("last_id", sa.Integer(), nullable=False),
        sa.Column("updated_at", UtcDateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("source", name=op.f("pk_conversation_event_cursors")),
    )


def downgrade() -> None:
    op.drop_table("conversation_event_cursors")
    op.drop_index(op.f("ix_conversation_events_occurred_at"), table_name="conversation_events")
    op.drop_index("ix_conversation_events_conversation_order", table_name="conversation_events")
    op.drop_table("conversation_events")
