"""The vocabulary's titles and words: every code the service accepts has a title in every language,
every reason a words entry (maybe empty), and the form's buttons are reasons the service knows."""

from __future__ import annotations

import pytest

from returndesk.policy.reasons import REASON_CODES
from returndesk.policy.rules import RESOLUTION_KINDS
from returndesk.vocabulary.words import CATALOGUE, COMMON_REASONS, REASON_WORDS, title, vocabulary_locale

KEYS = {*(f"reason.{code}" for code in REASON_CODES), *(f"resolution.{code}" for code in RESOLUTION_KINDS)}


@pytest.mark.parametrize("locale", sorted(CATALOGUE))
def test_every_code_has_a_title_in_every_language_and_no_title_lacks_a_code(locale):
    assert set(CATALOGUE[locale]) == KEYS
    assert all(text.strip() for text in CATALOGUE[locale].values())


@pytest.mark.parametrize("locale", sorted(CATALOGUE))
def test_every_reason_has_its_words_in_every_language_and_no_words_lack_a_reason(locale):
    assert set(REASON_WORDS) == set(CATALOGUE)
    assert set(REASON_WORDS[locale]) == set(REASON_CODES)
    words = [word for found in REASON_WORDS[locale].values() for word in found]
    # Matched inside a lower-cased message: an upper-case or blank word would never match.
    assert all(word.strip() and word == word.lower() for word in words)
    assert REASON_WORDS[locale]["wrong_item"] and not REASON_WORDS[locale]["other"]


def test_the_form_s_buttons_are_reasons_the_service_knows_once_each():
    assert set(COMMON_REASONS) <= set(REASON_CODES) and len(set(COMMON_REASONS)) == len(COMMON_REASONS)
    assert COMMON_REASONS[-1] == "other"  # the way out for a reason without a button


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
