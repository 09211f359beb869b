"""Return rates over HTTP: overall (summary), per category, SKU and month, and as CSV.

Expected numbers are worked out by hand from `reference_history` (see its docstring).
"""

from __future__ import annotations

import csv
import io

import pytest

from .metrics_data import RANGE, History, reference_history, rollups_as


@pytest.fixture(params=["live", "rollup"])
def analyst(request, session, signed_in, engine):
    """A supervisor looking at `reference_history`: computed live, and from the PostgreSQL rollups."""
    reference_history(session)
    with rollups_as(request.param, engine):
        yield signed_in("sue", "supervisor")


def test_summary_return_rate_counts_units_orders_and_revenue_of_orders_placed_in_range(analyst):
    body = analyst.get("/analytics/summary", params=RANGE).json()

    assert body["range"] == {"from": "2026-09-01", "to": "2026-10-31", "category": None}
    assert body["currency"] == "EUR"
    # Sold: O1 2+1, O2 1, O3 4+1, O5 2 = 11 units; 8000+10000 + 4000 + 10000+6000 + 2000 = 400.00.
    # Returned (R1 2, R3 2, R4 1; R2 rejected, R6 cancelled, R5 outside): 5 units,
    # 4000+10000 + 2*2500 + 6000 = 250.00; orders O1 and O3 of the four.
    assert body["return_rate"] == {
        "units": 0.4545,
        "orders": 0.5,
        "revenue": 0.625,
        "units_sold": 11,
        "units_returned": 5,
        "orders_placed": 4,
        "orders_with_returns": 2,
        "revenue_sold": "400.00",
        "revenue_returned": "250.00",
    }


def test_a_category_narrows_the_rate_to_its_lines(analyst):
    body = analyst.get("/analytics/summary", params=RANGE | {"category": "Apparel"}).json()

    # Apparel: shirts 2 (O1) + 1 (O2) + jeans 1 (O3) sold; 1 shirt (R1) and the jeans (R4) back.
    assert body["range"]["category"] == "apparel"
    rates = body["return_rate"]
    assert (rates["units_sold"], rates["units_returned"], rates["units"]) == (4, 2, 0.5)
    assert (rates["orders_placed"], rates["orders_with_returns"], rates["orders"]) == (3, 2, 0.6667)
    assert (rates["revenue_sold"], rates["revenue_returned"], rates["revenue"]) == ("180.00", "100.00", 0.5556)


def test_rates_by_category_highest_first_with_monthly_trend(analyst):
    body = analyst.get("/analytics/return-rates", params=RANGE | {"by": "category"}).json()

    assert body["by"] == "category"
    rows = {row["key"]: row for row in body["rows"]}
    # shoes 1/1, then apparel 2/4 and home 2/4 (ties by key), beauty 0/2.
    assert [row["key"] for row in body["rows"]] == ["shoes", "apparel", "home", "beauty"]
    assert rows["apparel"] == {
        "key": "apparel",
        "label": "apparel",
        "category": "apparel",
        "units_sold": 4,
        "units_returned": 2,
        "unit_rate": 0.5,
        "order_rate": 0.6667,
        "revenue_rate": 0.5556,
        # September: 3 shirts sold, 1 back; October: 1 jeans sold, 1 back.
        "trend": [
            {"month": "2026-09", "unit_rate": 0.3333, "partial": False},
            {"month": "2026-10", "unit_rate": 1.0, "partial": False},
        ],
    }
    # Home: 4 lamps sold, 2 back, on the one order that holds them; 50.00 of 100.00.
    assert (rows["home"]["order_rate"], rows["home"]["revenue_rate"]) == (1.0, 0.5)
    assert [point["unit_rate"] for point in rows["beauty"]["trend"]] == [0.0, 0.0]


def test_rates_by_sku_carry_the_product_name_and_category(analyst):
    rows = analyst.get("/analytics/return-rates", params=RANGE | {"by": "sku"}).json()["rows"]

    assert [(r["key"], r["unit_rate"]) for r in rows] == [
        ("AP-JEANS", 1.0),
        ("SH-RUN", 1.0),
        ("HM-LAMP", 0.5),
        ("AP-SHIRT", 0.3333),
        ("BE-CREAM", 0.0),
    ]
    shirt = rows[3]
    assert (shirt["label"], shirt["category"], shirt["units_sold"], shirt["units_returned"]) == (
        "Linen shirt",
        "apparel",
        3,
        1,
    )


def test_rates_by_month_in_calendar_order(analyst):
    rows = analyst.get("/analytics/return-rates", params=RANGE | {"by": "month"}).json()["rows"]

    # September: O1 3 + O2 1 sold, R1's 2 back; October: O3 5 + O5 2 sold, R3 2 + R4 1 back.
    assert [(r["key"], r["units_sold"], r["units_returned"], r["unit_rate"]) for r in rows] == [
        ("2026-09", 4, 2, 0.5),
        ("2026-10", 7, 3, 0.4286),
    ]
    assert rows[0]["order_rate"] == 0.5  # O1 of O1, O2
    assert [r["partial"] for r in rows] == [False, False]  # both months whole and over


def test_a_month_the_range_cuts_or_that_is_not_over_is_marked_partial(analyst):
    # Mid-September to mid-October: the range holds part of each month (a "drop" that is not one).
    cut = analyst.get("/analytics/return-rates", params={"from": "2026-09-15", "to": "2026-10-15", "by": "month"})
    assert [(r["key"], r["partial"]) for r in cut.json()["rows"]] == [("2026-09", True), ("2026-10", True)]
    reasons = analyst.get("/analytics/reasons", params={"from": "2026-09-01", "to": "2026-10-15"}).json()
    assert [(m["month"], m["partial"]) for m in reasons["by_month"]] == [("2026-09", False), ("2026-10", True)]


def test_rates_as_csv_download(analyst):
    response = analyst.get("/analytics/return-rates", params=RANGE | {"by": "sku", "format": "csv"})

    assert response.status_code == 200
    assert response.headers["content-type"].startswith("text/csv")
    assert response.headers["content-disposition"] == (
        'attachment; filename="return-rates-sku-2026-09-01-2026-10-31.csv"'
    )
    table = list(csv.reader(io.StringIO(response.text)))
    assert table[0] == [
        "key",
        "label",
        "category",
        "units_sold",
        "units_returned",
        "unit_rate",
        "order_rate",
        "revenue_rate",
    ]
    assert table[4] == ["AP-SHIRT", "Linen shirt", "apparel", "3", "1", "0.3333", "0.5", "0.3333"]
    assert len(table) == 6


def test_nothing_sold_in_range_gives_zero_rates_not_an_error(analyst):
    body = analyst.get("/analytics/summary", params={"from": "2025-01-01", "to": "2025-01-31"}).json()

    assert body["return_rate"]["units"] == 0.0
    assert body["return_rate"]["revenue_sold"] == "0.00"
    rows = analyst.get("/analytics/return-rates", params={"from": "2025-01-01", "to": "2025-01-31"}).json()["rows"]
    assert rows == []


def test_csv_cells_from_shop_data_cannot_run_as_formulas(session, signed_in):
    history = History(session)
    history.order("2026-09-03 10:00", ("=HYPERLINK(1)", "@SUM(A1)", "apparel", 1, 1000))
    session.commit()
    analyst = signed_in("sue", "supervisor")

    text = analyst.get("/analytics/return-rates", params=RANGE | {"by": "sku", "format": "csv"}).text

    assert text.splitlines()[1] == "'=HYPERLINK(1),'@SUM(A1),apparel,1,0,0.0,0.0,0.0"
