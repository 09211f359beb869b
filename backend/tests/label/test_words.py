"""The label's words: every key in every language, with the same placeholders."""

from __future__ import annotations

import string
from datetime import date

from returndesk.kit.language import written_date
from returndesk.label.words import CATALOGUE, label_locale


def _placeholders(text: str) -> set[str]:
    return {field for _, field, _, _ in string.Formatter().parse(text) if field}


def test_every_language_has_every_key_with_the_same_placeholders():
    english = CATALOGUE["en"]
    for locale, words in CATALOGUE.items():
        assert words.keys() == english.keys(), locale
        assert {k: _placeholders(v) for k, v in words.items()} == {k: _placeholders(v) for k, v in english.items()}


def test_the_return_s_locale_picks_the_language():
    assert [label_locale(loc) for loc in ("zh", "zh-CN", "zh_TW", "en", "fr", "", None)] == [
        "zh",
        "zh",
        "zh",
        "en",
        "en",
        "en",
        "en",
    ]


def test_dates_as_each_language_writes_them():
    assert written_date("en", date(2026, 12, 1)) == "2026-12-01"
    assert written_date("zh", date(2026, 12, 1)) == "2026年12月1日"
