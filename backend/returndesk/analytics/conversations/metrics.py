"""Conversation metrics for a range of days: containment, handoffs, fallbacks, turns, drop-off, rating.

A conversation belongs to the range of its first customer message. Besides Rasa's events, the
service's own records say what the events cannot: a case opened for this conversation (a
person reviews the return) and a keep-the-item offer accepted (no RMA, yet not abandoned).
"""

from __future__ import annotations

from collections import Counter, defaultdict
from typing import Any

from sqlalchemy import Select, and_, func, or_, select
from sqlalchemy.orm import Session

from ...models import BotOffer, ConversationEvent, Escalation
from ..cycle_times import percentile
from ..filters import AnalyticsFilter
from .reading import SCORES, ConversationReading, Event, read_conversation

READ_SLOTS = ("requested_slot", "rma_number", "chat_score")
NO_QUESTION_YET = "start"  # abandoned before the form asked anything


def conversation_metrics(session: Session, scope: AnalyticsFilter) -> dict[str, Any]:
    in_range = _conversations_in(scope)
    readings = _readings(session, in_range)
    with_case = _conversations_with(session, Escalation.conversation_id, in_range)
    kept_item = _conversations_with(session, BotOffer.conversation_id, in_range, BotOffer.status == "accepted")
    handed_off = {cid for cid, reading in readings.items() if reading.paused or cid in with_case}
    total = len(readings)
    turns = sum(r.user_turns for r in readings.values())
    to_rma = sorted(r.rma_turn for r in readings.values() if r.rma_turn is not None)
    abandoned = Counter(
        reading.last_step or NO_QUESTION_YET
        for cid, reading in readings.items()
        if reading.started_return and not reading.got_rma and cid not in kept_item
    )
    return {
        "conversations": total,
        "containment": _share(sum(r.got_rma and cid not in handed_off for cid, r in readings.items()), total),
        "handoff_rate": _share(len(handed_off), total),
        "fallback_rate": _share(sum(r.fallback_turns for r in readings.values()), turns),
        "turns_to_rma": {
            "count": len(to_rma),
            "p50": round(percentile(to_rma, 0.5), 2) if to_rma else None,
            "p90": round(percentile(to_rma, 0.9), 2) if to_rma else None,
        },
        "abandonment": [
            {"step": step, "conversations": n} for step, n in sorted(abandoned.items(), key=lambda i: (-i[1], i[0]))
        ],
        "satisfaction": _satisfaction(readings.values()),
    }


def _conversations_in(scope: AnalyticsFilter) -> Select[tuple[str]]:
    """The conversations whose first customer message is in the range."""
    return (
        select(ConversationEvent.conversation_id)
        .where(ConversationEvent.event_type == "user")
        .group_by(ConversationEvent.conversation_id)
        .having(
            func.min(ConversationEvent.occurred_at) >= scope.start, func.min(ConversationEvent.occurred_at) < scope.end
        )
    )


def _readings(session: Session, in_range: Select[tuple[str]]) -> dict[str, ConversationReading]:
    """Each conversation in the range, read from its events in Rasa's order."""
    rows = session.execute(
        select(
            ConversationEvent.conversation_id,
            ConversationEvent.event_type,
            ConversationEvent.name,
            ConversationEvent.value,
        )
        .where(
            ConversationEvent.conversation_id.in_(in_range),
            or_(
                ConversationEvent.event_type.in_(("user", "action", "active_loop", "pause")),
                and_(ConversationEvent.event_type == "slot", ConversationEvent.name.in_(READ_SLOTS)),
            ),
        )
        .order_by(ConversationEvent.conversation_id, ConversationEvent.rasa_timestamp, ConversationEvent.id)
    )
    events: dict[str, list[Event]] = defaultdict(list)
    for conversation_id, event_type, name, value in rows:
        events[conversation_id].append(Event(event_type, name, value))
    return {cid: read_conversation(conversation) for cid, conversation in events.items()}


def _conversations_with(session: Session, column, in_range: Select[tuple[str]], *conditions) -> set[str]:
    """Conversations in the range that have a row in `column`'s table (a case, an accepted offer)."""
    return set(session.scalars(select(column).where(column.in_(in_range), *conditions).distinct()))


def _satisfaction(readings) -> dict[str, Any]:
    scores = [int(r.score) for r in readings if r.score]
    return {
        "responses": len(scores),
        "average": round(sum(scores) / len(scores), 2) if scores else None,
        "distribution": {score: sum(1 for s in scores if str(s) == score) for score in SCORES},
    }


def _share(part: int, whole: int) -> float:
    return round(part / whole, 4) if whole else 0.0
