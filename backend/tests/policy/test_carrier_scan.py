"""refund_on_carrier_scan: which customers the policy trusts, on which carrier event, and the file's errors."""

from __future__ import annotations

import pytest

from returndesk.policy import PolicyError, load_policy
from returndesk.policy.carrier_scan import CarrierScanRefund, TrustedCustomer, refund_on_scan

from .policy_factories import POLICY_DIR, make_purchase, policy_variant

DEMO_RULE = "refund_on_carrier_scan:\n  on: in_transit\n  trusted:\n    min_orders: 3\n    max_return_rate: 0.3\n"
RULE = CarrierScanRefund(on="in_transit", trusted=TrustedCustomer(min_orders=3, max_return_rate=0.3))
GOLD_ONLY = CarrierScanRefund(
    on="delivered", trusted=TrustedCustomer(min_orders=0, max_return_rate=1.0, tiers=frozenset({"gold"}))
)


@pytest.mark.parametrize(
    ("rule", "purchase", "event", "refunds", "because"),
    [
        pytest.param(RULE, make_purchase(recent_order_count=3), "in_transit", True, None, id="trusted-first-scan"),
        pytest.param(
            RULE, make_purchase(recent_order_count=3, recent_return_rate=0.3), "in_transit", True, None, id="at-rate"
        ),
        pytest.param(RULE, make_purchase(recent_order_count=2), "in_transit", False, "fewer than 3", id="too-new"),
        pytest.param(
            RULE,
            make_purchase(recent_order_count=10, recent_return_rate=0.5),
            "in_transit",
            False,
            "50%",
            id="returns-too-much",
        ),
        pytest.param(RULE, make_purchase(), "delivered", True, None, id="delivered-without-an-in-transit-scan"),
        pytest.param(RULE, make_purchase(), "out_for_delivery", False, "in transit scan", id="another-event"),
        pytest.param(GOLD_ONLY, make_purchase(tier="gold"), "in_transit", False, "delivered scan", id="too-early"),
        pytest.param(None, make_purchase(), "in_transit", False, "does not refund", id="no-rule"),
        pytest.param(GOLD_ONLY, make_purchase(tier="gold"), "delivered", True, None, id="gold-on-delivery"),
        pytest.param(GOLD_ONLY, make_purchase(tier="silver"), "delivered", False, "silver", id="not-gold"),
    ],
)
def test_who_is_refunded_on_which_scan(rule, purchase, event, refunds, because):
    why_not = refund_on_scan(rule, purchase, event)
    assert (why_not is None) is refunds
    if because:
        assert why_not is not None and because in why_not


def test_the_demo_policy_refunds_trusted_customers_on_the_first_scan():
    policy = load_policy(POLICY_DIR / "default.yml")
    assert policy.refund_on_carrier_scan == RULE


def test_a_policy_without_the_rule_never_refunds_on_a_scan():
    assert load_policy(POLICY_DIR / "eu_withdrawal.yml").refund_on_carrier_scan is None


@pytest.mark.parametrize(
    ("yaml", "says"),
    [
        pytest.param("  on: picked_up\n  trusted: {}\n", "carrier event", id="unknown-event"),
        pytest.param("  on: in_transit\n", "trusted", id="trust-not-defined"),
        pytest.param("  on: in_transit\n  trusted: {max_return_rate: 3}\n", "share of orders", id="rate-above-one"),
        pytest.param("  on: in_transit\n  trusted: {tiers: [platinum]}\n", "tier", id="unknown-tier"),
        pytest.param("  on: in_transit\n  trusted: {min_order: 3}\n", "min_order", id="misspelt-key"),
    ],
)
def test_a_broken_rule_is_refused_at_load_naming_the_fix(tmp_path, yaml, says):
    with pytest.raises(PolicyError) as caught:
        policy_variant(
            tmp_path,
            replace=[(DEMO_RULE, "")],
            append="refund_on_carrier_scan:\n" + yaml,
        )
    assert says in str(caught.value)
