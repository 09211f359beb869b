"""Plain factory functions for policy facts: keyword defaults, no randomness.

All dates are relative to TODAY so a test reads "delivered 30 days ago", not a calendar.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from datetime import date, timedelta
from pathlib import Path

from returndesk.policy import Item, Policy, Purchase, ReturnLine, ReturnRequest, load_policy

POLICY_DIR = Path(__file__).parents[2] / "policies"
SHIPPED = ("default", "china_online", "membership_tiers", "eu_withdrawal")
TODAY = date(2026, 3, 15)


def make_item(
    *,
    line_id: str = "L1",
    sku: str = "SKU-1",
    category: str = "apparel",
    price: int = 5000,
    quantity: int = 1,
    final_sale: bool = False,
    tags: Sequence[str] = (),
) -> Item:
    return Item(line_id, sku, category, price, quantity, final_sale, frozenset(tags))


def make_purchase(
    *,
    tier: str = "guest",
    delivered_days_ago: int | None = 3,
    ordered_days_ago: int | None = None,
    delivered_on: date | None = None,
    today: date = TODAY,
    currency: str = "EUR",
    total: int = 5000,
    recent_return_count: int = 0,
    recent_return_rate: float = 0.0,
    recent_order_count: int = 10,
    shipping_paid: int = 0,
    returned_before: int = 0,
) -> Purchase:
    if delivered_on is None and delivered_days_ago is not None:
        delivered_on = today - timedelta(days=delivered_days_ago)
    if ordered_days_ago is None:
        placed_on = (delivered_on or today) - timedelta(days=2)
    else:
        placed_on = today - timedelta(days=ordered_days_ago)
    return Purchase(
        placed_on,
        delivered_on,
        tier,
        currency,
        total + shipping_paid,
        shipping_paid_minor=shipping_paid,
        recent_return_count=recent_return_count,
        recent_return_rate=recent_return_rate,
        recent_order_count=recent_order_count,
        goods_returned_before_minor=returned_before,
    )


def make_request(
    *,
    category: str = "apparel",
    delivered_days_ago: int | None = 3,
    ordered_days_ago: int | None = None,
    delivered_on: date | None = None,
    reason: str = "changed_mind",
    tier: str = "guest",
    price: int = 5000,
    quantity: int = 1,
    return_quantity: int | None = None,
    final_sale: bool = False,
    tags: Sequence[str] = (),
    answers: Mapping[str, bool] | None = None,
    evidence: Mapping[str, int] | None = None,
    today: date = TODAY,
    currency: str = "EUR",
    recent_return_count: int = 0,
    recent_return_rate: float = 0.0,
    recent_order_count: int = 10,
    reason_disputed: bool = False,
    evidence_suspect: bool = False,
    preferred_resolution: str | None = None,
    locale: str = "en",
    extra_lines: Sequence[ReturnLine] = (),
    shipping_paid: int = 0,
    returned_before: int = 0,
) -> ReturnRequest:
    item = make_item(category=category, price=price, quantity=quantity, final_sale=final_sale, tags=tags)
    purchase = make_purchase(
        tier=tier,
        delivered_days_ago=delivered_days_ago,
        ordered_days_ago=ordered_days_ago,
        delivered_on=delivered_on,
        today=today,
        currency=currency,
        total=price * quantity + sum(x.item.unit_price_minor * x.item.quantity for x in extra_lines),
        recent_return_count=recent_return_count,
        recent_return_rate=recent_return_rate,
        recent_order_count=recent_order_count,
        shipping_paid=shipping_paid,
        returned_before=returned_before,
    )
    line = ReturnLine(item, quantity if return_quantity is None else return_quantity, reason)
    return ReturnRequest(
        purchase=purchase,
        lines=(line, *extra_lines),
        today=today,
        answers=dict(answers or {}),
        evidence=dict(evidence or {}),
        preferred_resolution=preferred_resolution,
        reason_disputed=reason_disputed,
        evidence_suspect=evidence_suspect,
        locale=locale,
    )


def make_line(
    *,
    line_id: str = "L2",
    category: str = "apparel",
    price: int = 5000,
    reason: str = "changed_mind",
    final_sale: bool = False,
    tags: Sequence[str] = (),
) -> ReturnLine:
    item = make_item(
        line_id=line_id, sku=f"SKU-{line_id}", category=category, price=price, final_sale=final_sale, tags=tags
    )
    return ReturnLine(item, 1, reason)


def policy_variant(
    tmp_path: Path, base: str = "default", *, replace: Sequence[tuple[str, str]] = (), append: str = ""
) -> Policy:
    """A shipped policy with some text replaced (each `old` must occur) and YAML appended."""
    text = (POLICY_DIR / f"{base}.yml").read_text(encoding="utf-8")
    for old, new in replace:
        assert old in text, f"{old!r} is not in {base}.yml"
        text = text.replace(old, new, 1)
    path = tmp_path / f"{base}_variant.yml"
    path.write_text(text + append, encoding="utf-8")
    return load_policy(path)
