"""Queries for the desk's look-ups: search, one return's surroundings, one customer's history."""

from __future__ import annotations

from sqlalchemy import ColumnElement, false, func, or_, select
from sqlalchemy.orm import Session, joinedload, selectinload

from ..models import (
    ApprovalRequest,
    AuditEvent,
    BotOffer,
    Customer,
    Escalation,
    LedgerEntry,
    Order,
    OrderLine,
    Rma,
    RmaLine,
)
from ..models.payment import ExchangeOrder, PaymentRequest
from ..models.warehouse import QcInspection, WarehouseReceipt
from .query import Query


def _matches(query: Query) -> ColumnElement[bool]:
    """Rows of Order joined with Customer that the query names."""
    found: list[ColumnElement[bool]] = []
    if query.rma_number:
        found.append(Order.id.in_(select(Rma.order_id).where(Rma.number == query.rma_number)))
    if query.order_number:
        found.append(Order.number.startswith(query.order_number, autoescape=True))
    if query.email:
        found.append(Customer.email.contains(query.email, autoescape=True))
    if query.phone:
        found.append(Customer.phone.contains(query.phone, autoescape=True))
    if query.name:
        found.append(func.lower(Customer.name).contains(query.name, autoescape=True))
    return or_(*found) if found else false()


def find_returns(session: Session, query: Query, *, offset: int, limit: int) -> list[Rma]:
    """Returns whose number, order or customer the query names; newest first."""
    statement = (
        select(Rma)
        .join(Order, Order.id == Rma.order_id)
        .join(Customer, Customer.id == Order.customer_id)
        .where(_matches(query) if not query.rma_number else Rma.number == query.rma_number)
        .options(joinedload(Rma.order).joinedload(Order.customer))
        .order_by(Rma.created_at.desc(), Rma.id.desc())
        .offset(offset)
        .limit(limit)
    )
    return list(session.scalars(statement))


def find_orders(session: Session, query: Query, *, offset: int, limit: int) -> list[Order]:
    statement = (
        select(Order)
        .join(Customer, Customer.id == Order.customer_id)
        .where(_matches(query))
        .options(joinedload(Order.customer), selectinload(Order.lines))
        .order_by(Order.placed_at.desc(), Order.id.desc())
        .offset(offset)
        .limit(limit)
    )
    return list(session.scalars(statement))


def find_customers(session: Session, query: Query, *, offset: int, limit: int) -> list[Customer]:
    statement = (
        select(Customer)
        .where(Customer.id.in_(select(Order.customer_id).join(Customer).where(_matches(query))) | _direct(query))
        .order_by(Customer.email)
        .offset(offset)
        .limit(limit)
    )
    return list(session.scalars(statement))


def _direct(query: Query) -> ColumnElement[bool]:
    """A customer with no orders yet is still found by their own email, phone or name."""
    found: list[ColumnElement[bool]] = []
    if query.email:
        found.append(Customer.email.contains(query.email, autoescape=True))
    if query.phone:
        found.append(Customer.phone.contains(query.phone, autoescape=True))
    if query.name:
        found.append(func.lower(Customer.name).contains(query.name, autoescape=True))
    return or_(*found) if found else false()


def return_counts(session: Session, order_ids: list[int]) -> dict[int, int]:
    if not order_ids:
        return {}
    rows = session.execute(
        select(Rma.order_id, func.count(Rma.id)).where(Rma.order_id.in_(order_ids)).group_by(Rma.order_id)
    )
    return {order_id: count for order_id, count in rows}


def customer_by_id(session: Session, customer_id: int) -> Customer | None:
    return session.get(Customer, customer_id)


def customer_by_email(session: Session, email: str) -> Customer | None:
    return session.scalars(select(Customer).where(Customer.email == email.lower())).one_or_none()


