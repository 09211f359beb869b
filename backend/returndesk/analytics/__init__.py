"""Analytics: return metrics, insights routed to the owning team, and the periodic report.

Numbers leave this package as the contract in the API says: money as decimal strings of the
policy's currency ("123.45"), rates as floats 0..1 rounded to four places.
"""

from __future__ import annotations

from ..kit.money import format_decimal


def money(minor: int, currency: str) -> str:
    """12345 -> "123.45" (no currency sign: the response names the currency once)."""
    return format_decimal(minor, currency)


def rate(part: float, whole: float) -> float:
    """part / whole rounded to 4 places; 0.0 when there is nothing to divide by."""
    return round(part / whole, 4) if whole else 0.0
