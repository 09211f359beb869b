"""Run every insight rule over a range: the findings, grouped by owner team in a stable order."""

from __future__ import annotations

from dataclasses import replace

from sqlalchemy.orm import Session

from ..filters import AnalyticsFilter
from . import abnormal_customers, not_as_described, size_reasons, sku_return_rate, transit_damage
from .findings import Finding
from .thresholds import DEFAULTS, Thresholds

RULES = (sku_return_rate, size_reasons, not_as_described, transit_damage, abnormal_customers)
OWNER_ORDER = ("product", "operations", "marketing", "logistics", "risk")


def run_insights(session: Session, scope: AnalyticsFilter, limits: Thresholds = DEFAULTS) -> list[Finding]:
    """Findings for orders placed in the range (the category filter is not used: rules compare
    categories with each other)."""
    scope = replace(scope, category=None)
    findings = [finding for rule in RULES for finding in rule.find(session, scope, limits)]
    return sorted(findings, key=lambda f: (OWNER_ORDER.index(f.owner), f.rule, f.subject_kind, f.subject_key))
