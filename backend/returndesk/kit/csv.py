"""Tables as CSV that is safe to open in a spreadsheet.

A cell starting with = + - @ (or a tab or carriage return) is a formula to Excel and LibreOffice:
a customer's "=HYPERLINK(...)" quoted in a note would run when a supervisor opens the export.
Such cells get a leading apostrophe, which spreadsheets show as plain text (OWASP "CSV injection").
"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable, Sequence
from typing import Any

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def safe_cell(value: object) -> str:
    text = "" if value is None else str(value)
    return "'" + text if text.startswith(FORMULA_STARTS) else text


def table(header: Sequence[str], rows: Iterable[Sequence[Any]]) -> str:
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow(header)
    for row in rows:
        writer.writerow([safe_cell(cell) for cell in row])
    return out.getvalue()
