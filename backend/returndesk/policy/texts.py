"""The policy's words: texts per locale with `{placeholders}`, and the fallbacks between them.

Every sentence a customer reads about a decision comes from the policy file, so the bot, the
public policy page and the decision stored with an RMA say the same thing. A locale may be
incomplete: a missing key falls back to the default locale (which the loader has checked is
complete), then to a few built-in English sentences for engine-level rules, then to the key.
"""

from __future__ import annotations

import string
from collections.abc import Mapping
from dataclasses import dataclass
from types import MappingProxyType
from typing import Any

# Sections of `texts.<locale>` and what their keys are.
SECTIONS: dict[str, str] = {
    "rules": "a rule id, e.g. window.standard",
    "questions": "a condition id, e.g. has_receipt",
    "evidence": "an evidence kind, e.g. photo_damage",
    "resolutions": "refund, exchange or store_credit",
    "units": "days, months or unlimited",
    "headings": "a section of the public policy page, e.g. windows",
}

# Placeholders a text may use; the engine fills the ones that make sense where the text is
# used. Anything else is a typo the loader reports, rather than a "{dayz}" shown to a customer.
PLACEHOLDERS: frozenset[str] = frozenset(
    {
        "n",  # units only: the number of days or months
        "period",  # a window in words: "30 days", "6 months", "without time limit"
        "window_end",  # last day of the window (ISO date)
        "amount",  # money, e.g. "4.95 EUR"
        "percent",  # a fee or bonus percentage
        "count",  # how many (photos, returns)
        "received",  # how many pieces of evidence arrived
        "threshold",  # a review threshold
        "label_cost",  # the return label's price
        "return_by",  # last day to hand the parcel over
        "refund_due_days",
        "bonus_percent",
        "category",
        "reason",
    }
)

# Engine-level rules the policy file need not word (it may, to override or translate them).
BUILTIN_EN: dict[str, dict[str, str]] = {
    "rules": {
        "request.unknown_reason": "We do not recognise the reason given, so a person will look at this return.",
        "request.no_lines": "No items were chosen to return.",
        "request.bad_quantity": "The quantity to return is more than was bought on this order line.",
        "request.unknown_category": 'We do not know the category "{category}", so a person will look at this return.',
        "window.not_started": "Your return period starts on the day the parcel is delivered, so it cannot have "
        "ended yet.",
    },
    "units": {"days": "{n} days", "months": "{n} months", "unlimited": "without time limit"},
    "headings": {
        "windows": "Return windows",
        "exclusions": "What cannot be returned",
        "conditions": "Conditions",
        "shipping": "Return shipping",
        "fees": "Fees",
        "evidence": "Photos we need",
        "resolutions": "How we settle a return",
        "deadlines": "Deadlines",
        "policy": "Return policy",  # the public page's title
        "version": "version",
    },
}


# The same engine-level texts in Chinese, so a Chinese reader never meets an English sentence or
# "30 days" inside a Chinese one just because the policy file did not reword them.
BUILTIN_ZH: dict[str, dict[str, str]] = {
    "rules": {
        "request.unknown_reason": "我们无法识别您提供的退货原因，将由工作人员审核此退货。",
        "request.no_lines": "您还没有选择要退的商品。",
        "request.bad_quantity": "退货数量超过了此订单行的购买数量。",
        "request.unknown_category": "我们不了解商品类别“{category}”，将由工作人员审核此退货。",
        "window.not_started": "退货期自包裹送达之日起计算，所以还没有结束。",
    },
    "units": {"days": "{n}天", "months": "{n}个月", "unlimited": "不限时间"},
    "headings": {
        "windows": "退货期限",
        "exclusions": "不能退货的商品",
        "conditions": "退货条件",
        "shipping": "退货运费",
        "fees": "费用",
        "evidence": "所需照片",
        "resolutions": "处理方式",
        "deadlines": "期限",
        "policy": "退货政策",
        "version": "版本",
    },
}

# Built-in texts by language; a policy's own texts for a locale come first, then these.
BUILTIN: dict[str, dict[str, dict[str, str]]] = {"en": BUILTIN_EN, "zh": BUILTIN_ZH}


def placeholders_in(text: str) -> set[str]:
    """Names used as `{name}` in a text; raises ValueError on unbalanced braces."""
    names = set()
    for _literal, field, _spec, _conv in string.Formatter().parse(text):
        if field is not None:
            names.add(field)
    return names


class _KeepMissing(dict[str, object]):
    # A placeholder with no value stays visible as "{name}" rather than raising mid-decision:
    # evaluate() must never fail on wording.
    def __missing__(self, key: str) -> str:
        return "{" + key + "}"


@dataclass(frozen=True)
class Texts:
    """All locales' texts, read-only. `by_locale[locale][section][key] -> text`."""

    default_locale: str
    by_locale: Mapping[str, Mapping[str, Mapping[str, str]]]

    @classmethod
    def build(cls, default_locale: str, raw: dict[str, dict[str, dict[str, str]]]) -> Texts:
        frozen = {
            loc: MappingProxyType({sec: MappingProxyType(dict(keys)) for sec, keys in secs.items()})
            for loc, secs in raw.items()
        }
        return cls(default_locale, MappingProxyType(frozen))

    @property
    def locales(self) -> tuple[str, ...]:
        others = sorted(loc for loc in self.by_locale if loc != self.default_locale)
        return (self.default_locale, *others)

    def resolve_locale(self, locale: str | None) -> str:
        """The locale to speak: exact match, then language only ("zh-CN" -> "zh"), then default."""
        if locale is not None and locale in self.by_locale:
            return locale
        if locale:
            language = locale.replace("_", "-").split("-")[0].lower()
            if language in self.by_locale:
                return language
        return self.default_locale

    def source_locale(self, locale: str | None, section: str, key: str) -> str:
        """The locale a text will actually come from, so that the values put into it (units
        such as "7 days") are worded in the same language as the sentence around them."""
        for loc in (self.resolve_locale(locale), self.default_locale):
            if self._own_or_builtin(loc, section, key) is not None:
                return loc
        return self.default_locale

    def raw(self, locale: str | None, section: str, key: str) -> str | None:
        # The reader's language first, the file's words before the built-in ones; then the
        # default locale the same way; then the English built-ins for engine-level rules.
        for loc in (self.resolve_locale(locale), self.default_locale):
            text = self._own_or_builtin(loc, section, key)
            if text is not None:
                return text
        return BUILTIN_EN.get(section, {}).get(key)

    def _own_or_builtin(self, locale: str, section: str, key: str) -> str | None:
        text = self.by_locale.get(locale, {}).get(section, {}).get(key)
        if text is None:
            text = BUILTIN.get(locale, {}).get(section, {}).get(key)
        return text

    def has(self, locale: str, section: str, key: str) -> bool:
        return key in self.by_locale.get(locale, {}).get(section, {})

    def render(self, locale: str | None, section: str, key: str, **params: Any) -> str:
        text = self.raw(locale, section, key)
        if text is None:
            return key
        values = _KeepMissing({name: value for name, value in params.items() if value is not None})
        try:
            return text.format_map(values)
        except (ValueError, IndexError, AttributeError):  # the loader rejects these; be safe anyway
            return text
