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
# When NLU found no reason entity in free text, these word stems decide (first match wins:
# the more specific faults come before the general ones).
REASON_KEYWORDS: tuple[tuple[str, tuple[str, ...]], ...] = (
    ("wrong_item", ("wrong item", "wrong size sent", "wrong colour", "wrong color", "not what i ordered", "sent me")),
    ("missing_parts", ("missing", "incomplete", "not included")),
    (
        "damaged_in_transit",
        (
            "arrived broken",
            "arrived damaged",
            "crushed",
            "damaged in",
            "smashed",
            "dented",
            # perishables: "the cheese arrived spoiled" is damage on the way, the policy's exception
            "spoiled",
            "spoilt",
            "rotten",
            "mouldy",
            "moldy",
            "gone off",
        ),
    ),
    (
        "defective",
        (
            "defect",
            "faulty",
            "broke",
            "broken",
            "doesn't work",
            "does not work",
            "stopped working",
            "came off",
            "fell apart",
            "ripped",
            "torn",
            "tear",
            "leak",
            "not working",
            "dead",
        ),
    ),
    ("not_as_described", ("not as described", "different from", "doesn't look like", "not like the picture", "photo")),
    ("size_too_small", ("too small", "too tight", "too short", "runs small", "smaller")),
    ("size_too_large", ("too big", "too large", "too loose", "too long", "runs large", "bigger")),
    ("arrived_late", ("too late", "arrived late", "came late", "late delivery")),
    ("better_price_found", ("cheaper", "better price", "lower price")),
    (
        "changed_mind",
        (
            "changed my mind",
            "change of mind",
            "don't need",
            "do not need",
            "don't want",
            "don't like",
            "not needed",
            "no longer",
        ),
    ),
)
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


def reason_from_text(text: str) -> str | None:
    lowered = text.lower()
    return next((code for code, stems in REASON_KEYWORDS if any(stem in lowered for stem in stems)), None)
