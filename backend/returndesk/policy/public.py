"""The policy as the public reads it: `GET /api/v1/policy` and the `/policy` HTML page.

Both come from the same loaded file as the decisions, so the page can never promise what the
engine refuses. Review thresholds (high value, frequent returners) and the shop's internal
cost figures are left out on purpose: publishing fraud thresholds invites working around them.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from .explain import rule_text, say
from .schema import Match, Policy, WindowRule
from .windows import Period


def _when(match: Match | None) -> dict[str, Any] | None:
    return match.as_dict() if match is not None else None


def public_dict(policy: Policy, locale: str) -> dict[str, Any]:
    loc = policy.texts.resolve_locale(locale)

    def text(rule_id: str, **params: Any) -> str:
        return rule_text(policy, loc, rule_id, params)

    def window(rule: WindowRule) -> dict[str, Any]:
        out: dict[str, Any] = {
            "id": rule.id,
            "when": _when(rule.when),
            **rule.period.as_dict(),
            "or_with": list(rule.or_with),
            "text": text(rule.id, period=rule.period),
        }
        if rule.resolutions is not None:
            out["resolutions"] = sorted(rule.resolutions)
        return out

    ship = policy.shipping
    return {
        "id": policy.id,
        "name": policy.name,
        "version": policy.version,
        "currency": policy.currency,
        "timezone": policy.timezone,
        "locale": loc,
        "default_locale": policy.default_locale,
        "locales": list(policy.locales),
        "categories": list(policy.categories),
        "tiers": list(policy.tiers),
        "reasons": {reason: side.value for reason, side in policy.reason_faults.items()},
        "windows": {
            "count_from": policy.count_from,
            "combination": "most_specific_then_longest",
            "standard": window(policy.standard_window),
            "rules": [window(rule) for rule in policy.windows],
            "statutory": [window(rule) for rule in policy.statutory],
            "next_working_day": policy.next_working_day,
            "holidays": sorted(day.isoformat() for day in policy.holidays),
        },
        "conditions": [{"id": cid, "question": say(policy, loc, "questions", cid)} for cid in policy.conditions],
        "exclusions": [
            {
                "id": r.id,
                "when": _when(r.when),
                "except_when": _when(r.except_when),
                "except_if": list(r.except_if),
                "text": text(r.id),
            }
            for r in policy.exclusions
        ],
        "requirements": [
            {"id": r.id, "when": _when(r.when), "require": list(r.require), "text": text(r.id)}
            for r in policy.requirements
        ],
        "restocking_fees": [
            {
                "id": r.id,
                "when": _when(r.when),
                "percent": float(r.percent) if r.percent is not None else None,
                "fixed_minor": r.fixed_minor,
                "except_if": list(r.except_if),
                "text": text(r.id, percent=r.percent, amount_minor=r.fixed_minor),
            }
            for r in policy.fees
        ],
        "evidence": [
            {"id": r.id, "when": _when(r.when), "kind": r.kind, "count": r.count, "text": text(r.id, count=r.count)}
            for r in policy.evidence
        ],
        "shipping": {
            "label_cost_minor": ship.label_cost_minor,
            "payer": {fault.value: side.value for fault, side in ship.payer.items()},
            "deduct_label_from_refund": ship.deduct_label_from_refund,
            "free_returns": [{"id": rid, "when": _when(when), "text": text(rid)} for rid, when in ship.free_returns],
            "customer_pays_text": text("shipping.customer_pays"),
            "merchant_pays_text": text("shipping.merchant_pays"),
            "outbound_refund": _outbound(policy, text),
        },
        "resolutions": [
            {
                "kind": r.kind,
                "when": _when(r.when),
                "bonus_percent": float(r.bonus_percent),
                "text": say(policy, loc, "resolutions", r.kind, {"bonus_percent": r.bonus_percent}),
            }
            for r in policy.resolutions
        ],
        "alternatives": [{"id": a.id, "when": _when(a.when), "text": text(a.id)} for a in policy.alternatives],
        "deadlines": {"return_by_days": policy.return_by_days, "refund_due_days": policy.refund_due_days},
        "return_methods": [
            {"kind": m.kind, "needs_label": m.needs_label, "when": _when(m.when), "where": m.where}
            for m in policy.return_methods
        ],
    }


def _outbound(policy: Policy, text: Callable[..., str]) -> dict[str, Any] | None:
    rule = policy.shipping.outbound_refund
    if rule is None:
        return None
    return {
        "when": _when(rule.when),
        "up_to_minor": rule.up_to_minor,
        "text": text("shipping.outbound_refund", amount_minor=rule.up_to_minor),
    }


def summary_sections(policy: Policy, locale: str) -> list[tuple[str, list[str]]]:
    """Headings with plain-language bullets, in the order a customer asks: how long, what not,
    on what conditions, who pays, what else, how it is settled, by when."""
    data = public_dict(policy, locale)
    loc = data["locale"]
    conditions = [r["text"] for r in data["requirements"]] + [
        rule_text(policy, loc, f"condition.{cid}")
        for cid in dict.fromkeys(c for rule in (policy.standard_window, *policy.windows) for c in rule.or_with)
    ]
    ship = data["shipping"]
    shipping = [r["text"] for r in ship["free_returns"]] + [ship["customer_pays_text"], ship["merchant_pays_text"]]
    if ship["outbound_refund"]:
        shipping.append(ship["outbound_refund"]["text"])
    deadlines = [
        rule_text(policy, loc, rule_id, {"period": Period(days=days)})
        for rule_id, days in (
            ("deadline.return_by", policy.return_by_days),
            ("deadline.refund_due", policy.refund_due_days),
        )
        if days is not None
    ]
    sections = [
        (
            "windows",
            [
                data["windows"]["standard"]["text"],
                *(r["text"] for r in data["windows"]["rules"]),
                *(r["text"] for r in data["windows"]["statutory"]),
            ],
        ),
        ("exclusions", [r["text"] for r in data["exclusions"]]),
        ("conditions", conditions),
        ("shipping", shipping),
        ("fees", [r["text"] for r in data["restocking_fees"]]),
        ("evidence", [r["text"] for r in data["evidence"]]),
        ("resolutions", [r["text"] for r in data["resolutions"]]),
        ("deadlines", deadlines),
    ]
    return [
        (policy.texts.render(loc, "headings", key), list(dict.fromkeys(bullets)))
        for key, bullets in sections
        if bullets
    ]
