"""Statutory minimum windows (`statutory:`): what the law gives, no merchant rule can shorten.

The case that broke it: a perk `{tiers: [gold], categories: [electronics]} days: 30` is more
specific than every other window, so it won even for a faulty laptop, whose legal guarantee
(Directive (EU) 2019/771 art. 10) is two years.
"""

from __future__ import annotations

from datetime import date, timedelta

import pytest

from returndesk.policy import Outcome, PolicyError, evaluate
from returndesk.policy.public import public_dict, summary_sections

from .policy_factories import TODAY, make_request, policy_variant

PHOTOS = {"photo_damage": 2, "photo_item": 1}
PERK = """    - id: window.gold.electronics
      when: {tiers: [gold], categories: [electronics]}
      days: 30
"""
FLOORS = """
statutory:
  - id: statutory.withdrawal
    when: {faults: [customer]}
    days: 14
  - id: statutory.legal_guarantee
    when: {faults: [merchant, carrier]}
    months: 24
"""
TEXTS = """      statutory.withdrawal: You can withdraw within {period} of delivery, without giving a reason.
      statutory.legal_guarantee: Faults are covered by the legal guarantee for {period} from delivery.
      window.gold.electronics: Gold members can return electronics within {period} of delivery.
"""
RULES_START = "  rules:\n"
TEXTS_START = "    rules:\n"


@pytest.fixture
def perk_only(tmp_path):
    return policy_variant(
        tmp_path,
        replace=[
            (RULES_START, RULES_START + PERK),
            (TEXTS_START, TEXTS_START + TEXTS.split("\n", 2)[2]),
        ],
    )


@pytest.fixture
def with_floors(tmp_path):
    return policy_variant(
        tmp_path, replace=[(RULES_START, RULES_START + PERK), (TEXTS_START, TEXTS_START + TEXTS)], append=FLOORS
    )


def laptop(**kw):
    kw.setdefault("evidence", PHOTOS)
    kw.setdefault("answers", {"sealed": True})
    return make_request(category="electronics", tier="gold", price=89900, **kw)


def test_without_a_floor_the_perk_cuts_the_guarantee(perk_only):
    # The bug, kept visible: with merchant rules alone the most specific one wins.
    decision = evaluate(perk_only, laptop(reason="defective", delivered_days_ago=31))
    assert decision.outcome is Outcome.REJECT and "window.gold.electronics" in decision.rule_ids


FLOOR_CASES = [
    # request, outcome, the rule that speaks, last day (delivered on)
    pytest.param(
        dict(reason="defective", delivered_on=date(2025, 1, 20)),
        Outcome.REVIEW,  # above 500.00: a person checks it, but it is not refused
        "statutory.legal_guarantee",
        date(2027, 1, 20),
        id="faulty laptop of a gold member after 14 months: the 2-year guarantee, not the 30-day perk",
    ),
    pytest.param(
        dict(reason="defective", delivered_on=date(2024, 3, 15)),
        Outcome.REVIEW,
        "statutory.legal_guarantee",
        date(2026, 3, 15),
        id="24 months to the day: last day in",
    ),
    pytest.param(
        dict(reason="defective", delivered_on=date(2024, 3, 14)),
        Outcome.REJECT,
        "window.expired",
        date(2026, 3, 14),
        id="24 months and a day: out",
    ),
    pytest.param(
        dict(reason="changed_mind", delivered_days_ago=30),
        Outcome.REVIEW,
        "window.gold.electronics",
        None,
        id="change of mind: the perk's 30 days are longer than the 14 the law gives",
    ),
    pytest.param(
        dict(reason="changed_mind", delivered_days_ago=31),
        Outcome.REJECT,
        "window.expired",
        None,
        id="change of mind on day 31: the guarantee floor is for faults only",
    ),
]


@pytest.mark.parametrize(("request_kw", "outcome", "rule_id", "last_day"), FLOOR_CASES)
def test_no_merchant_rule_shortens_a_statutory_floor(with_floors, request_kw, outcome, rule_id, last_day):
    decision = evaluate(with_floors, laptop(**request_kw))
    assert decision.outcome is outcome, decision.rule_ids
    assert rule_id in decision.rule_ids
    if last_day:
        assert decision.lines[0].window_end == last_day


def test_a_shorter_merchant_window_gives_way_to_the_floor(tmp_path):
    floor_texts = "".join(TEXTS.splitlines(keepends=True)[:2])
    policy = policy_variant(
        tmp_path,
        replace=[("standard: {days: 30}", "standard: {days: 7}"), (TEXTS_START, TEXTS_START + floor_texts)],
        append=FLOORS,
    )
    decision = evaluate(policy, make_request(reason="changed_mind", delivered_days_ago=14))
    assert decision.outcome is Outcome.APPROVE and "statutory.withdrawal" in decision.rule_ids
    assert decision.lines[0].window_end == TODAY
    assert evaluate(policy, make_request(reason="changed_mind", delivered_days_ago=15)).outcome is Outcome.REJECT


