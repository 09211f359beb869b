"""Keep-the-item offers: when a physical return costs the shop more than a partial refund.

Figures from default.yml: handling 3.00, label 4.95 (the customer pays it for their own reasons,
taken off the refund; the shop pays it otherwise and for Gold members), recovery apparel 80 %,
shoes 75 %, beauty 30 %, home 70 % (default); goods cost 55 %. Ladder: refund 20 %, refund 35 %,
coupon 50 %; up to 40.00 per item; the bot may give 15.00 refund and 10.00 coupon per case.
"""

from __future__ import annotations

from decimal import Decimal

import pytest

from returndesk.policy import PolicyError, load_policy
from returndesk.policy.keep_item import keep_item_ladder

from .policy_factories import POLICY_DIR, SHIPPED, TODAY, make_item, make_purchase

BOT_REFUND, BOT_COUPON = 1500, 1000

LADDERS = [
    # (category, price, reason, tier, caps, return cost, [(kind, amount, cost), ...])
    pytest.param(
        "apparel",
        1500,
        "damaged_in_transit",
        "guest",
        (BOT_REFUND, BOT_COUPON),
        1095,
        [("refund", 300, 300), ("refund", 525, 525), ("coupon", 750, 413)],
        id="damaged cheap shirt: 15.00 refunded + 3.00 handling + 4.95 label - 12.00 resale; every rung is cheaper",
    ),
    pytest.param(
        "home",
        990,
        "arrived_late",
        "guest",
        (BOT_REFUND, BOT_COUPON),
        1092,
        [("refund", 198, 198), ("refund", 347, 347), ("coupon", 495, 272)],
        id="late mug: percentages round half up to the cent",
    ),
    pytest.param(
        "beauty",
        1000,
        "changed_mind",
        "guest",
        (BOT_REFUND, BOT_COUPON),
        505,
        [("refund", 200, 200), ("refund", 350, 350), ("coupon", 500, 275)],
        id="changed mind on a lipstick: resells at 30 %, so keeping it is cheaper even with the label deducted",
    ),
    pytest.param(
        "apparel",
        1200,
        "changed_mind",
        "guest",
        (BOT_REFUND, BOT_COUPON),
        45,
        [],
        id="changed mind on a shirt: the return nearly pays for itself, no offer",
    ),
    pytest.param(
        "apparel",
        1200,
        "changed_mind",
        "gold",
        (BOT_REFUND, BOT_COUPON),
        1035,
        [("refund", 240, 240), ("refund", 420, 420), ("coupon", 600, 330)],
        id="gold member: the shop pays the label, so the same shirt is worth an offer",
    ),
    pytest.param(
        "shoes",
        3000,
        "changed_mind",
        "guest",
        (BOT_REFUND, BOT_COUPON),
        555,
        [("coupon", 1000, 550)],
        id="shoes: refunds cost more than the return; the coupon, capped at 10.00, costs 5.50",
    ),
    pytest.param(
        "shoes",
        3000,
        "changed_mind",
        "guest",
        (BOT_REFUND, None),
        555,
        [],
        id="shoes without a coupon cap: 15.00 coupon costs 8.25, more than the return",
    ),
    pytest.param(
        "apparel",
        4000,
        "damaged_in_transit",
        "guest",
        (BOT_REFUND, BOT_COUPON),
        1595,
        [("refund", 800, 800), ("refund", 1400, 1400), ("coupon", 1000, 550)],
        id="40.00 jacket: the coupon is capped by the bot's coupon authority",
    ),
    pytest.param(
        "apparel",
        4000,
        "damaged_in_transit",
        "guest",
        (600, BOT_COUPON),
        1595,
        [("refund", 600, 600), ("coupon", 1000, 550)],
        id="little refund authority left: both refunds cap at 6.00, the second is skipped",
    ),
    pytest.param(
        "apparel",
        1500,
        "damaged_in_transit",
        "guest",
        (0, 0),
        1095,
        [],
        id="no authority left: nothing to offer",
    ),
]


@pytest.mark.parametrize(("category", "price", "reason", "tier", "caps", "cost", "rungs"), LADDERS)
def test_ladder(default_policy, category, price, reason, tier, caps, cost, rungs):
    ladder = keep_item_ladder(
        default_policy,
        make_item(category=category, price=price),
        make_purchase(tier=tier),
        reason,
        TODAY,
        refund_cap_minor=caps[0],
        coupon_cap_minor=caps[1],
    )
    assert ladder.return_cost_minor == cost
    assert [(r.kind, r.amount_minor, r.cost_minor) for r in ladder.rungs] == rungs
    assert ladder.applies == bool(rungs)
    assert bool(ladder.why) != bool(rungs)


NOT_COVERED = [
    pytest.param({"category": "apparel", "price": 4001}, "damaged_in_transit", "worth more", id="above 40.00"),
    pytest.param({"category": "electronics", "price": 1500}, "defective", "do not cover", id="electronics"),
    pytest.param(
        {"category": "apparel", "price": 1500}, "wrong_item", "do not cover", id="wrong item: send the right one"
    ),
    pytest.param(
        {"category": "apparel", "price": 1500, "final_sale": True},
        "changed_mind",
        "cannot be returned",
        id="final sale: nothing to keep instead of",
    ),
]


