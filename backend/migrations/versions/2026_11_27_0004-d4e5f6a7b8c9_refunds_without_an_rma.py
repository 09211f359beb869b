"""refunds without an RMA reach the payment provider too

Every ledger refund now gets a refund_payments row (keep-item offers, an agent's goodwill refund,
approved requests), and those need not belong to a return: rma_id becomes nullable. SQLite cannot
alter a column in place, so batch mode copies the table (its named constraints come along).
An upgrade's payment request learns when the shop collected it, and under which reference.
Written by hand.

Revision ID: d4e5f6a7b8c9
Revises: c3d4e5f6a7b8
Create Date: 2026-11-27 03:00:00
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

import returndesk.models.base

revision: str = "d4e5f6a7b8c9"
down_revision: str | None = "c3d4e5f6a7b8"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

UtcDateTime = returndesk.models.base.UtcDateTime


def upgrade() -> None:
    with op.batch_alter_table("refund_payments", schema=None) as batch_op:
        batch_op.alter_column("rma_id", existing_type=sa.Integer(), nullable=True)
    with op.batch_alter_table("payment_requests", schema=None) as batch_op:
        batch_op.add_column(sa.Column("paid_at", UtcDateTime(timezone=True), nullable=True))
        batch_op.add_column(sa.Column("paid_reference", sa.String(length=200), nullable=True))


def downgrade() -> None:
    # Refusing beats deleting: each row is money on its way to a customer's card.
    without = op.get_bind().scalar(sa.text("SELECT count(*) FROM refund_payments WHERE rma_id IS NULL"))
    if without:
        raise RuntimeError(
            f"{without} refund payments belong to no return (keep-item offers, goodwill refunds); "
            "settle or move them before downgrading past d4e5f6a7b8c9"
        )
    with op.batch_alter_table("payment_requests", schema=None) as batch_op:
        batch_op.drop_column("paid_reference")
        batch_op.drop_column("paid_at")
    with op.batch_alter_table("refund_payments", schema=None) as batch_op:
        batch_op.alter_column("rma_id", existing_type=sa.Integer(), nullable=False)
