"""The language a caller reads, from its `Accept-Language` header.

One mechanism for every customer-facing text the service words (a decision's explanations, a
case's next steps): the caller says which language it reads in the standard header, the service
answers in it where it has the words and in English where it has not. A request body's own
`locale` field, where one exists, still wins: it is what a return stores for its emails.
"""

from __future__ import annotations

import re
from collections.abc import Collection
from datetime import date
from typing import Annotated

from fastapi import Depends, Header

DEFAULT_LOCALE = "en"
# One language range of the header: "zh-CN", "zh", "en-gb;q=0.8", "*".
_RANGE = re.compile(r"^\s*([A-Za-z]{1,8}(?:-[A-Za-z0-9]{1,8})*|\*)\s*(?:;\s*q\s*=\s*([0-9.]+))?\s*$")


def spoken_language(locale: str | None, languages: Collection[str]) -> str:
    """The language of `locale` ("zh-CN", "zh_TW", "zh" -> "zh") when there are words in it among
    `languages` (a catalogue's keys), else English."""
    language = (locale or DEFAULT_LOCALE).replace("_", "-").split("-")[0].lower()
    return language if language in languages else DEFAULT_LOCALE


def say_in(catalogue: dict[str, dict[str, str]], locale: str | None, key: str, **values: object) -> str:
    """The sentence `key` of a catalogue with one dict per language, in the reader's language."""
    return catalogue[spoken_language(locale, catalogue)][key].format(**values)


def preferred_locale(header: str | None) -> str | None:
    """The caller's first choice in an Accept-Language header as "xx" or "xx-YY", or None.

    Highest q first, the header's order among equals; "*", q=0 and ranges that are not a
    language ("zh-Hans-CN" is read as "zh") are skipped rather than refused: a browser's header
    must never make a request fail."""
    ranked: list[tuple[float, int, str]] = []
    for position, part in enumerate((header or "").split(",")):
        match = _RANGE.match(part)
        if not match or match[1] == "*":
            continue
        try:
            weight = float(match[2]) if match[2] is not None else 1.0
        except ValueError:
            continue
        subtags = match[1].split("-")
        if weight <= 0 or len(subtags[0]) != 2:
            continue
        region = next((tag for tag in subtags[1:] if len(tag) == 2 and tag.isalpha()), None)
        locale = subtags[0].lower() + (f"-{region.upper()}" if region else "")
        ranked.append((-weight, position, locale))
    return min(ranked)[2] if ranked else None


def accept_language(
    accept_language: Annotated[
        str | None,
        Header(
            max_length=256,
            description='The language to word customer-facing texts in, e.g. "zh-CN" or "en"; '
            "unknown languages read English",
        ),
    ] = None,
) -> str | None:
    return preferred_locale(accept_language)


# The locale the caller asked for in its Accept-Language header, or None when it did not say.
RequestLocale = Annotated[str | None, Depends(accept_language)]


def spoken(explicit: str | None, requested: str | None) -> str:
    """The locale to answer in: the body's or query's own field, else the header, else English."""
    return explicit or requested or DEFAULT_LOCALE


def written_date(locale: str, value: date) -> str:
    """A date as the reader writes it: 2026-12-11, 2026年12月11日."""
    if locale == "zh":
        return f"{value.year}年{value.month}月{value.day}日"
    return value.isoformat()
