"""Reading the rule sections of a policy file: windows, exclusions, requirements, fees,
evidence, free returns and alternatives — each a list of `{id, when, ...}` entries.

Every rule id is checked for shape (`section.name`, lower case), for the right prefix (a fee
is `fee.*`, so ids stay greppable across stored decisions) and for uniqueness in the file:
a decision stores rule ids, and an id meaning two things would make old decisions ambiguous.
"""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from ..kit.money import parse_amount
from ..kit.yamlnodes import ID_PATTERN, RULE_ID_PATTERN, Y
from .decision import FaultSide
from .reasons import REASON_CODES
from .schema import Alternative, EvidenceRule, Exclusion, Fee, Match, Requirement, WindowRule
from .windows import Period

FAULTS = tuple(side.value for side in FaultSide)
RESOLUTION_KINDS = ("refund", "exchange", "store_credit")
MATCH_KEYS = {"categories", "tags", "skus", "tiers", "reasons", "faults", "final_sale"}


class RuleReader:
    def __init__(
        self, file: str, currency: str, categories: tuple[str, ...], tiers: tuple[str, ...], conditions: tuple[str, ...]
    ) -> None:
        self.file, self.currency = file, currency
        self.categories, self.tiers, self.conditions = categories, tiers, conditions
        self.seen_ids: dict[str, int] = {}
        # Resolutions named by windows, checked against the `resolutions:` section once it is read.
        self.resolution_refs: list[tuple[str, Y]] = []

    # --- shared pieces --------------------------------------------------------------------

    def rule_id(self, node: Y, prefix: str) -> str:
        rule_id = node.raw()
        if not RULE_ID_PATTERN.match(rule_id):
            node.fail(f'expected a rule id such as "{prefix}.something" (lower case, dot separated), got "{rule_id}"')
        if not rule_id.startswith(prefix + "."):
            node.fail(f'rule ids in this section start with "{prefix}.", got "{rule_id}"')
        if rule_id in self.seen_ids:
            node.fail(f'rule id "{rule_id}" is already used on line {self.seen_ids[rule_id]}; ids must be unique')
        self.seen_ids[rule_id] = node.line
        return rule_id

    def match(self, node: Y) -> Match:
        fields = node.fields(set(), MATCH_KEYS)
        # Any: each key is a field of Match with its own type; Match(**values) checks the names.
        values: dict[str, Any] = {}
        if "categories" in fields:
            values["categories"] = frozenset(fields["categories"].choices(self.categories, "category"))
        if "tiers" in fields:
            values["tiers"] = frozenset(fields["tiers"].choices(self.tiers, "customer tier"))
        if "reasons" in fields:
            values["reasons"] = frozenset(fields["reasons"].choices(REASON_CODES, "reason code"))
        if "faults" in fields:
            values["faults"] = frozenset(FaultSide(f) for f in fields["faults"].choices(FAULTS, "fault side"))
        for key in ("tags", "skus"):  # free-form: the shop's own vocabulary
            if key in fields:
                values[key] = frozenset(fields[key].strings())
        if "final_sale" in fields:
            values["final_sale"] = fields["final_sale"].flag()
        return Match(**values)

    def condition_ids(self, node: Y) -> tuple[str, ...]:
        if not self.conditions:
            node.fail("declare the conditions first, e.g. conditions: [has_receipt, original_packaging]")
        return tuple(node.choices(self.conditions, "condition"))

    def period(self, fields: dict[str, Y], owner: Y) -> Period:
        if ("days" in fields) == ("months" in fields):
            owner.fail('give exactly one of "days" (a number or "unlimited") or "months"')
        if "months" in fields:
            return Period(months=fields["months"].whole("a whole number of calendar months", 1))
        node = fields["days"]
        if node.value() == "unlimited":
            return Period()
        value = node.value()
        if isinstance(value, bool) or not isinstance(value, int) or value < 0:
            node.fail(f'expected a whole number of days or "unlimited", got "{node.raw()}"')
        return Period(days=value)

    # --- sections -------------------------------------------------------------------------

    def window(self, node: Y, fixed_id: str | None = None) -> WindowRule:
        if fixed_id:
            fields = node.fields(set(), {"days", "months", "or_with", "resolutions"})
            rule_id = fixed_id
        else:
            fields = node.fields({"id", "when"}, {"days", "months", "or_with", "resolutions"})
            rule_id = self.rule_id(fields["id"], "window")
        when = self.match(fields["when"]) if "when" in fields else Match()
        or_with = self.condition_ids(fields["or_with"]) if "or_with" in fields else ()
        return WindowRule(rule_id, when, self.period(fields, node), or_with, self.resolutions(fields))

    def statutory(self, node: Y) -> WindowRule:
        """A legal minimum window: like a window rule, but never shortened by one (no or_with:
        the law's period needs no receipt to be rescued)."""
        fields = node.fields({"id"}, {"when", "days", "months", "resolutions"})
        rule_id = self.rule_id(fields["id"], "statutory")
        when = self.match(fields["when"]) if "when" in fields else Match()
        period = self.period(fields, node)
        if period.unlimited:
            fields["days"].fail('a statutory minimum is a number of days or months, not "unlimited"')
        return WindowRule(rule_id, when, period, (), self.resolutions(fields))

    def resolutions(self, fields: dict[str, Y]) -> frozenset[str] | None:
        if "resolutions" not in fields:
            return None
        node = fields["resolutions"]
        kinds = node.choices(RESOLUTION_KINDS, "resolution")
        if not kinds:
            node.fail("name at least one resolution (refund, exchange or store_credit), or leave the key out")
        self.resolution_refs += [(kind, node) for kind in kinds]
        return frozenset(kinds)

    def exclusion(self, node: Y) -> Exclusion:
        fields = node.fields({"id", "when"}, {"except_when", "except_if"})
        return Exclusion(
            self.rule_id(fields["id"], "exclusion"),
            self.match(fields["when"]),
            self.match(fields["except_when"]) if "except_when" in fields else None,
            self.condition_ids(fields["except_if"]) if "except_if" in fields else (),
        )

    def requirement(self, node: Y) -> Requirement:
        fields = node.fields({"id", "require"}, {"when"})
        return Requirement(
            self.rule_id(fields["id"], "requirement"),
            self.match(fields["when"]) if "when" in fields else Match(),
            self.condition_ids(fields["require"]),
        )

    def fee(self, node: Y) -> Fee:
        fields = node.fields({"id"}, {"when", "percent", "fixed", "except_if"})
        rule_id = self.rule_id(fields["id"], "fee")
        if ("percent" in fields) == ("fixed" in fields):
            node.fail('give exactly one of "percent" (of the line value) or "fixed" (per unit, e.g. "5.00")')
        percent = fixed = None
        if "percent" in fields:
            percent = Decimal(str(fields["percent"].number("a percentage", 0, 100)))
        else:
            try:
                fixed = parse_amount(fields["fixed"].value(), self.currency)
            except ValueError as exc:
                fields["fixed"].fail(f'{exc}, got "{fields["fixed"].raw()}"')
        return Fee(
            rule_id,
            self.match(fields["when"]) if "when" in fields else Match(),
            percent,
            fixed,
            self.condition_ids(fields["except_if"]) if "except_if" in fields else (),
        )

    def evidence(self, node: Y) -> EvidenceRule:
        fields = node.fields({"id", "kind", "count"}, {"when"})
        kind = fields["kind"].raw()
        if not ID_PATTERN.match(kind):
            fields["kind"].fail(f'expected an evidence kind in lower_snake_case such as "photo_damage", got "{kind}"')
        return EvidenceRule(
            self.rule_id(fields["id"], "evidence"),
            self.match(fields["when"]) if "when" in fields else Match(),
            kind,
            fields["count"].whole("a number of files", 1),
        )

    def alternative(self, node: Y, prefix: str = "alternative") -> Alternative:
        fields = node.fields({"id"}, {"when"})
        return Alternative(
            self.rule_id(fields["id"], prefix), self.match(fields["when"]) if "when" in fields else Match()
        )
