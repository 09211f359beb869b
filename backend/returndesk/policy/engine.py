"""evaluate(): a whole return request -> one Decision. Pure: no clock, no database, no I/O.

Overall outcome of a request with several lines: any rejected line makes the decision REJECT
(the bot only offers eligible lines, so a rejected line is a real refusal the customer must
hear about, with the alternatives); otherwise REVIEW if any review rule fired; else APPROVE.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from datetime import date, timedelta

from .assess import Fired, LineAssessment, assess_line
from .decision import (
    Decision,
    Deduction,
    EvidenceRequirement,
    Explanation,
    FaultSide,
    LineDecision,
    Outcome,
    ResolutionOption,
)
from .explain import explanations, questions, rule_text, say
from .facts import Purchase, ReturnRequest
from .money import refund_estimate
from .schema import Policy, ReviewRule
from .settle import resolution_options, shipping_payer
from .windows import Period


def evaluate(policy: Policy, request: ReturnRequest) -> Decision:
    """Decide a return request under `policy`; never raises for any well-typed facts."""
    locale = policy.texts.resolve_locale(request.locale)
    purchase, today = request.purchase, request.today
    lines = [
        assess_line(policy, line.item, purchase, line.reason, line.quantity, today, request.answers)
        for line in request.lines
    ]
    fired: list[Fired] = [f for line in lines for f in line.fired]
    accepted = [line for line in lines if line.outcome is not Outcome.REJECT]
    if not lines:
        fired.append(Fired("request.no_lines"))

    evidence = _evidence(policy, locale, accepted, request.evidence, fired)
    review_outcomes = _review(policy, request, accepted, evidence, fired) if len(accepted) == len(lines) else []

    if not lines or len(accepted) < len(lines) or Outcome.REJECT in review_outcomes:
        outcome = Outcome.REJECT
    elif review_outcomes or any(line.outcome is Outcome.REVIEW for line in lines):
        outcome = Outcome.REVIEW
    else:
        outcome = Outcome.APPROVE

    payer, shipping_rule = shipping_payer(policy, accepted or lines)
    if outcome is not Outcome.REJECT:  # who pays to send back what is refused is nobody's question
        fired.append(shipping_rule)
    label_cost = policy.shipping.label_cost_minor if payer is FaultSide.CUSTOMER else 0
    fees = sum(line.fee_minor for line in accepted)
    goods = sum(line.value_minor for line in accepted)
    # At most what the fees leave of the goods: the refund is never negative, and the parts the
    # customer is shown must add up (a fee per line is already at most the line's value).
    deducts_label = policy.shipping.deduct_label_from_refund and outcome is not Outcome.REJECT
    deducted = min(label_cost, goods - fees) if deducts_label else 0
    outbound = _outbound_refund(policy, purchase, lines, goods, fired) if outcome is not Outcome.REJECT else 0
    refund = refund_estimate(goods, fees, deducted) + outbound if outcome is not Outcome.REJECT else 0

    resolutions: tuple[ResolutionOption, ...] = ()
    alternatives: tuple[Explanation, ...] = ()
    return_by: date | None = None
    if outcome is Outcome.REJECT:
        alternatives = _alternatives(policy, locale, [line for line in lines if line not in accepted] or lines)
    else:
        resolutions = resolution_options(policy, locale, accepted, refund, payer, request.preferred_resolution)
        if policy.return_by_days is not None:
            # A deadline is a period too: with next_working_day it ends on a working day.
            return_by = policy.working_day(today + timedelta(days=policy.return_by_days))
            fired.append(
                Fired("deadline.return_by", {"return_by": return_by, "period": Period(days=policy.return_by_days)})
            )
        if policy.refund_due_days is not None:
            fired.append(Fired("deadline.refund_due"))

    all_explanations = explanations(policy, locale, fired)
    return Decision(
        outcome=outcome,
        rule_ids=tuple(e.rule_id for e in all_explanations),
        explanations=all_explanations,
        lines=tuple(_line_decision(policy, locale, line) for line in lines),
        questions=questions(policy, locale, (q for line in lines for q in line.open_questions)),
        required_evidence=evidence,
        shipping_payer=payer,
        label_cost_minor=label_cost,
        restocking_fee_minor=fees,
        refund_estimate_minor=refund,
        currency=policy.currency,
        resolutions=resolutions,
        alternatives=alternatives,
        return_by=return_by,
        refund_due_days=policy.refund_due_days,
        policy_version=policy.version,
        outbound_shipping_refund_minor=outbound,
        goods_value_minor=goods if outcome is not Outcome.REJECT else 0,
        deductions=_deductions(fees, deducted) if outcome is not Outcome.REJECT else (),
    )


def _deductions(fees: int, label_deducted: int) -> tuple[Deduction, ...]:
    """What comes off the goods' value, only the amounts there are."""
    parts = (Deduction("restocking_fee", fees), Deduction("return_label", label_deducted))
    return tuple(part for part in parts if part.amount_minor > 0)


