"""An exchange's price difference: the policy says who pays when the new size or colour costs
more or less (resolutions.exchange.price_difference)."""

from __future__ import annotations

import pytest

from returndesk.policy import PolicyError
from returndesk.policy.exchange_price import price_difference

from .policy_factories import policy_variant

PRICE_RULE = "price_difference: {dearer: customer_pays, cheaper: refund}"


def with_rule(tmp_path, rule: str):
    return policy_variant(tmp_path, replace=[(PRICE_RULE, rule)])


@pytest.mark.parametrize(
    ("rule", "paid", "replacement", "quantity", "settlement", "amount"),
    [
        pytest.param(PRICE_RULE, 1990, 1990, 1, "none", 0, id="same price: nothing to settle"),
        pytest.param(PRICE_RULE, 1990, 2290, 1, "customer_pays", 300, id="dearer: the customer pays"),
        pytest.param(PRICE_RULE, 1990, 2290, 2, "customer_pays", 600, id="dearer, two units: twice"),
        pytest.param(PRICE_RULE, 1990, 1790, 1, "refund", 200, id="cheaper: the difference is refunded"),
        pytest.param("price_difference: {dearer: not_allowed}", 1990, 2290, 1, "not_allowed", 300, id="dearer refused"),
        pytest.param("price_difference: {dearer: waived}", 1990, 2290, 1, "waived", 300, id="dearer: the shop pays"),
        pytest.param("price_difference: {cheaper: not_refunded}", 1990, 1790, 1, "not_refunded", 200, id="kept"),
        pytest.param("price_difference: {dearer: not_allowed}", 1990, 1790, 1, "refund", 200, id="cheaper default"),
    ],
)
def test_the_difference_follows_the_policy(tmp_path, rule, paid, replacement, quantity, settlement, amount):
    difference = price_difference(with_rule(tmp_path, rule), paid, replacement, quantity)
    assert (difference.settlement, difference.amount_minor) == (settlement, amount)
    assert difference.allowed is (settlement != "not_allowed")
    assert difference.customer_owes_minor == (amount if settlement == "customer_pays" else 0)
    assert difference.refund_minor == (amount if settlement == "refund" else 0)


def test_without_the_key_the_customer_pays_more_and_gets_less_back(tmp_path):
    policy = policy_variant(tmp_path, replace=[(f"\n    {PRICE_RULE}", "")])
    assert price_difference(policy, 1000, 1200, 1).settlement == "customer_pays"
    assert price_difference(policy, 1000, 800, 1).settlement == "refund"


@pytest.mark.parametrize(
    ("rule", "message"),
    [
        ("price_difference: {dearer: split}", "customer_pays"),
        ("price_difference: {cheaper: coupon}", "not_refunded"),
        ("price_difference: {both: refund}", "both"),
    ],
)
def test_a_wrong_setting_names_the_key_and_the_choices(tmp_path, rule, message):
    with pytest.raises(PolicyError) as caught:
        with_rule(tmp_path, rule)
    assert "resolutions.exchange.price_difference" in str(caught.value) and message in str(caught.value)


def test_only_the_exchange_has_a_price_difference(tmp_path):
    with pytest.raises(PolicyError) as caught:
        policy_variant(
            tmp_path,
            replace=[("store_credit: {bonus_percent: 10}", f"store_credit: {{bonus_percent: 10, {PRICE_RULE}}}")],
        )
    assert "only exchange has a price difference" in str(caught.value)
