"""return parcels booked with a carrier: shipments, carrier_events

A return parcel is booked with a carrier (returndesk/carrier/), one per return and destination:
its tracking number and barcode are printed on the label. The carrier's tracking events are kept
under their own id, unique per carrier, so one re-sent is taken once.

Revision ID: c4a77e1b5d01
Revises: b8e2f0a61c37
Create Date: 2026-12-08 01:00:00
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

from returndesk.models.base import UtcDateTime

revision: str = "c4a77e1b5d01"
down_revision: str | None = "b8e2f0a61c37"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "shipments",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("rma_id", sa.Integer(), nullable=False),
        sa.Column("destination", sa.String(length=64), nullable=False),
        sa.Column("carrier", sa.String(length=32), nullable=False),
        sa.Column("carrier_shipment_id", sa.String(length=64), nullable=False),
        sa.Column("tracking_number", sa.String(length=64), nullable=False),
        sa.Column("barcode", sa.String(length=64), nullable=False),
        sa.Column("status", sa.String(length=16), nullable=False),
        sa.Column("created_at", UtcDateTime(), nullable=False),
        sa.Column("updated_at", UtcDateTime(), nullable=False),
        sa.ForeignKeyConstraint(["rma_id"], ["rmas.id"], name=op.f("fk_shipments_rma_id_rmas"), ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_shipments")),
        sa.UniqueConstraint("rma_id", "destination", name=op.f("uq_shipments_rma_id_destination")),
        sa.UniqueConstraint("tracking_number", name=op.f("uq_shipments_tracking_number")),
    )
    op.create_index(op.f("ix_shipments_rma_id"), "shipments", ["rma_id"], unique=False)
    op.create_table(
        "carrier_events",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("shipment_id", sa.Integer(), nullable=False),
        sa.Column("carrier", sa.String(length=32), nullable=False),
        sa.Column("event_id", sa.String(length=64), nullable=False),
        sa.Column("kind", sa.String(length=32), nullable=False),
        sa.Column("occurred_at", UtcDateTime(), nullable=False),
        sa.Column("location", sa.String(length=200), nullable=True),
        sa.Column("received_at", UtcDateTime(), nullable=False),
        sa.ForeignKeyConstraint(
            ["shipment_id"], ["shipments.id"], name=op.f("fk_carrier_events_shipment_id_shipments"), ondelete="CASCADE"
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_carrier_events")),
        sa.UniqueConstraint("carrier", "event_id", name=op.f("uq_carrier_events_carrier_event_id")),
    )
    op.create_index(op.f("ix_carrier_events_shipment_id"), "carrier_events", ["shipment_id"], unique=False)


def downgrade() -> None:
    op.drop_index(op.f("ix_carrier_events_shipment_id"), table_name="carrier_events")
    op.drop_table("carrier_events")
    op.drop_index(op.f("ix_shipments_rma_id"), table_name="shipments")
    op.drop_table("shipments")
