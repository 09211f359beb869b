"""Upserting orders from the shop.

Re-sending an order is harmless: the header and customer details follow the latest send. Its
lines may change too, until a return exists: from then on the lines are what the return was
decided on, so a different set of lines is refused rather than silently rewriting history.
The same holds once money was booked on the order (ledger): its lines and currency stay.
"""

from __future__ import annotations

from collections.abc import Collection

from sqlalchemy.orm import Session

from ..errors import Conflict, InvalidInput, NotFound
from ..models import Customer, Order, OrderLine, Product
from ..models.rma_number import format_rma_number
from . import repository
from .schemas import CustomerIn, OrderIn, OrderLineIn


class OrderLinesLocked(Conflict):
    title = "Order lines locked by a return"


class OrderOwnedByAnother(Conflict):
    title = "Order belongs to another customer"


class UnknownCategory(InvalidInput):
    title = "Unknown category"


class OrderNotFound(NotFound):
    pass


def load_order(session: Session, number: str, *, for_update: bool = False) -> Order:
    order = repository.get_order(session, number, for_update=for_update)
    if order is None:
        raise OrderNotFound(f"there is no order {number}")
    return order


def upsert_order(
    session: Session, payload: OrderIn, *, categories: Collection[str] | None = None
) -> tuple[Order, bool]:
    """Create or update the order; returns it and whether it was created. Only flushes.

    `categories`: those of the policy in force; a line of any other is refused before anything
    is written."""
    if categories is not None:
        refuse_unknown_categories(payload, categories)
    customer = _upsert_customer(session, payload.customer)
    order = repository.get_order(session, payload.number, for_update=True)
    created = order is None
    if order is None:
        order = Order(number=payload.number, customer=customer)
        session.add(order)
    else:
        _check_changes_allowed(session, order, customer, payload)
    order.customer = customer
    order.placed_at = payload.placed_at
    order.delivered_at = payload.delivered_at
    order.payment_method = payload.payment_method
    order.currency = payload.currency
    order.shipping_paid_minor = payload.shipping_paid_minor
    order.carrier = payload.carrier
    order.ships_from = payload.ships_from
    # A re-send without an address keeps the one given before: the shop may know it only once.
    if payload.shipping_address is not None:
        order.shipping_address = payload.shipping_address.model_dump(exclude_none=True)
    if _line_signature(order.lines) != _payload_signature(payload.lines):
        # Delete before insert: the (order, line_no) unique constraint sees no overlap.
        order.lines.clear()
        session.flush()
        order.lines.extend(_line(line) for line in payload.lines)
    for line in payload.lines:
        _upsert_product(session, line, payload.currency)
    session.flush()
    return order, created


def refuse_unknown_categories(payload: OrderIn, categories: Collection[str]) -> None:
    """A category the policy does not declare matches none of its rules: a misspelt perishable
    ("fresh_fruit") would be returned as general goods. Refused at the door, naming the choices."""
    known = list(categories)
    errors = [
        {
            "location": f"body.lines.{index}.category",
            "message": f'"{line.category}" is not a category of the return policy; use one of: {", ".join(known)}',
        }
        for index, line in enumerate(payload.lines)
        if line.category not in known
    ]
    if errors:
        detail = f"{errors[0]['location']}: {errors[0]['message']}"
        if len(errors) > 1:
            detail += f" (and {len(errors) - 1} more line(s), see 'errors')"
        raise UnknownCategory(detail, errors=errors, categories=known)


def _check_changes_allowed(session: Session, order: Order, customer: Customer, payload: OrderIn) -> None:
    booked = repository.ledger_entries_on_order(session, order.id)
    changed = _line_signature(order.lines) != _payload_signature(payload.lines) or order.currency != payload.currency
    if booked and changed:
        raise OrderLinesLocked(
            f"order {order.number} has refunds or credits booked on it; its lines and currency can no longer "
            "change. Re-send the original lines"
        )
    if order.shipping_refunded_minor and payload.shipping_paid_minor != order.shipping_paid_minor:
        raise OrderLinesLocked(
            f"order {order.number} has its delivery refunded; what was paid for delivery can no longer change. "
            "Re-send the original shipping_paid_minor"
        )
    rmas = repository.rma_numbers_for_order(session, order.id)
    if not rmas:
        return
    shown = ", ".join(format_rma_number(number) for number in rmas)
    if order.customer_id != customer.id:
        raise OrderOwnedByAnother(
            f"order {order.number} already has return(s) {shown} for another customer; "
            "its customer can no longer change"
        )
    if _line_signature(order.lines) != _payload_signature(payload.lines):
        raise OrderLinesLocked(
            f"order {order.number} already has return(s) {shown}; its lines can no longer change. "
            "Re-send the original lines, or cancel the return(s) first"
        )


def _upsert_customer(session: Session, data: CustomerIn) -> Customer:
    customer = repository.get_customer_by_email(session, data.email)
    if customer is None:
        customer = Customer(email=data.email.lower())
        session.add(customer)
    customer.name = data.name
    customer.tier = data.tier
    if data.phone:
        customer.phone = data.phone
    return customer


def _upsert_product(session: Session, line: OrderLineIn, currency: str) -> None:
    product = repository.get_product(session, line.sku) or Product(sku=line.sku)
    product.name = line.name
    product.category = line.category
    product.price_minor = line.unit_price_minor
    product.currency = currency
    product.tags = sorted(line.tags)
    product.final_sale = line.final_sale
    session.add(product)


def _line(data: OrderLineIn) -> OrderLine:
    return OrderLine(**data.model_dump(exclude={"tags"}), tags=sorted(data.tags))


def _line_signature(lines: list[OrderLine]) -> list[tuple]:
    return sorted(
        (l.line_no, l.sku, l.category, l.quantity, l.unit_price_minor, l.final_sale, tuple(sorted(l.tags)))
        for l in lines
    )


def _payload_signature(lines: list[OrderLineIn]) -> list[tuple]:
    return _line_signature([_line(line) for line in lines])
