"""the outbound delivery is refunded in the ledger: an order-level balance and entries with no line

A policy may give back the delivery the customer paid when the whole order comes back (2011/83/EU
art. 13(1), `shipping.outbound_refund`). Its ceiling is the order's, not a line's:
`orders.shipping_refunded_minor`, raised by a guarded UPDATE and held at most
`shipping_paid_minor` by a CHECK, as `order_lines.refunded_minor` is for the goods. The ledger
entry that pays it has no order line; only a refund may have none.

Revision ID: 0617913f74e2
Revises: ed2df04e0eb4
Create Date: 2026-12-07 00:04:00
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from contextlib import contextmanager

import sqlalchemy as sa
from alembic import op

revision: str = "0617913f74e2"
down_revision: str | None = "ed2df04e0eb4"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    with _sqlite_foreign_keys_off():
        _upgrade()


def downgrade() -> None:
    with _sqlite_foreign_keys_off():
        _downgrade()


@contextmanager
def _sqlite_foreign_keys_off() -> Iterator[None]:
    """SQLite changes a column by copying the table, dropping it and renaming the copy; with foreign
    keys on, dropping `orders` or `ledger_entries` fails on the rows that reference them. The pragma
    cannot change inside a transaction, so it is switched between this migration's transactions,
    and `foreign_key_check` proves nothing dangles before the rebuilt tables are committed."""
    if op.get_bind().dialect.name != "sqlite":
        yield
        return
    _foreign_keys("OFF")
    yield
    dangling = op.get_bind().exec_driver_sql("PRAGMA foreign_key_check").fetchall()
    if dangling:
        raise RuntimeError(f"foreign keys dangle after rebuilding the tables: {dangling[:5]}")
    _foreign_keys("ON")


def _foreign_keys(state: str) -> None:
    with op.get_context().autocommit_block():
        # returndesk.db opens every transaction with BEGIN IMMEDIATE, even here: end it first.
        raw = op.get_bind().connection.dbapi_connection
        raw.commit()
        raw.execute(f"PRAGMA foreign_keys={state}")


def _upgrade() -> None:
    with op.batch_alter_table("orders", schema=None) as batch_op:
        batch_op.add_column(sa.Column("shipping_refunded_minor", sa.Integer(), server_default="0", nullable=False))
        batch_op.create_check_constraint(
            "shipping_refunded_within_paid",
            "shipping_refunded_minor >= 0 AND shipping_refunded_minor <= shipping_paid_minor",
        )
    with op.batch_alter_table("ledger_entries", schema=None) as batch_op:
        batch_op.alter_column("order_line_id", existing_type=sa.Integer(), nullable=True)
        batch_op.create_check_constraint("delivery_only_refunded", "order_line_id IS NOT NULL OR kind = 'refund'")


def _downgrade() -> None:
    # Delivery refunds have no line to move to: a downgrade with any of them booked must fail loudly.
    with op.batch_alter_table("ledger_entries", schema=None) as batch_op:
        batch_op.drop_constraint(op.f("ck_ledger_entries_delivery_only_refunded"), type_="check")
        batch_op.alter_column("order_line_id", existing_type=sa.Integer(), nullable=False)
    with op.batch_alter_table("orders", schema=None) as batch_op:
        batch_op.drop_constraint(op.f("ck_orders_shipping_refunded_within_paid"), type_="check")
        batch_op.drop_column("shipping_refunded_minor")
