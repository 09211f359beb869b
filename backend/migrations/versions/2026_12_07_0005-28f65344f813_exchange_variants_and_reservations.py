"""exchange variants and reservations: the sizes and colours of a style, and the unit held for a return

A customer who opens a return as an exchange chooses the size or colour in the chat, from the
variants of the product in stock (`product_variants`: one row per SKU, its style, size and
colour). The chosen unit is taken from stock when the return is created and recorded in
`exchange_reservations` (one per return line) with the price difference the policy set.

Revision ID: 28f65344f813
Revises: 47714f9315a9
Create Date: 2026-12-07 00:05:00
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

from returndesk.models.base import UtcDateTime

revision: str = "28f65344f813"
down_revision: str | None = "47714f9315a9"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "product_variants",
        sa.Column("sku", sa.String(length=64), nullable=False),
        sa.Column("style", sa.String(length=64), nullable=False),
        sa.Column("size", sa.String(length=32), nullable=True),
        sa.Column("colour", sa.String(length=64), nullable=True),
        sa.CheckConstraint("size IS NOT NULL OR colour IS NOT NULL", name=op.f("ck_product_variants_size_or_colour")),
        sa.PrimaryKeyConstraint("sku", name=op.f("pk_product_variants")),
    )
    op.create_index(op.f("ix_product_variants_style"), "product_variants", ["style"], unique=False)
    op.create_table(
        "exchange_reservations",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("rma_id", sa.Integer(), nullable=False),
        sa.Column("rma_line_id", sa.Integer(), nullable=False),
        sa.Column("sku", sa.String(length=64), nullable=False),
        sa.Column("quantity", sa.Integer(), nullable=False),
        sa.Column("paid_unit_minor", sa.BigInteger(), nullable=False),
        sa.Column("replacement_unit_minor", sa.BigInteger(), nullable=False),
        sa.Column("settlement", sa.String(length=32), nullable=False),
        sa.Column("difference_minor", sa.BigInteger(), nullable=False),
        sa.Column("currency", sa.String(length=3), nullable=False),
        sa.Column("created_at", UtcDateTime(timezone=True), nullable=False),
        sa.CheckConstraint("quantity > 0", name=op.f("ck_exchange_reservations_quantity_positive")),
        sa.ForeignKeyConstraint(
            ["rma_id"], ["rmas.id"], name=op.f("fk_exchange_reservations_rma_id_rmas"), ondelete="CASCADE"
        ),
        sa.ForeignKeyConstraint(
            ["rma_line_id"],
            ["rma_lines.id"],
            name=op.f("fk_exchange_reservations_rma_line_id_rma_lines"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_exchange_reservations")),
        sa.UniqueConstraint("rma_line_id", name=op.f("uq_exchange_reservations_rma_line_id")),
    )
    op.create_index(op.f("ix_exchange_reservations_rma_id"), "exchange_reservations", ["rma_id"], unique=False)


def downgrade() -> None:
    op.drop_index(op.f("ix_exchange_reservations_rma_id"), table_name="exchange_reservations")
    op.drop_table("exchange_reservations")
    op.drop_index(op.f("ix_product_variants_style"), table_name="product_variants")
    op.drop_table("product_variants")