@pytest.mark.parametrize(("item", "reason", "why"), NOT_COVERED)
def test_no_offer_outside_the_policy(default_policy, item, reason, why):
    ladder = keep_item_ladder(
        default_policy, make_item(**item), make_purchase(), reason, TODAY, refund_cap_minor=None, coupon_cap_minor=None
    )
    assert not ladder.applies and why in ladder.why


def test_quantity_prices_the_units_kept(default_policy):
    two = make_item(category="home", price=990, quantity=2)
    ladder = keep_item_ladder(
        default_policy, two, make_purchase(), "arrived_late", TODAY, refund_cap_minor=None, coupon_cap_minor=None
    )
    one = keep_item_ladder(
        default_policy,
        two,
        make_purchase(),
        "arrived_late",
        TODAY,
        refund_cap_minor=None,
        coupon_cap_minor=None,
        quantity=1,
    )
    assert ladder.rungs[0].amount_minor == 396 and one.rungs[0].amount_minor == 198


@pytest.mark.parametrize("name", SHIPPED)
def test_shipped_policies_have_a_ladder(name):
    offers = load_policy(POLICY_DIR / f"{name}.yml").keep_item_offers
    assert offers is not None and offers.ladder and all(r.percent > 0 for r in offers.ladder)


def test_a_policy_without_the_section_offers_nothing(tmp_path, default_policy):
    text = (POLICY_DIR / "default.yml").read_text(encoding="utf-8")
    start, end = text.index("keep_item_offers:"), text.index("alternatives:")
    path = tmp_path / "p.yml"
    path.write_text(text[:start] + text[end:], encoding="utf-8")
    ladder = keep_item_ladder(
        load_policy(path),
        make_item(category="apparel", price=1500),
        make_purchase(),
        "damaged_in_transit",
        TODAY,
        refund_cap_minor=None,
        coupon_cap_minor=None,
    )
    assert not ladder.applies and "no keep-the-item offers" in ladder.why
    assert default_policy.keep_item_offers.ladder[0].percent == Decimal(20)


BROKEN = [
    # replace `old` in default.yml with `new`; the error names the line holding `at` and the key path
    pytest.param(
        "- {kind: coupon, percent: 50}",
        "- {kind: voucher, percent: 50}",
        "voucher",
        "keep_item_offers.ladder[2].kind",
        'unknown offer kind "voucher"',
        id="unknown kind",
    ),
    pytest.param(
        "- {kind: refund, percent: 35}",
        "- {kind: refund, percent: 15}",
        "percent: 15",
        "keep_item_offers.ladder[1].percent",
        "must give more than the refund rungs before it",
        id="a later rung gives less",
    ),
    pytest.param(
        "- {kind: refund, percent: 20}",
        "- {kind: refund, percent: 0}",
        "percent: 0",
        "keep_item_offers.ladder[0].percent",
        "gives nothing",
        id="zero percent",
    ),
    pytest.param(
        "- {kind: refund, percent: 20}",
        "- {kind: refund, percent: 120}",
        "percent: 120",
        "keep_item_offers.ladder[0].percent",
        "expected a percentage",
        id="over 100 percent",
    ),
    pytest.param(
        'max_item_value: "40.00"',
        'max_item_value: "40.001"',
        "max_item_value",
        "keep_item_offers.max_item_value",
        "EUR has 2 decimal places",
        id="amount with 3 decimals",
    ),
    pytest.param(
        'max_item_value: "40.00"',
        'max_value: "40.00"',
        "max_value",
        "keep_item_offers.max_value",
        'did you mean "max_item_value"?',
        id="typo in a key",
    ),
    pytest.param(
        "reasons: [damaged_in_transit, defective, not_as",
        "reasons: [damaged_minor, defective, not_as",
        "damaged_minor",
        "keep_item_offers.when.reasons[0]",
        'unknown reason code "damaged_minor"',
        id="not a canonical reason code",
    ),
    pytest.param(
        "- {kind: refund, percent: 20}\n    - {kind: refund, percent: 35}\n    - {kind: coupon, percent: 50}",
        "[]",
        "[]",
        "keep_item_offers.ladder",
        "give at least one rung",
        id="empty ladder",
    ),
]


@pytest.mark.parametrize(("old", "new", "at", "key_path", "message"), BROKEN)
def test_loader_names_file_line_key_and_fix(tmp_path, old, new, at, key_path, message):
    text = (POLICY_DIR / "default.yml").read_text(encoding="utf-8")
    assert old in text, old
    broken = text.replace(old, new, 1)
    path = tmp_path / "broken.yml"
    path.write_text(broken, encoding="utf-8")
    with pytest.raises(PolicyError) as caught:
        load_policy(path)
    error = caught.value
    assert error.path == key_path, str(error)
    assert error.line == broken[: broken.index(at)].count("\n") + 1, str(error)
    assert message in str(error)
