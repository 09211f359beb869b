"""Queries on exchanges: stock, variants and reservations, replacement orders, what is owed.

Taking stock is one guarded UPDATE, so two exchanges never share a unit."""

from __future__ import annotations

from collections.abc import Sequence

from sqlalchemy import Row, select, update
from sqlalchemy.orm import Session

from ..models import ApprovalRequest, Product, Rma, utcnow
from ..models.exchange import ExchangeReservation, ProductVariant
from ..models.payment import ExchangeOrder, PaymentRequest, RefundPayment, StockLevel


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


def variant_of(session: Session, sku: str) -> ProductVariant | None:
    return session.get(ProductVariant, sku)


def variants_in_stock(
    session: Session, *, style: str, other_than: str, quantity: int, currency: str
) -> Sequence[Row[tuple[ProductVariant, Product]]]:
    """(variant, product) of the style's other SKUs with `quantity` units on hand, priced in `currency`."""
    return session.execute(
        select(ProductVariant, Product)
        .join(Product, Product.sku == ProductVariant.sku)
        .join(StockLevel, StockLevel.sku == ProductVariant.sku)
        .where(
            ProductVariant.style == style,
            ProductVariant.sku != other_than,
            StockLevel.on_hand >= quantity,
            Product.currency == currency,
        )
        .order_by(ProductVariant.colour, ProductVariant.sku)
    ).all()


def reservation_for(session: Session, rma_line_id: int) -> ExchangeReservation | None:
    return session.scalars(
        select(ExchangeReservation).where(ExchangeReservation.rma_line_id == rma_line_id)
    ).one_or_none()


def exchange_of(session: Session, rma_id: int) -> ExchangeOrder | None:
    return session.scalars(select(ExchangeOrder).where(ExchangeOrder.rma_id == rma_id)).one_or_none()


def pending_refund_request(session: Session, rma_id: int, note: str) -> int | None:
    """The return's own refund request still waiting for approval."""
    return session.scalar(
        select(ApprovalRequest.id).where(
            ApprovalRequest.rma_id == rma_id, ApprovalRequest.status == "pending", ApprovalRequest.note == note
        )
    )


def payment_request_of(session: Session, exchange_id: int) -> PaymentRequest | None:
    return session.scalars(select(PaymentRequest).where(PaymentRequest.exchange_order_id == exchange_id)).one_or_none()


def difference_refund(session: Session, rma_id: int) -> RefundPayment | None:
    """The refund of a cheaper replacement's difference."""
    return session.scalars(
        select(RefundPayment).where(RefundPayment.rma_id == rma_id, RefundPayment.purpose == "exchange_difference")
    ).first()


def payment_request(session: Session, request_id: int) -> PaymentRequest | None:
    return session.get(PaymentRequest, request_id)


def mark_request_paid(session: Session, request_id: int, reference: str) -> bool:
    """open -> paid, guarded: False when it was not open any more."""
    changed = session.execute(
        update(PaymentRequest)
        .where(PaymentRequest.id == request_id, PaymentRequest.status == "open")
        .values(status="paid", paid_at=utcnow(), paid_reference=reference)
        .execution_options(synchronize_session=False)
    )
    return changed.rowcount == 1


def rma(session: Session, rma_id: int) -> Rma | None:
    return session.get(Rma, rma_id)
