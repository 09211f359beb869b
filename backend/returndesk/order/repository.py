"""Queries on orders and customers."""

from __future__ import annotations

from sqlalchemy import func, select
from sqlalchemy.orm import Session, joinedload, selectinload

from ..models import Customer, LedgerEntry, Order, OrderLine, Product, Rma


def get_order(session: Session, number: str, *, for_update: bool = False) -> Order | None:
    query = (
        select(Order)
        .where(Order.number == number)
        .options(joinedload(Order.customer, innerjoin=True), selectinload(Order.lines))
    )
    if for_update:
        # Serialises writers on one order (PostgreSQL; SQLite's BEGIN IMMEDIATE already does).
        query = query.with_for_update(of=Order)
    return session.scalars(query).one_or_none()


def order_by_id(session: Session, order_id: int) -> Order | None:
    return session.get(Order, order_id)


def get_customer_by_email(session: Session, email: str) -> Customer | None:
    return session.scalars(select(Customer).where(Customer.email == email.lower())).one_or_none()


def get_product(session: Session, sku: str) -> Product | None:
    return session.scalars(select(Product).where(Product.sku == sku)).one_or_none()


def rma_numbers_for_order(session: Session, order_id: int) -> list[str]:
    return list(session.scalars(select(Rma.number).where(Rma.order_id == order_id).order_by(Rma.id)))


def ledger_entries_on_order(session: Session, order_id: int) -> int:
    """Refunds and credits booked on the order."""
    return session.scalar(select(func.count()).select_from(LedgerEntry).where(LedgerEntry.order_id == order_id)) or 0


def order_number_of_rma(session: Session, rma_number: str) -> str | None:
    return session.scalar(select(Order.number).join(Rma, Rma.order_id == Order.id).where(Rma.number == rma_number))


def product_categories(session: Session) -> list[str]:
    """Every category of the shop's catalogue, alphabetically."""
    return list(session.scalars(select(Product.category).distinct().order_by(Product.category)))


def count_orders(session: Session) -> int:
    return session.scalar(select(func.count()).select_from(Order)) or 0


def line_by_number(order: Order, line_no: int) -> OrderLine | None:
    return next((line for line in order.lines if line.line_no == line_no), None)
