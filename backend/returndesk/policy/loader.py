"""YAML policy file -> Policy, refusing anything the engine could misread.

A typo in a policy is a money bug: "catgories: [shoes]" silently matching every item, a
reason "defect" that never fires. So unknown keys, undeclared categories, tiers, conditions,
reason codes and fault sides, and missing default-locale texts are all load errors naming the
file, line and key. The rule sections are read by `rules.py`; texts are checked here because
which texts are required depends on every rule.
"""

from __future__ import annotations

import difflib
import hashlib
import re
import zoneinfo
from dataclasses import replace
from datetime import date
from decimal import Decimal
from pathlib import Path
from types import MappingProxyType
from typing import TypedDict

from yaml.nodes import ScalarNode

from ..kit.money import parse_amount
from ..kit.yamlnodes import PolicyError, Y, compose, display_name
from .carrier_scan import read_carrier_scan_refund
from .decision import FaultSide, Outcome
from .exchange_price import CHEAPER_SETTLEMENTS, DEARER_SETTLEMENTS
from .keep_item import read_keep_item_offers
from .reasons import REASON_CODES, REASON_FAULT
from .return_methods import DEFAULT_RETURN_METHODS, read_return_methods
from .rules import RESOLUTION_KINDS, RuleReader
from .schema import Costs, OutboundRefund, Policy, Resolution, ReviewRule, ShippingRules
from .texts import BUILTIN_EN, PLACEHOLDERS, SECTIONS, Texts, placeholders_in

TOP_REQUIRED = {"policy", "categories", "tiers", "windows", "shipping", "resolutions", "texts"}
TOP_OPTIONAL = {
    "reasons",
    "conditions",
    "exclusions",
    "requirements",
    "restocking_fees",
    "evidence",
    "review",
    "costs",
    "alternatives",
    "deadlines",
    "keep_item_offers",
    "return_methods",
    "statutory",
    "refund_on_carrier_scan",
}
FAULTS = tuple(side.value for side in FaultSide)
REVIEW_KINDS = {
    # id -> threshold key the rule takes (None: a switch)
    "review.high_value": "above",
    "review.evidence_missing": None,
    "review.frequent_returns": "at_least",
    "review.return_rate": "at_least",
    "review.reason_disputed": None,
    "review.evidence_suspect": None,
}
LOCALE_PATTERN = re.compile(r"^[a-z]{2,3}([-_][A-Za-z0-9]{2,8})*$")


