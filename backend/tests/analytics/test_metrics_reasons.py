"""Reasons over HTTP: units per reason code, per month of the order, per category, and as CSV."""

from __future__ import annotations

import csv
import io

import pytest

from .metrics_data import RANGE, reference_history, rollups_as


@pytest.fixture(params=["live", "rollup"])
def analyst(request, session, signed_in, engine):
    """A admin looking at `reference_history`: computed live, and from the PostgreSQL rollups."""
    reference_history(session)
    with rollups_as(request.param, engine):
        yield signed_in("ada", "admin")


def test_reasons_weigh_units_of_counted_returns(analyst):
    body = analyst.get("/analytics/reasons", params=RANGE).json()

    # R1: size_too_small 1 + defective 1 (September); R3: not_as_described 2, R4: size_too_large 1
    # (October). R2 (rejected), R6 (cancelled) and R5 (order in August) do not count. 5 units.
    assert body["total"] == [
        {"reason": "not_as_described", "units": 2, "share": 0.4},
        {"reason": "defective", "units": 1, "share": 0.2},
        {"reason": "size_too_large", "units": 1, "share": 0.2},
        {"reason": "size_too_small", "units": 1, "share": 0.2},
    ]
    assert body["by_month"] == [
        {"month": "2026-09", "counts": {"defective": 1, "size_too_small": 1}, "partial": False},
        {"month": "2026-10", "counts": {"not_as_described": 2, "size_too_large": 1}, "partial": False},
    ]
    assert "rows" not in body


def test_reasons_per_category_share_within_the_category(analyst):
    body = analyst.get("/analytics/reasons", params=RANGE | {"by": "category"}).json()

    assert body["rows"] == [
        {
            "key": "apparel",
            "reasons": [
                {"reason": "size_too_large", "units": 1, "share": 0.5},
                {"reason": "size_too_small", "units": 1, "share": 0.5},
            ],
        },
        {"key": "home", "reasons": [{"reason": "not_as_described", "units": 2, "share": 1.0}]},
        {"key": "shoes", "reasons": [{"reason": "defective", "units": 1, "share": 1.0}]},
    ]


def test_reasons_per_sku_within_one_category(analyst):
    body = analyst.get("/analytics/reasons", params=RANGE | {"by": "sku", "category": "apparel"}).json()

    assert [row["key"] for row in body["rows"]] == ["AP-JEANS", "AP-SHIRT"]
    assert body["total"] == [
        {"reason": "size_too_large", "units": 1, "share": 0.5},
        {"reason": "size_too_small", "units": 1, "share": 0.5},
    ]


def test_reasons_as_csv(analyst):
    response = analyst.get("/analytics/reasons", params=RANGE | {"by": "category", "format": "csv"})

    assert response.headers["content-type"].startswith("text/csv")
    assert (
        response.headers["content-disposition"] == 'attachment; filename="reasons-category-2026-09-01-2026-10-31.csv"'
    )
    assert list(csv.reader(io.StringIO(response.text))) == [
        ["key", "reason", "units", "share"],
        ["apparel", "size_too_large", "1", "0.5"],
        ["apparel", "size_too_small", "1", "0.5"],
        ["home", "not_as_described", "2", "1.0"],
        ["shoes", "defective", "1", "1.0"],
    ]
    overall = analyst.get("/analytics/reasons", params=RANGE | {"format": "csv"}).text.splitlines()
    assert overall[:2] == ["reason,units,share", "not_as_described,2,0.4"]
