"""GET /analytics/conversations: how the assistant's conversations went, for admins and supervisors."""

from __future__ import annotations

from typing import Annotated, Any, Literal

from fastapi import APIRouter, Depends, Query

from ...db import DbSession
from ..csv import attachment
from ..dependencies import CSV_RESPONSE, Analyst
from ..filters import AnalyticsFilter, make_filter
from .export import conversations_csv
from .metrics import conversation_metrics

router = APIRouter(prefix="/analytics", tags=["analytics"])


def conversation_range(
    date_from: Annotated[
        str | None, Query(alias="from", max_length=32, description="First day (first message)")
    ] = None,
    date_to: Annotated[str | None, Query(alias="to", max_length=32, description="Last day, inclusive")] = None,
) -> AnalyticsFilter:
    """The dashboard's date range (analytics/filters.py), applied to a conversation's first message."""
    return make_filter(date_from, date_to, None)


@router.get("/conversations", responses=CSV_RESPONSE)
def get_conversation_metrics(
    _: Analyst,
    scope: Annotated[AnalyticsFilter, Depends(conversation_range)],
    session: DbSession,
    format: Literal["json", "csv"] = "json",
) -> Any:
    """Conversations started in the range: containment, handoffs, fallbacks, turns to an RMA, drop-off, rating."""
    body = {
        "range": {"from": scope.date_from.isoformat(), "to": scope.date_to.isoformat()},
        **conversation_metrics(session, scope),
    }
    if format == "csv":
        return attachment(conversations_csv(body), "conversations", scope)
    return body
