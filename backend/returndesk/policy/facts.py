"""What the policy engine is told: plain facts about an order, its items and the request.

The engine never touches the database; the service builds these from stored rows (or a dry-run
request) and hands them in. Money is always integer minor units in the order's currency.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import date


@dataclass(frozen=True)
class Item:
    """One order line as the shop sold it."""

    line_id: str
    sku: str
    category: str
    unit_price_minor: int
    quantity: int
    final_sale: bool = False
    # Shop-known product attributes the policy may name, e.g. "hygiene", "downloadable".
    tags: frozenset[str] = frozenset()


@dataclass(frozen=True)
class Purchase:
    """The order and customer context every line shares."""

    placed_on: date
    delivered_on: date | None
    customer_tier: str
    currency: str
    order_total_minor: int
    shipping_paid_minor: int = 0
    # Returns this customer opened in the policy's look-back period, and their share of orders.
    recent_return_count: int = 0
    recent_return_rate: float = 0.0
    # Orders in the period the rate is taken over: a rate over one or two orders says little.
    recent_order_count: int = 0
    # Goods of this order already in other returns (still in play): with this request they may
    # make up the whole order, which is when the outbound delivery is refunded.
    goods_returned_before_minor: int = 0


@dataclass(frozen=True)
class ReturnLine:
    """One line the customer wants to send back, and why."""

    item: Item
    quantity: int
    reason: str


@dataclass(frozen=True)
class ReturnRequest:
    """A whole request: what, why, and what the customer has told or shown us."""

    purchase: Purchase
    lines: tuple[ReturnLine, ...]
    today: date
    # Answers to the policy's questions, by question id ("has_receipt": True). A question
    # that is absent has not been asked yet; the decision lists it under `questions`.
    answers: Mapping[str, bool] = field(default_factory=dict)
    # Evidence received so far, counted by kind ("photo_damage": 2).
    evidence: Mapping[str, int] = field(default_factory=dict)
    preferred_resolution: str | None = None
    # The customer's claimed reason is contested (e.g. by a carrier report) -> manual review.
    reason_disputed: bool = False
    # A photo matches another customer's evidence or a catalogue picture (the evidence service
    # decides; a client cannot declare it) -> manual review.
    evidence_suspect: bool = False
    locale: str | None = "en"  # None: the policy's default locale (Texts.resolve_locale)
