"""The fixed parts of one generation run: the clock, the random source, the catalogue with each
SKU's return rate, the customers and how much each of them orders.

Everything random comes from one `random.Random(seed)`, so the same seed, end date and size give
the same history.
"""

from __future__ import annotations

import bisect
import itertools
import random
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, time, timedelta

from returndesk.demo.catalogue import PRODUCTS
from returndesk.models.rma_number import issue_rma_number
from returndesk.policy import Policy

from .profile import (
    CATEGORY_RETURN_RATE,
    CATEGORY_SHARE,
    CUSTOMER_EMAIL_DOMAIN,
    HISTORY_DAYS,
    SERIAL_RETURNER_ORDERS,
    SERIAL_RETURNERS,
    SKU_POPULARITY,
    SKU_RATE_SPREAD,
)
from .tables import Ids, Rows

FIRST_NAMES = ("Anna", "Luca", "Mia", "Noah", "Emma", "Liam", "Sofia", "Elias", "Lea", "Jan", "Zoe", "Max",
               "Clara", "Ivo", "Marta", "Pieter", "Ines", "Tom", "Aylin", "Oskar")  # fmt: skip
LAST_NAMES = ("Muller", "Rossi", "Dubois", "Jansen", "Novak", "Garcia", "Berg", "Costa", "Kowalski", "Weber",
              "Silva", "Meyer", "Laine", "Horvat", "Moreau", "Visser")  # fmt: skip
TIERS = ("guest", "bronze", "silver", "gold")
TIER_WEIGHTS = (40, 30, 20, 10)


@dataclass(frozen=True)
class Product:
    sku: str
    name: str
    category: str
    price_minor: int
    tags: tuple[str, ...]
    final_sale: bool
    return_rate: float  # units returned per unit sold, before transit damage


@dataclass(frozen=True)
class Customer:
    id: int
    email: str
    tier: str
    serial_returner: bool = False
    name: str = ""  # printed on the generated order's delivery address


@dataclass
class World:
    rng: random.Random
    now: datetime  # the end of the history: nothing happens after it
    ids: Ids
    products: list[Product]
    product_weights: list[float]
    policy: Policy  # whose keep-the-item offers the bot made
    customers: list[Customer] = field(default_factory=list)
    customer_cumulative: list[float] = field(default_factory=list)
    serial_returners: list[Customer] = field(default_factory=list)
    rma_numbers: set[str] = field(default_factory=set)
    # False until migration 0004 lets a refund exist without a return: a keep-item refund then has
    # no refund_payments row (the ledger entry is still booked).
    keep_item_payments: bool = False
    _cumulative: dict[int, tuple[tuple, list[float]]] = field(default_factory=dict)
    _product_cumulative: list[float] = field(default_factory=list)

    @property
    def start(self) -> datetime:
        return self.now - timedelta(days=HISTORY_DAYS)

    def pick(self, weights: dict) -> object:
        """A key of `weights` drawn by its weight (cumulative sums cached: this runs millions of times)."""
        cached = self._cumulative.get(id(weights))
        if cached is None:
            cached = self._cumulative[id(weights)] = (tuple(weights), list(itertools.accumulate(weights.values())))
        keys, cumulative = cached
        return keys[bisect.bisect_right(cumulative, self.rng.random() * cumulative[-1])]

    def any_product(self) -> Product:
        cumulative = self._product_cumulative or list(itertools.accumulate(self.product_weights))
        self._product_cumulative = cumulative
        return self.products[bisect.bisect_right(cumulative, self.rng.random() * cumulative[-1])]

    def rma_number(self) -> str:
        """A fresh canonical RMA number from the service's own format, drawn from this run's seed."""
        while True:
            number = issue_rma_number(randbelow=self.rng.randrange)
            if number not in self.rma_numbers:
                self.rma_numbers.add(number)
                return number

    def any_customer(self) -> Customer:
        point = self.rng.random() * self.customer_cumulative[-1]
        return self.customers[bisect.bisect_right(self.customer_cumulative, point)]


def end_of_day(day: date) -> datetime:
    """The last moment of history: 23:00 on a past day; for today, the current hour, so nothing
    generated lies in the future (the same seed still gives the same data within the hour)."""
    current_hour = datetime.now(UTC).replace(minute=0, second=0, microsecond=0)
    return min(datetime.combine(day, time(23, 0), tzinfo=UTC), current_hour)


def catalogue(rng: random.Random) -> tuple[list[Product], list[float]]:
    """The demo catalogue, each SKU with its own return rate and a weight for how often it sells."""
    products, weights = [], []
    per_category = {category: sum(1 for p in PRODUCTS if p[2] == category) for category in CATEGORY_SHARE}
    for sku, name, category, price, tags, final_sale in PRODUCTS:
        spread = rng.uniform(1 - SKU_RATE_SPREAD, 1 + SKU_RATE_SPREAD)
        products.append(Product(sku, name, category, price, tags, final_sale, CATEGORY_RETURN_RATE[category] * spread))
        weights.append(CATEGORY_SHARE[category] / per_category[category] * SKU_POPULARITY.get(sku, 1.0))
    return products, weights


def add_customers(world: World, rows: Rows, count: int, first_index: int, existing: dict[str, int]) -> None:
    """`count` shoppers with heavy-tailed activity, plus the planted serial returners (reused
    when an earlier run created them)."""
    rng, created = world.rng, world.start - timedelta(days=30)
    for index in range(first_index, first_index + count):
        name = f"{rng.choice(FIRST_NAMES)} {rng.choice(LAST_NAMES)}"
        email = f"shopper{index:07d}@{CUSTOMER_EMAIL_DOMAIN}"
        tier = rng.choices(TIERS, weights=TIER_WEIGHTS)[0]
        customer = Customer(world.ids.take("customers"), email, tier, name=name)
        rows.add("customers", customer.id, email, None, name, tier, created)
        world.customers.append(customer)
    # Pareto(2): most order once or twice, a few a dozen times; capped so no one dominates.
    activity = [min(rng.paretovariate(2.0), 12.0) for _ in world.customers]
    world.customer_cumulative = list(itertools.accumulate(activity))
    for name, local in SERIAL_RETURNERS:
        email = f"{local}@{CUSTOMER_EMAIL_DOMAIN}"
        customer_id = existing.get(email)
        if customer_id is None:
            customer_id = world.ids.take("customers")
            rows.add("customers", customer_id, email, None, name, "silver", created)
        world.serial_returners.append(Customer(customer_id, email, "silver", serial_returner=True, name=name))


def serial_returner_orders(world: World) -> list[tuple[datetime, Customer]]:
    """When each serial returner ordered: spread over the whole history."""
    span = (world.now - world.start).total_seconds()
    planned = []
    for customer in world.serial_returners:
        for _ in range(SERIAL_RETURNER_ORDERS):
            planned.append((world.start + timedelta(seconds=world.rng.uniform(0, span * 0.97)), customer))
    return sorted(planned, key=lambda item: item[0])
