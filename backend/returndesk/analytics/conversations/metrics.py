"""Conversation metrics for a range of days: containment, handoffs, fallbacks, turns, drop-off, rating.

A conversation belongs to the range of its first customer message. Besides Rasa's events, the
service's own records say what the events cannot: a case opened for this conversation (a
person reviews the return) and a keep-the-item offer accepted (no RMA, yet not abandoned).

Every number is an SQL aggregate over `conversation_summaries` (one row per conversation, kept
by the ingest: summarise.py), so the cost grows with the conversations in the range, not with
their events, and only a few rows come back to Python.
"""

from __future__ import annotations

from collections.abc import Sequence
from itertools import repeat
from typing import Any

from sqlalchemy import Integer, and_, case, exists, func, not_, select
from sqlalchemy.orm import Session

from ...models import BotOffer, ConversationSummary, Escalation
from ..cycle_times import percentile
from ..filters import AnalyticsFilter
from .reading import SCORES

NO_QUESTION_YET = "start"  # abandoned before the form asked anything
PERCENTILES = {"p50": 0.5, "p90": 0.9}

summary = ConversationSummary
has_case = exists().where(Escalation.conversation_id == summary.conversation_id)
kept_item = exists().where(BotOffer.conversation_id == summary.conversation_id, BotOffer.status == "accepted")
handed_off = summary.paused | has_case
got_rma = summary.rma_turn.is_not(None)


def conversation_metrics(session: Session, scope: AnalyticsFilter) -> dict[str, Any]:
    in_range = and_(summary.first_message_at >= scope.start, summary.first_message_at < scope.end)
    totals = session.execute(
        select(
            func.count(),
            _count(got_rma & not_(handed_off)),
            _count(handed_off),
            func.coalesce(func.sum(summary.fallback_turns), 0),
            func.coalesce(func.sum(summary.user_turns), 0),
            _count(got_rma),
        ).where(in_range)
    ).one()
    conversations, contained, handoffs, fallback_turns, turns, rmas = totals
    return {
        "conversations": conversations,
        "containment": _share(contained, conversations),
        "handoff_rate": _share(handoffs, conversations),
        "fallback_rate": _share(fallback_turns, turns),
        "turns_to_rma": {"count": rmas, **_turns_to_rma(session, in_range, rmas)},
        "abandonment": _abandonment(session, in_range),
        "satisfaction": _satisfaction(session, in_range),
    }


def _count(condition) -> Any:
    return func.coalesce(func.sum(case((condition, 1), else_=0)), 0).cast(Integer)


def _turns_to_rma(session: Session, in_range, rmas: int) -> dict[str, float | None]:
    """p50 and p90 of the customer turns it took to an RMA, interpolated as percentile_cont does."""
    if not rmas:
        return dict.fromkeys(PERCENTILES)
    with_rma = and_(in_range, got_rma)
    values: Sequence[Any]
    if session.get_bind().dialect.name == "postgresql":
        columns = [func.percentile_cont(p).within_group(summary.rma_turn) for p in PERCENTILES.values()]
        values = session.execute(select(*columns).where(with_rma)).one()
    else:
        # SQLite has no percentile_cont: turns are few distinct small numbers, so a histogram comes
        # back and is expanded into the sorted list the shared percentile() interpolates over.
        histogram = session.execute(
            select(summary.rma_turn, func.count()).where(with_rma).group_by(summary.rma_turn).order_by(summary.rma_turn)
        )
        ordered = [turn for turn, n in histogram for turn in repeat(turn, n)]
        values = [percentile(ordered, p) for p in PERCENTILES.values()]
    return {name: round(float(value), 2) for name, value in zip(PERCENTILES, values, strict=True)}


def _abandonment(session: Session, in_range) -> list[dict[str, Any]]:
    """Returns begun, not finished and not settled by keeping the item: the form's last question."""
    step = func.coalesce(summary.last_step, NO_QUESTION_YET)
    rows = session.execute(
        select(step, func.count())
        .where(in_range, summary.started_return, not_(got_rma), not_(kept_item))
        .group_by(step)
    )
    counted = sorted(rows, key=lambda row: (-row[1], row[0]))
    return [{"step": name, "conversations": n} for name, n in counted]


def _satisfaction(session: Session, in_range) -> dict[str, Any]:
    rows = session.execute(
        select(summary.score, func.count()).where(in_range, summary.score.in_(SCORES)).group_by(summary.score)
    )
    distribution = dict.fromkeys(SCORES, 0) | {score: n for score, n in rows}
    responses = sum(distribution.values())
    points = sum(int(score) * n for score, n in distribution.items())
    return {
        "responses": responses,
        "average": round(points / responses, 2) if responses else None,
        "distribution": distribution,
    }


def _share(part: int, whole: int) -> float:
    return round(part / whole, 4) if whole else 0.0
