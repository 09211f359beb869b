"""Wording shared by the actions: reasons, resolutions, money and dates as customers read them."""

from __future__ import annotations

from datetime import date

REASON_TITLES = {
    "size_too_small": "Too small",
    "size_too_large": "Too large",
    "damaged_in_transit": "Arrived damaged",
    "defective": "Faulty / doesn't work",
    "not_as_described": "Not as described",
    "wrong_item": "Wrong item sent",
    "missing_parts": "Parts missing",
    "changed_mind": "Changed my mind",
    "better_price_found": "Found a better price",
    "arrived_late": "Arrived too late",
    "other": "Something else",
}
RESOLUTION_TITLES = {"refund": "Refund", "exchange": "Exchange", "store_credit": "Store credit"}
SHIPPING_PAYER = {
    "customer": "Return shipping is at your cost",
    "merchant": "Return shipping is free for you",
    "carrier": "Return shipping is free for you",
}
# Words that mean "all of them" when we ask how many.
ALL_WORDS = {"all", "both", "everything", "every one", "all of them"}
NUMBER_WORDS = {"one": 1, "a": 1, "an": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6}


def money(minor: int, currency: str) -> str:
    return f"{minor / 100:.2f} {currency}"


def day(iso: str | None) -> str:
    if not iso:
        return ""
    return date.fromisoformat(iso).strftime("%-d %B %Y")


def parse_quantity(text: str, most: int) -> int | None:
    words = text.strip().lower()
    if words in ALL_WORDS:
        return most
    for token in words.replace(",", " ").split():
        if token.isdigit():
            return int(token)
        if token in NUMBER_WORDS:
            return NUMBER_WORDS[token]
    return None
