"""refund payments through the provider and exchange orders

Refunds on their way to the original payment method (refund_payments), the local gateway's own
book (gateway_refunds), stock per SKU for exchanges, replacement orders and what an upgrade's
customer still owes (payment_requests). Written by hand; `alembic check` reports no drift.

Revision ID: c3d4e5f6a7b8
Revises: b2c3d4e5f6a7
Create Date: 2026-11-27 00:00:00
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

import returndesk.models.base

revision: str = "c3d4e5f6a7b8"
down_revision: str | None = "b2c3d4e5f6a7"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

UtcDateTime = returndesk.models.base.UtcDateTime


def upgrade() -> None:
    op.create_table(
        "refund_payments",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("rma_id", sa.Integer(), nullable=False),
        sa.Column("order_id", sa.Integer(), nullable=False),
        sa.Column("ledger_entry_id", sa.Integer(), nullable=False),
        sa.Column("idempotency_key", sa.String(length=200), nullable=False),
        sa.Column("purpose", sa.String(length=32), nullable=False),
        sa.Column("provider", sa.String(length=32), nullable=False),
        sa.Column("payment_reference", sa.String(length=200), nullable=False),
        sa.Column("provider_refund_id", sa.String(length=200), nullable=True),
        sa.Column("amount_minor", sa.BigInteger(), nullable=False),
        sa.Column("currency", sa.String(length=3), nullable=False),
        sa.Column("status", sa.String(length=16), nullable=False),
        sa.Column("attempts", sa.Integer(), server_default="0", nullable=False),
        sa.Column("next_attempt_at", UtcDateTime(timezone=True), nullable=False),
        sa.Column("last_error", sa.Text(), nullable=True),
        sa.Column("due_at", UtcDateTime(timezone=True), nullable=True),
        sa.Column("actor", sa.String(length=200), nullable=False),
        sa.Column("created_at", UtcDateTime(timezone=True), nullable=False),
        sa.Column("settled_at", UtcDateTime(timezone=True), nullable=True),
        sa.CheckConstraint("amount_minor > 0", name=op.f("ck_refund_payments_amount_positive")),
        sa.CheckConstraint("status IN ('pending', 'settled', 'failed')", name=op.f("ck_refund_payments_known_status")),
        sa.ForeignKeyConstraint(
            ["ledger_entry_id"], ["ledger_entries.id"], name=op.f("fk_refund_payments_ledger_entry_id_ledger_entries")
        ),
        sa.ForeignKeyConstraint(["order_id"], ["orders.id"], name=op.f("fk_refund_payments_order_id_orders")),
        sa.ForeignKeyConstraint(["rma_id"], ["rmas.id"], name=op.f("fk_refund_payments_rma_id_rmas")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_refund_payments")),
        sa.UniqueConstraint("idempotency_key", name=op.f("uq_refund_payments_idempotency_key")),
        sa.UniqueConstraint("ledger_entry_id", name=op.f("uq_refund_payments_ledger_entry_id")),
    )
    with op.batch_alter_table("refund_payments", schema=None) as batch_op:
        for column in ("rma_id", "order_id", "status", "next_attempt_at", "due_at"):
            batch_op.create_index(batch_op.f(f"ix_refund_payments_{column}"), [column], unique=False)

    op.create_table(
        "gateway_refunds",
        sa.Column("id", sa.String(length=40), nullable=False),
        sa.Column("idempotency_key", sa.String(length=200), nullable=False),
        sa.Column("payment_reference", sa.String(length=200), nullable=False),
        sa.Column("amount_minor", sa.BigInteger(), nullable=False),
        sa.Column("currency", sa.String(length=3), nullable=False),
        sa.Column("status", sa.String(length=16), nullable=False),
        sa.Column("failure_reason", sa.String(length=64), nullable=True),
        sa.Column("settles_at", UtcDateTime(timezone=True), nullable=False),
        sa.Column("created_at", UtcDateTime(timezone=True), nullable=False),
        sa.CheckConstraint("status IN ('pending', 'settled', 'failed')", name=op.f("ck_gateway_refunds_known_status")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_gateway_refunds")),
        sa.UniqueConstraint("idempotency_key", name=op.f("uq_gateway_refunds_idempotency_key")),
    )

    op.create_table(
        "stock_levels",
        sa.Column("sku", sa.String(length=64), nullable=False),
        sa.Column("on_hand", sa.Integer(), nullable=False),
        sa.Column("updated_at", UtcDateTime(timezone=True), nullable=False),
        sa.CheckConstraint("on_hand >= 0", name=op.f("ck_stock_levels_on_hand_not_negative")),
        sa.PrimaryKeyConstraint("sku", name=op.f("pk_stock_levels")),
    )

    op.create_table(
        "exchange_orders",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("rma_id", sa.Integer(), nullable=False),
        sa.Column("order_id", sa.Integer(), nullable=False),
        sa.Column("order_line_id", sa.Integer(), nullable=False),
        sa.Column("original_sku", sa.String(length=64), nullable=False),
        sa.Column("replacement_sku", sa.String(length=64), nullable=False),
        sa.Column("quantity", sa.Integer(), nullable=False),
        sa.Column("paid_unit_minor", sa.BigInteger(), nullable=False),
        sa.Column("replacement_unit_minor", sa.BigInteger(), nullable=False),
        sa.Column("difference_minor", sa.BigInteger(), nullable=False),
        sa.Column("currency", sa.String(length=3), nullable=False),
        sa.Column("sink", sa.String(length=32), nullable=False),
        sa.Column("sink_reference", sa.String(length=200), nullable=True),
        sa.Column("actor", sa.String(length=200), nullable=False),
        sa.Column("created_at", UtcDateTime(timezone=True), nullable=False),
        sa.CheckConstraint("quantity > 0", name=op.f("ck_exchange_orders_quantity_positive")),
        sa.ForeignKeyConstraint(
            ["order_line_id"], ["order_lines.id"], name=op.f("fk_exchange_orders_order_line_id_order_lines")
        ),
        sa.ForeignKeyConstraint(["order_id"], ["orders.id"], name=op.f("fk_exchange_orders_order_id_orders")),
        sa.ForeignKeyConstraint(["rma_id"], ["rmas.id"], name=op.f("fk_exchange_orders_rma_id_rmas")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_exchange_orders")),
        sa.UniqueConstraint("rma_id", name=op.f("uq_exchange_orders_rma_id")),
    )
    with op.batch_alter_table("exchange_orders", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_exchange_orders_order_id"), ["order_id"], unique=False)

    op.create_table(
        "payment_requests",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("rma_id", sa.Integer(), nullable=False),
        sa.Column("exchange_order_id", sa.Integer(), nullable=False),
        sa.Column("amount_minor", sa.BigInteger(), nullable=False),
        sa.Column("currency", sa.String(length=3), nullable=False),
        sa.Column("status", sa.String(length=16), nullable=False),
        sa.Column("description", sa.Text(), nullable=False),
        sa.Column("created_at", UtcDateTime(timezone=True), nullable=False),
        sa.CheckConstraint("amount_minor > 0", name=op.f("ck_payment_requests_amount_positive")),
        sa.CheckConstraint("status IN ('open', 'paid', 'cancelled')", name=op.f("ck_payment_requests_known_status")),
        sa.ForeignKeyConstraint(
            ["exchange_order_id"],
            ["exchange_orders.id"],
            name=op.f("fk_payment_requests_exchange_order_id_exchange_orders"),
        ),
        sa.ForeignKeyConstraint(["rma_id"], ["rmas.id"], name=op.f("fk_payment_requests_rma_id_rmas")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_payment_requests")),
        sa.UniqueConstraint("exchange_order_id", name=op.f("uq_payment_requests_exchange_order_id")),
    )
    with op.batch_alter_table("payment_requests", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_payment_requests_rma_id"), ["rma_id"], unique=False)


def downgrade() -> None:
    with op.batch_alter_table("payment_requests", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_payment_requests_rma_id"))
    op.drop_table("payment_requests")
    with op.batch_alter_table("exchange_orders", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_exchange_orders_order_id"))
    op.drop_table("exchange_orders")
    op.drop_table("stock_levels")
    op.drop_table("gateway_refunds")
    with op.batch_alter_table("refund_payments", schema=None) as batch_op:
        for column in ("due_at", "next_attempt_at", "status", "order_id", "rma_id"):
            batch_op.drop_index(batch_op.f(f"ix_refund_payments_{column}"))
    op.drop_table("refund_payments")