def load_policy(path: str | Path) -> Policy:
    """Read, validate and freeze one policy file; raises PolicyError on anything doubtful."""
    path = Path(path)
    file = display_name(path)
    try:
        data = path.read_bytes()
    except OSError as exc:
        raise PolicyError(file, None, "", f"cannot read the file ({exc.strerror})") from None
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError:
        raise PolicyError(file, None, "", "not UTF-8 text; save the file as UTF-8") from None
    top = compose(text, file).fields(TOP_REQUIRED, TOP_OPTIONAL)

    head = top["policy"].fields({"id", "name", "version", "currency"}, {"default_locale", "timezone"})
    currency = head["currency"].raw()
    if not re.fullmatch(r"[A-Z]{3}", currency):
        head["currency"].fail(f'expected an ISO 4217 currency code such as "EUR", got "{currency}"')
    default_locale = head["default_locale"].raw() if "default_locale" in head else "en"
    timezone = _timezone(head["timezone"]) if "timezone" in head else "UTC"
    categories = tuple(item.ident("a category slug") for item in top["categories"].seq())
    tiers = tuple(item.ident("a customer tier") for item in top["tiers"].seq())
    conditions = tuple(item.ident("a condition id") for item in top["conditions"].seq()) if "conditions" in top else ()

    reason_faults = dict(REASON_FAULT)
    if "reasons" in top:  # a policy may decide e.g. that "arrived_late" is the shop's fault
        for reason, node in top["reasons"].items():
            if reason not in REASON_CODES:
                node.fail(f'unknown reason code "{reason}"; expected one of: {", ".join(REASON_CODES)}')
            reason_faults[reason] = FaultSide(node.fields({"fault"}, set())["fault"].choice(FAULTS, "fault side"))

    rules = RuleReader(file, currency, categories, tiers, conditions)
    windows = top["windows"].fields({"count_from", "standard"}, {"rules", "next_working_day", "holidays"})
    count_from = windows["count_from"].choice(("delivery", "order"), "count_from")
    standard = rules.window(windows["standard"], fixed_id="window.standard")
    window_rules = tuple(rules.window(node) for node in windows["rules"].seq()) if "rules" in windows else ()
    next_working_day = windows["next_working_day"].flag() if "next_working_day" in windows else False
    holidays = _holidays(windows["holidays"], next_working_day) if "holidays" in windows else frozenset()
    statutory = tuple(rules.statutory(node) for node in _seq(top, "statutory"))
    exclusions = tuple(rules.exclusion(node) for node in _seq(top, "exclusions"))
    requirements = tuple(rules.requirement(node) for node in _seq(top, "requirements"))
    fees = tuple(rules.fee(node) for node in _seq(top, "restocking_fees"))
    evidence = tuple(rules.evidence(node) for node in _seq(top, "evidence"))
    alternatives = tuple(rules.alternative(node) for node in _seq(top, "alternatives"))
    shipping = _shipping(top["shipping"], rules, currency)
    review = _review(top["review"], currency) if "review" in top else {}
    resolutions = _resolutions(top["resolutions"], rules)
    offered = {res.kind for res in resolutions}
    for kind, node in rules.resolution_refs:
        if kind not in offered:
            node.fail(f'"{kind}" is not offered under resolutions:; offer it there or remove it here')
    costs = _costs(top["costs"], currency, categories) if "costs" in top else Costs()
    keep_item = read_keep_item_offers(top["keep_item_offers"], rules, currency) if "keep_item_offers" in top else None
    methods = read_return_methods(top["return_methods"], rules) if "return_methods" in top else DEFAULT_RETURN_METHODS
    deadlines = top["deadlines"].fields(set(), {"return_by_days", "refund_due_days"}) if "deadlines" in top else {}

    rule_ids = (
        set(rules.seen_ids)
        | set(review)
        | {"window.standard", "window.expired", "shipping.customer_pays", "shipping.merchant_pays"}
    )
    rule_ids |= {f"condition.{cid}" for rule in (standard, *window_rules) for cid in rule.or_with}
    if shipping.outbound_refund is not None:
        rule_ids.add("shipping.outbound_refund")
    if "return_by_days" in deadlines:
        rule_ids.add("deadline.return_by")
    if "refund_due_days" in deadlines:
        rule_ids.add("deadline.refund_due")
    evidence_kinds = {rule.kind for rule in evidence}
    texts = _texts(
        top["texts"],
        default_locale,
        rule_ids,
        set(conditions),
        evidence_kinds,
        {res.kind for res in resolutions},
    )
    return Policy(
        id=head["id"].ident("a policy id"),
        name=head["name"].text(),
        version=f"{head['version'].raw()}+{hashlib.sha256(data).hexdigest()[:8]}",
        currency=currency,
        source=path,
        categories=categories,
        tiers=tiers,
        reason_faults=MappingProxyType(reason_faults),
        count_from=count_from,
        standard_window=standard,
        windows=window_rules,
        conditions=conditions,
        exclusions=exclusions,
        requirements=requirements,
        fees=fees,
        evidence=evidence,
        shipping=shipping,
        review=MappingProxyType(review),
        resolutions=resolutions,
        costs=costs,
        alternatives=alternatives,
        return_by_days=deadlines["return_by_days"].whole("a number of days") if "return_by_days" in deadlines else None,
        refund_due_days=deadlines["refund_due_days"].whole("a number of days")
        if "refund_due_days" in deadlines
        else None,
        texts=texts,
        keep_item_offers=keep_item,
        return_methods=methods,
        timezone=timezone,
        statutory=statutory,
        next_working_day=next_working_day,
        holidays=holidays,
        refund_on_carrier_scan=read_carrier_scan_refund(top["refund_on_carrier_scan"], tiers)
        if "refund_on_carrier_scan" in top
        else None,
    )


def _seq(top: dict[str, Y], key: str) -> list[Y]:
    return top[key].seq() if key in top else []


def _timezone(node: Y) -> str:
    """An IANA time zone name; windows count the shop's calendar days in it."""
    name = node.raw()
    try:
        zoneinfo.ZoneInfo(name)
    except (zoneinfo.ZoneInfoNotFoundError, ValueError):
        known = zoneinfo.available_timezones()
        if not known:  # a slim image without /usr/share/zoneinfo: say so, not "unknown zone"
            node.fail("this machine has no time zone database; install the tzdata package (system or Python)")
        close = difflib.get_close_matches(name, sorted(known), n=1)
        hint = f' (did you mean "{close[0]}"?)' if close else ""
        node.fail(f'unknown time zone "{name}"{hint}; expected an IANA name such as "Europe/Berlin" or "Asia/Shanghai"')
    return name


def _holidays(node: Y, next_working_day: bool) -> frozenset[date]:
    if not next_working_day:
        node.fail("holidays only move a period's end with next_working_day: true; add it or remove the holidays")
    days = set()
    for item in node.seq():
        value = item.value()
        if not isinstance(value, date):
            item.fail(f"expected a date written as YYYY-MM-DD, e.g. 2026-12-25, got {item.raw()!r}")
        days.add(value)
    return frozenset(days)


