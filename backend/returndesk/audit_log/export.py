"""Audit events as CSV, formula-safe for spreadsheets (kit/csv.py)."""

from __future__ import annotations

from collections.abc import Iterable

from ..kit.csv import table
from .service import Row

HEADER = ("id", "at", "kind", "actor", "role", "order_number", "escalation", "rma_number", "description")


def events_csv(rows: Iterable[Row]) -> str:
    return table(
        HEADER,
        (
            (
                row.id,
                row.at.isoformat(),
                row.kind,
                row.actor,
                row.role,
                row.order_number,
                row.escalation_reference,
                row.rma_number,
                row.description,
            )
            for row in rows
        ),
    )
