"""warehouse receipt, QC grades and inventory movements

What arrived per return and line (partial receipts), the QC grade, checklist and disposition of
each line, the inventory movements the default sink records, and the RMA's QC mismatch flag.

Revision ID: b2c3d4e5f6a7
Revises: a1b2c3d4e5f6
Create Date: 2026-11-27 00:00:00
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op
from sqlalchemy.dialects import postgresql

import returndesk.models.base

revision: str = "b2c3d4e5f6a7"
down_revision: str | None = "a1b2c3d4e5f6"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

JSON = sa.JSON().with_variant(postgresql.JSONB(astext_type=sa.Text()), "postgresql")


def upgrade() -> None:
    with op.batch_alter_table("rmas", schema=None) as batch_op:
        batch_op.add_column(sa.Column("qc_mismatch", sa.Text(), nullable=True))

    op.create_table(
        "warehouse_receipts",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("rma_id", sa.Integer(), nullable=False),
        sa.Column("received_by", sa.String(length=128), nullable=False),
        sa.Column("partial", sa.Boolean(), nullable=False),
        sa.Column("created_at", returndesk.models.base.UtcDateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["rma_id"], ["rmas.id"], name=op.f("fk_warehouse_receipts_rma_id_rmas"), ondelete="CASCADE"
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_warehouse_receipts")),
        sa.UniqueConstraint("rma_id", name=op.f("uq_warehouse_receipts_rma_id")),
    )

    op.create_table(
        "warehouse_receipt_lines",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("receipt_id", sa.Integer(), nullable=False),
        sa.Column("rma_line_id", sa.Integer(), nullable=False),
        sa.Column("quantity_expected", sa.Integer(), nullable=False),
        sa.Column("quantity_received", sa.Integer(), nullable=False),
        sa.CheckConstraint(
            "quantity_received >= 0 AND quantity_received <= quantity_expected",
            name=op.f("ck_warehouse_receipt_lines_quantity_in_range"),
        ),
        sa.ForeignKeyConstraint(
            ["receipt_id"],
            ["warehouse_receipts.id"],
            name=op.f("fk_warehouse_receipt_lines_receipt_id_warehouse_receipts"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["rma_line_id"],
            ["rma_lines.id"],
            name=op.f("fk_warehouse_receipt_lines_rma_line_id_rma_lines"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_warehouse_receipt_lines")),
        sa.UniqueConstraint("rma_line_id", name=op.f("uq_warehouse_receipt_lines_rma_line_id")),
    )
    with op.batch_alter_table("warehouse_receipt_lines", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_warehouse_receipt_lines_receipt_id"), ["receipt_id"], unique=False)

    op.create_table(
        "qc_inspections",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("rma_id", sa.Integer(), nullable=False),
        sa.Column("rma_line_id", sa.Integer(), nullable=False),
        sa.Column("grade", sa.String(length=16), nullable=False),
        sa.Column("disposition", sa.String(length=32), nullable=False),
        sa.Column("checklist", JSON, nullable=False),
        sa.Column("notes", sa.Text(), nullable=True),
        sa.Column("evidence_ids", JSON, nullable=False),
        sa.Column("mismatch", sa.Text(), nullable=True),
        sa.Column("inspected_by", sa.String(length=128), nullable=False),
        sa.Column("created_at", returndesk.models.base.UtcDateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["rma_id"], ["rmas.id"], name=op.f("fk_qc_inspections_rma_id_rmas"), ondelete="CASCADE"
        ),
        sa.ForeignKeyConstraint(
            ["rma_line_id"], ["rma_lines.id"], name=op.f("fk_qc_inspections_rma_line_id_rma_lines"), ondelete="CASCADE"
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_qc_inspections")),
        sa.UniqueConstraint("rma_line_id", name=op.f("uq_qc_inspections_rma_line_id")),
    )
    with op.batch_alter_table("qc_inspections", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_qc_inspections_rma_id"), ["rma_id"], unique=False)

    op.create_table(
        "inventory_movements",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("rma_id", sa.Integer(), nullable=False),
        sa.Column("rma_line_id", sa.Integer(), nullable=False),
        sa.Column("sku", sa.String(length=64), nullable=False),
        sa.Column("quantity", sa.Integer(), nullable=False),
        sa.Column("grade", sa.String(length=16), nullable=False),
        sa.Column("disposition", sa.String(length=32), nullable=False),
        sa.Column("actor", sa.String(length=128), nullable=False),
        sa.Column("created_at", returndesk.models.base.UtcDateTime(timezone=True), nullable=False),
        sa.CheckConstraint("quantity > 0", name=op.f("ck_inventory_movements_quantity_positive")),
        sa.ForeignKeyConstraint(
            ["rma_id"], ["rmas.id"], name=op.f("fk_inventory_movements_rma_id_rmas"), ondelete="CASCADE"
        ),
        sa.ForeignKeyConstraint(
            ["rma_line_id"],
            ["rma_lines.id"],
            name=op.f("fk_inventory_movements_rma_line_id_rma_lines"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_inventory_movements")),
        sa.UniqueConstraint("rma_line_id", name=op.f("uq_inventory_movements_rma_line_id")),
    )
    with op.batch_alter_table("inventory_movements", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_inventory_movements_rma_id"), ["rma_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_inventory_movements_sku"), ["sku"], unique=False)
        batch_op.create_index(batch_op.f("ix_inventory_movements_disposition"), ["disposition"], unique=False)


def downgrade() -> None:
    with op.batch_alter_table("inventory_movements", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_inventory_movements_disposition"))
        batch_op.drop_index(batch_op.f("ix_inventory_movements_sku"))
        batch_op.drop_index(batch_op.f("ix_inventory_movements_rma_id"))
    op.drop_table("inventory_movements")
    with op.batch_alter_table("qc_inspections", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_qc_inspections_rma_id"))
    op.drop_table("qc_inspections")
    with op.batch_alter_table("warehouse_receipt_lines", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_warehouse_receipt_lines_receipt_id"))
    op.drop_table("warehouse_receipt_lines")
    op.drop_table("warehouse_receipts")
    with op.batch_alter_table("rmas", schema=None) as batch_op:
        batch_op.drop_column("qc_mismatch")
