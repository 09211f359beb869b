"""The insight rules on generated history find exactly the planted anomalies, on several seeds,
and GET /analytics/insights serves them to admins and supervisors only."""

from __future__ import annotations

from datetime import date

import pytest

from returndesk.analytics.filters import AnalyticsFilter
from returndesk.analytics.insights.run import run_insights
from returndesk.models.rma_number import parse_rma_number
from tools.generate.run import generate

from .metrics_data import rollups_as

# The generator and the rollups write through the engine: connections of their own.
pytestmark = pytest.mark.own_database

END = date(2026, 11, 26)
WHOLE_HISTORY = AnalyticsFilter(date(2026, 5, 30), END)
PLANTED = {
    ("sku_return_rate_above_category", ("sku", "HM-LAMP")),
    ("not_as_described_rising", ("sku", "HM-LAMP")),
    ("size_reasons_dominate_category", ("category", "shoes")),
    ("transit_damage_concentrated", ("carrier", "ParcelFast")),
    ("abnormal_customer_returns", ("customer", "rex.returnwell@history.example")),
    ("abnormal_customer_returns", ("customer", "tess.bounceback@history.example")),
}
OWNERS = {
    "sku_return_rate_above_category": "product",
    "not_as_described_rising": "marketing",
    "size_reasons_dominate_category": "operations",
    "transit_damage_concentrated": "logistics",
    "abnormal_customer_returns": "risk",
}


@pytest.fixture(params=["live", "rollup"])
def counted(request, engine):
    """The rules' counts computed live, and from the PostgreSQL rollups (refreshed after the
    history is generated, emptied afterwards; SQLite has none)."""
    return lambda: rollups_as(request.param, engine)


@pytest.mark.parametrize("seed", [1, 2, 3])
def test_the_rules_find_exactly_the_planted_anomalies(engine, session, seed, counted):
    generate(engine, orders=3000, seed=seed, end=END)
    live = run_insights(session, WHOLE_HISTORY)
    with counted():
        findings = run_insights(session, WHOLE_HISTORY)
        session.rollback()  # let go of the views before they are emptied
    assert findings == live  # the rollups hold the same counts: same findings, metrics and returns
    assert {(f.rule, f.subject) for f in findings} == PLANTED
    for finding in findings:
        assert finding.owner == OWNERS[finding.rule]
        assert 1 <= len(finding.returns) <= 20
        assert all(parse_rma_number(number) for number in finding.returns)
        assert finding.title and finding.detail and finding.suggested_action


def test_the_endpoint_serves_the_findings_to_supervisors(engine, session, signed_in, counted):
    generate(engine, orders=3000, seed=1, end=END)
    with counted():
        expected = [f.to_dict() for f in run_insights(session, WHOLE_HISTORY)]
        session.rollback()  # let go of the views before they are emptied
        sofia = signed_in("sofia", "supervisor")
        answer = sofia.get("/analytics/insights", params={"from": "2026-05-30", "to": "2026-11-26"})
        csv = sofia.get("/analytics/insights", params={"from": "2026-05-30", "to": "2026-11-26", "format": "csv"})
    assert answer.status_code == 200, answer.text
    assert answer.json()["findings"] == expected
    assert {(f["rule"], (f["subject"]["kind"], f["subject"]["key"])) for f in expected} == PLANTED
    lamp = next(f for f in expected if f["rule"] == "sku_return_rate_above_category")
    assert lamp["returns"][0].startswith("RMA-") and lamp["metrics"]["multiple"] >= 2
    assert csv.headers["content-type"].startswith("text/csv")
    assert "attachment" in csv.headers["content-disposition"]
    lines = csv.text.strip().splitlines()
    assert lines[0].startswith("owner,rule,subject_kind,subject") and len(lines) == 1 + len(PLANTED)


def test_only_admins_and_supervisors_see_insights(api, signed_in):
    assert api.get("/analytics/insights").status_code == 401
    assert signed_in("alice", "agent").get("/analytics/insights").status_code == 403
    empty = signed_in("ada", "admin").get("/analytics/insights")
    assert empty.status_code == 200 and empty.json()["findings"] == []  # no orders, nothing to find


@pytest.mark.parametrize(
    ("params", "fix"),
    [
        pytest.param({"from": "yesterday"}, "YYYY-MM-DD", id="not a date"),
        pytest.param({"from": "2026-11-01", "to": "2026-10-01"}, "swap them", id="from after to"),
    ],
)
def test_bad_ranges_are_refused_with_what_to_fix(signed_in, params, fix):
    answer = signed_in("sofia", "supervisor").get("/analytics/insights", params=params)
    assert answer.status_code == 422
    assert answer.headers["content-type"] == "application/problem+json" and fix in answer.json()["detail"]
