"""The shape of a return policy once loaded: immutable rules, each with a stable id.

The YAML file (see policies/README.md) maps one-to-one onto these classes; the loader builds
them and checks every reference, so the engine can trust a Policy completely.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, time, timedelta
from decimal import Decimal
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

from .carrier_scan import CarrierScanRefund
from .decision import FaultSide, Outcome
from .facts import Item, Purchase
from .texts import Texts
from .windows import Period, next_working_day


@dataclass(frozen=True)
class Subject:
    """What a rule's `when` looks at: one order line, its buyer, and the reason given."""

    category: str
    sku: str
    tags: frozenset[str]
    final_sale: bool
    tier: str
    reason: str
    fault: FaultSide

    @classmethod
    def of(cls, item: Item, purchase: Purchase, reason: str, fault: FaultSide) -> Subject:
        return cls(item.category, item.sku, item.tags, item.final_sale, purchase.customer_tier, reason, fault)


@dataclass(frozen=True)
class Match:
    """`when:` — every key given must match (AND); within one key, any listed value (OR).

    An empty Match matches everything. Specificity (how many keys are given) decides which
    window wins: the most specific applicable window rule.
    """

    categories: frozenset[str] = frozenset()
    tags: frozenset[str] = frozenset()
    skus: frozenset[str] = frozenset()
    tiers: frozenset[str] = frozenset()
    reasons: frozenset[str] = frozenset()
    faults: frozenset[FaultSide] = frozenset()
    final_sale: bool | None = None

    @property
    def specificity(self) -> int:
        keys = (self.categories, self.tags, self.skus, self.tiers, self.reasons, self.faults)
        return sum(1 for values in keys if values) + (self.final_sale is not None)

    def matches(self, s: Subject) -> bool:
        return (
            (not self.categories or s.category in self.categories)
            and (not self.tags or bool(self.tags & s.tags))
            and (not self.skus or s.sku in self.skus)
            and (not self.tiers or s.tier in self.tiers)
            and (not self.reasons or s.reason in self.reasons)
            and (not self.faults or s.fault in self.faults)
            and (self.final_sale is None or s.final_sale == self.final_sale)
        )

    def as_dict(self) -> dict[str, Any]:
        out: dict[str, Any] = {
            key: sorted(str(v) for v in getattr(self, key))
            for key in ("categories", "tags", "skus", "tiers", "reasons", "faults")
            if getattr(self, key)
        }
        if self.final_sale is not None:
            out["final_sale"] = self.final_sale
        return out


# Read by policy/return_methods.py.
@dataclass(frozen=True)
class ReturnMethod:
    kind: str
    needs_label: bool
    when: Match | None = None
    where: str | None = None

    def allows(self, subjects: list[Subject]) -> bool:
        return self.when is None or all(self.when.matches(subject) for subject in subjects)


@dataclass(frozen=True)
class WindowRule:
    id: str
    when: Match
    period: Period
    # Conditions of which any one, answered yes, keeps a late return eligible ("or with the receipt").
    or_with: tuple[str, ...] = ()
    # While only this window is open, only these resolutions are offered (None: all of them),
    # e.g. 三包: exchange, not refund, from the 8th to the 15th day.
    resolutions: frozenset[str] | None = None

    @property
    def statutory(self) -> bool:
        return self.id.startswith("statutory.")


@dataclass(frozen=True)
class Exclusion:
    id: str
    when: Match
    # The exclusion does not apply to these (typically merchant-fault reasons: a defective
    # perishable is still the shop's problem) ...
    except_when: Match | None = None
    # ... nor when the customer answers yes to one of these ("sealed" for hygiene products).
    except_if: tuple[str, ...] = ()


@dataclass(frozen=True)
class Requirement:
    """Conditions that must all be answered yes, e.g. goods intact for a no-reason return."""

    id: str
    when: Match
    require: tuple[str, ...]


@dataclass(frozen=True)
class Fee:
    id: str
    when: Match
    percent: Decimal | None = None
    fixed_minor: int | None = None  # per returned unit
    except_if: tuple[str, ...] = ()  # e.g. no opened-item fee when the box is still sealed


@dataclass(frozen=True)
class EvidenceRule:
    id: str
    when: Match
    kind: str
    count: int


@dataclass(frozen=True)
class OutboundRefund:
    """Giving back the delivery the customer paid when the whole order comes back (2011/83/EU
    art. 13(1)); `up_to` is the standard delivery's price, as art. 13(2) leaves an express
    surcharge with the customer."""

    when: Match = field(default_factory=Match)
    up_to_minor: int | None = None


@dataclass(frozen=True)
class ShippingRules:
    label_cost_minor: int
    payer: Mapping[FaultSide, FaultSide]  # by the reason's fault side
    deduct_label_from_refund: bool
    free_returns: tuple[tuple[str, Match], ...] = ()  # (rule id, when): the shop pays regardless
    outbound_refund: OutboundRefund | None = None  # absent: the outbound delivery is never refunded


