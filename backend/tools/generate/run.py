"""Generate the history into a database: refuses a database that already has generated history
(unless appending), builds it chunk by chunk in time order, writes each chunk in bulk, and does it
all in one transaction.
"""

from __future__ import annotations

import random
from dataclasses import dataclass, field
from datetime import UTC, date, datetime

from sqlalchemy import Engine, func, inspect, select
from sqlalchemy.dialects.postgresql import insert as pg_insert
from sqlalchemy.dialects.sqlite import insert as sqlite_insert

from returndesk.errors import Conflict
from returndesk.models import Customer, Order, Product
from returndesk.policy import Policy, load_policy

from .money import keep_item
from .orders import make_order, pick_warehouse, request_time, wanted_back, write_order
from .profile import (
    CURRENCY,
    CUSTOMER_EMAIL_DOMAIN,
    ORDER_NUMBER_PREFIX,
    ORDERS_PER_CUSTOMER,
    POLICY_FILE,
    SERIAL_RETURNERS,
)
from .returns import record_return
from .tables import TABLES, Ids, Rows
from .world import World, add_customers, catalogue, end_of_day, serial_returner_orders
from .writer import advance_sequences, begin_bulk, next_ids, write

CHUNK_ORDERS = 20_000


class HistoryAlreadyGenerated(Conflict):
    title = "Generated history already present"


@dataclass
class Summary:
    orders: int = 0
    rows: dict[str, int] = field(default_factory=dict)


def generate(
    engine: Engine,
    *,
    orders: int,
    seed: int,
    end: date,
    append: bool = False,
    progress=None,
    policy: Policy | None = None,
) -> Summary:
    """Write `orders` generated orders (plus the serial returners' own) ending on `end`; the bot's
    keep-the-item offers follow `policy` (default: the profile's POLICY_FILE)."""
    summary = Summary(rows={name: 0 for name in TABLES})
    with engine.begin() as connection:
        earlier = connection.scalar(
            select(func.count()).select_from(Order).where(Order.number.like(f"{ORDER_NUMBER_PREFIX}%"))
        )
        if earlier and not append:
            raise HistoryAlreadyGenerated(
                f"this database already holds {earlier} generated orders; pass --append to add more, "
                "or generate into an empty database"
            )
        # An appended run draws other numbers and customers than the first one: the seed includes it.
        rng = random.Random(f"{seed}:{earlier}")
        products, weights = catalogue(rng)
        world = World(rng=rng, now=end_of_day(end), ids=Ids(next_ids(connection)), products=products,
                      product_weights=weights, policy=policy or load_policy(POLICY_FILE))  # fmt: skip
        world.keep_item_payments = _refunds_without_returns_allowed(connection)
        begin_bulk(connection)
        _ensure_products(connection, world)
        rows = Rows()
        existing = _existing_serial_returners(connection)
        generated_customers = connection.scalar(
            select(func.count()).select_from(Customer).where(Customer.email.like(f"%@{CUSTOMER_EMAIL_DOMAIN}"))
        )
        add_customers(world, rows, max(10, orders // ORDERS_PER_CUSTOMER), generated_customers - len(existing),
                      existing)  # fmt: skip
        serial = serial_returner_orders(world)
        span = world.now - world.start
        number = earlier
        for first in range(0, orders, CHUNK_ORDERS):
            size = min(CHUNK_ORDERS, orders - first)
            slice_start = world.start + span * (first / orders)
            slice_end = world.start + span * ((first + size) / orders)
            placed = sorted(slice_start + (slice_end - slice_start) * rng.random() for _ in range(size))
            planned = [(at, world.any_customer()) for at in placed]
            planned += [(at, customer) for at, customer in serial if slice_start <= at < slice_end]
            for at, customer in sorted(planned, key=lambda item: item[0]):
                number += 1
                _one_order(world, rows, f"{ORDER_NUMBER_PREFIX}{number:07d}", customer, at)
            write(connection, rows)
            for name in TABLES:
                summary.rows[name] += rows.count(name)
            rows = Rows()
            if progress:
                progress(first + size, orders, summary)
        advance_sequences(connection)
    summary.orders = summary.rows["orders"]
    return summary


def _one_order(world: World, rows: Rows, number: str, customer, placed) -> None:
    order = make_order(world, number, customer, placed)
    warehouse = pick_warehouse(world)
    returned, kept = wanted_back(world, order)
    asked_at = request_time(world, order)
    if asked_at is not None:
        if returned:
            record_return(world, rows, order, returned, asked_at)
        for wanted in kept:
            keep_item(world, rows, order, wanted, asked_at)
    write_order(rows, order, warehouse)


def _refunds_without_returns_allowed(connection) -> bool:
    columns = {column["name"]: column for column in inspect(connection).get_columns("refund_payments")}
    return bool(columns["rma_id"]["nullable"])


def _existing_serial_returners(connection) -> dict[str, int]:
    emails = [f"{local}@{CUSTOMER_EMAIL_DOMAIN}" for _, local in SERIAL_RETURNERS]
    return dict(connection.execute(select(Customer.email, Customer.id).where(Customer.email.in_(emails))).all())


def _ensure_products(connection, world: World) -> None:
    """The catalogue's products, for a database the demo seed never filled; existing ones stay."""
    values = [
        {"sku": p.sku, "name": p.name, "category": p.category, "price_minor": p.price_minor, "currency": CURRENCY,
         "tags": sorted(p.tags), "final_sale": p.final_sale}
        for p in world.products
    ]  # fmt: skip
    insert = pg_insert if connection.dialect.name == "postgresql" else sqlite_insert
    connection.execute(insert(Product).on_conflict_do_nothing(index_elements=["sku"]), values)


def default_end() -> date:
    return datetime.now(UTC).date()
