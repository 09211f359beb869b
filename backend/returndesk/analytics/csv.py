"""The dashboard's tables as CSV for spreadsheets, with formula-safe cells (kit/csv.py)."""

from __future__ import annotations

from typing import Any

from fastapi.responses import Response

from ..kit.csv import table
from .filters import AnalyticsFilter

RATE_HEADER = ("key", "label", "category", "units_sold", "units_returned", "unit_rate", "order_rate", "revenue_rate")


def return_rates_csv(rows: list[dict[str, Any]]) -> str:
    return table(RATE_HEADER, ([row[name] for name in RATE_HEADER] for row in rows))


def reasons_csv(body: dict[str, Any]) -> str:
    """One row per reason; per category/SKU when the breakdown was asked for."""
    if "rows" in body:
        cells = ([row["key"], r["reason"], r["units"], r["share"]] for row in body["rows"] for r in row["reasons"])
        return table(("key", "reason", "units", "share"), cells)
    return table(("reason", "units", "share"), ([r["reason"], r["units"], r["share"]] for r in body["total"]))


def attachment(text: str, name: str, scope: AnalyticsFilter) -> Response:
    """A download named after what it holds, e.g. return-rates-sku-2026-08-29-2026-11-26.csv."""
    parts = [name, scope.category, scope.date_from.isoformat(), scope.date_to.isoformat()]
    filename = "-".join(part for part in parts if part)
    # The category is user input: keep the header to safe characters.
    filename = "".join(ch if ch.isalnum() or ch in "-_." else "_" for ch in filename)
    return Response(
        text,
        media_type="text/csv; charset=utf-8",
        headers={"Content-Disposition": f'attachment; filename="{filename}.csv"'},
    )
