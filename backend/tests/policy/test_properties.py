"""Whatever the facts, evaluate() answers (never raises) and the refund stays within [0, paid]."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from returndesk.policy import (
    REASON_CODES,
    Item,
    Outcome,
    Purchase,
    ReturnLine,
    ReturnRequest,
    evaluate,
    line_eligibility,
    load_policy,
)

from .policy_factories import POLICY_DIR, SHIPPED

POLICIES = {name: load_policy(POLICY_DIR / f"{name}.yml") for name in SHIPPED}
CATEGORIES = [
    "apparel",
    "shoes",
    "electronics",
    "beauty",
    "perishable_food",
    "digital",
    "made_to_order",
    "home",
    "periodicals",
    "unknown_category",
]
TAGS = ["hygiene", "downloadable", "fragile"]
CONDITIONS = ["sealed", "intact", "has_receipt", "original_packaging", "unknown_question"]
TODAY = date(2026, 3, 15)


@st.composite
def requests(draw):
    placed = TODAY - timedelta(days=draw(st.integers(0, 2000)))
    delivered = draw(st.none() | st.integers(0, 30).map(lambda d: placed + timedelta(days=d)))
    lines = []
    for index in range(draw(st.integers(0, 4))):
        quantity = draw(st.integers(1, 5))
        item = Item(
            f"L{index}",
            f"SKU{index}",
            draw(st.sampled_from(CATEGORIES)),
            draw(st.integers(0, 300_000)),
            quantity,
            draw(st.booleans()),
            frozenset(draw(st.sets(st.sampled_from(TAGS)))),
        )
        reason = draw(st.sampled_from([*REASON_CODES, "nonsense"]))
        lines.append(ReturnLine(item, draw(st.integers(0, quantity + 1)), reason))
    shipping = draw(st.sampled_from([0, 495, 1290]))
    purchase = Purchase(
        placed,
        delivered,
        draw(st.sampled_from(["gold", "silver", "bronze", "guest", "vip"])),
        "EUR",
        sum(line.item.unit_price_minor * line.item.quantity for line in lines) + shipping,
        shipping_paid_minor=shipping,
        goods_returned_before_minor=draw(st.sampled_from([0, 1000])),
        recent_return_count=draw(st.integers(0, 20)),
        recent_return_rate=draw(st.floats(0, 1)),
    )
    return ReturnRequest(
        purchase,
        tuple(lines),
        TODAY,
        answers=draw(st.dictionaries(st.sampled_from(CONDITIONS), st.booleans())),
        evidence=draw(st.dictionaries(st.sampled_from(["photo_damage", "photo_item", "video"]), st.integers(0, 5))),
        preferred_resolution=draw(st.sampled_from([None, "refund", "exchange", "store_credit", "cash"])),
        reason_disputed=draw(st.booleans()),
        locale=draw(st.sampled_from(["en", "zh", "zh-CN", "fr", ""])),
    )


@pytest.mark.parametrize("name", SHIPPED)
@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(request=requests())
def test_evaluate_never_raises_and_refund_is_bounded(name, request):
    policy = POLICIES[name]
    decision = evaluate(policy, request)
    paid = sum(line.item.unit_price_minor * line.quantity for line in request.lines)
    assert 0 <= decision.outbound_shipping_refund_minor <= request.purchase.shipping_paid_minor
    assert 0 <= decision.refund_estimate_minor <= paid + decision.outbound_shipping_refund_minor
    for line in decision.lines:
        assert line.refund_estimate_minor >= 0
        assert line.restocking_fee_minor >= 0
    if decision.outcome is Outcome.REJECT:
        assert decision.refund_estimate_minor == 0 and decision.resolutions == ()
        assert not [rule for rule in decision.rule_ids if rule.startswith("shipping.")]
    assert [e.rule_id for e in decision.explanations] == list(decision.rule_ids)
    decision.to_dict()
    for line in request.lines:
        line_eligibility(policy, line.item, request.purchase, request.today, request.locale)
