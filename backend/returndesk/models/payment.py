"""Refunds sent to the original payment method, the local gateway's own book, and exchanges."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import BigInteger, CheckConstraint, ForeignKey, Integer, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from .base import Base, UtcDateTime, utcnow


class RefundPayment(Base):
    """One refund on its way to the customer's card: a ledger refund entry, sent to a provider.

    The ledger says the money is owed; this row says where it is. The idempotency key is derived
    from the ledger entry, so a retry (ours or the worker's) never pays twice at the provider.
    Every ledger refund has one (ledger/queue.py), so a refund need not belong to a return: a
    keep-item offer or an agent's goodwill refund has no RMA.
    """

    __tablename__ = "refund_payments"
    __table_args__ = (
        CheckConstraint("amount_minor > 0", name="amount_positive"),
        CheckConstraint("status IN ('pending', 'settled', 'failed')", name="known_status"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    rma_id: Mapped[int | None] = mapped_column(ForeignKey("rmas.id"), index=True)
    order_id: Mapped[int] = mapped_column(ForeignKey("orders.id"), index=True)
    ledger_entry_id: Mapped[int] = mapped_column(ForeignKey("ledger_entries.id"), unique=True)
    idempotency_key: Mapped[str] = mapped_column(String(200), unique=True)
    purpose: Mapped[str] = mapped_column(String(32))  # refund | exchange_difference | ledger_refund
    provider: Mapped[str] = mapped_column(String(32))
    payment_reference: Mapped[str] = mapped_column(String(200))
    provider_refund_id: Mapped[str | None] = mapped_column(String(200))
    amount_minor: Mapped[int] = mapped_column(BigInteger)
    currency: Mapped[str] = mapped_column(String(3))
    status: Mapped[str] = mapped_column(String(16), index=True)
    attempts: Mapped[int] = mapped_column(Integer, default=0, server_default="0")
    next_attempt_at: Mapped[datetime] = mapped_column(UtcDateTime, default=utcnow, index=True)
    last_error: Mapped[str | None] = mapped_column(Text)
    due_at: Mapped[datetime | None] = mapped_column(UtcDateTime, index=True)  # the policy's refund SLA
    actor: Mapped[str] = mapped_column(String(200))
    created_at: Mapped[datetime] = mapped_column(UtcDateTime, default=utcnow)
    settled_at: Mapped[datetime | None] = mapped_column(UtcDateTime)


class GatewayRefund(Base):
    """The local gateway's own record of a refund it accepted (what a real provider keeps on its side)."""

    __tablename__ = "gateway_refunds"
    __table_args__ = (CheckConstraint("status IN ('pending', 'settled', 'failed')", name="known_status"),)

    id: Mapped[str] = mapped_column(String(40), primary_key=True)
    idempotency_key: Mapped[str] = mapped_column(String(200), unique=True)
    payment_reference: Mapped[str] = mapped_column(String(200))
    amount_minor: Mapped[int] = mapped_column(BigInteger)
    currency: Mapped[str] = mapped_column(String(3))
    status: Mapped[str] = mapped_column(String(16))
    failure_reason: Mapped[str | None] = mapped_column(String(64))
    settles_at: Mapped[datetime] = mapped_column(UtcDateTime)
    created_at: Mapped[datetime] = mapped_column(UtcDateTime, default=utcnow)


class StockLevel(Base):
    """Units on hand per SKU, for exchanges; taken by a guarded UPDATE so two exchanges cannot share one."""

    __tablename__ = "stock_levels"
    __table_args__ = (CheckConstraint("on_hand >= 0", name="on_hand_not_negative"),)

    sku: Mapped[str] = mapped_column(String(64), primary_key=True)
    on_hand: Mapped[int] = mapped_column(Integer)
    updated_at: Mapped[datetime] = mapped_column(UtcDateTime, default=utcnow, onupdate=utcnow)


class ExchangeOrder(Base):
    """A replacement sent for a return: one per RMA (unique), recorded before the sink is told."""

    __tablename__ = "exchange_orders"
    __table_args__ = (CheckConstraint("quantity > 0", name="quantity_positive"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    rma_id: Mapped[int] = mapped_column(ForeignKey("rmas.id"), unique=True)
    order_id: Mapped[int] = mapped_column(ForeignKey("orders.id"), index=True)
    order_line_id: Mapped[int] = mapped_column(ForeignKey("order_lines.id"))
    original_sku: Mapped[str] = mapped_column(String(64))
    replacement_sku: Mapped[str] = mapped_column(String(64))
    quantity: Mapped[int] = mapped_column(Integer)
    paid_unit_minor: Mapped[int] = mapped_column(BigInteger)
    replacement_unit_minor: Mapped[int] = mapped_column(BigInteger)
    # Positive: the customer owes the difference (upgrade); negative: we refund it (downgrade).
    difference_minor: Mapped[int] = mapped_column(BigInteger)
    currency: Mapped[str] = mapped_column(String(3))
    sink: Mapped[str] = mapped_column(String(32))
    sink_reference: Mapped[str | None] = mapped_column(String(200))
    actor: Mapped[str] = mapped_column(String(200))
    created_at: Mapped[datetime] = mapped_column(UtcDateTime, default=utcnow)


class PaymentRequest(Base):
    """Money the customer owes us, e.g. the price difference of an upgrade exchange. The shop
    collects it (we hold no card to charge) and tells us, with its payment's reference."""

    __tablename__ = "payment_requests"
    __table_args__ = (
        CheckConstraint("amount_minor > 0", name="amount_positive"),
        CheckConstraint("status IN ('open', 'paid', 'cancelled')", name="known_status"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    rma_id: Mapped[int] = mapped_column(ForeignKey("rmas.id"), index=True)
    exchange_order_id: Mapped[int] = mapped_column(ForeignKey("exchange_orders.id"), unique=True)
    amount_minor: Mapped[int] = mapped_column(BigInteger)
    currency: Mapped[str] = mapped_column(String(3))
    status: Mapped[str] = mapped_column(String(16))
    description: Mapped[str] = mapped_column(Text)
    created_at: Mapped[datetime] = mapped_column(UtcDateTime, default=utcnow)
    # Set by the shop once it has collected the money (POST /payment-requests/{id}/paid).
    paid_at: Mapped[datetime | None] = mapped_column(UtcDateTime)
    paid_reference: Mapped[str | None] = mapped_column(String(200))
