"""Search across returns, orders and customers for the desk, one page of each kind at a time."""

from __future__ import annotations

from sqlalchemy.orm import Session

from ..models import Customer, Order, Rma
from ..models.rma_number import format_rma_number
from . import repository as found
from .query import read_query
from .schemas import CustomerHit, Found, OrderHit, ReturnHit, SearchOut

MAX_PER_PAGE = 50


def order_total_minor(order: Order) -> int:
    return sum(line.unit_price_minor * line.quantity for line in order.lines) + order.shipping_paid_minor


def return_hit(rma: Rma) -> ReturnHit:
    return ReturnHit(
        rma_number=format_rma_number(rma.number),
        status=rma.status,
        order_number=rma.order.number,
        customer_email=rma.order.customer.email,
        customer_name=rma.order.customer.name,
        created_at=rma.created_at,
        refund_estimate_minor=rma.refund_estimate_minor,
        currency=rma.currency,
    )


def order_hit(order: Order, returns: int) -> OrderHit:
    return OrderHit(
        order_number=order.number,
        placed_at=order.placed_at,
        customer_email=order.customer.email,
        customer_name=order.customer.name,
        total_minor=order_total_minor(order),
        currency=order.currency,
        lines=len(order.lines),
        returns=returns,
        status="delivered" if order.delivered_at else "not_delivered",
    )


def customer_hit(customer: Customer) -> CustomerHit:
    return CustomerHit(
        id=customer.id, email=customer.email, name=customer.name, phone=customer.phone, tier=customer.tier
    )


def search(session: Session, text: str, *, page: int, per_page: int) -> SearchOut:
    """Page `page` of each kind; one row more is read to tell whether another page exists."""
    query = read_query(text)
    offset, limit = (page - 1) * per_page, per_page + 1
    rmas = found.find_returns(session, query, offset=offset, limit=limit)
    orders = [] if query.rma_number else found.find_orders(session, query, offset=offset, limit=limit)
    customers = [] if query.rma_number else found.find_customers(session, query, offset=offset, limit=limit)
    counts = found.return_counts(session, [order.id for order in orders[:per_page]])
    return SearchOut(
        query=query.text,
        page=page,
        per_page=per_page,
        returns=Found[ReturnHit](items=[return_hit(r) for r in rmas[:per_page]], has_more=len(rmas) > per_page),
        orders=Found[OrderHit](
            items=[order_hit(o, counts.get(o.id, 0)) for o in orders[:per_page]], has_more=len(orders) > per_page
        ),
        customers=Found[CustomerHit](
            items=[customer_hit(c) for c in customers[:per_page]], has_more=len(customers) > per_page
        ),
    )
