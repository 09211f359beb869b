"""China online purchases (policies/china_online.yml), case by case with the rule each encodes.

CPL: Consumer Rights Protection Law. Measures: Measures on Seven-Day No-Reason Returns for Online
Purchases. 三包: 部分商品修理更换退货责任规定 (return 7 days, exchange 15, repair in warranty).
"""

from __future__ import annotations

from datetime import timedelta

import pytest

from returndesk.policy import FaultSide, Outcome, evaluate, line_eligibility
from returndesk.policy.public import summary_sections

from .policy_factories import TODAY, make_item, make_purchase, make_request

INTACT = {"intact": True}
PHOTOS = {"photo_damage": 2}
QUALITY_REASONS = {"defective", "damaged_in_transit", "not_as_described", "wrong_item", "missing_parts"}


def cn_request(**kw):
    kw.setdefault("currency", "CNY")
    return make_request(**kw)


RULES = [
    # the no-reason return, CPL art. 25
    pytest.param(
        dict(delivered_days_ago=7, answers=INTACT),
        Outcome.APPROVE,
        "window.standard",
        id="CPL art. 25: no reason, day 7 after receipt is the last day in",
    ),
    pytest.param(
        dict(delivered_days_ago=8, answers=INTACT),
        Outcome.REJECT,
        "window.expired",
        id="CPL art. 25: no reason, day 8 is the first day out",
    ),
    pytest.param(
        dict(delivered_days_ago=None, ordered_days_ago=11, answers=INTACT),
        Outcome.APPROVE,
        "window.not_started",
        id="CPL art. 25: ordered 11 days ago, not yet received: the 7 days have not started",
    ),
    pytest.param(
        dict(answers={"intact": False}), Outcome.REJECT, "requirement.intact", id="Measures art. 8: not intact"
    ),
    pytest.param(
        dict(), Outcome.REJECT, "requirement.intact", id="Measures art. 8: intact not yet confirmed, refused for now"
    ),
    # quality problems, CPL art. 24 and 三包
    pytest.param(
        dict(reason="defective", evidence=PHOTOS),
        Outcome.APPROVE,
        "statutory.quality_return",
        id="CPL art. 24: quality problem, no intact requirement, the shop pays",
    ),
    pytest.param(
        dict(reason="defective", delivered_days_ago=8, evidence=PHOTOS),
        Outcome.APPROVE,
        "statutory.quality_exchange",
        id="三包 / CPL art. 24: quality problem on day 8 is not bound by the 7-day no-reason rule",
    ),
    pytest.param(
        dict(reason="defective", category="electronics", delivered_days_ago=15, evidence=PHOTOS),
        Outcome.APPROVE,
        "statutory.quality_exchange",
        id="三包: exchange until day 15",
    ),
    pytest.param(
        dict(reason="defective", category="electronics", delivered_days_ago=16, evidence=PHOTOS),
        Outcome.REJECT,
        "window.expired",
        id="三包: day 16, repair under the warranty instead",
    ),
    pytest.param(
        dict(reason="damaged_in_transit", delivered_days_ago=10, evidence=PHOTOS),
        Outcome.APPROVE,
        "statutory.quality_exchange",
        id="CPL art. 24: arrived damaged, reported on day 10",
    ),
    pytest.param(
        dict(reason="defective"), Outcome.REVIEW, "review.evidence_missing", id="quality problem without photos"
    ),
    # exclusions, CPL art. 25(1) / Measures art. 6
    pytest.param(
        dict(category="made_to_order", answers=INTACT),
        Outcome.REJECT,
        "exclusion.made_to_order",
        id="CPL art. 25(1)(1): made to order",
    ),
    pytest.param(
        dict(category="perishable_food", answers=INTACT),
        Outcome.REJECT,
        "exclusion.perishable",
        id="CPL art. 25(1)(2): fresh goods",
    ),
    pytest.param(
        dict(category="digital", tags=["downloadable"], answers=INTACT),
        Outcome.REJECT,
        "exclusion.digital_download",
        id="CPL art. 25(1)(3): downloaded digital goods",
    ),
    pytest.param(
        dict(category="digital", tags=["audio_video"], answers={**INTACT, "sealed": False}),
        Outcome.REJECT,
        "exclusion.audio_video_unsealed",
        id="CPL art. 25(1)(3): audio-video product the consumer unsealed",
    ),
    pytest.param(
        dict(category="digital", tags=["software"], answers={**INTACT, "sealed": True}),
        Outcome.APPROVE,
        "window.standard",
        id="CPL art. 25(1)(3): software still sealed is returnable",
    ),
    pytest.param(
        dict(category="digital", tags=["audio_video"], reason="defective", evidence=PHOTOS, answers={"sealed": False}),
        Outcome.APPROVE,
        "statutory.quality_return",
        id="CPL art. 24: an unsealed disc that does not play is a quality problem",
    ),
    pytest.param(
        dict(category="periodicals", answers=INTACT),
        Outcome.REJECT,
        "exclusion.periodicals",
        id="CPL art. 25(1)(4): delivered newspapers and periodicals",
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
    # exclusions the consumer confirmed at purchase, CPL art. 25(2) / Measures art. 7
    pytest.param(
        dict(category="beauty", tags=["hygiene"], answers={**INTACT, "sealed": False}),
        Outcome.APPROVE,
        "window.standard",
        id="Measures art. 7: opened hygiene item, not confirmed at purchase: the shop may not refuse",
    ),
    pytest.param(
        dict(category="beauty", tags=["hygiene", "confirmed_hygiene"], answers={**INTACT, "sealed": False}),
        Outcome.REJECT,
        "exclusion.confirmed_hygiene",
        id="Measures art. 7(1): opened hygiene item, confirmed at purchase",
    ),
    pytest.param(
        dict(category="beauty", tags=["confirmed_hygiene"], answers={**INTACT, "sealed": True}),
        Outcome.APPROVE,
        "window.standard",
        id="Measures art. 7(1): confirmed, but still sealed",
    ),
    pytest.param(
        dict(category="electronics", tags=["confirmed_activation"], answers={**INTACT, "never_activated": False}),
        Outcome.REJECT,
        "exclusion.confirmed_activation",
        id="Measures art. 7(2): activated phone, confirmed at purchase",
    ),
    pytest.param(
        dict(category="electronics", tags=["confirmed_activation"], answers={**INTACT, "never_activated": True}),
        Outcome.APPROVE,
        "window.standard",
        id="Measures art. 7(2): confirmed, never activated",
    ),
    pytest.param(
        dict(tags=["confirmed_flawed"], answers=INTACT),
        Outcome.REJECT,
        "exclusion.confirmed_flawed",
        id="Measures art. 7(3): sold with a disclosed flaw, confirmed at purchase",
    ),
    pytest.param(
        dict(tags=["confirmed_flawed"], reason="defective", evidence=PHOTOS),
        Outcome.APPROVE,
        "statutory.quality_return",
        id="CPL art. 24: a confirmed exclusion does not cover a quality problem",
    ),
]


@pytest.mark.parametrize(("request_kw", "outcome", "rule_id"), RULES)
def test_china_rules(china_policy, request_kw, outcome, rule_id):
    decision = evaluate(china_policy, cn_request(**request_kw))
    assert decision.outcome is outcome, decision.rule_ids
    if rule_id:
        assert rule_id in decision.rule_ids


NO_REASON_WORDS = ("without giving a reason", "no-reason", "without a reason", "无理由")


@pytest.mark.parametrize("days", [8, 12, 15, 16])
@pytest.mark.parametrize("locale", ["en", "zh"])
def test_a_quality_problem_is_never_answered_with_the_no_reason_rule(china_policy, days, locale):
    decision = evaluate(
        china_policy,
        cn_request(reason="defective", category="electronics", delivered_days_ago=days, evidence=PHOTOS, locale=locale),
    )
    words = [e.text for e in (*decision.explanations, *decision.alternatives)]
    assert words and not [text for text in words if any(w in text for w in NO_REASON_WORDS)], words


@pytest.mark.parametrize(
    ("days", "kinds"),
    [
        pytest.param(7, ["refund", "exchange"], id="三包: days 1-7, return or exchange"),
        pytest.param(8, ["exchange"], id="三包: days 8-15, exchange"),
        pytest.param(15, ["exchange"], id="三包: day 15, still an exchange"),
    ],
)
def test_quality_resolutions_follow_the_sanbao_periods(china_policy, days, kinds):
    decision = evaluate(china_policy, cn_request(reason="defective", delivered_days_ago=days, evidence=PHOTOS))
    assert [r.kind for r in decision.resolutions] == kinds


def test_after_the_exchange_period_repair_is_offered(china_policy):
    decision = evaluate(
        china_policy, cn_request(reason="defective", category="electronics", delivered_days_ago=16, evidence=PHOTOS)
    )
    alternatives = {a.rule_id: a.text for a in decision.alternatives}
    assert alternatives["alternative.repair"] == "Within the warranty period we repair quality problems free of charge."
    assert decision.lines[0].window_end == TODAY - timedelta(days=1)


def test_unconfirmed_intact_is_asked(china_policy):
    decision = evaluate(china_policy, cn_request())
    assert [q.id for q in decision.questions] == ["intact"]


def test_unsealed_audio_video_is_asked_before_it_is_refused(china_policy):
    decision = evaluate(china_policy, cn_request(category="digital", tags=["audio_video"], answers=INTACT))
    assert decision.outcome is Outcome.REJECT and [q.id for q in decision.questions] == ["sealed"]
    assert decision.questions[0].text == "Is the item still sealed in its original packaging?"


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


def test_chinese_texts(china_policy):
    decision = evaluate(china_policy, cn_request(locale="zh-CN", delivered_days_ago=8, answers=INTACT))
    texts = {e.rule_id: e.text for e in decision.explanations}
    assert texts["window.standard"] == "自收到商品之日起7日内，您可以无理由退货。"
    ended = TODAY - timedelta(days=1)  # a date as a Chinese reader writes it
    assert texts["window.expired"] == f"此商品的退货期已于{ended.year}年{ended.month}月{ended.day}日结束。"
    assert {a.rule_id: a.text for a in decision.alternatives}[
        "alternative.human"
    ] == "您可以请我们的工作人员处理您的问题。"
    quality = evaluate(china_policy, cn_request(locale="zh", reason="defective", delivered_days_ago=8, evidence=PHOTOS))
    texts = {e.rule_id: e.text for e in quality.explanations}
    assert texts["statutory.quality_exchange"].startswith("自收到商品之日起15日内发现质量问题的，可以换货")
    assert [r.text for r in quality.resolutions] == ["换货（同款商品）。"]


def test_every_customer_facing_text_has_chinese_words(china_policy):
    zh = china_policy.texts.by_locale["zh"]
    en = china_policy.texts.by_locale["en"]
    for section in ("rules", "questions", "evidence", "resolutions"):
        assert set(en[section]) <= set(zh[section]), section


def test_question_in_chinese(china_policy):
    decision = evaluate(china_policy, cn_request(locale="zh"))
    assert decision.questions[0].text.startswith("商品是否完好")


def test_line_eligibility_assumes_intact_and_says_it_will_ask(china_policy):
    result = line_eligibility(china_policy, make_item(), make_purchase(currency="CNY", delivered_days_ago=7), TODAY)
    assert result.eligible and [q.id for q in result.questions] == ["intact"]
    late = line_eligibility(china_policy, make_item(), make_purchase(currency="CNY", delivered_days_ago=8), TODAY)
    # The no-reason days are over; a quality problem still has its exchange period (三包).
    assert not late.eligible and set(late.eligible_reasons) == QUALITY_REASONS and late.questions == ()
    assert late.window_end == TODAY - timedelta(days=1)
    after = line_eligibility(china_policy, make_item(), make_purchase(currency="CNY", delivered_days_ago=16), TODAY)
    assert after.eligible_reasons == ()


def test_public_page_in_chinese(china_policy):
    sections = dict(summary_sections(china_policy, "zh"))
    assert "已交付的报纸、期刊不适用无理由退货。" in sections["不适用无理由退货的商品"]
    assert sections["退货期限"][-1].startswith("自收到商品之日起15日内发现质量问题的")
    assert china_policy.locales == ("en", "zh")
