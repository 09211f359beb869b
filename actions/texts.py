"""Wording shared by the actions: reasons, resolutions, money and dates as customers read them.

The reason codes, resolutions and their titles, and the words that name a reason in free text,
are the returns service's, read once through actions/vocabulary.py; the other words are in the
message catalogues (bot/catalogue.py). Here are the lookups over both."""

from __future__ import annotations

import logging
import re
from collections.abc import Iterator, Mapping, Sequence

from bot import catalogue

from .vocabulary import ReasonWords, Vocabulary, vocabulary

log = logging.getLogger(__name__)


class _Codes(Sequence[str]):
    """The service's codes of one kind, in its order, read through at each use: empty while the
    vocabulary cannot be read (a code is then "not known"; only the NLU model names one)."""

    def __init__(self, kind: str) -> None:
        self._kind = kind

    def _codes(self) -> tuple[str, ...]:
        found = vocabulary.current()
        return getattr(found, f"{self._kind}s") if found else ()

    def __getitem__(self, index):
        return self._codes()[index]

    def __len__(self) -> int:
        return len(self._codes())

    def __contains__(self, code: object) -> bool:
        return code in self._codes()

    def __iter__(self) -> Iterator[str]:
        return iter(self._codes())

    def __repr__(self) -> str:
        return f"{self._kind} codes {self._codes()!r}"


class _EnglishTitles(Mapping[str, str]):
    """code -> English title, for every code of a kind the service knows (read through like _Codes)."""

    def __init__(self, codes: _Codes, kind: str) -> None:
        self._codes, self._kind = codes, kind

    def __getitem__(self, code: str) -> str:
        if code not in self._codes:
            raise KeyError(code)
        return _title(catalogue.DEFAULT_LANGUAGE, self._kind, code) or code

    def __iter__(self) -> Iterator[str]:
        return iter(self._codes)

    def __len__(self) -> int:
        return len(self._codes)


# Reasons and resolutions by code, as the service lists them (GET /api/v1/vocabulary).
REASON_CODES = _Codes("reason")
RESOLUTION_CODES = _Codes("resolution")
# The English titles, for reading a typed title back as its code ("too small" -> size_too_small).
REASON_TITLES: Mapping[str, str] = _EnglishTitles(REASON_CODES, "reason")
SHIPPING_PAYERS = ("customer", "merchant", "carrier")
# What the service may take off a refund (the decision's `deductions`), each named by the
# catalogue's `refund.less.<kind>`; a kind not listed here is said as `refund.less.other`.
DEDUCTION_KINDS = ("restocking_fee", "return_label", "other")
# Words that mean "all of them" when we ask how many.
ALL_WORDS = {"all", "both", "everything", "every one", "all of them"}
# Chinese has no spaces: "全部退" or "两件都要退" are read by their characters.
ALL_WORDS_ZH = ("全部", "都", "所有", "整单")
CHINESE_NUMBERS = {"一": 1, "两": 2, "二": 2, "三": 3, "四": 4, "五": 5, "六": 6}
# A numeral with its measure word (件 pieces, 个 items, 条 trousers, 只/双/套 ...): "两件" is 2.
CHINESE_COUNT = re.compile(r"([一两二三四五六])\s*[件个条只双套台本瓶盒]")
NUMBER_WORDS = {"one": 1, "a": 1, "an": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6}


def _title(language: str, kind: str, code: str) -> str | None:
    found: Vocabulary | None = vocabulary.current()
    return found.title(catalogue.language_or_default(language), kind, code) if found else None


def reason_title(code: str | None, language: str = catalogue.DEFAULT_LANGUAGE) -> str:
    """The reason's title; a code the service does not know, or does not title, reads as `other`."""
    known = vocabulary.current()
    if known is None:  # the loader has logged why
        return catalogue.message(language, "reason.fallback")
    language = catalogue.language_or_default(language)
    if code is not None and code not in known.reasons:
        log.warning("reason %r is not one the returns service knows; said as 'other'", code)
        code = None
    found = known.title(language, "reason", code) if code is not None else None
    if code is not None and found is None:
        log.warning("the returns service gave reason %r no title in %r; said as 'other'", code, language)
    return found or known.title(language, "reason", "other") or catalogue.message(language, "reason.fallback")


def reason_from_title(text: str) -> str | None:
    """The reason whose button title was typed, in any language ("too small", "尺码偏小")."""
    return _code_titled(text, "reason", REASON_CODES)


def resolution_title(code: str | None, language: str = catalogue.DEFAULT_LANGUAGE) -> str:
    """The resolution's title; one the service does not title is said by its code, and logged."""
    if code is None or code not in RESOLUTION_CODES:
        return str(code or "")
    found = _title(language, "resolution", code)
    if found is None:
        log.warning("the returns service gave resolution %r no title in %r; said as its code", code, language)
    return found or code


def resolution_from_title(text: str) -> str | None:
    """The resolution whose button title was typed, in any language ("store credit", "店铺余额")."""
    return _code_titled(text, "resolution", RESOLUTION_CODES)


def _code_titled(text: str, kind: str, codes: Sequence[str]) -> str | None:
    wanted = text.strip().lower()
    if not wanted:
        return None
    return next(
        (
            code
            for code in codes
            for language in catalogue.LANGUAGES
            if (_title(language, kind, code) or "").lower() == wanted
        ),
        None,
    )


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


def reason_words(language: str) -> ReasonWords:
    """The service's words that name each reason in free text in `language`, in the order they are
    tried (first match wins: the more specific faults come first); none while it can't be read."""
    found = vocabulary.current()
    return found.words(language) if found else ()


def common_reasons() -> tuple[str, ...]:
    """The reasons the form offers as buttons, in the service's order; none while it can't be read."""
    found = vocabulary.current()
    return found.common_reasons if found else ()


def reason_from_text(text: str) -> str | None:
    """The first reason whose English words occur in the text (when NLU found no reason entity)."""
    lowered = text.lower()
    table = reason_words(catalogue.DEFAULT_LANGUAGE)
    return next((code for code, stems in table if any(stem in lowered for stem in stems)), None)


def codes_named(text: str, table: ReasonWords) -> list[str]:
    """Every code of `table` whose words occur in the text, in the table's order.

    The table's order is its precedence: a word that overlaps the words of a code before it is
    that code's ("broken" in "arrived broken" is damage on the way, "坏了" in "摔坏了" too), so
    only separate words for separate reasons count as two.
    """
    taken: list[tuple[int, int]] = []
    named: list[str] = []
    for code, words in table:
        for word in words:
            at = text.find(word)
            while at >= 0:
                span = (at, at + len(word))
                if not any(start < span[1] and span[0] < end for start, end in taken):
                    taken.append(span)
                    if code not in named:
                        named.append(code)
                at = text.find(word, at + 1)
    return [code for code, _ in table if code in named]


def reasons_in_text(text: str) -> list[str]:
    """Every reason an English sentence names ("it's faulty and it came a week late": two)."""
    return codes_named(text.lower(), reason_words(catalogue.DEFAULT_LANGUAGE))
