"""The assistant's words, one gettext catalogue per language, with money, dates and lists per locale.

Every customer-facing text lives in locales/<language>/assistant.po under a stable key (the msgid);
the msgstr is a whole sentence with named placeholders ("Thanks, I found order {order_number}."),
so a translator sees every sentence entire and can order its words as the language wants.

Why gettext .po read with Babel rather than Fluent: Babel is already in the environment for
formatting money and dates per locale, .po is the format every translation tool (Poedit, Weblate,
Crowdin) edits, and `read_po` reads it directly, with no compile step and no new dependency.

Both processes use this module: Rasa's server renders domain responses through bot/nlg.py, and
the action server renders the texts it builds. It needs Babel and the standard library only.
"""

from __future__ import annotations

import re
import string
from datetime import date
from decimal import Decimal
from functools import cache
from pathlib import Path
from typing import Any

from babel.dates import format_date
from babel.lists import format_list
from babel.messages.pofile import read_po
from babel.numbers import format_currency, get_currency_precision

LOCALES_DIR = Path(__file__).resolve().parents[1] / "locales"
CATALOGUE_NAME = "assistant"
LANGUAGES = ("en", "zh")
DEFAULT_LANGUAGE = "en"
# The Babel locale each conversation language formats with: British English writes "12 March 2026"
# and "€12.50"; Simplified Chinese "2026年3月12日" and "¥12.50".
BABEL_LOCALES = {"en": "en_GB", "zh": "zh_Hans_CN"}
# Han characters (CJK unified ideographs, extension A, compatibility): any of them means Chinese.
CJK = re.compile(r"[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]")
# Chinese sentences end in full-width punctuation, and the next one follows without a space.
FULL_WIDTH_ENDS = "。！？：；，、）」』”"


class MissingMessage(KeyError):
    """The code asked for a key that no catalogue has (tests/actions/test_catalogue.py finds these)."""


def language_or_default(language: Any) -> str:
    return language if language in LANGUAGES else DEFAULT_LANGUAGE


def has_chinese(text: str) -> bool:
    return bool(CJK.search(text or ""))


@cache
def messages(language: str) -> dict[str, str]:
    """The catalogue of one language: key -> template. Empty and fuzzy entries are not translations."""
    path = LOCALES_DIR / language / f"{CATALOGUE_NAME}.po"
    with path.open("rb") as handle:
        catalogue = read_po(handle, locale=BABEL_LOCALES[language])
    return {m.id: m.string for m in catalogue if m.id and isinstance(m.id, str) and m.string and not m.fuzzy}


def placeholders(template: str) -> set[str]:
    """The named fields of a template: "{item} × {quantity}" -> {"item", "quantity"}."""
    return {field for _, field, _, _ in string.Formatter().parse(template) if field}


def template(language: str, key: str) -> str:
    """The template of `key` in `language`, placeholders unfilled.

    A key missing in one language falls back to English rather than failing a customer's turn;
    the catalogue test keeps that from ever shipping."""
    found = messages(language_or_default(language)).get(key) or messages(DEFAULT_LANGUAGE).get(key)
    if found is None:
        raise MissingMessage(key)
    return found


def message(language: str, key: str, **values: Any) -> str:
    """The sentence `key` in `language`, its placeholders filled."""
    return template(language, key).format(**values)


def has_message(key: str) -> bool:
    return key in messages(DEFAULT_LANGUAGE)


def sentences(language: str, parts: list[str]) -> str:
    """Whole sentences one after another: English puts a space between them, Chinese does not,
    unless a sentence ends without Chinese punctuation (a link must not run into the next one)."""
    kept = [part.strip() for part in parts if part and part.strip()]
    if language_or_default(language) != "zh":
        return " ".join(kept)
    text = ""
    for part in kept:
        text += part if not text or text[-1] in FULL_WIDTH_ENDS else f" {part}"
    return text


def money(minor: int, currency: str, language: str = DEFAULT_LANGUAGE) -> str:
    """Minor units as the locale writes the amount: "€12.50" in English, "¥12.50" in Chinese."""
    try:
        precision = get_currency_precision(currency)
    except Exception:  # an unknown code: show the amount with its code rather than fail
        precision = 2
    amount = Decimal(int(minor)).scaleb(-precision)
    return format_currency(amount, currency, locale=BABEL_LOCALES[language_or_default(language)])


def day(iso: str | None, language: str = DEFAULT_LANGUAGE) -> str:
    """An ISO date as the locale writes it: "12 March 2026", "2026年3月12日"."""
    if not iso:
        return ""
    return format_date(date.fromisoformat(iso[:10]), "long", locale=BABEL_LOCALES[language_or_default(language)])


def listing(items: list[str], language: str = DEFAULT_LANGUAGE, *, style: str = "standard") -> str:
    """ "a, b and c" / "a、b和c"; style "or" for choices: "a or b" / "a或b"."""
    if not items:
        return ""
    return format_list(list(items), style=style, locale=BABEL_LOCALES[language_or_default(language)])
