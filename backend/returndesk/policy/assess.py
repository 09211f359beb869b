"""One order line against the policy: excluded? required conditions met? inside its window?
what fees apply, what evidence is needed? Shared by `evaluate` and `line_eligibility`.

The steps run in the order a person at the returns desk would check them, and the order is
also how the answer reads: an excluded item is refused for that reason alone (its window is
not even looked at), so the customer is not told two unrelated reasons for one "no".

Questions: a condition the customer has not answered yet is treated as "no" for the outcome
(we never approve on a guess), and listed so the bot can ask it. A refusal that no answer
could change is "hard"; then the line's questions are dropped, as asking them would be pointless.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from .decision import FaultSide, Outcome
from .facts import Item, Purchase
from .money import restocking_fee
from .reasons import REASON_CODES
from .schema import EvidenceRule, Policy, Subject, WindowRule
from .windows import window_start, within


@dataclass(frozen=True)
class Fired:
    """A rule that fired, with the values its text may mention."""

    rule_id: str
    params: Mapping[str, Any] = field(default_factory=dict)


@dataclass
class LineAssessment:
    item: Item
    quantity: int
    reason: str
    subject: Subject
    fired: list[Fired] = field(default_factory=list)
    window_end: date | None = None
    window_rule: WindowRule | None = None
    hard_reject: bool = False
    pending_reject: bool = False  # refused until a question is answered yes
    review: bool = False
    questions: list[str] = field(default_factory=list)
    assumed: list[str] = field(default_factory=list)  # preconditions taken as yes (eligibility view)
    eligible_if_any: list[str] = field(default_factory=list)  # late, unless one of these is yes
    fee_minor: int = 0
    evidence: list[EvidenceRule] = field(default_factory=list)
    awaiting_delivery: bool = False  # count_from: delivery and not delivered: no window yet
    resolutions: frozenset[str] | None = None  # what the open windows allow; None: anything

    def allows(self, resolution: str) -> bool:
        return self.resolutions is None or resolution in self.resolutions

    @property
    def value_minor(self) -> int:
        return self.item.unit_price_minor * self.quantity

    @property
    def fault(self) -> FaultSide:
        return self.subject.fault

    @property
    def outcome(self) -> Outcome:
        if self.hard_reject or self.pending_reject:
            return Outcome.REJECT
        return Outcome.REVIEW if self.review else Outcome.APPROVE

    @property
    def refund_minor(self) -> int:
        return 0 if self.outcome is Outcome.REJECT else max(0, self.value_minor - self.fee_minor)

    @property
    def open_questions(self) -> list[str]:
        return [] if self.hard_reject else list(dict.fromkeys(self.questions))

    def fire(self, rule_id: str, **params: Any) -> None:
        self.fired.append(Fired(rule_id, params))


def assess_line(
    policy: Policy,
    item: Item,
    purchase: Purchase,
    reason: str,
    quantity: int,
    today: date,
    answers: Mapping[str, bool],
    *,
    assume_preconditions: bool = False,
) -> LineAssessment:
    """`assume_preconditions`: the returnable-items view, before anything was asked — take
    "is it intact / sealed?" as yes (and list them) so every item is not shown as refused."""
    subject = Subject.of(item, purchase, reason, policy.fault_of(reason))
    line = LineAssessment(item, quantity, reason, subject)
    if reason not in REASON_CODES:
        line.fire("request.unknown_reason")
        line.review = True
    if item.category not in policy.categories:
        # A category the policy does not know matches no category rule: a misspelt
        # "fresh_fruit" would slip past every perishable exclusion. A person looks at it.
        line.fire("request.unknown_category", category=item.category)
        line.review = True
    if quantity < 1 or quantity > item.quantity:
        line.fire("request.bad_quantity", count=item.quantity)
        line.hard_reject = True
        return line

    _exclusions(policy, line, answers, assume_preconditions)
    if line.hard_reject:
        return line
    _requirements(policy, line, answers, assume_preconditions)
    _window(policy, line, purchase, today, answers)
    if line.outcome is not Outcome.REJECT:
        _fees(policy, line, answers)
        line.evidence = [rule for rule in policy.evidence if rule.when.matches(subject)]
    return line


def _unanswered(conditions: tuple[str, ...], answers: Mapping[str, bool]) -> list[str]:
    return [c for c in conditions if answers.get(c) is None]


def _any_yes(conditions: tuple[str, ...], answers: Mapping[str, bool]) -> str | None:
    return next((c for c in conditions if answers.get(c) is True), None)


def _exclusions(policy: Policy, line: LineAssessment, answers: Mapping[str, bool], assume: bool) -> None:
    for rule in policy.exclusions:
        if not rule.when.matches(line.subject):
            continue
        # Merchant-fault exceptions: what the shop got wrong stays the shop's to put right,
        # whatever the item (a defective perishable is refunded, not refused).
        if rule.except_when is not None and rule.except_when.matches(line.subject):
            continue
        if _any_yes(rule.except_if, answers):
            continue
        unanswered = _unanswered(rule.except_if, answers)
        if unanswered and assume:
            line.assumed += unanswered
            continue
        line.fire(rule.id)
        if unanswered:
            line.pending_reject = True
            line.questions += unanswered
        else:
            line.hard_reject = True


def _requirements(policy: Policy, line: LineAssessment, answers: Mapping[str, bool], assume: bool) -> None:
    for rule in policy.requirements:
        if not rule.when.matches(line.subject):
            continue
        if any(answers.get(c) is False for c in rule.require):
            line.fire(rule.id)
            line.hard_reject = True
            continue
        unanswered = _unanswered(rule.require, answers)
        if unanswered and assume:
            line.assumed += unanswered
        elif unanswered:
            line.fire(rule.id)
            line.pending_reject = True
            line.questions += unanswered


def select_window(policy: Policy, subject: Subject, start: date) -> WindowRule:
    """The merchant's window: the most specific applicable one (most `when` keys); among equally
    specific ones the longest, so overlapping perks (a gold member buying electronics) favour the
    customer."""
    candidates = [policy.standard_window, *(rule for rule in policy.windows if rule.when.matches(subject))]
    return max(candidates, key=lambda rule: (rule.when.specificity, rule.period.sort_key(start)))


def _window(policy: Policy, line: LineAssessment, purchase: Purchase, today: date, answers: Mapping[str, bool]) -> None:
    """The merchant's window and the law's minimums for this line, side by side.

    A statutory minimum is never shortened by a merchant rule, however specific (a gold
    member's 30-day electronics perk does not cut a faulty laptop's 2-year guarantee); a longer
    merchant window still wins. The line is in while any of them is open; the one that speaks
    is the open window offering the most resolutions, then the longest.
    """
    start = window_start(purchase, policy.count_from)
    if start is None:
        line.awaiting_delivery = True
        line.fire("window.not_started")
        return
    merchant = select_window(policy, line.subject, start)
    windows = [merchant, *(floor for floor in policy.statutory if floor.when.matches(line.subject))]
    ends = [policy.period_end(rule.period, start) for rule in windows]
    # An unlimited window (end None) leaves the line without an end.
    known_ends = [end for end in ends if end is not None]
    line.window_end = max(known_ends) if len(known_ends) == len(ends) else None
    open_ = [(rule, end) for rule, end in zip(windows, ends, strict=True) if within(today, end)]
    if open_:
        allowed = [rule.resolutions for rule, _ in open_]
        limited = [kinds for kinds in allowed if kinds is not None]  # None: any resolution
        line.resolutions = frozenset[str]().union(*limited) if len(limited) == len(allowed) else None
        rule, end = max(open_, key=lambda pair: (_breadth(policy, pair[0]), *_reach(pair, merchant)))
        line.window_rule = rule
        line.fire(rule.id, period=rule.period, window_end=end)
        return
    rule, end = max(zip(windows, ends, strict=True), key=lambda pair: _reach(pair, merchant))
    line.window_rule, line.resolutions = rule, merchant.resolutions
    line.fire(rule.id, period=rule.period, window_end=end)
    # The merchant's "or with the receipt" still rescues a late return, whichever window was longest.
    accepted_by = _any_yes(merchant.or_with, answers)
    if accepted_by:
        line.fire(f"condition.{accepted_by}", window_end=line.window_end)
        return
    line.fire("window.expired", window_end=line.window_end, period=rule.period)
    unanswered = _unanswered(merchant.or_with, answers)
    if unanswered:
        line.pending_reject = True
        line.questions += unanswered
        line.eligible_if_any += unanswered
    else:
        line.hard_reject = True


def _breadth(policy: Policy, rule: WindowRule) -> int:
    return len(policy.resolutions) if rule.resolutions is None else len(rule.resolutions)


def _reach(pair: tuple[WindowRule, date | None], merchant: WindowRule) -> tuple[date, int, bool]:
    # Longest first; then the more specific; on a full tie the law's own words.
    rule, end = pair
    return (date.max if end is None else end, rule.when.specificity, rule is not merchant)


def _fees(policy: Policy, line: LineAssessment, answers: Mapping[str, bool]) -> None:
    total = 0
    for rule in policy.fees:
        if not rule.when.matches(line.subject) or _any_yes(rule.except_if, answers):
            continue
        # An unanswered "is it still sealed?" means the fee applies for now; asking may lift it.
        line.questions += _unanswered(rule.except_if, answers)
        fee = restocking_fee(line.value_minor, line.quantity, percent=rule.percent, fixed_minor=rule.fixed_minor)
        total += fee
        line.fire(rule.id, percent=rule.percent, amount_minor=fee)
    line.fee_minor = min(total, line.value_minor)
