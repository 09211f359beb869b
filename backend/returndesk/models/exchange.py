"""What an exchange may send: the sizes and colours of a product, and the unit held for a return."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import BigInteger, CheckConstraint, ForeignKey, Integer, String
from sqlalchemy.orm import Mapped, mapped_column

from .base import Base, UtcDateTime, utcnow


class ProductVariant(Base):
    """One SKU as a size and/or colour of a style: the SKUs sharing a style are each other's exchanges.

    Price, name and currency stay on the product row; a SKU without a row here has no variants.
    """

    __tablename__ = "product_variants"
    __table_args__ = (CheckConstraint("size IS NOT NULL OR colour IS NOT NULL", name="size_or_colour"),)

    sku: Mapped[str] = mapped_column(String(64), primary_key=True)
    style: Mapped[str] = mapped_column(String(64), index=True)
    size: Mapped[str | None] = mapped_column(String(32))
    colour: Mapped[str | None] = mapped_column(String(64))


class ExchangeReservation(Base):
    """The variant a customer chose when opening a return as an exchange, its units already taken
    from stock, so the replacement cannot sell out while the parcel travels back. One per return
    line; the price difference is the policy's, as it stood when the customer agreed to it."""

    __tablename__ = "exchange_reservations"
    __table_args__ = (CheckConstraint("quantity > 0", name="quantity_positive"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    rma_id: Mapped[int] = mapped_column(ForeignKey("rmas.id", ondelete="CASCADE"), index=True)
    rma_line_id: Mapped[int] = mapped_column(ForeignKey("rma_lines.id", ondelete="CASCADE"), unique=True)
    sku: Mapped[str] = mapped_column(String(64))
    quantity: Mapped[int] = mapped_column(Integer)
    paid_unit_minor: Mapped[int] = mapped_column(BigInteger)
    replacement_unit_minor: Mapped[int] = mapped_column(BigInteger)
    # What the policy says happens to the difference (policy/exchange_price.py) and how much.
    settlement: Mapped[str] = mapped_column(String(32))
    difference_minor: Mapped[int] = mapped_column(BigInteger)
    currency: Mapped[str] = mapped_column(String(3))
    created_at: Mapped[datetime] = mapped_column(UtcDateTime, default=utcnow)
