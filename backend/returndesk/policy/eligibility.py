"""line_eligibility(): can this order line still be returned, and until when?

Answers `GET /orders/{n}/returnable-items` before the customer has said why. "Eligible" means
returnable for the standard reasons — the customer-fault ones (changed mind, wrong size) —
because those are the ones windows and exclusions are about. `eligible_reasons` lists every
reason for which the line is returnable today, which is how a defect after the change-of-mind
window, or a damaged perishable, still gets a way back.
"""

from __future__ import annotations

from datetime import date

from .assess import LineAssessment, assess_line
from .decision import Eligibility, FaultSide, Outcome
from .explain import explanations, questions
from .facts import Item, Purchase
from .reasons import REASON_CODES
from .schema import Policy


def line_eligibility(policy: Policy, item: Item, purchase: Purchase, today: date, locale: str = "en") -> Eligibility:
    """Returnability of one line for the standard (customer-fault) reasons, with the reasons
    that still make it returnable when those do not."""
    locale = policy.texts.resolve_locale(locale)
    by_reason = {
        reason: assess_line(policy, item, purchase, reason, item.quantity, today, {}, assume_preconditions=True)
        for reason in REASON_CODES
    }
    standard = [by_reason[r] for r in REASON_CODES if policy.fault_of(r) is FaultSide.CUSTOMER] or list(
        by_reason.values()
    )
    best = max(standard, key=_generosity)
    eligible = best.outcome is not Outcome.REJECT
    excluded = best.hard_reject and best.window_rule is None
    return Eligibility(
        line_id=item.line_id,
        eligible=eligible,
        window_end=None if excluded else best.window_end,
        rule_ids=tuple(dict.fromkeys(f.rule_id for f in best.fired)),
        explanations=explanations(policy, locale, best.fired),
        eligible_reasons=tuple(r for r, line in by_reason.items() if line.outcome is not Outcome.REJECT),
        questions=questions(policy, locale, best.assumed) if eligible or best.eligible_if_any else (),
        eligible_if_any=() if eligible else questions(policy, locale, best.eligible_if_any),
        awaiting_delivery=best.awaiting_delivery,
    )


def _generosity(line: LineAssessment) -> tuple[bool, bool, date]:
    # The standard reason that treats the customer best speaks for the line: returnable first,
    # then rescuable by a question, then the latest window end.
    return (
        line.outcome is not Outcome.REJECT,
        bool(line.eligible_if_any),
        date.max if line.window_end is None and line.window_rule is not None else (line.window_end or date.min),
    )
