"""Audit events as CSV that is safe to open in a spreadsheet.

A cell starting with = + - @ (or a tab or carriage return) is a formula to Excel and LibreOffice:
a customer's "=HYPERLINK(...)" quoted in a note would run when a supervisor opens the export.
Such cells get a leading apostrophe, which spreadsheets show as plain text (OWASP "CSV injection").
"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable

from .service import Row

HEADER = ("id", "at", "kind", "actor", "role", "order_number", "escalation", "rma_number", "description")
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def safe_cell(value: object) -> str:
    text = "" if value is None else str(value)
    return "'" + text if text.startswith(FORMULA_STARTS) else text


def events_csv(rows: Iterable[Row]) -> str:
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow(HEADER)
    for row in rows:
        cells = (
            row.id,
            row.at.isoformat(),
            row.kind,
            row.actor,
            row.role,
            row.order_number,
            row.escalation_reference,
            row.rma_number,
            row.description,
        )
        writer.writerow([safe_cell(cell) for cell in cells])
    return out.getvalue()
