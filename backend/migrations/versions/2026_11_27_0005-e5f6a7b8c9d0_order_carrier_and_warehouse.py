"""which carrier delivered an order and which warehouse shipped it

The shop may say which carrier delivered an order and which warehouse shipped it, so the
analytics can tell whether "damaged in transit" concentrates on one of them. Both nullable:
older orders and shops that don't send them simply have none.

Revision ID: e5f6a7b8c9d0
Revises: d4e5f6a7b8c9
Create Date: 2026-11-27 03:00:00
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "e5f6a7b8c9d0"
down_revision: str | None = "d4e5f6a7b8c9"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    with op.batch_alter_table("orders", schema=None) as batch_op:
        batch_op.add_column(sa.Column("carrier", sa.String(length=64), nullable=True))
        batch_op.add_column(sa.Column("ships_from", sa.String(length=64), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("orders", schema=None) as batch_op:
        batch_op.drop_column("ships_from")
        batch_op.drop_column("carrier")
