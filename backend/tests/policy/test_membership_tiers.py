"""Membership tiers (policies/membership_tiers.yml): gold unlimited, silver 6 calendar months,
bronze 90 days, guest 30 days; a late return is rescued by the receipt (any tier) or the
original packaging (silver, bronze)."""

from __future__ import annotations

from datetime import date, timedelta

import pytest

from returndesk.policy import Outcome, evaluate, line_eligibility

from .policy_factories import TODAY, make_item, make_purchase, make_request

YES_RECEIPT = {"has_receipt": True}
YES_PACKAGING = {"original_packaging": True}
NO_BOTH = {"has_receipt": False, "original_packaging": False}

# TODAY is 2026-03-15; silver's last day for a delivery on D is D + 6 calendar months.
CASES = [
    # tier, delivered, answers, outcome, open questions
    pytest.param("gold", 3650, {}, Outcome.APPROVE, [], id="gold: ten years later, still in"),
    pytest.param("silver", date(2025, 9, 15), {}, Outcome.APPROVE, [], id="silver: 6 months to the day, last day in"),
    pytest.param(
        "silver",
        date(2025, 9, 14),
        {},
        Outcome.REJECT,
        ["has_receipt", "original_packaging"],
        id="silver: one day later, out; both alternatives asked",
    ),
    pytest.param("silver", date(2025, 9, 14), YES_RECEIPT, Outcome.APPROVE, [], id="silver late with receipt"),
    pytest.param(
        "silver", date(2025, 9, 14), YES_PACKAGING, Outcome.APPROVE, [], id="silver late in original packaging"
    ),
    pytest.param(
        "silver", date(2025, 9, 14), NO_BOTH, Outcome.REJECT, [], id="silver late, neither: refused, nothing to ask"
    ),
    pytest.param(
        "silver",
        date(2025, 9, 14),
        {"has_receipt": False},
        Outcome.REJECT,
        ["original_packaging"],
        id="silver late, no receipt: packaging still asked",
    ),
    pytest.param("bronze", 90, {}, Outcome.APPROVE, [], id="bronze: day 90 in"),
    pytest.param(
        "bronze", 91, {}, Outcome.REJECT, ["has_receipt", "original_packaging"], id="bronze: day 91 out, asked"
    ),
    pytest.param("bronze", 91, YES_RECEIPT, Outcome.APPROVE, [], id="bronze late with receipt"),
    pytest.param("bronze", 91, YES_PACKAGING, Outcome.APPROVE, [], id="bronze late in original packaging"),
    pytest.param("bronze", 91, NO_BOTH, Outcome.REJECT, [], id="bronze late, neither"),
    pytest.param("guest", 30, {}, Outcome.APPROVE, [], id="guest: day 30 in"),
    pytest.param("guest", 31, {}, Outcome.REJECT, ["has_receipt"], id="guest: day 31 out, receipt asked"),
    pytest.param("guest", 31, YES_RECEIPT, Outcome.APPROVE, [], id="guest late with receipt"),
    pytest.param("guest", 31, YES_PACKAGING, Outcome.REJECT, ["has_receipt"], id="guest: packaging does not count"),
    pytest.param("guest", 31, {"has_receipt": False}, Outcome.REJECT, [], id="guest late, no receipt"),
    pytest.param("guest", 10, {}, Outcome.APPROVE, [], id="inside the window nothing is asked"),
]


@pytest.mark.parametrize(("tier", "delivered", "answers", "outcome", "questions"), CASES)
def test_membership_windows(tiers_policy, tier, delivered, answers, outcome, questions):
    when = dict(delivered_on=delivered) if isinstance(delivered, date) else dict(delivered_days_ago=delivered)
    decision = evaluate(tiers_policy, make_request(tier=tier, answers=answers, currency="USD", **when))
    assert decision.outcome is outcome
    assert [q.id for q in decision.questions] == questions
    assert all(q.text for q in decision.questions)
    if outcome is Outcome.APPROVE and answers:
        assert any(r.startswith("condition.") for r in decision.rule_ids)


@pytest.mark.parametrize(
    ("delivered", "last_day"),
    [
        pytest.param(date(2025, 8, 31), date(2026, 2, 28), id="31 Aug + 6 months clamps to 28 Feb"),
        pytest.param(date(2023, 8, 31), date(2024, 2, 29), id="leap year: 29 Feb"),
        pytest.param(date(2025, 9, 15), date(2026, 3, 15), id="same day of the month"),
        pytest.param(date(2025, 12, 31), date(2026, 6, 30), id="31 Dec + 6 months = 30 Jun"),
    ],
)
def test_silver_calendar_months(tiers_policy, delivered, last_day):
    purchase = make_purchase(tier="silver", delivered_on=delivered)
    assert line_eligibility(tiers_policy, make_item(), purchase, last_day).eligible
    assert line_eligibility(tiers_policy, make_item(), purchase, last_day).window_end == last_day
    after = line_eligibility(tiers_policy, make_item(), purchase, last_day + timedelta(days=1))
    assert not after.eligible
    assert [q.id for q in after.eligible_if_any] == ["has_receipt", "original_packaging"]


def test_gold_window_is_unlimited(tiers_policy):
    result = line_eligibility(tiers_policy, make_item(), make_purchase(tier="gold", delivered_days_ago=5000), TODAY)
    assert result.eligible and result.window_end is None


def test_unknown_tier_is_treated_as_a_guest(tiers_policy):
    decision = evaluate(tiers_policy, make_request(tier="platinum", delivered_days_ago=31))
    assert decision.outcome is Outcome.REJECT
    assert [q.id for q in decision.questions] == ["has_receipt"]


@pytest.mark.parametrize(
    ("tier", "label", "refund"),
    [
        pytest.param("gold", 0, 5000, id="gold: free return"),
        pytest.param("silver", 0, 5000, id="silver: free return"),
        pytest.param("bronze", 600, 4400, id="bronze pays the label"),
        pytest.param("guest", 600, 4400, id="guest pays the label"),
    ],
)
def test_tier_shipping(tiers_policy, tier, label, refund):
    decision = evaluate(tiers_policy, make_request(tier=tier, price=5000, currency="USD"))
    assert (decision.label_cost_minor, decision.refund_estimate_minor) == (label, refund)
