"""The titles of the reason codes and resolutions, per language: what a customer picks from
(the chat's buttons) and reads back. One catalogue per locale with the same keys
(tests/vocabulary/test_words.py fails on a code without a title in one of them).

The codes themselves are the policy's: `policy/reasons.py` and `policy/rules.py`. A new code
gets its titles here, in every language."""

from __future__ import annotations

from ..kit.language import DEFAULT_LOCALE, spoken_language

CATALOGUE: dict[str, dict[str, str]] = {
    "en": {
        "reason.size_too_small": "Too small",
        "reason.size_too_large": "Too large",
        "reason.damaged_in_transit": "Arrived damaged",
        "reason.defective": "Faulty / doesn't work",
        "reason.not_as_described": "Not as described",
        "reason.wrong_item": "Wrong item sent",
        "reason.missing_parts": "Parts missing",
        "reason.changed_mind": "Changed my mind",
        "reason.better_price_found": "Found a better price",
        "reason.arrived_late": "Arrived too late",
        "reason.other": "Something else",
        "resolution.refund": "Refund",
        "resolution.exchange": "Exchange",
        "resolution.store_credit": "Store credit",
    },
    "zh": {
        "reason.size_too_small": "尺码偏小",
        "reason.size_too_large": "尺码偏大",
        "reason.damaged_in_transit": "运输中损坏",
        "reason.defective": "质量问题 / 无法使用",
        "reason.not_as_described": "与描述不符",
        "reason.wrong_item": "发错货了",
        "reason.missing_parts": "缺少配件",
        "reason.changed_mind": "不想要了",
        "reason.better_price_found": "找到更便宜的",
        "reason.arrived_late": "送达太晚",
        "reason.other": "其他原因",
        "resolution.refund": "退款",
        "resolution.exchange": "换货",
        "resolution.store_credit": "店铺余额",
    },
}


def vocabulary_locale(locale: str | None) -> str:
    """ "zh-CN", "zh_TW", "zh" -> "zh"; a language without titles here -> English."""
    return spoken_language(locale, CATALOGUE)


def title(locale: str, kind: str, code: str) -> str:
    """The title of `kind` ("reason", "resolution") `code` in the locale, else in English."""
    key = f"{kind}.{code}"
    return CATALOGUE[vocabulary_locale(locale)].get(key) or CATALOGUE[DEFAULT_LOCALE][key]
