"""One generated order: carrier, warehouse, lines, and which lines come back and why.

A line comes back with its category's (or the planted SKU's) rate, or because the parcel arrived
damaged (the carrier's rate times how fragile the goods are). Nothing is requested after the end
of the history, so the newest orders have fewer returns yet, as in a real shop.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field
from datetime import datetime, timedelta

from returndesk.demo.addresses import demo_address

from .keep_item import keep_item_rungs
from .profile import (
    CARRIERS,
    CURRENCY,
    DAMAGING_CARRIER,
    DAMAGING_CARRIER_FACTOR,
    FRAGILITY,
    KEEP_ITEM_SHARE,
    LINES_PER_ORDER,
    MULTI_UNIT_MAX_PRICE_MINOR,
    PLANTED_SKU,
    PLANTED_SKU_NAD_SHARE_BEFORE,
    PLANTED_SKU_NAD_SHARE_RECENT,
    PLANTED_SKU_RATE_BEFORE,
    PLANTED_SKU_RATE_RECENT,
    PLANTED_SKU_RECENT,
    QUANTITY,
    REASON_MIX,
    SERIAL_RETURNER_CATEGORIES,
    SERIAL_RETURNER_RATE,
    SIZE_CATEGORY,
    SIZE_SHARE,
    TRANSIT_DAMAGE_RATE,
    TRANSIT_DAYS,
    WAREHOUSES,
)
from .tables import Rows
from .world import Customer, Product, World

PAYMENT_METHODS = {"card": 55, "paypal": 25, "klarna": 12, "bank_transfer": 5, "gift_card": 3}
SIZE_REASONS = ("size_too_small", "size_too_large")
_SHOE_OTHER_REASONS = {
    reason: weight for reason, weight in REASON_MIX[SIZE_CATEGORY].items() if reason not in SIZE_REASONS
}


@dataclass
class Line:
    id: int
    line_no: int
    product: Product
    quantity: int
    refunded_minor: int = 0


@dataclass
class Order:
    id: int
    number: str
    customer: Customer
    placed_at: datetime
    delivered_at: datetime | None
    payment_method: str
    carrier: str
    shipping_paid_minor: int
    lines: list[Line] = field(default_factory=list)

    @property
    def total_minor(self) -> int:
        return sum(line.product.price_minor * line.quantity for line in self.lines) + self.shipping_paid_minor


@dataclass
class Wanted:
    """A line the customer asks to send back (or was offered to keep)."""

    line: Line
    quantity: int
    reason: str
    rma_line_id: int = 0  # given when it becomes part of a return


def make_order(world: World, number: str, customer: Customer, placed: datetime) -> Order:
    rng = world.rng
    carrier = str(world.pick(CARRIERS))
    low, high = TRANSIT_DAYS[carrier]
    delivered = placed + timedelta(days=rng.randint(low, high), hours=rng.uniform(0, 8))
    order = Order(
        id=world.ids.take("orders"),
        number=number,
        customer=customer,
        placed_at=placed,
        delivered_at=delivered if delivered <= world.now else None,
        payment_method=str(world.pick(PAYMENT_METHODS)),
        carrier=carrier,
        shipping_paid_minor=rng.choice((0, 0, 495)),
    )
    count = int(world.pick(LINES_PER_ORDER))
    chosen: list[Product] = []
    while len(chosen) < count:
        product = world.any_product()
        wardrobing = not customer.serial_returner or product.category in SERIAL_RETURNER_CATEGORIES
        if product not in chosen and wardrobing:
            chosen.append(product)
    for line_no, product in enumerate(chosen, start=1):
        quantity = int(world.pick(QUANTITY)) if product.price_minor <= MULTI_UNIT_MAX_PRICE_MINOR else 1
        order.lines.append(Line(world.ids.take("order_lines"), line_no, product, quantity))
    return order


def write_order(rows: Rows, order: Order, warehouse: str) -> None:
    """Called after the returns are known: a line's refunded amount is part of its row."""
    rows.add(
        "orders", order.id, order.number, order.customer.id, order.placed_at, order.delivered_at,
        order.payment_method, CURRENCY, order.shipping_paid_minor, order.carrier, warehouse,
        demo_address(order.customer.id, order.customer.name), order.placed_at, order.delivered_at or order.placed_at,
    )  # fmt: skip
    for line in order.lines:
        product = line.product
        rows.add(
            "order_lines", line.id, order.id, line.line_no, product.sku, product.name, product.category,
            line.quantity, product.price_minor, product.final_sale, sorted(product.tags), line.refunded_minor,
        )  # fmt: skip


def pick_warehouse(world: World) -> str:
    return str(world.pick(WAREHOUSES))


def request_time(world: World, order: Order) -> datetime | None:
    """When the customer asks (days after delivery, mostly within the first week); None if not yet."""
    if order.delivered_at is None:
        return None
    days = min(world.rng.lognormvariate(math.log(4.0), 0.7), 28.0)
    at = order.delivered_at + timedelta(days=days)
    return at if at <= world.now else None


def wanted_back(world: World, order: Order) -> tuple[list[Wanted], list[Wanted]]:
    """(lines returned, lines kept under an accepted keep-item offer)."""
    returned: list[Wanted] = []
    kept: list[Wanted] = []
    for line in order.lines:
        reason = _reason(world, order, line)
        if reason is None:
            continue
        quantity = line.quantity if line.quantity == 1 or world.rng.random() < 0.7 else 1
        wanted = Wanted(line, quantity, reason)
        offerable = not order.customer.serial_returner and keep_item_rungs(
            world.policy, line.product, quantity, reason, order.customer.tier
        )
        (kept if offerable and world.rng.random() < KEEP_ITEM_SHARE else returned).append(wanted)
    return returned, kept


def _reason(world: World, order: Order, line: Line) -> str | None:
    rng, product = world.rng, line.product
    damage = TRANSIT_DAMAGE_RATE * FRAGILITY[product.category]
    if order.carrier == DAMAGING_CARRIER:
        damage *= DAMAGING_CARRIER_FACTOR
    if rng.random() < damage:
        return "damaged_in_transit"
    recent = order.placed_at >= world.now - PLANTED_SKU_RECENT
    if order.customer.serial_returner:
        rate = SERIAL_RETURNER_RATE
    elif product.sku == PLANTED_SKU:
        rate = PLANTED_SKU_RATE_RECENT if recent else PLANTED_SKU_RATE_BEFORE
    else:
        rate = product.return_rate
    if rng.random() >= rate:
        return None
    if product.sku == PLANTED_SKU and not order.customer.serial_returner:
        share = PLANTED_SKU_NAD_SHARE_RECENT if recent else PLANTED_SKU_NAD_SHARE_BEFORE
        if rng.random() < share:
            return "not_as_described"
    if product.category == SIZE_CATEGORY:
        if rng.random() < SIZE_SHARE:
            return rng.choice(SIZE_REASONS)
        return str(world.pick(_SHOE_OTHER_REASONS))
    return str(world.pick(REASON_MIX[product.category]))
