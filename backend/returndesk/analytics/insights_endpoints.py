"""GET /analytics/insights: findings for the owning teams, for admins and supervisors."""

from __future__ import annotations

from typing import Annotated, Any, Literal

from fastapi import APIRouter, Depends, Query

from ..db import DbSession
from ..kit.csv import table
from .csv import attachment
from .dependencies import CSV_RESPONSE, Analyst
from .filters import AnalyticsFilter, make_filter
from .insights.findings import Finding
from .insights.run import run_insights

router = APIRouter(prefix="/analytics", tags=["analytics"])
CSV_HEADER = ("owner", "rule", "subject_kind", "subject", "title", "suggested_action", "returns")


def insights_range(
    date_from: Annotated[str | None, Query(alias="from", max_length=32, description="First order date")] = None,
    date_to: Annotated[str | None, Query(alias="to", max_length=32, description="Last order date, inclusive")] = None,
) -> AnalyticsFilter:
    """`from`/`to` as for the metrics; no category: the rules compare categories with each other."""
    return make_filter(date_from, date_to, None)


@router.get("/insights", responses=CSV_RESPONSE)
def get_insights(
    _: Analyst,
    scope: Annotated[AnalyticsFilter, Depends(insights_range)],
    session: DbSession,
    format: Literal["json", "csv"] = "json",
) -> Any:
    """Findings for orders placed in the range: owner team, suggested action and the returns behind each."""
    findings = run_insights(session, scope)
    if format == "csv":
        return attachment(table(CSV_HEADER, (_csv_row(f) for f in findings)), "insights", scope)
    return {"range": scope.as_range(), "findings": [finding.to_dict() for finding in findings]}


def _csv_row(finding: Finding) -> list[Any]:
    return [
        finding.owner,
        finding.rule,
        finding.subject_kind,
        finding.subject_key,
        finding.title,
        finding.suggested_action,
        " ".join(finding.returns),
    ]
