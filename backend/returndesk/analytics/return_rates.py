"""Return rates by units, orders and revenue: overall, per category, per SKU and per month.

Everything is counted per (key, month of the order) in two grouped queries — what was sold and
what came back — and summed in Python. Summing over months is exact even for order counts:
an order is placed in one month only. A unit counts as returned while its return is in any
status but rejected or cancelled; revenue returned is the unit price times the units asked back.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from typing import Any, Literal

from sqlalchemy import ColumnElement, func, literal_column, select
from sqlalchemy.orm import Session

from ..models import Order, OrderLine, Rma, RmaLine
from . import money, rate
from .filters import (
    AnalyticsFilter,
    KeyColumn,
    counted_returns,
    month_of,
    months_between,
    order_lines_in,
    partial_month,
)
from .rollups import OVERALL, PER_CATEGORY, PER_SKU, rollups_ready, sales_daily

Grouping = Literal["category", "sku", "month"]


@dataclass
class Counts:
    units_sold: int = 0
    revenue_sold: int = 0
    orders_placed: int = 0
    units_returned: int = 0
    revenue_returned: int = 0
    orders_with_returns: int = 0
    label: str = ""
    category: str | None = None
    by_month: dict[str, Counts] = field(default_factory=dict)

    def add(self, other: Counts) -> None:
        for name in ("units_sold", "revenue_sold", "orders_placed", "units_returned", "revenue_returned"):
            setattr(self, name, getattr(self, name) + getattr(other, name))
        self.orders_with_returns += other.orders_with_returns

    @property
    def unit_rate(self) -> float:
        return rate(self.units_returned, self.units_sold)

    @property
    def order_rate(self) -> float:
        return rate(self.orders_with_returns, self.orders_placed)

    @property
    def revenue_rate(self) -> float:
        return rate(self.revenue_returned, self.revenue_sold)


def count_by(session: Session, scope: AnalyticsFilter, key: KeyColumn | None) -> dict[str, Counts]:
    """Counts per value of `key` (OrderLine.category, OrderLine.sku; None: all as "all"), with their months."""
    if rollups_ready(session):
        return _from_rollup(session, scope, key)
    month = month_of(session, Order.placed_at)
    groups = (month,) if key is None else (key, month)
    key = literal_column("'all'") if key is None else key
    sold = (
        select(
            key.label("key"),
            month.label("month"),
            func.sum(OrderLine.quantity),
            func.sum(OrderLine.quantity * OrderLine.unit_price_minor),
            func.count(func.distinct(Order.id)),
            func.max(OrderLine.name),
            func.max(OrderLine.category),
        )
        .select_from(OrderLine)
        .join(Order, Order.id == OrderLine.order_id)
        .where(*order_lines_in(scope))
        .group_by(*groups)
    )
    returned = (
        select(
            key.label("key"),
            month.label("month"),
            func.sum(RmaLine.quantity),
            func.sum(RmaLine.quantity * OrderLine.unit_price_minor),
            func.count(func.distinct(Order.id)),
        )
        .select_from(RmaLine)
        .join(Rma, Rma.id == RmaLine.rma_id)
        .join(OrderLine, OrderLine.id == RmaLine.order_line_id)
        .join(Order, Order.id == OrderLine.order_id)
        .where(*order_lines_in(scope), counted_returns())
        .group_by(*groups)
    )
    cells: dict[str, Counts] = defaultdict(Counts)
    for key_value, month_value, units, revenue, orders, name, category in session.execute(sold):
        cell = Counts(units_sold=int(units), revenue_sold=int(revenue), orders_placed=int(orders))
        cells[key_value].by_month[month_value] = cell
        cells[key_value].label, cells[key_value].category = name, category
    for key_value, month_value, units, revenue, orders in session.execute(returned):
        cell = cells[key_value].by_month.setdefault(month_value, Counts())
        cell.units_returned, cell.revenue_returned, cell.orders_with_returns = int(units), int(revenue), int(orders)
    return _totalled(cells)


def _from_rollup(session: Session, scope: AnalyticsFilter, key: KeyColumn | None) -> dict[str, Counts]:
    """The same counts from analytics_sales_daily (see rollups.py): one row per key and month."""
    rows = sales_daily.c
    key_column: ColumnElement[Any]
    if key is None:
        level, key_column = (PER_CATEGORY if scope.category else OVERALL), literal_column("'all'")
    else:
        level = PER_CATEGORY if key is OrderLine.category else PER_SKU
        key_column = rows.category if key is OrderLine.category else rows.sku
    month = func.to_char(rows.day, literal_column("'YYYY-MM'"))
    query = (
        select(
            key_column,
            month,
            *(func.sum(rows[name]) for name in ("units_sold", "revenue_sold", "orders_placed")),
            *(func.sum(rows[name]) for name in ("units_returned", "revenue_returned", "orders_with_returns")),
            func.max(rows.name),
            func.max(rows.category),
        )
        .where(rows.level == level, rows.day >= scope.date_from, rows.day <= scope.date_to)
        .group_by(*((month,) if key is None else (key_column, month)))
    )
    if scope.category:
        query = query.where(rows.category == scope.category)
    cells: dict[str, Counts] = defaultdict(Counts)
    for key_value, month_value, *numbers, name, category in session.execute(query):
        sold, revenue, orders, returned, revenue_back, orders_back = (int(number) for number in numbers)
        cells[key_value].by_month[month_value] = Counts(sold, revenue, orders, returned, revenue_back, orders_back)
        cells[key_value].label, cells[key_value].category = name, category
    return _totalled(cells)


def _totalled(cells: dict[str, Counts]) -> dict[str, Counts]:
    for counts in cells.values():
        for cell in counts.by_month.values():
            counts.add(cell)
    return dict(cells)


def overall(session: Session, scope: AnalyticsFilter) -> Counts:
    """All lines the filter selects, as one set of counts (months kept for trends)."""
    return count_by(session, scope, None).get("all", Counts())


def summary_rates(counts: Counts, currency: str) -> dict[str, Any]:
    return {
        "units": counts.unit_rate,
        "orders": counts.order_rate,
        "revenue": counts.revenue_rate,
        "units_sold": counts.units_sold,
        "units_returned": counts.units_returned,
        "orders_placed": counts.orders_placed,
        "orders_with_returns": counts.orders_with_returns,
        "revenue_sold": money(counts.revenue_sold, currency),
        "revenue_returned": money(counts.revenue_returned, currency),
    }


def rate_rows(session: Session, scope: AnalyticsFilter, by: Grouping) -> list[dict[str, Any]]:
    """The rows of GET /analytics/return-rates: highest unit rate first; months in calendar order."""
    if by == "month":
        whole = overall(session, scope)
        rows = [_row(month, month, scope.category, cell, []) for month, cell in sorted(whole.by_month.items())]
        for row in rows:
            row["partial"] = partial_month(scope, row["key"])
        return rows
    key = OrderLine.category if by == "category" else OrderLine.sku
    months = months_between(scope)
    rows = []
    for key_value, counts in count_by(session, scope, key).items():
        label = key_value if by == "category" else counts.label
        trend = [
            {"month": m, "unit_rate": counts.by_month.get(m, Counts()).unit_rate, "partial": partial_month(scope, m)}
            for m in months
        ]
        rows.append(_row(key_value, label, counts.category, counts, trend))
    rows.sort(key=lambda row: (-row["unit_rate"], row["key"]))
    return rows


def _row(key: str, label: str, category: str | None, counts: Counts, trend: list[dict[str, Any]]) -> dict[str, Any]:
    return {
        "key": key,
        "label": label,
        "category": category,
        "units_sold": counts.units_sold,
        "units_returned": counts.units_returned,
        "unit_rate": counts.unit_rate,
        "order_rate": counts.order_rate,
        "revenue_rate": counts.revenue_rate,
        "trend": trend,
    }
