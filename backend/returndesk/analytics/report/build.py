"""What the report says: the headline numbers (the metrics' own functions) and the findings (the
insight rules, exactly as GET /analytics/insights serves them), grouped by owner team."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy.orm import Session

from ...models import utcnow
from ..cycle_times import refund_sla
from ..filters import AnalyticsFilter
from ..insights.findings import Finding
from ..insights.run import OWNER_ORDER, run_insights
from ..return_rates import overall, summary_rates

TEAM_NAMES = {
    "product": "Product (design and quality)",
    "operations": "Operations (size guide and product information)",
    "marketing": "Marketing (photos and descriptions)",
    "logistics": "Logistics (packaging and carriers)",
    "risk": "Risk (return abuse)",
}


@dataclass(frozen=True)
class Report:
    scope: AnalyticsFilter
    generated_at: datetime
    currency: str
    return_rate: dict[str, Any]
    refund_sla: dict[str, Any]
    findings: list[Finding]
    dashboard_url: str

    @property
    def teams(self) -> list[tuple[str, list[Finding]]]:
        """(team name, its findings) for every team with something to act on, in a fixed order."""
        grouped = [(owner, [f for f in self.findings if f.owner == owner]) for owner in OWNER_ORDER]
        return [(TEAM_NAMES[owner], found) for owner, found in grouped if found]

    @property
    def subject(self) -> str:
        return (
            f"Returns report {self.scope.date_from} to {self.scope.date_to}: "
            f"{len(self.findings)} finding{'s' if len(self.findings) != 1 else ''}"
        )


def build_report(session: Session, scope: AnalyticsFilter, *, currency: str, public_url: str) -> Report:
    scope = AnalyticsFilter(scope.date_from, scope.date_to)  # the report covers every category
    dashboard = f"{public_url.rstrip('/')}/console/analytics?from={scope.date_from}&to={scope.date_to}"
    return Report(
        scope=scope,
        generated_at=utcnow(),
        currency=currency,
        return_rate=summary_rates(overall(session, scope), currency),
        refund_sla=refund_sla(session, scope),
        findings=run_insights(session, scope),
        dashboard_url=dashboard,
    )
