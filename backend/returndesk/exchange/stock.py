"""Units on hand per SKU. Taking stock is one guarded UPDATE, so two exchanges never share a unit."""

from __future__ import annotations

from sqlalchemy import select, update
from sqlalchemy.orm import Session

from ..models import utcnow
from ..models.payment import StockLevel


def on_hand(session: Session, sku: str) -> int:
    return session.scalar(select(StockLevel.on_hand).where(StockLevel.sku == sku)) or 0


def take(session: Session, sku: str, quantity: int) -> bool:
    """Take `quantity` units of `sku`; False (nothing taken) when fewer are on hand."""
    taken = session.execute(
        update(StockLevel)
        .where(StockLevel.sku == sku, StockLevel.on_hand >= quantity)
        .values(on_hand=StockLevel.on_hand - quantity, updated_at=utcnow())
        .execution_options(synchronize_session=False)
    )
    return taken.rowcount == 1


def set_on_hand(session: Session, sku: str, quantity: int) -> None:
    """Seed or correct a SKU's stock (demo data, tests, a stock import). Only flushes."""
    level = session.get(StockLevel, sku)
    if level is None:
        session.add(StockLevel(sku=sku, on_hand=quantity))
    else:
        level.on_hand = quantity
    session.flush()
