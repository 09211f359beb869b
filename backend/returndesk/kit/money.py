"""Money as integer minor units of a currency: parsing, formatting, percentages.

Percentages are applied with Decimal and rounded half up to the minor unit (12.345 -> 12.35),
once per line, so the sum of line figures is what the customer sees.
"""

from __future__ import annotations

from decimal import ROUND_HALF_UP, Decimal, InvalidOperation

# Minor-unit exponent per ISO 4217 currency; every other currency has 2 decimals.
_EXPONENTS = {"JPY": 0, "KRW": 0, "VND": 0, "CLP": 0, "ISK": 0, "BHD": 3, "KWD": 3, "JOD": 3, "TND": 3}


def exponent(currency: str) -> int:
    return _EXPONENTS.get(currency.upper(), 2)


def parse_amount(value: object, currency: str) -> int:
    """ "4.95" (or 4.95) in major units -> 495 minor units; ValueError says what is wrong."""
    if isinstance(value, bool):
        raise ValueError('expected an amount such as "4.95"')
    try:
        amount = Decimal(str(value))
    except InvalidOperation:
        raise ValueError('expected an amount such as "4.95"') from None
    if not amount.is_finite() or amount < 0:
        raise ValueError("expected an amount of zero or more")
    places = exponent(currency)
    minor = amount.scaleb(places)
    if minor != minor.to_integral_value():
        raise ValueError(f"{currency} has {places} decimal places")
    return int(minor)


def format_decimal(minor: int, currency: str) -> str:
    """12345 in EUR -> "123.45": the amount alone, with the currency's number of places."""
    places = exponent(currency)
    return f"{Decimal(int(minor)).scaleb(-places):.{places}f}"


def format_amount(minor: int, currency: str) -> str:
    return f"{format_decimal(minor, currency)} {currency}"


def percent_of(minor: int, percent: Decimal) -> int:
    """`percent` % of an amount, rounded half up to the minor unit."""
    return int((Decimal(minor) * percent / 100).quantize(Decimal(1), rounding=ROUND_HALF_UP))
