"""GET /analytics/conversations?format=csv: every figure of the JSON as a row a spreadsheet can filter.

Three columns, `section,name,value`: the range, the headline rates, turns to an RMA, then one row
per step where unfinished returns stopped and one per rating (1-5), so a sheet can pivot or chart
any section without reshaping. Empty cells where the JSON has null (no RMA, no rating).
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from ...kit.csv import table

HEADER = ("section", "name", "value")
HEADLINE = ("conversations", "containment", "handoff_rate", "fallback_rate")


def conversations_csv(body: dict[str, Any]) -> str:
    return table(HEADER, _rows(body))


def _rows(body: dict[str, Any]) -> Iterator[tuple[str, str, Any]]:
    yield from (("range", end, day) for end, day in body["range"].items())
    yield from (("summary", name, body[name]) for name in HEADLINE)
    yield from (("turns_to_rma", name, value) for name, value in body["turns_to_rma"].items())
    yield from (("abandonment", row["step"], row["conversations"]) for row in body["abandonment"])
    satisfaction = body["satisfaction"]
    yield ("satisfaction", "responses", satisfaction["responses"])
    yield ("satisfaction", "average", satisfaction["average"])
    yield from (("ratings", score, n) for score, n in satisfaction["distribution"].items())
