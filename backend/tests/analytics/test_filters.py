"""The analytics filter (dates, category) and who may see the metrics, over HTTP and directly."""

from __future__ import annotations

from datetime import date

import pytest

from returndesk.analytics.filters import BadFilter, make_filter, months_between, partial_month

METRICS = ("/analytics/summary", "/analytics/return-rates", "/analytics/reasons")


def test_default_range_is_the_last_90_days_ending_today():
    scope = make_filter(None, None, None, today=date(2026, 11, 26))

    assert (scope.date_from, scope.date_to, scope.category) == (date(2026, 8, 29), date(2026, 11, 26), None)
    assert scope.end.isoformat() == "2026-11-27T00:00:00+00:00"  # the last day is included


def test_only_from_given_runs_to_today_and_only_to_given_covers_90_days_before_it():
    assert make_filter("2026-10-01", "", None, today=date(2026, 11, 26)).date_to == date(2026, 11, 26)
    assert make_filter(None, "2026-03-31", None, today=date(2026, 11, 26)).date_from == date(2026, 1, 1)


def test_category_is_trimmed_and_lower_cased_and_blank_means_all():
    assert make_filter(None, None, "  Shoes ", today=date(2026, 11, 26)).category == "shoes"
    assert make_filter(None, None, "  ", today=date(2026, 11, 26)).category is None


def test_months_between_crosses_a_year():
    scope = make_filter("2025-11-15", "2026-02-01", None)
    assert months_between(scope) == ["2025-11", "2025-12", "2026-01", "2026-02"]


TODAY = date(2026, 11, 26)


@pytest.mark.parametrize(
    ("date_from", "date_to", "month", "partial"),
    [
        pytest.param("2026-09-01", "2026-10-31", "2026-09", False, id="whole-and-over"),
        pytest.param("2026-09-02", "2026-10-31", "2026-09", True, id="range-starts-inside"),
        pytest.param("2026-09-01", "2026-10-30", "2026-10", True, id="range-ends-inside"),
        pytest.param("2026-09-01", "2026-11-26", "2026-11", True, id="the-current-month"),
        pytest.param("2026-09-01", "2026-11-26", "2026-10", False, id="last-month"),
        pytest.param("2026-11-01", "2026-12-31", "2026-12", True, id="a-month-still-to-come"),
        pytest.param("2025-12-01", "2025-12-31", "2025-12", False, id="december"),
    ],
)
def test_a_month_is_partial_when_the_range_cuts_it_or_it_is_not_over(date_from, date_to, month, partial):
    scope = make_filter(date_from, date_to, None, today=TODAY)
    assert partial_month(scope, month, today=TODAY) is partial


@pytest.mark.parametrize(
    ("params", "says"),
    [
        pytest.param({"from": "2026-13-01"}, "'from' must be a date like 2026-09-01", id="not-a-date"),
        pytest.param({"to": "yesterday"}, "'to' must be a date like 2026-09-01", id="words"),
        pytest.param({"from": "2026-10-02", "to": "2026-10-01"}, "is after 'to'", id="from-after-to"),
        pytest.param({"from": "2022-01-01", "to": "2026-01-01"}, "longer than three years", id="too-long"),
    ],
)
def test_bad_filters_are_refused_with_what_to_fix(params, says):
    with pytest.raises(BadFilter, match=says):
        make_filter(params.get("from"), params.get("to"), None)


def test_three_years_to_the_day_is_allowed():
    scope = make_filter("2023-11-27", "2026-11-26", None)
    assert (scope.date_to - scope.date_from).days + 1 == 1096


@pytest.mark.parametrize("path", METRICS)
def test_bad_filter_over_http_is_a_422_problem(signed_in, path):
    analyst = signed_in("sue", "supervisor")

    response = analyst.get(path, params={"from": "2026-10-02", "to": "2026-10-01"})

    assert response.status_code == 422
    assert response.headers["content-type"].startswith("application/problem+json")
    assert (
        response.json()["detail"]
        == "'from' (2026-10-02) is after 'to' (2026-10-01); swap them or pick an earlier 'from'"
    )


def test_unknown_grouping_is_a_422_naming_the_parameter(signed_in):
    analyst = signed_in("sue", "supervisor")

    response = analyst.get("/analytics/return-rates", params={"by": "colour"})

    assert response.status_code == 422
    assert response.json()["detail"].startswith("query.by:")


@pytest.mark.parametrize("path", METRICS)
def test_anonymous_gets_401(api, path):
    assert api.get(path).status_code == 401


@pytest.mark.parametrize("role", ["agent", "senior_agent", "warehouse"])
def test_roles_other_than_admin_and_supervisor_get_403(signed_in, role):
    client = signed_in("pat", role)

    for path in METRICS:
        response = client.get(path)
        assert response.status_code == 403, path
        assert "admin or supervisor" in response.json()["detail"]


@pytest.mark.parametrize("role", ["admin", "supervisor"])
def test_admin_and_supervisor_see_every_endpoint(signed_in, role):
    client = signed_in("pat", role)

    for path in METRICS:
        assert client.get(path).status_code == 200, path