def test_the_longer_merchant_window_speaks_while_both_are_open(with_floors):
    decision = evaluate(with_floors, make_request(reason="changed_mind", delivered_days_ago=3))
    assert "window.standard" in decision.rule_ids and "statutory.withdrawal" not in decision.rule_ids


def test_a_floor_keeps_the_merchants_receipt_rescue(tmp_path):
    # membership_tiers: a late guest return is still taken with the receipt, even when a longer
    # floor (here 35 days against the guest's 30) has closed too.
    policy = policy_variant(
        tmp_path,
        "membership_tiers",
        replace=[(TEXTS_START, TEXTS_START + "      statutory.withdrawal: Withdraw within {period}.\n")],
        append="\nstatutory:\n  - id: statutory.withdrawal\n    when: {faults: [customer]}\n    days: 35\n",
    )
    late = make_request(currency="USD", delivered_days_ago=40, answers={"has_receipt": True})
    decision = evaluate(policy, late)
    assert decision.outcome is Outcome.APPROVE and "condition.has_receipt" in decision.rule_ids
    asked = evaluate(policy, make_request(currency="USD", delivered_days_ago=40))
    assert asked.outcome is Outcome.REJECT and [q.id for q in asked.questions] == ["has_receipt"]
    assert asked.lines[0].window_end == TODAY - timedelta(days=5)  # the floor's 35 days, the longest


def test_floors_are_published_with_their_words(with_floors):
    public = public_dict(with_floors, "en")["windows"]["statutory"]
    assert [(f["id"], f.get("months"), f.get("days")) for f in public] == [
        ("statutory.withdrawal", None, 14),
        ("statutory.legal_guarantee", 24, None),
    ]
    assert public[1]["text"] == "Faults are covered by the legal guarantee for 24 months from delivery."
    windows = dict(summary_sections(with_floors, "en"))["Return windows"]
    assert "You can withdraw within 14 days of delivery, without giving a reason." in windows


@pytest.mark.parametrize(
    ("floor", "message"),
    [
        pytest.param(
            "  - id: window.guarantee\n    months: 24\n", 'rule ids in this section start with "statutory."', id="id"
        ),
        pytest.param("  - id: statutory.x\n    days: unlimited\n", 'not "unlimited"', id="unlimited"),
        pytest.param(
            "  - id: statutory.x\n    days: 14\n    or_with: [sealed]\n", 'unknown key "or_with"', id="no rescue"
        ),
        pytest.param(
            "  - id: statutory.x\n    days: 14\n    resolutions: [repair]\n", 'unknown resolution "repair"', id="kind"
        ),
        pytest.param(
            "  - id: statutory.x\n    days: 14\n", 'missing text for "statutory.x"', id="its words are required"
        ),
    ],
)
def test_floor_mistakes_stop_the_load(tmp_path, floor, message):
    with pytest.raises(PolicyError) as error:
        policy_variant(tmp_path, append="\nstatutory:\n" + floor)
    assert message in str(error.value)


def test_a_window_may_only_narrow_to_resolutions_the_policy_offers(tmp_path):
    with pytest.raises(PolicyError, match='"exchange" is not offered under resolutions:'):
        policy_variant(
            tmp_path,
            "membership_tiers",
            replace=[("  exchange: {}\n", ""), ("      exchange: Exchange for another size or colour.\n", "")],
            append="\nstatutory:\n  - id: statutory.x\n    days: 14\n    resolutions: [exchange]\n",
        )


@pytest.mark.parametrize(
    ("days", "rule_id", "kinds"),
    [
        pytest.param(3, "window.fault.merchant", ["refund", "exchange", "store_credit"], id="both open: everything"),
        pytest.param(380, "statutory.exchange_period", ["exchange"], id="only the exchange period open: exchange"),
    ],
)
def test_a_window_may_narrow_the_resolutions_while_it_alone_is_open(tmp_path, days, rule_id, kinds):
    policy = policy_variant(
        tmp_path,
        replace=[(TEXTS_START, TEXTS_START + "      statutory.exchange_period: Exchange within {period}.\n")],
        append="\nstatutory:\n  - id: statutory.exchange_period\n    when: {faults: [merchant]}\n"
        "    days: 400\n    resolutions: [exchange]\n",
    )
    decision = evaluate(policy, make_request(reason="defective", delivered_days_ago=days, evidence=PHOTOS))
    assert decision.outcome is Outcome.APPROVE and rule_id in decision.rule_ids
    assert [r.kind for r in decision.resolutions] == kinds
