"""Keep the item instead of sending it back: when it is worth offering, and the ladder of offers.

A cheap item sent back can cost the shop more than it is worth: handling, a label the shop pays,
and resale at a fraction of the price. Then a partial refund (or a coupon) with nothing sent
back is cheaper for the shop and quicker for the customer. `keep_item_ladder` works out, for one
order line, what a physical return would cost the shop and which rungs of the policy's ladder
cost less than that — pure data, no database; the service decides which rung comes next.

What a physical return costs the shop: the refund it would pay, plus handling, plus the label
when the shop pays it, minus what the item recovers when resold (`costs:`). With the full price
refunded this is handling + shipping + the value lost on recovery. A rung costs the shop its
amount (refund) or what the goods bought with it cost the shop (coupon, `goods_cost_percent`).
A rung is offered only when it costs strictly less than the return.

Amounts are capped by the bot's authority (passed in, in minor units): a rung above the cap is
offered at the cap, and a rung that would give no more than an earlier rung of its kind is
skipped, so "no" always leads to a better offer or to the normal return.

The demo-history generator (backend/tools/generate/keep_item.py) decides its offers with the same
`not_covered`, `offered_rungs` and `return_cost_minor`, on its plain numbers.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from ..kit.money import parse_amount, percent_of
from ..kit.yamlnodes import Y
from .assess import assess_line
from .decision import FaultSide, Outcome
from .facts import Item, Purchase
from .rules import RuleReader
from .schema import KeepItemOffers, KeepItemRung, Match, Policy, Subject
from .settle import shipping_payer

RUNG_KINDS = ("refund", "coupon")


@dataclass(frozen=True)
class Rung:
    kind: str  # refund | coupon
    percent: Decimal  # as written in the policy
    amount_minor: int  # after rounding and the authority cap
    cost_minor: int  # what it costs the shop
    capped: bool = False


@dataclass(frozen=True)
class KeepItemLadder:
    """The offers for one line, best for the shop first; empty with `why` when none applies."""

    return_cost_minor: int
    rungs: tuple[Rung, ...]
    why: str = ""

    @property
    def applies(self) -> bool:
        return bool(self.rungs)


def keep_item_ladder(
    policy: Policy,
    item: Item,
    purchase: Purchase,
    reason: str,
    today: date,
    *,
    refund_cap_minor: int | None,
    coupon_cap_minor: int | None,
    quantity: int | None = None,
) -> KeepItemLadder:
    """The rungs worth offering for `quantity` units (default: the whole line) kept for `reason`.

    Caps are what the bot may still move on this case (None: no cap); a refund is also capped
    by the caller to what is left of the line's paid amount.
    """
    offers = policy.keep_item_offers
    quantity = quantity or item.quantity
    if offers is None:
        return KeepItemLadder(0, (), "the policy makes no keep-the-item offers")
    line = assess_line(policy, item, purchase, reason, quantity, today, {}, assume_preconditions=True)
    value = line.value_minor
    payer, _ = shipping_payer(policy, [line])
    return_cost = return_cost_minor(
        policy,
        value_minor=value,
        fee_minor=line.fee_minor,
        category=line.subject.category,
        customer_pays=payer is FaultSide.CUSTOMER,
    )
    if line.outcome is Outcome.REJECT:
        return KeepItemLadder(return_cost, (), "the item cannot be returned for this reason")
    if why := not_covered(offers, line.subject, value):
        return KeepItemLadder(return_cost, (), why)
    rungs = offered_rungs(
        policy, value, return_cost, refund_cap_minor=refund_cap_minor, coupon_cap_minor=coupon_cap_minor
    )
    why = "" if rungs else "every offer would cost as much as the return itself, or more than the bot may give"
    return KeepItemLadder(return_cost, rungs, why)


def not_covered(offers: KeepItemOffers, subject: Subject, value_minor: int) -> str:
    """Why the offers leave out this item and reason ("" when they cover it)."""
    if not offers.when.matches(subject):
        return "keep-the-item offers do not cover this item or reason"
    if offers.max_item_value_minor is not None and value_minor > offers.max_item_value_minor:
        return "the item is worth more than keep-the-item offers allow"
    return ""


def offered_rungs(
    policy: Policy,
    value_minor: int,
    return_cost_minor: int,
    *,
    refund_cap_minor: int | None = None,
    coupon_cap_minor: int | None = None,
) -> tuple[Rung, ...]:
    """The ladder's rungs on goods worth `value_minor`, each at most its cap, kept when it gives
    more than the earlier rungs of its kind and costs the shop less than the return."""
    if policy.keep_item_offers is None:
        return ()
    caps = {"refund": refund_cap_minor, "coupon": coupon_cap_minor}
    best: dict[str, int] = {}
    rungs = []
    for step in policy.keep_item_offers.ladder:
        amount = percent_of(value_minor, step.percent)
        cap = caps[step.kind]
        capped = cap is not None and amount > cap
        if cap is not None:
            amount = min(amount, cap)
        cost = amount if step.kind == "refund" else percent_of(amount, policy.costs.goods_cost_percent)
        if amount <= best.get(step.kind, 0) or cost >= return_cost_minor:
            continue
        best[step.kind] = amount
        rungs.append(Rung(step.kind, step.percent, amount, cost, capped))
    return tuple(rungs)


def return_cost_minor(policy: Policy, *, value_minor: int, fee_minor: int, category: str, customer_pays: bool) -> int:
    """What sending goods worth `value_minor` back costs the shop, refund included (see the
    module docstring)."""
    costs = policy.costs
    label = policy.shipping.label_cost_minor
    deducted = label if customer_pays and policy.shipping.deduct_label_from_refund else 0
    refund = max(0, value_minor - fee_minor - deducted)
    shop_label = 0 if customer_pays else label
    recovered = percent_of(value_minor, costs.recovery(category))
    return refund + costs.handling_minor + shop_label - recovered


# --- reading the policy file -------------------------------------------------------------------


def read_keep_item_offers(node: Y, rules: RuleReader, currency: str) -> KeepItemOffers:
    """`keep_item_offers:` — {when, max_item_value, ladder: [{kind, percent}, ...]}."""
    fields = node.fields({"ladder"}, {"when", "max_item_value"})
    when = rules.match(fields["when"]) if "when" in fields else Match()
    most = None
    if "max_item_value" in fields:
        try:
            most = parse_amount(fields["max_item_value"].value(), currency)
        except ValueError as exc:
            fields["max_item_value"].fail(f'{exc}, got "{fields["max_item_value"].raw()}"')
    ladder: list[KeepItemRung] = []
    for step in fields["ladder"].seq():
        rung = step.fields({"kind", "percent"}, set())
        kind = rung["kind"].choice(RUNG_KINDS, "offer kind")
        percent = Decimal(str(rung["percent"].number("a percentage of the line's price", 0, 100)))
        if percent == 0:
            rung["percent"].fail("an offer of 0% gives nothing; remove the rung or give a percentage above 0")
        earlier = [r.percent for r in ladder if r.kind == kind]
        if earlier and percent <= max(earlier):
            rung["percent"].fail(
                f"each {kind} rung must give more than the {kind} rungs before it ({max(earlier)}%); "
                "a customer who said no to more would be offered less"
            )
        ladder.append(KeepItemRung(kind, percent))
    if not ladder:
        fields["ladder"].fail("give at least one rung, e.g. - {kind: refund, percent: 20}")
    return KeepItemOffers(when=when, max_item_value_minor=most, ladder=tuple(ladder))
