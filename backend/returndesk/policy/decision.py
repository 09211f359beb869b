"""What the policy engine answers: a Decision, serialisable as it is stored and sent."""

from __future__ import annotations

from dataclasses import asdict, dataclass
from datetime import date
from enum import StrEnum
from typing import Any


class Outcome(StrEnum):
    APPROVE = "approve"
    REVIEW = "review"
    REJECT = "reject"


class FaultSide(StrEnum):
    MERCHANT = "merchant"
    CARRIER = "carrier"
    CUSTOMER = "customer"


@dataclass(frozen=True)
class Explanation:
    """Why a rule fired, in the customer's words (from the policy's texts for the locale)."""

    rule_id: str
    text: str


@dataclass(frozen=True)
class Question:
    """A condition the policy would like answered; it may make a late return eligible."""

    id: str
    text: str


@dataclass(frozen=True)
class EvidenceRequirement:
    kind: str
    count: int
    text: str
    received: int = 0

    @property
    def missing(self) -> int:
        return max(0, self.count - self.received)


@dataclass(frozen=True)
class ResolutionOption:
    """A way to settle the return, with what the customer gets and what it costs the shop."""

    kind: str  # refund | exchange | store_credit
    text: str
    customer_amount_minor: int
    bonus_minor: int
    estimated_cost_minor: int


@dataclass(frozen=True)
class Eligibility:
    """Whether one order line can still be returned, and until when (returnable-items)."""

    line_id: str
    eligible: bool
    window_end: date | None  # None: unlimited, or not returnable at all
    rule_ids: tuple[str, ...]
    explanations: tuple[Explanation, ...]
    # Reasons for which the line stays returnable although the standard window refuses it,
    # e.g. a defect after the change-of-mind window closed.
    eligible_reasons: tuple[str, ...] = ()
    # Conditions the customer will be asked and must confirm (e.g. "intact", "sealed");
    # the line is shown as eligible on the assumption that they hold.
    questions: tuple[Question, ...] = ()
    # When not eligible only because the window closed: any one of these, answered yes,
    # makes it returnable after all (e.g. "has_receipt").
    eligible_if_any: tuple[Question, ...] = ()
    # Counted from delivery and not delivered yet: the window has not started (window_end None).
    awaiting_delivery: bool = False


@dataclass(frozen=True)
class LineDecision:
    line_id: str
    quantity: int
    reason: str
    outcome: Outcome
    window_end: date | None
    rule_ids: tuple[str, ...]
    explanations: tuple[Explanation, ...]
    restocking_fee_minor: int
    refund_estimate_minor: int
    awaiting_delivery: bool = False  # the window starts on delivery; window_end is not known yet


@dataclass(frozen=True)
class Deduction:
    """One amount taken off the goods' value in the refund, named so the customer can read it."""

    kind: str  # restocking_fee | return_label
    amount_minor: int


@dataclass(frozen=True)
class Decision:
    outcome: Outcome
    rule_ids: tuple[str, ...]
    explanations: tuple[Explanation, ...]
    lines: tuple[LineDecision, ...]
    questions: tuple[Question, ...]
    required_evidence: tuple[EvidenceRequirement, ...]
    shipping_payer: FaultSide
    label_cost_minor: int
    restocking_fee_minor: int
    refund_estimate_minor: int
    currency: str
    resolutions: tuple[ResolutionOption, ...]
    # What is still possible when the answer is no (or not yet): exchange, repair, a person.
    alternatives: tuple[Explanation, ...]
    return_by: date | None  # last day to hand the parcel over
    refund_due_days: int | None  # days after receipt of the return by which money is due
    policy_version: str
    # Part of refund_estimate_minor: the outbound delivery the customer paid, given back.
    outbound_shipping_refund_minor: int = 0
    # The refund estimate worked out: the goods' value, less each deduction, plus the outbound
    # delivery above; it adds up to refund_estimate_minor to the cent. Chats name every part.
    goods_value_minor: int = 0
    deductions: tuple[Deduction, ...] = ()

    def to_dict(self) -> dict[str, Any]:
        """JSON-ready form: enums as strings, dates ISO, tuples as lists."""
        return {key: _jsonable(item) for key, item in asdict(self).items()}


def _jsonable(value: Any) -> Any:
    if isinstance(value, dict):
        return {key: _jsonable(item) for key, item in value.items()}
    if isinstance(value, list | tuple):
        return [_jsonable(item) for item in value]
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, StrEnum):
        return value.value
    return value
