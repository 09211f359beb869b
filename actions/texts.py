"""Wording shared by the actions: reasons, resolutions, money and dates as customers read them.

The words themselves are in the message catalogues (bot/catalogue.py); here are the codes and
the English stems that read a reason out of free text."""

from __future__ import annotations

import re

from bot import catalogue

# Reasons and resolutions by code; their titles are the catalogue's `reason.<code>` and
# `resolution.<code>` (locales/<language>/assistant.po).
REASON_CODES = (
    "size_too_small",
    "size_too_large",
    "damaged_in_transit",
    "defective",
    "not_as_described",
    "wrong_item",
    "missing_parts",
    "changed_mind",
    "better_price_found",
    "arrived_late",
    "other",
)
RESOLUTION_CODES = ("refund", "exchange", "store_credit")
# The English titles, for reading a typed title back as its code ("too small" -> size_too_small).
REASON_TITLES = {code: catalogue.message("en", f"reason.{code}") for code in REASON_CODES}
RESOLUTION_TITLES = {code: catalogue.message("en", f"resolution.{code}") for code in RESOLUTION_CODES}
SHIPPING_PAYERS = ("customer", "merchant", "carrier")
# What the service may take off a refund (the decision's `deductions`), each named by the
# catalogue's `refund.less.<kind>`; a kind not listed here is said as `refund.less.other`.
DEDUCTION_KINDS = ("restocking_fee", "return_label", "other")
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
    # Never "photo" alone: "I'm not sending you photos" says nothing about the item.
    (
        "not_as_described",
        (
            "not as described",
            "different from",
            "doesn't look like",
            "like the photo",
            "like the picture",
            "than the photo",
            "than the picture",
            "in the photo",
            "in the picture",
        ),
    ),
    # "to big": shoppers type "to" for "too" as often as not.
    (
        "size_too_small",
        ("too small", "too tight", "too short", "runs small", "smaller", "to small", "to tight", "to short"),
    ),
    (
        "size_too_large",
        (
            "too big",
            "too large",
            "too loose",
            "too long",
            "runs large",
            "bigger",
            "to big",
            "to large",
            "to loose",
            "to long",
        ),
    ),
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
# Chinese has no spaces: "全部退" or "两件都要退" are read by their characters.
ALL_WORDS_ZH = ("全部", "都", "所有", "整单")
CHINESE_NUMBERS = {"一": 1, "两": 2, "二": 2, "三": 3, "四": 4, "五": 5, "六": 6}
# A numeral with its measure word (件 pieces, 个 items, 条 trousers, 只/双/套 ...): "两件" is 2.
CHINESE_COUNT = re.compile(r"([一两二三四五六])\s*[件个条只双套台本瓶盒]")
NUMBER_WORDS = {"one": 1, "a": 1, "an": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6}


def reason_title(code: str | None, language: str = catalogue.DEFAULT_LANGUAGE) -> str:
    return catalogue.message(language, f"reason.{code if code in REASON_CODES else 'other'}")


def reason_from_title(text: str) -> str | None:
    """The reason whose button title was typed, in any language ("too small", "尺码偏小")."""
    wanted = text.strip().lower()
    return next(
        (
            code
            for code in REASON_CODES
            for language in catalogue.LANGUAGES
            if catalogue.message(language, f"reason.{code}").lower() == wanted
        ),
        None,
    )


def resolution_title(code: str | None, language: str = catalogue.DEFAULT_LANGUAGE) -> str:
    return catalogue.message(language, f"resolution.{code}") if code in RESOLUTION_CODES else str(code or "")


def shipping_payer(payer: str | None, language: str = catalogue.DEFAULT_LANGUAGE) -> str:
    """Who pays the return postage, as a sentence; "" when the service did not say."""
    return catalogue.message(language, f"shipping.{payer}") if payer in SHIPPING_PAYERS else ""


def returned_items(found: dict, language: str = catalogue.DEFAULT_LANGUAGE) -> str:
    """A return's lines as a listing, "1 × Slim fit jeans and 2 × Socks", in the language's words."""
    count = [catalogue.message(language, "item.count", quantity=n["quantity"], item=n["name"]) for n in found["lines"]]
    return catalogue.listing(count, language)


def money(minor: int, currency: str, language: str = catalogue.DEFAULT_LANGUAGE) -> str:
    return catalogue.money(minor, currency, language)


def day(iso: str | None, language: str = catalogue.DEFAULT_LANGUAGE) -> str:
    return catalogue.day(iso, language)


def parse_quantity(text: str, most: int) -> int | None:
    words = text.strip().lower()
    counted = CHINESE_COUNT.search(words)
    if counted:  # before "all": 两件都要退 is "return both", two
        return CHINESE_NUMBERS[counted.group(1)]
    if words in ALL_WORDS or any(word in words for word in ALL_WORDS_ZH):
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
