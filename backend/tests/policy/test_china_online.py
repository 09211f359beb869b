"""China online purchases (policies/china_online.yml): the 7-day no-reason return."""

from __future__ import annotations

from datetime import timedelta

import pytest

from returndesk.policy import FaultSide, Outcome, evaluate, line_eligibility

from .policy_factories import TODAY, make_item, make_purchase, make_request

INTACT = {"intact": True}
PHOTOS = {"photo_damage": 2}


def cn_request(**kw):
    kw.setdefault("currency", "CNY")
    return make_request(**kw)


RULES = [
    pytest.param(
        dict(delivered_days_ago=7, answers=INTACT),
        Outcome.APPROVE,
        "window.standard",
        id="no reason: day 7 after receipt is the last day in",
    ),
    pytest.param(
        dict(delivered_days_ago=8, answers=INTACT),
        Outcome.REJECT,
        "window.expired",
        id="no reason: day 8 is the first day out",
    ),
    pytest.param(
        dict(delivered_days_ago=None, ordered_days_ago=11, answers=INTACT),
        Outcome.APPROVE,
        "window.not_started",
        id="ordered 11 days ago, not yet received: the 7 days have not started",
    ),
    pytest.param(dict(answers={"intact": False}), Outcome.REJECT, "requirement.intact", id="not intact: refused"),
    pytest.param(dict(), Outcome.REJECT, "requirement.intact", id="intact not yet confirmed: refused for now"),
    pytest.param(
        dict(reason="defective", evidence=PHOTOS),
        Outcome.APPROVE,
        "shipping.merchant_pays",
        id="quality problem: no intact requirement, the shop pays",
    ),
    pytest.param(
        dict(category="made_to_order", answers=INTACT), Outcome.REJECT, "exclusion.made_to_order", id="made to order"
    ),
    pytest.param(
        dict(category="perishable_food", answers=INTACT), Outcome.REJECT, "exclusion.perishable", id="fresh goods"
    ),
    pytest.param(
        dict(category="digital", tags=["downloadable"], answers=INTACT),
        Outcome.REJECT,
        "exclusion.digital_download",
        id="downloaded digital goods",
    ),
    pytest.param(
        dict(category="periodicals", answers=INTACT),
        Outcome.REJECT,
        "exclusion.periodicals",
        id="delivered newspapers and periodicals",
    ),
    pytest.param(
        dict(category="periodicals", reason="wrong_item", evidence=PHOTOS),
        Outcome.APPROVE,
        None,
        id="wrong periodical delivered: the shop's mistake",
    ),
    pytest.param(
        dict(category="perishable_food", reason="damaged_in_transit", evidence=PHOTOS),
        Outcome.APPROVE,
        None,
        id="fresh goods damaged in transit",
    ),
    pytest.param(
        dict(reason="defective"), Outcome.REVIEW, "review.evidence_missing", id="quality problem without photos"
    ),
]


@pytest.mark.parametrize(("request_kw", "outcome", "rule_id"), RULES)
def test_china_rules(china_policy, request_kw, outcome, rule_id):
    decision = evaluate(china_policy, cn_request(**request_kw))
    assert decision.outcome is outcome
    if rule_id:
        assert rule_id in decision.rule_ids


def test_unconfirmed_intact_is_asked(china_policy):
    decision = evaluate(china_policy, cn_request())
    assert [q.id for q in decision.questions] == ["intact"]


@pytest.mark.parametrize(
    ("reason", "payer"),
    [
        pytest.param("changed_mind", FaultSide.CUSTOMER, id="no-reason return: consumer pays shipping"),
        pytest.param("size_too_small", FaultSide.CUSTOMER, id="wrong size chosen: consumer pays shipping"),
        pytest.param("defective", FaultSide.MERCHANT, id="quality problem: shop pays"),
        pytest.param("damaged_in_transit", FaultSide.MERCHANT, id="damaged in transit: shop pays"),
    ],
)
def test_who_pays_shipping(china_policy, reason, payer):
    decision = evaluate(china_policy, cn_request(reason=reason, answers=INTACT, evidence=PHOTOS, price=29900))
    assert decision.shipping_payer is payer
    # The consumer ships a no-reason return themselves: nothing is deducted from the refund.
    assert decision.label_cost_minor == 0 and decision.refund_estimate_minor == 29900
    assert decision.currency == "CNY"


def test_refund_due_within_7_days_of_receiving_the_return(china_policy):
    decision = evaluate(china_policy, cn_request(answers=INTACT))
    assert decision.refund_due_days == 7
    assert "deadline.refund_due" in decision.rule_ids


def test_chinese_texts_with_english_fallback(china_policy):
    decision = evaluate(china_policy, cn_request(locale="zh-CN", delivered_days_ago=8, answers=INTACT))
    texts = {e.rule_id: e.text for e in decision.explanations}
    assert texts["window.standard"] == "自收到商品之日起7日内，您可以无理由退货。"
    assert texts["window.expired"].startswith("此商品的七日无理由退货期")
    # No Chinese text for the repair alternative: the English one is used, never a bare id.
    assert {a.rule_id: a.text for a in decision.alternatives}["alternative.human"].startswith("You can ask")


def test_question_in_chinese(china_policy):
    decision = evaluate(china_policy, cn_request(locale="zh"))
    assert decision.questions[0].text.startswith("商品是否完好")


def test_line_eligibility_assumes_intact_and_says_it_will_ask(china_policy):
    result = line_eligibility(china_policy, make_item(), make_purchase(currency="CNY", delivered_days_ago=7), TODAY)
    assert result.eligible and [q.id for q in result.questions] == ["intact"]
    late = line_eligibility(china_policy, make_item(), make_purchase(currency="CNY", delivered_days_ago=8), TODAY)
    # Quality problems share the 7 days for a return; after that the alternatives are repair or a person.
    assert not late.eligible and late.eligible_reasons == () and late.questions == ()
    assert late.window_end == TODAY - timedelta(days=1)


def test_public_page_in_chinese(china_policy):
    sections = dict(china_policy.summary_sections("zh"))
    assert sections["不适用无理由退货的商品"][-1] == "已交付的报纸、期刊不适用无理由退货。"
    assert china_policy.locales == ("en", "zh")