def _money(node: Y, currency: str) -> int:
    try:
        return parse_amount(node.value(), currency)
    except ValueError as exc:
        node.fail(f'{exc}, got "{node.raw()}"')


def _shipping(node: Y, rules: RuleReader, currency: str) -> ShippingRules:
    fields = node.fields({"payer"}, {"label_cost", "deduct_label_from_refund", "free_returns", "outbound_refund"})
    payer: dict[FaultSide, FaultSide] = {}
    for fault, side in fields["payer"].items():
        if fault not in FAULTS:
            side.fail(f'unknown fault side "{fault}"; expected one of: {", ".join(FAULTS)}')
        payer[FaultSide(fault)] = FaultSide(side.choice(FAULTS, "fault side"))
    for missing in [f for f in FaultSide if f not in payer]:
        fields["payer"].fail(
            f'missing "{missing.value}": say who pays return shipping when the {missing.value} is at fault'
        )
    free = tuple(
        (r.id, r.when) for r in (rules.alternative(n, prefix="shipping") for n in _seq(fields, "free_returns"))
    )
    return ShippingRules(
        label_cost_minor=_money(fields["label_cost"], currency) if "label_cost" in fields else 0,
        payer=MappingProxyType(payer),
        deduct_label_from_refund=fields["deduct_label_from_refund"].flag()
        if "deduct_label_from_refund" in fields
        else False,
        free_returns=free,
        outbound_refund=_outbound_refund(fields["outbound_refund"], rules, currency)
        if "outbound_refund" in fields
        else None,
    )


def _outbound_refund(node: Y, rules: RuleReader, currency: str) -> OutboundRefund:
    fields = node.fields(set(), {"when", "up_to"})
    return OutboundRefund(
        when=rules.match(fields["when"]) if "when" in fields else OutboundRefund().when,
        up_to_minor=_money(fields["up_to"], currency) if "up_to" in fields else None,
    )


def _review(node: Y, currency: str) -> dict[str, ReviewRule]:
    short = {rule_id.removeprefix("review."): rule_id for rule_id in REVIEW_KINDS}
    out: dict[str, ReviewRule] = {}
    for key, value in node.items():
        if key not in short:
            value.fail(f'unknown review rule "{key}"; expected one of: {", ".join(short)}')
        rule_id, threshold = short[key], REVIEW_KINDS[short[key]]
        if threshold is None and isinstance(
            value.node, ScalarNode
        ):  # `reason_disputed: true`, `evidence_suspect: true`
            if value.flag():
                out[rule_id] = ReviewRule(rule_id, Outcome.REVIEW)
            continue
        optional = {"outcome", "lookback_days"} | ({"min_orders"} if rule_id == "review.return_rate" else set())
        fields = value.fields({threshold} if threshold else set(), optional)
        outcome = (
            Outcome(fields["outcome"].choice(("review", "reject"), "outcome"))
            if "outcome" in fields
            else Outcome.REVIEW
        )
        rule = ReviewRule(rule_id, outcome)
        if threshold == "above":
            rule = ReviewRule(rule_id, outcome, above_minor=_money(fields["above"], currency))
        elif rule_id == "review.return_rate":
            rule = ReviewRule(rule_id, outcome, at_least=fields["at_least"].number("a share of orders", 0, 1))
        elif threshold:
            rule = ReviewRule(rule_id, outcome, at_least=fields["at_least"].whole("a number of returns", 1))
        if "lookback_days" in fields:
            rule = replace(rule, lookback_days=fields["lookback_days"].whole("days", 1))
        if "min_orders" in fields:
            rule = replace(rule, min_orders=fields["min_orders"].whole("a number of orders", 1))
        out[rule_id] = rule
    return out


def _resolutions(node: Y, rules: RuleReader) -> tuple[Resolution, ...]:
    out = []
    for kind, value in node.items():
        if kind not in RESOLUTION_KINDS:
            value.fail(f'unknown resolution "{kind}"; expected one of: {", ".join(RESOLUTION_KINDS)}')
        fields = value.fields(set(), {"when", "bonus_percent", "price_difference"})
        when = rules.match(fields["when"]) if "when" in fields else None
        bonus = (
            Decimal(str(fields["bonus_percent"].number("a percentage", 0, 100)))
            if "bonus_percent" in fields
            else Decimal(0)
        )
        if bonus and kind != "store_credit":
            fields["bonus_percent"].fail("only store_credit can carry a bonus")
        difference = _price_difference(fields["price_difference"], kind) if "price_difference" in fields else {}
        resolution = Resolution(kind, when, bonus) if when else Resolution(kind, bonus_percent=bonus)
        out.append(replace(resolution, **difference))
    if not out:
        node.fail("offer at least one resolution (refund, exchange or store_credit)")
    return tuple(out)


