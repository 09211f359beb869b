"""Turning fired rules into the customer's words, from the policy's texts for a locale."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from datetime import date
from decimal import Decimal
from typing import Any

from ..kit.language import written_date
from ..kit.money import format_amount
from .decision import Explanation, Question
from .schema import Policy
from .windows import Period


def period_text(policy: Policy, locale: str, period: Period) -> str:
    if period.days is not None:
        return policy.texts.render(locale, "units", "days", n=period.days)
    if period.months is not None:
        return policy.texts.render(locale, "units", "months", n=period.months)
    return policy.texts.render(locale, "units", "unlimited")


def percent_text(percent: Decimal) -> str:
    # 10 -> "10", 12.50 -> "12.5": no trailing zeros in a sentence.
    text = format(percent.normalize(), "f")
    return text


def wording_values(policy: Policy, locale: str, params: Mapping[str, Any]) -> dict[str, Any]:
    """Raw rule parameters (Period, date, minor units, Decimal) -> strings for placeholders."""
    values: dict[str, Any] = {
        "label_cost": format_amount(policy.shipping.label_cost_minor, policy.currency),
        "refund_due_days": policy.refund_due_days,
    }
    for key, value in params.items():
        if isinstance(value, Period):
            values[key] = period_text(policy, locale, value)
        elif isinstance(value, date):
            values[key] = written_date(locale, value)  # 2026-12-11, 2026年12月11日
        elif key.endswith("_minor") and isinstance(value, int):
            values[key.removesuffix("_minor")] = format_amount(value, policy.currency)
        elif isinstance(value, Decimal):
            values[key] = percent_text(value)
        else:
            values[key] = value
    return values


def say(policy: Policy, locale: str, section: str, key: str, params: Mapping[str, Any] | None = None) -> str:
    """A text of the policy with its placeholders filled, values worded in the text's language."""
    source = policy.texts.source_locale(locale, section, key)
    return policy.texts.render(source, section, key, **wording_values(policy, source, params or {}))


def rule_text(policy: Policy, locale: str, rule_id: str, params: Mapping[str, Any] | None = None) -> str:
    return say(policy, locale, "rules", rule_id, params)


def explanations(policy: Policy, locale: str, fired: Iterable[Any]) -> tuple[Explanation, ...]:
    """One explanation per rule id, worded with the values of its first firing."""
    seen: dict[str, Explanation] = {}
    for item in fired:
        if item.rule_id not in seen:
            seen[item.rule_id] = Explanation(item.rule_id, rule_text(policy, locale, item.rule_id, item.params))
    return tuple(seen.values())


def questions(policy: Policy, locale: str, condition_ids: Iterable[str]) -> tuple[Question, ...]:
    return tuple(Question(cid, say(policy, locale, "questions", cid)) for cid in dict.fromkeys(condition_ids))
