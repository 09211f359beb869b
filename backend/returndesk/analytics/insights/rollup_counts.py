"""The rules' counts from the PostgreSQL rollups (see analytics/rollups.py), once they are filled.

The same numbers as the live queries in queries.py, as of the last refresh: per-SKU sales and
returns from ``analytics_sales_daily``, units per reason from ``analytics_reasons_daily``, and
units shipped / damaged per carrier and warehouse from ``analytics_shipping_daily``, and returns
of frequent returners from ``analytics_frequent_returners``. At a million
return lines these read thousands of rows instead of joining millions (bench/results/analytics.md).
"""

from __future__ import annotations

from typing import Any

from sqlalchemy import ColumnElement, func, select
from sqlalchemy.orm import Session

from ..filters import AnalyticsFilter
from ..rollups import OVERALL, PER_SKU, frequent_returners, reasons_daily, sales_daily, shipping_daily


def _days(rows: Any, scope: AnalyticsFilter) -> list[ColumnElement[bool]]:
    return [rows.day >= scope.date_from, rows.day <= scope.date_to]


def sku_sales_and_returns(session: Session, scope: AnalyticsFilter) -> dict[str, tuple[str, str, int, int]]:
    """(name, category, units sold, units returned) per SKU, as `sku_sales` and `returned_units_by`."""
    rows = sales_daily.c
    query = (
        select(rows.sku, func.max(rows.name), func.max(rows.category), func.sum(rows.units_sold))
        .add_columns(func.sum(rows.units_returned))
        .where(rows.level == PER_SKU, *_days(rows, scope))
        .group_by(rows.sku)
    )
    return {sku: (name, category, int(sold), int(back)) for sku, name, category, sold, back in session.execute(query)}


def units_sold_per_sku(session: Session, scope: AnalyticsFilter, skus: list[str]) -> dict[str, int]:
    rows = sales_daily.c
    query = (
        select(rows.sku, func.sum(rows.units_sold))
        .where(rows.level == PER_SKU, rows.sku.in_(skus), *_days(rows, scope))
        .group_by(rows.sku)
    )
    return {sku: int(units) for sku, units in session.execute(query)}


def returned_units_per_sku(session: Session, scope: AnalyticsFilter, reason: str) -> dict[str, int]:
    rows = reasons_daily.c
    query = (
        select(rows.sku, func.sum(rows.units))
        .where(rows.reason == reason, rows.sku.is_not(None), *_days(rows, scope))
        .group_by(rows.sku)
    )
    return {sku: int(units) for sku, units in session.execute(query)}


def shipped_and_damaged(
    session: Session, scope: AnalyticsFilter, kind: str, without_carriers: list[str]
) -> tuple[dict[str, int], dict[str, int]]:
    """(units shipped, units damaged in transit) per carrier or warehouse (`kind`), leaving out
    the parcels of `without_carriers`."""
    rows = shipping_daily.c
    key = rows.carrier if kind == "carrier" else rows.ships_from
    conditions = _days(rows, scope)
    if without_carriers:
        conditions.append(rows.carrier.is_(None) | rows.carrier.not_in(without_carriers))
    query = (
        select(key, func.sum(rows.units_shipped), func.sum(rows.units_damaged))
        .where(key.is_not(None), *conditions)
        .group_by(key)
    )
    shipped, damaged = {}, {}
    for name, units, broken in session.execute(query):
        shipped[name] = int(units)
        if broken:
            damaged[name] = int(broken)
    return shipped, damaged


def orders_with_returns(session: Session, scope: AnalyticsFilter) -> tuple[int, int]:
    """(orders placed, orders with a counted return) of all customers."""
    rows = sales_daily.c
    query = select(func.sum(rows.orders_placed), func.sum(rows.orders_with_returns)).where(
        rows.level == OVERALL, *_days(rows, scope)
    )
    placed, returned = session.execute(query).one()
    return int(placed or 0), int(returned or 0)


def frequent_returns_per_customer(session: Session, scope: AnalyticsFilter) -> dict[int, int]:
    """Returns in the range per customer, for customers with FREQUENT_RETURNS_FLOOR returns ever
    (`returns_per_customer` for the only customers who can reach the rule's threshold)."""
    rows = frequent_returners.c
    query = select(rows.customer_id, func.sum(rows.returns)).where(*_days(rows, scope)).group_by(rows.customer_id)
    return {customer: int(returns) for customer, returns in session.execute(query)}
