"""conversation summaries: one row per conversation, kept by the ingest, for the metrics

The conversation metrics aggregated every event of every conversation in Python; now the ingest
re-reads each conversation a batch touches and upserts its summary, and the metrics aggregate
these rows in SQL. The summaries of the events already stored are built here, by the same code
the ingest uses (`python -m returndesk.analytics.conversations.summarise` rebuilds them all).

Revision ID: b8c9d0e1f2a3
Revises: a7b8c9d0e1f2
Create Date: 2026-11-27 06:00:00
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import context, op
from sqlalchemy.orm import Session

from returndesk.analytics.conversations.summarise import summarise_all
from returndesk.models.base import UtcDateTime

revision: str = "b8c9d0e1f2a3"
down_revision: str | None = "a7b8c9d0e1f2"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "conversation_summaries",
        sa.Column("conversation_id", sa.String(length=128), nullable=False),
        sa.Column("first_message_at", UtcDateTime(timezone=True), nullable=True),
        sa.Column("user_turns", sa.Integer(), nullable=False),
        sa.Column("fallback_turns", sa.Integer(), nullable=False),
        sa.Column("rma_turn", sa.Integer(), nullable=True),
        sa.Column("paused", sa.Boolean(), nullable=False),
        sa.Column("started_return", sa.Boolean(), nullable=False),
        sa.Column("last_step", sa.String(length=64), nullable=True),
        sa.Column("score", sa.String(length=8), nullable=True),
        sa.Column("updated_at", UtcDateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("conversation_id", name=op.f("pk_conversation_summaries")),
    )
    op.create_index(
        op.f("ix_conversation_summaries_first_message_at"), "conversation_summaries", ["first_message_at"], unique=False
    )
    if context.is_offline_mode():
        return  # no rows to read in an SQL script: run the summarise command after applying it
    # In the migration's transaction: the table and its rows appear together.
    with Session(bind=op.get_bind()) as session:
        summarise_all(session)


def downgrade() -> None:
    op.drop_index(op.f("ix_conversation_summaries_first_message_at"), table_name="conversation_summaries")
    op.drop_table("conversation_summaries")
