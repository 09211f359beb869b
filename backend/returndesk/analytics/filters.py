"""What the dashboard is looking at: a range of order dates and, optionally, one category.

Every metric counts orders *placed* in the range (``orders.placed_at``, inclusive dates in UTC)
and what came back from them, so a rate compares returns with the sales they came from — a
return requested today for an order placed in June belongs to June's numbers.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta
from typing import Annotated, Any, TypeAlias

from fastapi import Query
from sqlalchemy import ColumnElement, ColumnExpressionArgument, func, literal_column
from sqlalchemy.orm import QueryableAttribute, Session

from ..errors import InvalidInput
from ..models import Order, OrderLine, Rma
from ..rma.lifecycle import RELEASES_ITEMS

DEFAULT_DAYS = 90
# What a metric groups by: a mapped column such as OrderLine.sku, or an expression.
KeyColumn: TypeAlias = ColumnElement[Any] | QueryableAttribute[Any]
MAX_DAYS = 3 * 366  # three years, leap days included


class BadFilter(InvalidInput):
    title = "Invalid analytics filter"


@dataclass(frozen=True)
class AnalyticsFilter:
    date_from: date
    date_to: date
    category: str | None = None

    @property
    def start(self) -> datetime:
        """The first instant of the range (UTC midnight of `date_from`)."""
        return datetime.combine(self.date_from, time.min, tzinfo=UTC)

    @property
    def end(self) -> datetime:
        """The first instant after the range: `date_to` is inclusive."""
        return datetime.combine(self.date_to + timedelta(days=1), time.min, tzinfo=UTC)

    def as_range(self) -> dict[str, str | None]:
        return {"from": self.date_from.isoformat(), "to": self.date_to.isoformat(), "category": self.category}


def make_filter(
    date_from: str | None, date_to: str | None, category: str | None, *, today: date | None = None
) -> AnalyticsFilter:
    """Parse the query's strings; a sentence saying what to fix for anything unusable."""
    today = today or datetime.now(UTC).date()
    end = _parse("to", date_to) or today
    start = _parse("from", date_from) or end - timedelta(days=DEFAULT_DAYS - 1)
    if start > end:
        raise BadFilter(f"'from' ({start}) is after 'to' ({end}); swap them or pick an earlier 'from'")
    if (end - start).days + 1 > MAX_DAYS:
        raise BadFilter(f"the range {start} to {end} is longer than three years; narrow it to at most {MAX_DAYS} days")
    category = (category or "").strip().lower() or None
    return AnalyticsFilter(start, end, category)


def _parse(name: str, value: str | None) -> date | None:
    if value is None or not value.strip():
        return None
    try:
        return date.fromisoformat(value.strip())
    except ValueError:
        raise BadFilter(f"'{name}' must be a date like 2026-09-01 (YYYY-MM-DD), got '{value}'") from None


def analytics_filter(
    date_from: Annotated[str | None, Query(alias="from", max_length=32, description="First order date")] = None,
    date_to: Annotated[str | None, Query(alias="to", max_length=32, description="Last order date, inclusive")] = None,
    category: Annotated[str | None, Query(max_length=64, description="Only lines of this category")] = None,
) -> AnalyticsFilter:
    """The filter as a FastAPI dependency (query parameters `from`, `to`, `category`)."""
    return make_filter(date_from, date_to, category)


# --- the rows a filter selects, shared by every metric's query ------------------------------------

# Returns that count: every status but a refused or withdrawn request (see rma/lifecycle.py).
NOT_COUNTED = tuple(status.value for status in RELEASES_ITEMS)


def order_lines_in(scope: AnalyticsFilter) -> list[ColumnElement[bool]]:
    """Conditions on `orders` and `order_lines` (both joined) for the lines the filter selects."""
    conditions = [Order.placed_at >= scope.start, Order.placed_at < scope.end]
    if scope.category:
        conditions.append(OrderLine.category == scope.category)
    return conditions


def counted_returns() -> ColumnElement[bool]:
    """The condition on `rmas` for returns that count (not rejected, not cancelled)."""
    return Rma.status.not_in(NOT_COUNTED)


def month_of(session: Session, column: ColumnExpressionArgument[Any]) -> ColumnElement[str]:
    """'2026-09' for a UTC timestamp column, in the database's own dialect."""
    if session.get_bind().dialect.name == "postgresql":
        return func.to_char(func.timezone(literal_column("'UTC'"), column), literal_column("'YYYY-MM'"))
    return func.substr(column, 1, 7)  # SQLite stores UTC timestamps as ISO text


def partial_month(scope: AnalyticsFilter, month: str, today: date | None = None) -> bool:
    """Whether the range holds only part of `month` ('2026-09'), or the month is not over yet.

    Such a month's figures are incomplete, not low: the current month's orders have had no time
    to come back, so its return rate always looks like a drop. The dashboard marks it instead."""
    year, number = int(month[:4]), int(month[5:7])
    first = date(year, number, 1)
    last = (date(year + number // 12, number % 12 + 1, 1)) - timedelta(days=1)
    known_until = min(scope.date_to, today or datetime.now(UTC).date())
    return first < scope.date_from or last > known_until


def months_between(scope: AnalyticsFilter) -> list[str]:
    """Every month the range touches, oldest first: the x axis of trends."""
    months, year, month = [], scope.date_from.year, scope.date_from.month
    while (year, month) <= (scope.date_to.year, scope.date_to.month):
        months.append(f"{year:04d}-{month:02d}")
        year, month = (year + 1, 1) if month == 12 else (year, month + 1)
    return months
