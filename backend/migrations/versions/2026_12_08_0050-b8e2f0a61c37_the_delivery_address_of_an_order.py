"""the delivery address of an order: orders.shipping_address

The shop may push where it delivered the order (order/schemas.py AddressIn): the sender of a
return parcel, printed on its label and given to the carrier, which collects there. One JSON
document, read and printed whole, never queried. Orders pushed before have none (NULL).

Revision ID: b8e2f0a61c37
Revises: 28f65344f813
Create Date: 2026-12-08 00:50:00
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op
from sqlalchemy.dialects import postgresql

revision: str = "b8e2f0a61c37"
down_revision: str | None = "28f65344f813"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    with op.batch_alter_table("orders", schema=None) as batch_op:
        batch_op.add_column(
            sa.Column("shipping_address", sa.JSON().with_variant(postgresql.JSONB(), "postgresql"), nullable=True)
        )


def downgrade() -> None:
    # In place (SQLite 3.35+ drops a column itself): copying `orders` would trip the foreign keys
    # of every table that references it.
    with op.batch_alter_table("orders", schema=None, recreate="never") as batch_op:
        batch_op.drop_column("shipping_address")
