"""What the rules need beyond the metrics' own counts (`return_rates.count_by`,
`reasons.reason_breakdown`): returned units of some reasons per carrier or warehouse, returns per
customer, and the RMA numbers behind a finding.
"""

from __future__ import annotations

from dataclasses import replace
from datetime import date
from typing import Any

from sqlalchemy import ColumnElement, exists, func, select
from sqlalchemy.orm import Session

from ...models import Customer, Order, OrderLine, Rma, RmaLine
from ...models.rma_number import format_rma_number
from ..filters import AnalyticsFilter, KeyColumn, counted_returns, order_lines_in
from .findings import MAX_RETURNS, Finding


def _return_lines(scope: AnalyticsFilter, *conditions: ColumnElement[bool]):
    """FROM rma_lines with their return, order line and order: counted returns in the scope."""
    return (
        select()
        .select_from(RmaLine)
        .join(Rma, Rma.id == RmaLine.rma_id)
        .join(OrderLine, OrderLine.id == RmaLine.order_line_id)
        .join(Order, Order.id == OrderLine.order_id)
        .where(*order_lines_in(scope), counted_returns(), *conditions)
    )


def returned_units_by(
    session: Session,
    scope: AnalyticsFilter,
    key: KeyColumn,
    *conditions: ColumnElement[bool],
) -> dict[Any, int]:
    """Units returned per value of `key`, for the return lines matching `conditions`."""
    query = _return_lines(scope, *conditions).add_columns(key, func.sum(RmaLine.quantity)).group_by(key)
    return {value: int(units) for value, units in session.execute(query) if value is not None}


def units_sold_by(
    session: Session,
    scope: AnalyticsFilter,
    key: KeyColumn,
    *conditions: ColumnElement[bool],
) -> dict[Any, int]:
    """Units sold per value of `key`, for the order lines matching `conditions`."""
    query = (
        select(key, func.sum(OrderLine.quantity))
        .select_from(OrderLine)
        .join(Order, Order.id == OrderLine.order_id)
        .where(*order_lines_in(scope), *conditions)
        .group_by(key)
    )
    return {value: int(units) for value, units in session.execute(query) if value is not None}


def sku_sales(session: Session, scope: AnalyticsFilter) -> dict[str, tuple[str, str, int]]:
    """(name, category, units sold) per SKU: one grouped pass, no months (the metrics' `count_by`
    also splits by month for trends, which the rules do not need)."""
    query = (
        select(OrderLine.sku, func.max(OrderLine.name), func.max(OrderLine.category), func.sum(OrderLine.quantity))
        .join(Order, Order.id == OrderLine.order_id)
        .where(*order_lines_in(scope))
        .group_by(OrderLine.sku)
    )
    return {sku: (name, category, int(units)) for sku, name, category, units in session.execute(query)}


def returns_per_customer(session: Session, scope: AnalyticsFilter) -> dict[int, int]:
    """Returns (RMAs, not lines) opened on each customer's orders in the range."""
    query = (
        select(Order.customer_id, func.count(func.distinct(Rma.id)))
        .select_from(Rma)
        .join(Order, Order.id == Rma.order_id)
        .where(Order.placed_at >= scope.start, Order.placed_at < scope.end, counted_returns())
        .group_by(Order.customer_id)
    )
    return {customer: int(count) for customer, count in session.execute(query)}


def customer_emails(session: Session, ids: list[int]) -> dict[int, str]:
    if not ids:
        return {}
    return dict(session.execute(select(Customer.id, Customer.email).where(Customer.id.in_(ids))).tuples().all())


def rma_numbers(session: Session, scope: AnalyticsFilter, *conditions: ColumnElement[bool]) -> tuple[str, ...]:
    """The newest returns behind a finding, formatted for people.

    Returns are walked newest first (``ix_rmas_created_at``), each kept if one of its lines matches:
    the first twenty are found without grouping every return behind the finding, which at a
    million return lines took seconds per finding.
    """
    matching_line = (
        select(RmaLine.id)
        .join(OrderLine, OrderLine.id == RmaLine.order_line_id)
        .where(RmaLine.rma_id == Rma.id, *_category(scope), *conditions)
    )
    query = (
        select(Rma.number)
        .join(Order, Order.id == Rma.order_id)
        .where(Order.placed_at >= scope.start, Order.placed_at < scope.end, counted_returns(), exists(matching_line))
        .order_by(Rma.created_at.desc(), Rma.number)
        .limit(MAX_RETURNS)
    )
    return tuple(format_rma_number(number) for number in session.scalars(query))


def _category(scope: AnalyticsFilter) -> list[ColumnElement[bool]]:
    return [OrderLine.category == scope.category] if scope.category else []


def with_returns(finding: Finding, numbers: tuple[str, ...]) -> Finding:
    return replace(finding, returns=numbers)


def recent_and_earlier(scope: AnalyticsFilter, recent_start: date) -> tuple[AnalyticsFilter, AnalyticsFilter | None]:
    """The range split at `recent_start`: (the recent part, the part before it or None)."""
    if recent_start <= scope.date_from:
        return scope, None
    recent = replace(scope, date_from=recent_start)
    earlier = replace(scope, date_to=date.fromordinal(recent_start.toordinal() - 1))
    return recent, earlier
