"""Why things come back: units per reason code, overall, per month of the order, and per category or SKU.

Units, not returns: one return of three shirts that were too small weighs three. Shares are of
the units in the same scope (the whole filter, or one category/SKU), rounded to four places.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from typing import Any, Literal

from sqlalchemy import ColumnElement, func, literal_column, select
from sqlalchemy.orm import Session

from ..models import Order, OrderLine, Rma, RmaLine
from . import rate
from .filters import AnalyticsFilter, KeyColumn, counted_returns, month_of, order_lines_in, partial_month
from .rollups import reasons_daily, rollups_ready

ReasonGrouping = Literal["category", "sku"]


def reason_breakdown(session: Session, scope: AnalyticsFilter, by: ReasonGrouping | None = None) -> dict[str, Any]:
    """The body of GET /analytics/reasons (`rows` only when `by` is given)."""
    key: KeyColumn
    month: ColumnElement[Any]
    if rollups_ready(session):  # the same rows from analytics_reasons_daily (see rollups.py)
        rows = reasons_daily.c
        key, month = (rows.sku if by == "sku" else rows.category), func.to_char(rows.day, literal_column("'YYYY-MM'"))
        query = (
            select(key, month, rows.reason, func.sum(rows.units))
            .where(rows.day >= scope.date_from, rows.day <= scope.date_to)
            .group_by(key, month, rows.reason)
        )
        if scope.category:
            query = query.where(rows.category == scope.category)
        return _breakdown(session.execute(query), by, scope)
    month = month_of(session, Order.placed_at)
    key = {"category": OrderLine.category, "sku": OrderLine.sku, None: OrderLine.category}[by]
    query = (
        select(key, month, RmaLine.reason, func.sum(RmaLine.quantity))
        .select_from(RmaLine)
        .join(Rma, Rma.id == RmaLine.rma_id)
        .join(OrderLine, OrderLine.id == RmaLine.order_line_id)
        .join(Order, Order.id == OrderLine.order_id)
        .where(*order_lines_in(scope), counted_returns())
        .group_by(key, month, RmaLine.reason)
    )
    return _breakdown(session.execute(query), by, scope)


def _breakdown(rows: Iterable[Any], by: ReasonGrouping | None, scope: AnalyticsFilter) -> dict[str, Any]:
    """(key, month, reason, units) rows -> the response body."""
    total: dict[str, int] = defaultdict(int)
    by_month: dict[str, dict[str, int]] = defaultdict(lambda: defaultdict(int))
    by_key: dict[str, dict[str, int]] = defaultdict(lambda: defaultdict(int))
    for key_value, month_value, reason, units in rows:
        total[reason] += int(units)
        by_month[month_value][reason] += int(units)
        by_key[key_value][reason] += int(units)
    body: dict[str, Any] = {
        "total": shares(total),
        "by_month": [
            {"month": m, "counts": dict(sorted(by_month[m].items())), "partial": partial_month(scope, m)}
            for m in sorted(by_month)
        ],
    }
    if by is not None:
        body["rows"] = [{"key": k, "reasons": shares(by_key[k])} for k in sorted(by_key)]
    return body


def shares(units_by_reason: dict[str, int]) -> list[dict[str, Any]]:
    """[{reason, units, share}] most units first (ties by reason code)."""
    whole = sum(units_by_reason.values())
    ordered = sorted(units_by_reason.items(), key=lambda item: (-item[1], item[0]))
    return [{"reason": reason, "units": units, "share": rate(units, whole)} for reason, units in ordered]
