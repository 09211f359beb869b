"""A case's timeline as CSV, safe to open in a spreadsheet.

A cell starting with = + - @ (or a tab or carriage return) is a formula to Excel and LibreOffice:
a customer's text "=HYPERLINK(...)" copied into a note would run when a supervisor opens the
export. Such cells get a leading apostrophe, which spreadsheets show as plain text.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable

from ..models import AuditEvent

HEADER = ("at", "kind", "actor", "role", "description")
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def safe_cell(value: object) -> str:
    text = "" if value is None else str(value)
    return "'" + text if text.startswith(FORMULA_STARTS) else text


def timeline_csv(events: Iterable[AuditEvent]) -> str:
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow(HEADER)
    for event in events:
        row = (event.created_at.isoformat(), event.kind, event.actor, event.role, event.description)
        writer.writerow([safe_cell(cell) for cell in row])
    return out.getvalue()