@dataclass(frozen=True)
class ReviewRule:
    id: str
    outcome: Outcome  # REVIEW or REJECT
    above_minor: int | None = None
    at_least: int | float | None = None
    lookback_days: int | None = None
    min_orders: int | None = None  # return_rate: only judged over at least this many orders


@dataclass(frozen=True)
class Resolution:
    kind: str  # refund | exchange | store_credit
    when: Match = field(default_factory=Match)
    bonus_percent: Decimal = Decimal(0)
    # Exchange only: a dearer replacement is paid by the customer (customer_pays), by the shop
    # (waived) or not offered (not_allowed); a cheaper one's difference is refunded or not
    # (not_refunded). The defaults are what the exchange flow always did (policy/exchange_price.py).
    dearer: str = "customer_pays"
    cheaper: str = "refund"


@dataclass(frozen=True)
class Costs:
    """What a return costs the shop beyond the money handed back, to compare resolutions."""

    handling_minor: int = 0  # receiving, inspecting and restocking one return
    outbound_shipping_minor: int = 0  # sending an exchange item
    goods_cost_percent: Decimal = Decimal(100)  # what goods worth 100 cost the shop
    recovery_percent: Mapping[str, Decimal] = field(default_factory=dict)  # by category
    default_recovery_percent: Decimal = Decimal(0)

    def recovery(self, category: str) -> Decimal:
        return self.recovery_percent.get(category, self.default_recovery_percent)


@dataclass(frozen=True)
class KeepItemRung:
    """One step of the keep-the-item ladder: a share of what the line cost, as money or a coupon."""

    kind: str  # refund (partial refund, the customer keeps the item) | coupon
    percent: Decimal


@dataclass(frozen=True)
class KeepItemOffers:
    """When a physical return is not worth it, which offers the bot may make instead, in order."""

    when: Match
    max_item_value_minor: int | None  # None: any value
    ladder: tuple[KeepItemRung, ...]


@dataclass(frozen=True)
class Alternative:
    id: str
    when: Match = field(default_factory=Match)


@dataclass(frozen=True)
class Policy:
    """One loaded policy file. Build it with `load_policy`; never mutate it."""

    id: str
    name: str
    version: str  # declared version + "+" + first 8 hex digits of the file's sha256
    currency: str
    source: Path
    categories: tuple[str, ...]
    tiers: tuple[str, ...]
    reason_faults: Mapping[str, FaultSide]
    count_from: str  # delivery | order
    standard_window: WindowRule
    windows: tuple[WindowRule, ...]
    conditions: tuple[str, ...]
    exclusions: tuple[Exclusion, ...]
    requirements: tuple[Requirement, ...]
    fees: tuple[Fee, ...]
    evidence: tuple[EvidenceRule, ...]
    shipping: ShippingRules
    review: Mapping[str, ReviewRule]
    resolutions: tuple[Resolution, ...]
    costs: Costs
    alternatives: tuple[Alternative, ...]
    return_by_days: int | None
    refund_due_days: int | None
    texts: Texts
    keep_item_offers: KeepItemOffers | None = None  # absent: the bot never offers to keep the item
    return_methods: tuple[ReturnMethod, ...] = ()  # mail, drop-off, in store (policy/return_methods.py)
    timezone: str = "UTC"  # IANA name: the shop's calendar days, for delivery days and "today"
    # Minimum windows the law gives, per reason/fault: no merchant window can shorten them.
    statutory: tuple[WindowRule, ...] = ()
    # Regulation 1182/71 art. 3(4): a period ending on a Saturday, Sunday or holiday runs on.
    next_working_day: bool = False
    holidays: frozenset[date] = frozenset()
    # Refund a trusted customer on the carrier's scan instead of after inspection (carrier_scan.py).
    refund_on_carrier_scan: CarrierScanRefund | None = None

    @property
    def default_locale(self) -> str:
        return self.texts.default_locale

    @property
    def locales(self) -> tuple[str, ...]:
        return self.texts.locales

    @property
    def zone(self) -> ZoneInfo:
        return ZoneInfo(self.timezone)

    def local_date(self, moment: datetime) -> date:
        """The shop's calendar day at `moment` (aware; a naive timestamp is taken as UTC)."""
        if moment.tzinfo is None:
            moment = moment.replace(tzinfo=UTC)
        return moment.astimezone(self.zone).date()

    def closes_at(self, last_day: date) -> datetime:
        """When a window whose last day is `last_day` closes: the end of that day in the shop's zone."""
        return datetime.combine(last_day + timedelta(days=1), time(0), tzinfo=self.zone)

    def period_end(self, period: Period, start: date) -> date | None:
        """Last day of `period` from `start`, moved to the next working day where the policy says so."""
        end = period.end(start)
        return self.working_day(end) if end is not None else None

    def working_day(self, day: date) -> date:
        return next_working_day(day, self.holidays) if self.next_working_day else day

    def fault_of(self, reason: str) -> FaultSide:
        # An unknown reason is treated as the customer's doing: the cautious reading for money.
        return self.reason_faults.get(reason, FaultSide.CUSTOMER)
