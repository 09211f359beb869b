"""How long returns take, stage by stage, and whether refunds reach customers by their due date.

A stage runs from the first event that reached its start status to the first that reached its
end status (``rma_events``): request -> approval (``requested`` -> ``approved``), approval ->
receipt (``approved`` -> ``received``) and receipt -> refund (``received`` -> ``resolved``, which
the settled refund or the exchange sets). Returns still inside a stage are not counted for it.

Percentiles interpolate linearly between ranks, as PostgreSQL's ``percentile_cont`` does: on
PostgreSQL the database computes them, so a million returns never leave it; SQLite (the
embedded, small-shop default) sends the per-return durations and Python computes the same thing.
"""

from __future__ import annotations

import math
from collections import defaultdict
from datetime import datetime
from typing import Any

from sqlalchemy import ColumnElement, Float, Subquery, and_, case, exists, extract, func, literal, select, union_all
from sqlalchemy.dialects import postgresql
from sqlalchemy.orm import Session

from ..models import LedgerEntry, Order, OrderLine, RefundPayment, Rma, RmaEvent, RmaLine, utcnow
from . import rate
from .filters import AnalyticsFilter, counted_returns
from .rollups import STAGE_HOURS, money_sums, return_facts, rollups_ready

STAGES = (
    ("request_to_approval", "requested", "approved"),
    ("approval_to_receipt", "approved", "received"),
    ("receipt_to_refund", "received", "resolved"),
)
OPEN_REFUNDS = ("pending", "failed")  # refund_payments.status, besides settled
PERCENTILES = (("p50_hours", 0.5), ("p90_hours", 0.9), ("p95_hours", 0.95))


def returns_in(scope: AnalyticsFilter) -> list[ColumnElement[bool]]:
    """Conditions on `rmas` joined to `orders`: counted returns of orders in range (and category)."""
    conditions = [Order.placed_at >= scope.start, Order.placed_at < scope.end, counted_returns()]
    if scope.category:
        in_category = (
            select(RmaLine.id)
            .join(OrderLine, OrderLine.id == RmaLine.order_line_id)
            .where(RmaLine.rma_id == Rma.id, OrderLine.category == scope.category)
        )
        conditions.append(exists(in_category))
    return conditions


def _durations(session: Session, scope: AnalyticsFilter) -> Subquery:
    """(stage, hours) for every counted return that completed the stage."""
    statuses = {status for _, start, end in STAGES for status in (start, end)}
    firsts = (
        select(
            RmaEvent.rma_id,
            *(func.min(case((RmaEvent.to_status == s, RmaEvent.at))).label(s) for s in sorted(statuses)),
        )
        .join(Rma, Rma.id == RmaEvent.rma_id)
        .join(Order, Order.id == Rma.order_id)
        .where(*returns_in(scope), RmaEvent.to_status.in_(statuses))
        .group_by(RmaEvent.rma_id)
        .cte("firsts")
    )
    postgres = session.get_bind().dialect.name == "postgresql"
    parts = []
    for stage, start, end in STAGES:
        began, ended = firsts.c[start], firsts.c[end]
        if postgres:
            hours = extract("epoch", ended - began) / 3600.0
        else:
            hours = (func.julianday(ended) - func.julianday(began)) * 24.0
        parts.append(
            select(literal(stage).label("stage"), hours.label("hours")).where(
                and_(began.is_not(None), ended.is_not(None), ended >= began)
            )
        )
    return union_all(*parts).subquery("durations")