def _line_decision(policy: Policy, locale: str, line: LineAssessment) -> LineDecision:
    line_explanations = explanations(policy, locale, line.fired)
    return LineDecision(
        line_id=line.item.line_id,
        quantity=line.quantity,
        reason=line.reason,
        outcome=line.outcome,
        window_end=line.window_end,
        rule_ids=tuple(e.rule_id for e in line_explanations),
        explanations=line_explanations,
        restocking_fee_minor=line.fee_minor if line.outcome is not Outcome.REJECT else 0,
        refund_estimate_minor=line.refund_minor,
        awaiting_delivery=line.awaiting_delivery,
    )


def _outbound_refund(
    policy: Policy, purchase: Purchase, lines: list[LineAssessment], goods: int, fired: list[Fired]
) -> int:
    """The delivery the customer paid, given back when this return completes the return of the
    whole order (2011/83/EU art. 13(1)): kept goods still needed delivering, so a partial
    return gives none of it back. At most the standard delivery's price (art. 13(2))."""
    rule = policy.shipping.outbound_refund
    paid = purchase.shipping_paid_minor
    if rule is None or paid <= 0 or not all(rule.when.matches(line.subject) for line in lines):
        return 0
    order_goods = purchase.order_total_minor - paid
    if goods + purchase.goods_returned_before_minor < order_goods:
        return 0
    amount = paid if rule.up_to_minor is None else min(paid, rule.up_to_minor)
    fired.append(Fired("shipping.outbound_refund", {"amount_minor": amount}))
    return amount


def _evidence(
    policy: Policy, locale: str, lines: list[LineAssessment], received: Mapping[str, int], fired: list[Fired]
) -> tuple[EvidenceRequirement, ...]:
    """Evidence per kind: the largest count any matching rule asks for (not the sum: two
    rules asking for damage photos want the same photos)."""
    counts: dict[str, int] = {}
    for line in lines:
        for rule in line.evidence:
            counts[rule.kind] = max(counts.get(rule.kind, 0), rule.count)
            fired.append(Fired(rule.id, {"count": rule.count}))
    return tuple(
        EvidenceRequirement(
            kind=kind,
            count=count,
            text=say(policy, locale, "evidence", kind, {"count": count, "received": received.get(kind, 0)}),
            received=max(0, int(received.get(kind, 0))),
        )
        for kind, count in counts.items()
    )


def _review(
    policy: Policy,
    request: ReturnRequest,
    lines: list[LineAssessment],
    evidence: tuple[EvidenceRequirement, ...],
    fired: list[Fired],
) -> list[Outcome]:
    """Review rules, checked only when every line passed: a refusal needs no second opinion."""
    rules, purchase = policy.review, request.purchase
    # The loader gives every threshold rule its threshold; the `is not None` keeps evaluate()
    # total (a rule without one never fires) instead of raising TypeError mid-decision.
    checks: dict[str, Callable[[ReviewRule], bool]] = {
        "review.high_value": lambda r: (
            r.above_minor is not None and sum(line.value_minor for line in lines) > r.above_minor
        ),
        "review.evidence_missing": lambda r: any(e.missing for e in evidence),
        "review.frequent_returns": lambda r: r.at_least is not None and purchase.recent_return_count >= r.at_least,
        "review.return_rate": lambda r: (
            r.at_least is not None
            and purchase.recent_order_count >= (r.min_orders or 1)
            and purchase.recent_return_rate >= r.at_least
        ),
        "review.reason_disputed": lambda r: request.reason_disputed,
        "review.evidence_suspect": lambda r: request.evidence_suspect,
    }
    outcomes = []
    for rule_id, check in checks.items():
        rule = rules.get(rule_id)
        if rule is not None and lines and check(rule):
            params = (
                {"threshold_minor": rule.above_minor} if rule.above_minor is not None else {"threshold": rule.at_least}
            )
            fired.append(Fired(rule_id, params))
            outcomes.append(rule.outcome)
    return outcomes


def _alternatives(policy: Policy, locale: str, refused: list[LineAssessment]) -> tuple[Explanation, ...]:
    return tuple(
        Explanation(alt.id, rule_text(policy, locale, alt.id))
        for alt in policy.alternatives
        if any(alt.when.matches(line.subject) for line in refused)
    )
