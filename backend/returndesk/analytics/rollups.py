"""Daily rollups for the dashboard on PostgreSQL: what sold and what came back, per day and SKU.

At a million return lines every request would otherwise join millions of order lines (seconds
to tens of seconds, see bench/results/analytics.md). Two materialized views (migration 0006)
hold per-day sums instead: ``analytics_sales_daily`` (units, revenue, orders sold and returned
per day for each SKU, each category and overall — GROUPING SETS, so order counts are exact at
every level), ``analytics_reasons_daily`` (units per day, category, SKU and reason),
``analytics_return_facts`` (one row per counted return: its order's day, categories, whether
the shop paid a label, was received or exchanged, and its stage durations in hours) and
``analytics_money_daily`` (loss by grade at unit prices, compensation, coupons and keep-item
savings, and refund payments due / settled on time / late, per day and category) and
``analytics_shipping_daily`` (units shipped and units back as damaged in transit, per day,
carrier and warehouse: what the transit-damage insight compares). Refunds
still open are counted live (few rows, by status): whether they are overdue depends on the clock.

They are created empty. While empty, every metric is computed live from the tables (always
exact: what the tests and small shops get). Once `refresh` has filled them — ``python -m
returndesk.analytics.rollups``, run on a schedule (cron, a systemd timer) by a shop that has
grown — the metrics read them and are as fresh as the last refresh. Refreshes
after the first are CONCURRENTLY: readers are never blocked. SQLite has no rollups.
"""

from __future__ import annotations

import sys
import time

from sqlalchemy import ColumnElement, Engine, bindparam, case, column, func, select, table, text
from sqlalchemy.orm import Session

from .filters import AnalyticsFilter

VIEWS = (
    "analytics_sales_daily",
    "analytics_reasons_daily",
    "analytics_return_facts",
    "analytics_money_daily",
    "analytics_shipping_daily",
)
# GROUPING(category, sku) in analytics_sales_daily: which rows hold which level.
PER_SKU, PER_CATEGORY, OVERALL = 0, 1, 3

sales_daily = table(
    "analytics_sales_daily",
    *(column(name) for name in ("day", "level", "category", "sku", "name")),
    *(column(name) for name in ("units_sold", "revenue_sold", "orders_placed")),
    *(column(name) for name in ("units_returned", "revenue_returned", "orders_with_returns")),
)
STAGE_HOURS = ("request_to_approval", "approval_to_receipt", "receipt_to_refund")
return_facts = table(
    "analytics_return_facts",
    *(column(name) for name in ("rma_id", "day", "categories", "shop_label", "has_receipt", "has_exchange")),
    *(column(name) for name in STAGE_HOURS),
)
money_daily = table("analytics_money_daily", *(column(name) for name in ("day", "category", "measure", "amount")))
POPULATED = text("SELECT bool_and(ispopulated) FROM pg_matviews WHERE matviewname IN :names").bindparams(
    bindparam("names", expanding=True)
)
reasons_daily = table("analytics_reasons_daily", *(column(n) for n in ("day", "category", "sku", "reason", "units")))
shipping_daily = table(
    "analytics_shipping_daily", *(column(n) for n in ("day", "carrier", "ships_from", "units_shipped", "units_damaged"))
)


def money_sums(session: Session, scope: AnalyticsFilter, *measures: str) -> list[int]:
    """Sums of analytics_money_daily measures (e.g. "coupons") over the filter, in that order."""
    rows = money_daily.c
    sums = (func.sum(case((rows.measure == measure, rows.amount), else_=0)) for measure in measures)
    return [int(value or 0) for value in session.execute(select(*sums).where(*money_in(scope))).one()]


def money_in(scope: AnalyticsFilter) -> list[ColumnElement[bool]]:
    """Conditions on analytics_money_daily for the filter."""
    rows = money_daily.c
    conditions = [rows.day >= scope.date_from, rows.day <= scope.date_to]
    if scope.category:
        conditions.append(rows.category == scope.category)
    return conditions


def rollups_ready(session: Session) -> bool:
    """True on PostgreSQL once the views were filled (refreshed at least once)."""
    if session.get_bind().dialect.name != "postgresql":
        return False
    return bool(session.execute(POPULATED, {"names": VIEWS}).scalar())


def refresh(engine: Engine) -> float:
    """Recompute both views; returns the seconds it took."""
    started = time.monotonic()
    with engine.connect().execution_options(isolation_level="AUTOCOMMIT") as connection:
        filled = connection.execute(POPULATED, {"names": VIEWS}).scalar()
        how = "CONCURRENTLY " if filled else ""
        for view in VIEWS:
            connection.execute(text(f"REFRESH MATERIALIZED VIEW {how}{view}"))
    return time.monotonic() - started


def empty(engine: Engine) -> None:
    """Back to live metrics (the views hold nothing until the next refresh)."""
    with engine.connect().execution_options(isolation_level="AUTOCOMMIT") as connection:
        for view in VIEWS:
            connection.execute(text(f"REFRESH MATERIALIZED VIEW {view} WITH NO DATA"))


def main() -> int:
    from ..config import get_settings
    from ..db import make_engine

    engine = make_engine(get_settings().database_url)
    try:
        if engine.dialect.name != "postgresql":
            print("SQLite computes the metrics live; there is nothing to refresh", file=sys.stderr)
            return 0
        print(f"analytics rollups refreshed in {refresh(engine):.1f} s")
        return 0
    finally:
        engine.dispose()


if __name__ == "__main__":
    sys.exit(main())
