"""indexes for the analytics dashboard's queries

Every dashboard query selects orders by the day they were placed (`orders.placed_at`); cycle
times and the return costs look up, per return, the first event that reached a status
(`rma_events (rma_id, to_status, at)`: answered from the index alone). The joins from order
lines, return lines and ledger entries to their order already have indexes.

Revision ID: f6a7b8c9d0e1
Revises: e5f6a7b8c9d0
Create Date: 2026-11-27 03:00:00
"""

from __future__ import annotations

from collections.abc import Sequence

from alembic import op

revision: str = "f6a7b8c9d0e1"
down_revision: str | None = "e5f6a7b8c9d0"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_index("ix_orders_placed_at", "orders", ["placed_at"])
    op.create_index("ix_rma_events_rma_id_to_status_at", "rma_events", ["rma_id", "to_status", "at"])


def downgrade() -> None:
    op.drop_index("ix_rma_events_rma_id_to_status_at", table_name="rma_events")
    op.drop_index("ix_orders_placed_at", table_name="orders")
