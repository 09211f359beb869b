"""What a search box's text names: an RMA number, an order number, an email, a phone number or a name.

One query may name several at once ("A10" is both the start of an order number and part of a
name); each field is None when the text cannot be one.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from ..errors import InvalidInput
from ..models.rma_number import InvalidRmaNumber, parse_rma_number

MIN_LENGTH, MAX_LENGTH = 2, 100
_ORDER_NUMBER = re.compile(r"^[A-Z0-9][A-Z0-9_-]{0,63}$")
_PHONE = re.compile(r"^\+?[\d\s().-]{6,}$")


@dataclass(frozen=True)
class Query:
    text: str
    rma_number: str | None = None
    order_number: str | None = None
    email: str | None = None
    phone: str | None = None
    name: str | None = None


def refuse_control_characters(text: str, what: str) -> None:
    # PostgreSQL refuses NUL in text outright; no one types any of these on purpose.
    if any(ord(ch) < 32 or 127 <= ord(ch) < 160 for ch in text):
        raise InvalidInput(f"{what} contains control characters; type it again as plain text")


def read_query(raw: str) -> Query:
    """The fields a search text can name; 422 when it is too short or too long to search for."""
    text = " ".join(raw.split())
    refuse_control_characters(text, "the search text")
    if not MIN_LENGTH <= len(text) <= MAX_LENGTH:
        raise InvalidInput(
            f"search for {MIN_LENGTH} to {MAX_LENGTH} characters: an RMA number, an order number, "
            "an email address or a phone number"
        )
    try:
        rma_number: str | None = parse_rma_number(text)
    except InvalidRmaNumber:
        rma_number = None
    if rma_number:
        return Query(text=text, rma_number=rma_number)
    upper = text.upper()
    if "@" in text:
        return Query(text=text, email=text.lower())
    if _PHONE.match(text):
        return Query(text=text, phone=re.sub(r"\D", "", text))
    return Query(
        text=text,
        order_number=upper if _ORDER_NUMBER.match(upper) else None,
        email=text.lower() if " " not in text else None,
        name=text.lower(),
    )
