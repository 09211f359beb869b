"""The facts behind an outbound-delivery refund: goods of the order already in other returns."""

from __future__ import annotations

from returndesk.order.service import load_order
from returndesk.policy import load_policy
from returndesk.rma import facts

from ..factories import create_order, line, post_return, verify
from ..policy.policy_factories import POLICY_DIR, policy_variant

OUTBOUND = "  deduct_label_from_refund: true\n  outbound_refund: {}\n"
TEXT = "    rules:\n      shipping.outbound_refund: Your refund includes {amount} for delivery.\n"


def test_goods_already_on_their_way_back_count_towards_the_whole_order(api, session, tmp_path):
    policy = policy_variant(
        tmp_path, replace=[("  deduct_label_from_refund: true\n", OUTBOUND), ("    rules:\n", TEXT)]
    )
    create_order(api, lines=[line(), line(line_no=2, sku="AP-TEE", name="Tee", unit_price_minor=1500)])
    order = load_order(session, "A1001")
    assert facts.purchase_facts(session, order, policy).goods_returned_before_minor == 0
    session.rollback()  # end the read: on SQLite the service's write would wait for it

    assert post_return(api, verify(api)).status_code == 201  # line 1, 59.90
    assert facts.purchase_facts(session, order, policy).goods_returned_before_minor == 5990
    # A policy without the refund does not even ask.
    assert (
        facts.purchase_facts(session, order, load_policy(POLICY_DIR / "default.yml")).goods_returned_before_minor == 0
    )
