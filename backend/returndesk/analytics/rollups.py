"""Daily rollups for the dashboard on PostgreSQL: what sold and what came back, per day and SKU.

At a million return lines every request would otherwise join millions of order lines (seconds
to tens of seconds, see bench/results/analytics.md). Materialized views (migrations 0006 and 0009)
hold per-day sums instead: ``analytics_sales_daily`` (units, revenue, orders sold and returned
per day for each SKU, each category and overall — GROUPING SETS, so order counts are exact at
every level), ``analytics_reasons_daily`` (units per day, category, SKU and reason),
``analytics_return_facts`` (one row per counted return: its order's day, categories, whether
the shop paid a label, was received or exchanged, and its stage durations in hours),
``analytics_money_daily`` (loss by grade at unit prices, compensation, coupons and keep-item
savings, and refund payments due / settled on time / late, per day and category),
``analytics_shipping_daily`` (units shipped and units back as damaged in transit, per day,
carrier and warehouse: what the transit-damage insight compares) and
``analytics_frequent_returners`` (returns per order day of the customers with at least
FREQUENT_RETURNS_FLOOR returns ever: the only candidates of the abnormal-customer insight). Refunds
still open are counted live (few rows, by status): whether they are overdue depends on the clock.

They are created empty. While empty, every metric is computed live from the tables (always
exact: what the tests and small shops get). Once `refresh` has filled them — ``python -m
returndesk.analytics.rollups`` once, or ``--every 3600`` as a worker (``scripts/run.sh`` starts
one on PostgreSQL) — the metrics read them and are as fresh as the last refresh. Refreshes
after the first are CONCURRENTLY: readers are never blocked; an advisory lock keeps two
refreshers from doing the same work twice. SQLite has no rollups.
"""

from __future__ import annotations

import argparse
import logging
import sys
import time

from sqlalchemy import ColumnElement, Engine, bindparam, case, column, func, select, table, text
from sqlalchemy.orm import Session

from .filters import AnalyticsFilter

log = logging.getLogger(__name__)
# pg_try_advisory_lock key ("rollups" in ASCII): one refresh at a time across processes.
REFRESH_LOCK = 0x726F6C6C757073

VIEWS = (
    "analytics_sales_daily",
    "analytics_reasons_daily",
    "analytics_return_facts",
    "analytics_money_daily",
    "analytics_shipping_daily",
    "analytics_frequent_returners",
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
# The HAVING of analytics_frequent_returners (migration c9d0e1f2a3b4): a rule asking for fewer
# returns than this per customer cannot use the view and counts live.
FREQUENT_RETURNS_FLOOR = 4
frequent_returners = table("analytics_frequent_returners", *(column(n) for n in ("customer_id", "day", "returns")))
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


def refresh(engine: Engine) -> float | None:
    """Recompute the views; returns the seconds it took, or None when another refresh was running."""
    started = time.monotonic()
    with engine.connect().execution_options(isolation_level="AUTOCOMMIT") as connection:
        if not connection.execute(text("SELECT pg_try_advisory_lock(:key)"), {"key": REFRESH_LOCK}).scalar():
            return None
        try:
            filled = connection.execute(POPULATED, {"names": VIEWS}).scalar()
            how = "CONCURRENTLY " if filled else ""
            for view in VIEWS:
                connection.execute(text(f"REFRESH MATERIALIZED VIEW {how}{view}"))
        finally:
            connection.execute(text("SELECT pg_advisory_unlock(:key)"), {"key": REFRESH_LOCK})
    return time.monotonic() - started


def empty(engine: Engine) -> None:
    """Back to live metrics (the views hold nothing until the next refresh)."""
    with engine.connect().execution_options(isolation_level="AUTOCOMMIT") as connection:
        for view in VIEWS:
            connection.execute(text(f"REFRESH MATERIALIZED VIEW {view} WITH NO DATA"))


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m returndesk.analytics.rollups", description=__doc__.split("\n")[0])
    parser.add_argument("--every", type=float, metavar="SECONDS", help="refresh now, then every SECONDS until stopped")
    parser.add_argument(
        "--needed", action="store_true", help="only answer: exit 0 on PostgreSQL (rollups apply), 1 on SQLite"
    )
    args = parser.parse_args(argv)
    logging.basicConfig(level=logging.INFO, format="%(asctime)s %(levelname)s %(message)s")
    from ..config import get_settings
    from ..db import make_engine

    engine = make_engine(get_settings().database_url)
    try:
        if engine.dialect.name != "postgresql":
            if not args.needed:
                print("SQLite computes the metrics live; there is nothing to refresh", file=sys.stderr)
            return 1 if args.needed else 0
        if args.needed:
            return 0
        while True:
            _refresh_and_say(engine, keep_going=args.every is not None)
            if args.every is None:
                return 0
            time.sleep(args.every)  # hours apart: nothing to await in between
    except KeyboardInterrupt:
        return 0
    finally:
        engine.dispose()


def _refresh_and_say(engine: Engine, keep_going: bool) -> None:
    try:
        took = refresh(engine)
    except Exception:  # a database outage: the worker tries again at the next interval
        if not keep_going:
            raise
        log.exception("analytics rollups not refreshed; trying again at the next interval")
        return
    if took is None:
        log.info("analytics rollups: another refresh is running, skipped")
    else:
        log.info("analytics rollups refreshed in %.1f s", took)


if __name__ == "__main__":
    sys.exit(main())