class _PriceDifference(TypedDict, total=False):
    dearer: str
    cheaper: str


def _price_difference(node: Y, kind: str) -> _PriceDifference:
    """`price_difference: {dearer: customer_pays, cheaper: refund}` on the exchange resolution."""
    if kind != "exchange":
        node.fail("only exchange has a price difference; move price_difference under exchange:")
    fields = node.fields(set(), {"dearer", "cheaper"})
    out: _PriceDifference = {}
    if "dearer" in fields:
        out["dearer"] = fields["dearer"].choice(DEARER_SETTLEMENTS, "what happens when the replacement costs more")
    if "cheaper" in fields:
        out["cheaper"] = fields["cheaper"].choice(CHEAPER_SETTLEMENTS, "what happens when the replacement costs less")
    return out


def _costs(node: Y, currency: str, categories: tuple[str, ...]) -> Costs:
    fields = node.fields(set(), {"handling", "outbound_shipping", "goods_cost_percent", "recovery_percent"})
    recovery: dict[str, Decimal] = {}
    default_recovery = Decimal(0)
    for category, value in fields["recovery_percent"].items() if "recovery_percent" in fields else []:
        percent = Decimal(str(value.number("a percentage", 0, 100)))
        if category == "default":
            default_recovery = percent
        elif category not in categories:
            value.fail(f'unknown category "{category}"; declare it under categories: or use "default"')
        else:
            recovery[category] = percent
    return Costs(
        handling_minor=_money(fields["handling"], currency) if "handling" in fields else 0,
        outbound_shipping_minor=_money(fields["outbound_shipping"], currency) if "outbound_shipping" in fields else 0,
        goods_cost_percent=Decimal(str(fields["goods_cost_percent"].number("a percentage", 0, 100)))
        if "goods_cost_percent" in fields
        else Decimal(100),
        recovery_percent=MappingProxyType(recovery),
        default_recovery_percent=default_recovery,
    )


def _texts(
    node: Y, default_locale: str, rule_ids: set[str], conditions: set[str], kinds: set[str], resolutions: set[str]
) -> Texts:
    known = {
        "rules": rule_ids | set(BUILTIN_EN["rules"]),
        "questions": conditions,
        "evidence": kinds,
        "resolutions": resolutions,
        "units": set(BUILTIN_EN["units"]),
        "headings": set(BUILTIN_EN["headings"]),
    }
    raw: dict[str, dict[str, dict[str, str]]] = {}
    section_nodes: dict[tuple[str, str], Y] = {}
    locale_nodes: dict[str, Y] = {}
    for locale, secs in node.items():
        if not LOCALE_PATTERN.match(locale):
            secs.fail(f'expected a locale such as "en" or "zh", got "{locale}"')
        locale_nodes[locale] = secs
        raw[locale] = {}
        for section, entries in secs.fields(set(), set(SECTIONS)).items():
            section_nodes[(locale, section)] = entries
            raw[locale][section] = {}
            for key, text_node in entries.items():
                if key not in known[section]:
                    text_node.fail(
                        f"no such {SECTIONS[section].split(',')[0].removeprefix('a ').removeprefix('an ')} "
                        f'"{key}" in this policy; remove the text or fix the key'
                    )
                text = text_node.text()
                try:
                    names = placeholders_in(text)
                except ValueError:
                    text_node.fail("unbalanced { or } in the text; write {{ and }} for literal braces")
                unknown = sorted(names - PLACEHOLDERS)
                if unknown:
                    text_node.fail(
                        f"unknown placeholder {{{unknown[0]}}}; available: " + ", ".join(sorted(PLACEHOLDERS))
                    )
                raw[locale][section][key] = text
    if default_locale not in raw:
        node.fail(f'missing texts for the default locale "{default_locale}"')
    # Every rule, question, evidence kind and resolution must have words in the default
    # locale: it is what any other locale falls back to, so nothing ever shows a bare id.
    required = {
        "rules": rule_ids,
        "questions": conditions,
        "evidence": kinds,
        "resolutions": resolutions,
    }
    for section, keys in required.items():
        missing = sorted(keys - raw[default_locale].get(section, {}).keys())
        if missing:
            where = section_nodes.get((default_locale, section), locale_nodes[default_locale])
            path = f"texts.{default_locale}.{section}"
            raise PolicyError(
                where.file,
                where.line,
                path,
                f'missing text for "{missing[0]}"'
                + (f" (and {len(missing) - 1} more)" if len(missing) > 1 else "")
                + f"; every {section[:-1]} needs words in the default locale {default_locale}",
            )
    return Texts.build(default_locale, raw)
