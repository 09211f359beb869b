"""`shipping.outbound_refund`: on withdrawal the shop gives back the standard delivery the
customer paid (Directive 2011/83/EU art. 13(1)), not an express surcharge (art. 13(2)), and only
once the whole order is back — the delivery of kept goods was still owed."""

from __future__ import annotations

import pytest

from returndesk.policy import Outcome, evaluate
from returndesk.policy.public import public_dict

from .policy_factories import make_line, make_request, policy_variant

OUTBOUND = """  deduct_label_from_refund: true
  outbound_refund: {up_to: "4.95"}
"""
TEXT = "      shipping.outbound_refund: Your refund includes {amount} you paid for delivery.\n"


@pytest.fixture
def policy(tmp_path):
    return policy_variant(
        tmp_path,
        replace=[("  deduct_label_from_refund: true\n", OUTBOUND), ("    rules:\n", "    rules:\n" + TEXT)],
    )


CASES = [
    # request, outbound refunded, refund estimate
    pytest.param(dict(shipping_paid=495), 495, 5000 - 495 + 495, id="whole order back: standard delivery refunded"),
    pytest.param(
        dict(shipping_paid=1290), 495, 5000 - 495 + 495, id="express paid: only the standard 4.95 (art. 13(2))"
    ),
    pytest.param(dict(shipping_paid=0), 0, 5000 - 495, id="free delivery: nothing to give back"),
    pytest.param(
        dict(shipping_paid=495, quantity=2, return_quantity=1), 0, 5000 - 495, id="one of two units kept: none of it"
    ),
    pytest.param(
        dict(shipping_paid=495, quantity=2, return_quantity=1, returned_before=5000),
        495,
        5000 - 495 + 495,
        id="the other unit already on its way back: this return completes the order",
    ),
    pytest.param(
        dict(shipping_paid=495, extra_lines=[make_line(price=2000)]),
        495,
        5000 + 2000 - 495 + 495,
        id="every line of the order in one return",
    ),
]


@pytest.mark.parametrize(("request_kw", "outbound", "refund"), CASES)
def test_the_outbound_delivery_comes_back_with_the_whole_order(policy, request_kw, outbound, refund):
    decision = evaluate(policy, make_request(**request_kw))
    assert decision.outcome is Outcome.APPROVE
    assert decision.outbound_shipping_refund_minor == outbound
    assert decision.refund_estimate_minor == refund
    # Named for the customer: the goods, less what comes off, plus the delivery given back.
    deducted = sum(d.amount_minor for d in decision.deductions)
    assert decision.goods_value_minor - deducted + decision.outbound_shipping_refund_minor == refund
    assert ("shipping.outbound_refund" in decision.rule_ids) is bool(outbound)
    if outbound:
        texts = {e.rule_id: e.text for e in decision.explanations}
        assert texts["shipping.outbound_refund"] == "Your refund includes 4.95 EUR you paid for delivery."
        assert {r.kind: r.customer_amount_minor for r in decision.resolutions}["refund"] == refund


def test_a_refused_return_gives_back_nothing(policy):
    decision = evaluate(policy, make_request(shipping_paid=495, delivered_days_ago=31))
    assert decision.outcome is Outcome.REJECT
    assert decision.outbound_shipping_refund_minor == 0 and decision.refund_estimate_minor == 0


def test_without_the_opt_in_delivery_is_never_refunded(default_policy):
    decision = evaluate(default_policy, make_request(shipping_paid=495))
    assert decision.outbound_shipping_refund_minor == 0 and decision.refund_estimate_minor == 5000 - 495


def test_when_narrows_it_to_some_reasons(tmp_path):
    policy = policy_variant(
        tmp_path,
        replace=[
            ("  deduct_label_from_refund: true\n", OUTBOUND.replace("{up_to", "{when: {faults: [customer]}, up_to")),
            ("    rules:\n", "    rules:\n" + TEXT),
        ],
    )
    photos = {"photo_damage": 2}
    assert evaluate(policy, make_request(shipping_paid=495)).outbound_shipping_refund_minor == 495
    faulty = evaluate(policy, make_request(shipping_paid=495, reason="defective", evidence=photos))
    assert faulty.outbound_shipping_refund_minor == 0


def test_it_is_published(policy):
    shipping = public_dict(policy, "en")["shipping"]
    assert shipping["outbound_refund"] == {
        "when": {},
        "up_to_minor": 495,
        "text": "Your refund includes 4.95 EUR you paid for delivery.",
    }
