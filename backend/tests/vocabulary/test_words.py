"""The vocabulary's titles: every code the service accepts has one in every language."""

from __future__ import annotations

import pytest

from returndesk.policy.reasons import REASON_CODES
from returndesk.policy.rules import RESOLUTION_KINDS
from returndesk.vocabulary.words import CATALOGUE, title, vocabulary_locale

KEYS = {*(f"reason.{code}" for code in REASON_CODES), *(f"resolution.{code}" for code in RESOLUTION_KINDS)}


@pytest.mark.parametrize("locale", sorted(CATALOGUE))
def test_every_code_has_a_title_in_every_language_and_no_title_lacks_a_code(locale):
    assert set(CATALOGUE[locale]) == KEYS
    assert all(text.strip() for text in CATALOGUE[locale].values())


def test_a_locale_reads_its_language_and_an_unknown_one_reads_english():
    assert [vocabulary_locale(loc) for loc in ("zh", "zh-CN", "zh_TW", "EN-gb", "fr", "", None)] == [
        "zh",
        "zh",
        "zh",
        "en",
        "en",
        "en",
        "en",
    ]
    assert title("zh-CN", "reason", "size_too_small") == "尺码偏小"
    assert title("fr", "resolution", "store_credit") == "Store credit"
