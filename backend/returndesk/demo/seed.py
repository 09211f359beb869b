"""Seed the demo shop through the same service the shop's API uses (`python -m returndesk.demo.seed`).

Dates are relative to today so the showcase orders stay inside (or outside) their windows
whenever the demo is started. Random choices use a fixed seed: every fresh demo looks alike.
"""

from __future__ import annotations

import random
from datetime import UTC, datetime, timedelta

from sqlalchemy.orm import Session

from ..config import get_settings
from ..db import transaction
from ..exchange.stock import set_on_hand
from ..exchange.variants import add_variant
from ..order.repository import count_orders
from ..order.schemas import AddressIn, CustomerIn, OrderIn, OrderLineIn
from ..order.service import upsert_order
from .addresses import demo_address
from .catalogue import CUSTOMERS, PAYMENT_METHODS, PRODUCTS, SHOWCASE_ORDERS, VARIANTS
from .staff import DEMO_PASSWORD, seed_staff

GENERATED_ORDERS = 90
SHIPPING_DAYS = 3
_PRODUCTS = {sku: (sku, name, category, price, tags, final) for sku, name, category, price, tags, final in PRODUCTS}
_CUSTOMERS = {email: (email, name, phone, tier) for email, name, phone, tier in CUSTOMERS}
_PLACE = {email: index for index, (email, *_) in enumerate(CUSTOMERS)}  # which demo address is theirs


def demo_orders(now: datetime) -> list[OrderIn]:
    orders = [
        _order(number, _CUSTOMERS[email], now, days, lines, payment="card", shipping=495)
        for number, email, days, lines in SHOWCASE_ORDERS
    ]
    rng = random.Random(20261126)
    for index in range(GENERATED_ORDERS):
        customer = rng.choice(CUSTOMERS)
        skus = rng.sample(PRODUCTS, k=rng.choice((1, 1, 2, 3)))
        lines = [(sku, rng.choice((1, 1, 1, 2))) for sku, *_ in skus]
        days = rng.randint(0, 200)
        orders.append(
            _order(
                f"D{2001 + index}",
                customer,
                now,
                days,
                lines,
                payment=rng.choice(PAYMENT_METHODS),
                shipping=rng.choice((0, 495)),
            )
        )
    return orders


def _order(number, customer, now, delivered_days_ago, lines, *, payment, shipping) -> OrderIn:
    email, name, phone, tier = customer
    delivered = None if delivered_days_ago is None else now - timedelta(days=delivered_days_ago)
    placed = (delivered or now) - timedelta(days=SHIPPING_DAYS)
    return OrderIn(
        number=number,
        customer=CustomerIn(email=email, name=name, phone=phone, tier=tier),
        placed_at=placed,
        delivered_at=delivered,
        payment_method=payment,
        currency="EUR",
        shipping_paid_minor=shipping,
        shipping_address=AddressIn(**demo_address(_PLACE[email], name, phone)),
        lines=[_line(no, sku, quantity) for no, (sku, quantity) in enumerate(lines, start=1)],
    )


def _line(line_no: int, sku: str, quantity: int) -> OrderLineIn:
    _, name, category, price, tags, final_sale = _PRODUCTS[sku]
    return OrderLineIn(
        line_no=line_no,
        sku=sku,
        name=name,
        category=category,
        quantity=quantity,
        unit_price_minor=price,
        final_sale=final_sale,
        tags=list(tags),
    )


def seed(session: Session) -> int:
    """Load the demo shop into an empty database; a database with orders is left alone."""
    if count_orders(session):
        return 0
    orders = demo_orders(datetime.now(UTC))
    for order in orders:
        upsert_order(session, order)
    # Stock for exchanges: a few of everything, and the hoodie sold out to show the refusal.
    for index, (sku, *_) in enumerate(PRODUCTS):
        set_on_hand(session, sku, 0 if sku == "AP-HOODIE" else 3 + index % 5)
    for sku, style, name, category, price, size, colour, units in VARIANTS:
        add_variant(
            session,
            sku=sku,
            style=style,
            name=name,
            category=category,
            price_minor=price,
            currency="EUR",
            size=size,
            colour=colour,
            on_hand=units,
        )
    return len(orders)


def main() -> None:
    # The months of history behind the analytics dashboard are not the product's: `make seed`
    # adds them after this with `python -m tools.generate.demo`.
    with transaction() as session:
        created = seed(session)
    print(f"demo data: {created} orders seeded" if created else "demo data: already present, left as is")
    if not get_settings().is_development:
        return
    with transaction() as session:
        users = seed_staff(session)
    if users:
        print(f"demo console users: alice (agent), sam, sofia, wim, ada; password {DEMO_PASSWORD} (development only)")


if __name__ == "__main__":
    main()
