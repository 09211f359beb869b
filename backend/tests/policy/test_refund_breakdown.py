"""The refund estimate worked out for the customer: the goods' value, each deduction named with
its amount, and the outbound delivery given back; the parts add up to the estimate to the cent."""

from __future__ import annotations

import pytest

from returndesk.policy import Outcome, evaluate

from .policy_factories import make_request

CASES = [
    pytest.param(dict(price=5000), 5000, {"return_label": 495}, id="changed mind: the label comes off"),
    pytest.param(
        dict(category="electronics", price=19999),
        19999,
        {"restocking_fee": 2000, "return_label": 495},
        id="electronics, not said sealed: fee and label",
    ),
    pytest.param(dict(price=300), 300, {"return_label": 300}, id="label larger than the item: only what is left"),
    pytest.param(dict(price=5000, reason="damaged_in_transit", evidence={"photo_damage": 2}), 5000, {}, id="our fault"),
]


@pytest.mark.parametrize(("request_kw", "goods", "deductions"), CASES)
def test_every_deduction_is_named_and_the_parts_add_up(default_policy, request_kw, goods, deductions):
    decision = evaluate(default_policy, make_request(**request_kw))
    assert decision.outcome is not Outcome.REJECT
    assert decision.goods_value_minor == goods
    assert {d.kind: d.amount_minor for d in decision.deductions} == deductions
    assert decision.refund_estimate_minor == goods - sum(deductions.values()) + decision.outbound_shipping_refund_minor
    assert decision.to_dict()["deductions"] == [{"kind": k, "amount_minor": v} for k, v in deductions.items()]


def test_a_refusal_has_no_breakdown(default_policy):
    decision = evaluate(default_policy, make_request(delivered_days_ago=400))
    assert decision.outcome is Outcome.REJECT
    assert (decision.goods_value_minor, decision.deductions) == (0, ())
