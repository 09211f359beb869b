"""Where graded stock goes: a small sink interface, and the default that records a table row.

A shop with a WMS or ERP plugs in a sink that books the movement there; it is called inside the
request's transaction, so a sink that talks to another system should write its own outbox row
rather than call out before the commit.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache

from sqlalchemy.orm import Session

from ..models import InventoryMovement


@dataclass(frozen=True)
class Movement:
    rma_id: int
    rma_line_id: int
    sku: str
    quantity: int
    grade: str
    disposition: str
    actor: str


class InventorySink:
    """Books one movement. Must be idempotent per RMA line: a line is disposed of once."""

    def record(self, session: Session, movement: Movement) -> None:
        raise NotImplementedError


class TableInventorySink(InventorySink):
    """The default: a row in inventory_movements (unique per RMA line), flushed, not committed."""

    def record(self, session: Session, movement: Movement) -> None:
        session.add(
            InventoryMovement(
                rma_id=movement.rma_id,
                rma_line_id=movement.rma_line_id,
                sku=movement.sku,
                quantity=movement.quantity,
                grade=movement.grade,
                disposition=movement.disposition,
                actor=movement.actor,
            )
        )
        session.flush()


@lru_cache
def get_inventory_sink() -> InventorySink:
    return TableInventorySink()