def orders_of(session: Session, customer: Customer) -> list[Order]:
    return list(
        session.scalars(
            select(Order)
            .where(Order.customer_id == customer.id)
            .options(selectinload(Order.lines))
            .order_by(Order.placed_at.desc(), Order.id.desc())
        )
    )


def returns_of(session: Session, order_ids: list[int]) -> list[Rma]:
    if not order_ids:
        return []
    return list(
        session.scalars(
            select(Rma)
            .where(Rma.order_id.in_(order_ids))
            .options(joinedload(Rma.order), selectinload(Rma.lines).selectinload(RmaLine.order_line))
            .order_by(Rma.created_at.desc(), Rma.id.desc())
        )
    )


def units_ordered(session: Session, customer_id: int | None = None) -> int:
    statement = select(func.coalesce(func.sum(OrderLine.quantity), 0)).join(Order, Order.id == OrderLine.order_id)
    if customer_id is not None:
        statement = statement.where(Order.customer_id == customer_id)
    return int(session.scalar(statement) or 0)


def units_returned(session: Session, customer_id: int | None = None) -> int:
    """Units in returns the customer did not cancel and the desk did not reject: what came (or comes) back."""
    statement = (
        select(func.coalesce(func.sum(RmaLine.quantity), 0))
        .join(Rma, Rma.id == RmaLine.rma_id)
        .join(Order, Order.id == Rma.order_id)
        .where(Rma.status.not_in(("cancelled", "rejected")))
    )
    if customer_id is not None:
        statement = statement.where(Order.customer_id == customer_id)
    return int(session.scalar(statement) or 0)


def cases_of(session: Session, email: str, order_numbers: list[str]) -> list[Escalation]:
    about = Escalation.customer_email == email
    if order_numbers:
        about = about | Escalation.order_number.in_(order_numbers)
    return list(session.scalars(select(Escalation).where(about).order_by(Escalation.created_at.desc()).limit(100)))


def cases_of_return(session: Session, rma: Rma) -> list[Escalation]:
    return list(
        session.scalars(
            select(Escalation).where(Escalation.rma_number == rma.number).order_by(Escalation.created_at.desc())
        )
    )


def offers_of(session: Session, order_ids: list[int]) -> list[BotOffer]:
    if not order_ids:
        return []
    return list(
        session.scalars(
            select(BotOffer).where(BotOffer.order_id.in_(order_ids)).order_by(BotOffer.created_at.desc()).limit(100)
        )
    )


def events_of(session: Session, rma: Rma) -> list[AuditEvent]:
    return list(session.scalars(select(AuditEvent).where(AuditEvent.rma_id == rma.id).order_by(AuditEvent.id)))


def inspections_of(session: Session, rma: Rma) -> list[QcInspection]:
    return list(session.scalars(select(QcInspection).where(QcInspection.rma_id == rma.id).order_by(QcInspection.id)))


def receipt_of(session: Session, rma: Rma) -> WarehouseReceipt | None:
    return session.scalars(select(WarehouseReceipt).where(WarehouseReceipt.rma_id == rma.id)).one_or_none()


def ledger_of(session: Session, rma: Rma) -> list[LedgerEntry]:
    return list(session.scalars(select(LedgerEntry).where(LedgerEntry.rma_id == rma.id).order_by(LedgerEntry.id)))


def exchange_of(session: Session, rma: Rma) -> ExchangeOrder | None:
    return session.scalars(select(ExchangeOrder).where(ExchangeOrder.rma_id == rma.id)).one_or_none()


def payment_requests_of(session: Session, rma: Rma) -> list[PaymentRequest]:
    return list(session.scalars(select(PaymentRequest).where(PaymentRequest.rma_id == rma.id)))


def pending_approvals(session: Session, rma: Rma) -> list[ApprovalRequest]:
    return list(
        session.scalars(
            select(ApprovalRequest).where(ApprovalRequest.rma_id == rma.id, ApprovalRequest.status == "pending")
        )
    )