def cycle_times(session: Session, scope: AnalyticsFilter) -> list[dict[str, Any]]:
    """[{stage, count, p50_hours, p90_hours, p95_hours}] for the three stages, in lifecycle order."""
    found: dict[str, dict[str, Any]] = {}
    if rollups_ready(session):
        facts = return_facts.c
        query = select(
            *(item for stage in STAGE_HOURS for item in (func.count(facts[stage]), _percentiles(facts[stage])))
        ).where(*facts_in(scope))
        values = list(session.execute(query).one())
        for index, stage in enumerate(STAGE_HOURS):
            count, points = values[index * 2 : index * 2 + 2]
            if count:
                found[stage] = {"count": count, **_named(points)}
        return [{"stage": stage, **found.get(stage, _EMPTY)} for stage, _, _ in STAGES]
    durations = _durations(session, scope)
    if session.get_bind().dialect.name == "postgresql":
        query = select(durations.c.stage, func.count(), _percentiles(durations.c.hours)).group_by(durations.c.stage)
        for stage, count, points in session.execute(query):
            found[stage] = {"count": count, **_named(points)}
    else:
        hours_by_stage: dict[str, list[float]] = defaultdict(list)
        for stage, hours in session.execute(select(durations.c.stage, durations.c.hours)):
            hours_by_stage[stage].append(float(hours))
        for stage, values in hours_by_stage.items():
            values.sort()
            found[stage] = {"count": len(values), **{n: round(percentile(values, q), 2) for n, q in PERCENTILES}}
    return [{"stage": stage, **found.get(stage, _EMPTY)} for stage, _, _ in STAGES]


_EMPTY = {"count": 0, **{name: None for name, _ in PERCENTILES}}


def _percentiles(hours: ColumnElement[Any]) -> ColumnElement[Any]:
    """PostgreSQL's percentile_cont with an array of fractions: one sort gives all three."""
    fractions = postgresql.array([fraction for _, fraction in PERCENTILES], type_=Float)
    return func.percentile_cont(fractions).within_group(hours)


def _named(points: list[float]) -> dict[str, float]:
    return {name: round(float(value), 2) for (name, _), value in zip(PERCENTILES, points, strict=True)}


def facts_in(scope: AnalyticsFilter) -> list[ColumnElement[bool]]:
    """Conditions on analytics_return_facts (see rollups.py) for the returns in scope."""
    facts = return_facts.c
    conditions = [facts.day >= scope.date_from, facts.day <= scope.date_to]
    if scope.category:
        conditions.append(literal(scope.category) == func.any(facts.categories))
    return conditions


def percentile(ordered: list[float], fraction: float) -> float:
    """Linear interpolation between closest ranks (``percentile_cont``) over sorted values."""
    position = (len(ordered) - 1) * fraction
    low, high = math.floor(position), math.ceil(position)
    return ordered[low] + (ordered[high] - ordered[low]) * (position - low)


def refund_sla(session: Session, scope: AnalyticsFilter, now: datetime | None = None) -> dict[str, Any]:
    """Refund payments with a due date: settled by it, settled after it, or still open past it.

    Compliance is on time / (on time + late + open and overdue): a refund that is past due and
    not yet with the customer has already missed the promise. Refunds not yet due do not count
    towards it (they are in `refunds`).
    """
    now = now or utcnow()
    settled = RefundPayment.status == "settled"
    counts = (
        select(
            func.count(),
            func.sum(case((and_(settled, RefundPayment.settled_at <= RefundPayment.due_at), 1), else_=0)),
            func.sum(case((and_(settled, RefundPayment.settled_at > RefundPayment.due_at), 1), else_=0)),
            func.sum(case((and_(~settled, RefundPayment.due_at < now), 1), else_=0)),
        )
        .select_from(RefundPayment)
        .join(Order, Order.id == RefundPayment.order_id)
        .where(Order.placed_at >= scope.start, Order.placed_at < scope.end, RefundPayment.due_at.is_not(None))
    )
    if scope.category:
        counts = (
            counts.join(LedgerEntry, LedgerEntry.id == RefundPayment.ledger_entry_id)
            .join(OrderLine, OrderLine.id == LedgerEntry.order_line_id)
            .where(OrderLine.category == scope.category)
        )
    if rollups_ready(session):
        # Settled refunds from the rollup; the open ones (few, found by status) live.
        _, _, _, overdue = session.execute(counts.where(RefundPayment.status.in_(OPEN_REFUNDS))).one()
        refunds, on_time, late = money_sums(session, scope, "refunds", "refunds_on_time", "refunds_late")
        overdue = int(overdue or 0)
    else:
        refunds, on_time, late, overdue = (int(value or 0) for value in session.execute(counts).one())
    return {
        "refunds": refunds,
        "on_time": on_time,
        "late": late,
        "open_overdue": overdue,
        # None, not 0 or 1, when no refund was due yet: there is nothing to comply with.
        "compliance": rate(on_time, on_time + late + overdue) if on_time + late + overdue else None,
    }
