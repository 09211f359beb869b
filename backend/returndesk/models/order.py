"""Customers, products and the orders the shop pushes in."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import Boolean, CheckConstraint, ForeignKey, Integer, String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from .base import Base, JsonDocument, UtcDateTime, utcnow


class Customer(Base):
    __tablename__ = "customers"

    id: Mapped[int] = mapped_column(primary_key=True)
    email: Mapped[str] = mapped_column(String(254), unique=True)  # stored lower-cased
    phone: Mapped[str | None] = mapped_column(String(32), index=True)  # digits only, with country code
    name: Mapped[str] = mapped_column(String(200))
    tier: Mapped[str] = mapped_column(String(32), default="guest")
    created_at: Mapped[datetime] = mapped_column(UtcDateTime, default=utcnow)

    orders: Mapped[list[Order]] = relationship(back_populates="customer")


class Product(Base):
    __tablename__ = "products"

    id: Mapped[int] = mapped_column(primary_key=True)
    sku: Mapped[str] = mapped_column(String(64), unique=True)
    name: Mapped[str] = mapped_column(String(200))
    category: Mapped[str] = mapped_column(String(64), index=True)
    price_minor: Mapped[int] = mapped_column(Integer)
    currency: Mapped[str] = mapped_column(String(3))
    tags: Mapped[list[str]] = mapped_column(JsonDocument, default=list)
    final_sale: Mapped[bool] = mapped_column(Boolean, default=False)


class Order(Base):
    __tablename__ = "orders"
    __table_args__ = (
        # The delivery's own ceiling, as refunded_within_paid is the goods' (ledger/service.py).
        CheckConstraint(
            "shipping_refunded_minor >= 0 AND shipping_refunded_minor <= shipping_paid_minor",
            name="shipping_refunded_within_paid",
        ),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    number: Mapped[str] = mapped_column(String(64), unique=True)
    customer_id: Mapped[int] = mapped_column(ForeignKey("customers.id"), index=True)
    placed_at: Mapped[datetime] = mapped_column(UtcDateTime, index=True)  # analytics select by it
    delivered_at: Mapped[datetime | None] = mapped_column(UtcDateTime)
    payment_method: Mapped[str] = mapped_column(String(32))
    currency: Mapped[str] = mapped_column(String(3))
    shipping_paid_minor: Mapped[int] = mapped_column(Integer, default=0)
    # The outbound delivery given back so far (a policy's `shipping.outbound_refund`).
    # Server default only: rows inserted through this table by older migrations' tests omit it.
    shipping_refunded_minor: Mapped[int] = mapped_column(Integer, server_default="0")
    # Who delivered it and where it shipped from, when the shop says: analytics compares
    # transit damage across carriers and warehouses.
    carrier: Mapped[str | None] = mapped_column(String(64))
    ships_from: Mapped[str | None] = mapped_column(String(64))
    # Where the order was delivered, as the shop sent it (order/schemas.py AddressIn): the sender
    # of the return parcel. One document, not columns: it is read and printed whole, never queried.
    shipping_address: Mapped[dict[str, Any] | None] = mapped_column(JsonDocument)
    created_at: Mapped[datetime] = mapped_column(UtcDateTime, default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(UtcDateTime, default=utcnow, onupdate=utcnow)

    customer: Mapped[Customer] = relationship(back_populates="orders")
    lines: Mapped[list[OrderLine]] = relationship(
        back_populates="order", order_by="OrderLine.line_no", cascade="all, delete-orphan"
    )

    @property
    def total_minor(self) -> int:
        return sum(line.unit_price_minor * line.quantity for line in self.lines) + self.shipping_paid_minor


class OrderLine(Base):
    __tablename__ = "order_lines"
    __table_args__ = (
        UniqueConstraint("order_id", "line_no"),
        CheckConstraint("quantity > 0", name="quantity_positive"),
        CheckConstraint("unit_price_minor >= 0", name="price_not_negative"),
        # The last line of defence against refunding more than was paid, whatever the code does.
        CheckConstraint(
            "refunded_minor >= 0 AND refunded_minor <= unit_price_minor * quantity", name="refunded_within_paid"
        ),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    order_id: Mapped[int] = mapped_column(ForeignKey("orders.id", ondelete="CASCADE"), index=True)
    line_no: Mapped[int] = mapped_column(Integer)
    sku: Mapped[str] = mapped_column(String(64), index=True)
    name: Mapped[str] = mapped_column(String(200))
    category: Mapped[str] = mapped_column(String(64))
    quantity: Mapped[int] = mapped_column(Integer)
    unit_price_minor: Mapped[int] = mapped_column(Integer)
    final_sale: Mapped[bool] = mapped_column(Boolean, default=False)
    tags: Mapped[list[str]] = mapped_column(JsonDocument, default=list)
    # Refunds and store credit booked against this line (ledger), kept by a guarded UPDATE.
    refunded_minor: Mapped[int] = mapped_column(Integer, default=0, server_default="0")

    order: Mapped[Order] = relationship(back_populates="lines")

    @property
    def paid_minor(self) -> int:
        return self.unit_price_minor * self.quantity
