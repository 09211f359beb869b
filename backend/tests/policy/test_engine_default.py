"""The demo shop's policy (policies/default.yml), rule by rule."""

from __future__ import annotations

import json
import re
from datetime import timedelta

import pytest

from returndesk.policy import FaultSide, Outcome, evaluate, line_eligibility
from returndesk.policy.public import public_dict, summary_sections

from .policy_factories import TODAY, make_item, make_line, make_purchase, make_request

PHOTOS = {"photo_damage": 2, "photo_item": 1}

WINDOWS = [
    # id, request, outcome, the rule that decided
    pytest.param(
        dict(delivered_days_ago=30), Outcome.APPROVE, "window.standard", id="standard: day 30 is the last day in"
    ),
    pytest.param(
        dict(delivered_days_ago=31), Outcome.REJECT, "window.expired", id="standard: day 31 is the first day out"
    ),
    pytest.param(dict(tier="gold", delivered_days_ago=60), Outcome.APPROVE, "window.tier.gold", id="gold: day 60 in"),
    pytest.param(dict(tier="gold", delivered_days_ago=61), Outcome.REJECT, "window.expired", id="gold: day 61 out"),
    pytest.param(
        dict(tier="silver", delivered_days_ago=31),
        Outcome.REJECT,
        "window.standard",
        id="silver has the standard 30 days",
    ),
    pytest.param(
        dict(category="electronics", delivered_days_ago=14, answers={"sealed": True}),
        Outcome.APPROVE,
        "window.category.electronics",
        id="electronics changed mind: day 14 in",
    ),
    pytest.param(
        dict(category="electronics", delivered_days_ago=15, answers={"sealed": True}),
        Outcome.REJECT,
        "window.category.electronics",
        id="electronics changed mind: day 15 out",
    ),
    pytest.param(
        dict(category="electronics", reason="defective", delivered_days_ago=365, evidence=PHOTOS),
        Outcome.APPROVE,
        "window.fault.merchant",
        id="electronics defect: day 365 in",
    ),
    pytest.param(
        dict(category="electronics", reason="defective", delivered_days_ago=366, evidence=PHOTOS),
        Outcome.REJECT,
        "window.fault.merchant",
        id="electronics defect: day 366 out",
    ),
    pytest.param(
        dict(reason="damaged_in_transit", delivered_days_ago=200, evidence=PHOTOS),
        Outcome.APPROVE,
        "window.fault.merchant",
        id="carrier damage counts as the shop's side",
    ),
    pytest.param(
        dict(category="electronics", tier="gold", delivered_days_ago=60, answers={"sealed": True}),
        Outcome.APPROVE,
        "window.tier.gold",
        id="gold electronics: equally specific, the longer wins",
    ),
    pytest.param(
        dict(category="perishable_food", reason="defective", delivered_days_ago=7, evidence=PHOTOS),
        Outcome.APPROVE,
        "window.perishable.fault",
        id="spoiled food: day 7 in",
    ),
    pytest.param(
        dict(category="perishable_food", reason="defective", delivered_days_ago=8, evidence=PHOTOS),
        Outcome.REJECT,
        "window.perishable.fault",
        id="spoiled food: day 8 out (more specific than 365)",
    ),
    # count_from: delivery: an order still on its way has no window yet, however old it is.
    pytest.param(
        dict(delivered_days_ago=None, ordered_days_ago=30),
        Outcome.APPROVE,
        "window.not_started",
        id="not delivered, ordered 30 days ago: the window has not started",
    ),
    pytest.param(
        dict(delivered_days_ago=None, ordered_days_ago=31),
        Outcome.APPROVE,
        "window.not_started",
        id="not delivered, ordered 31 days ago: still not started, not 'period ended'",
    ),
]


@pytest.mark.parametrize(("request_kw", "outcome", "rule_id"), WINDOWS)
def test_windows(default_policy, request_kw, outcome, rule_id):
    decision = evaluate(default_policy, make_request(**request_kw))
    assert decision.outcome is outcome
    assert rule_id in decision.rule_ids


EXCLUSIONS = [
    pytest.param(
        dict(category="perishable_food"), Outcome.REJECT, "exclusion.perishable", id="food: change of mind refused"
    ),
    pytest.param(
        dict(category="perishable_food", reason="damaged_in_transit", evidence=PHOTOS),
        Outcome.APPROVE,
        None,
        id="food: arrived damaged is accepted",
    ),
    pytest.param(dict(final_sale=True), Outcome.REJECT, "exclusion.final_sale", id="final sale refused"),
    pytest.param(
        dict(final_sale=True, reason="wrong_item", evidence=PHOTOS),
        Outcome.APPROVE,
        None,
        id="final sale: wrong item accepted",
    ),
    pytest.param(dict(category="made_to_order"), Outcome.REJECT, "exclusion.made_to_order", id="made to order refused"),
    pytest.param(
        dict(category="made_to_order", reason="defective", evidence=PHOTOS),
        Outcome.APPROVE,
        None,
        id="made to order: defect accepted",
    ),
    pytest.param(
        dict(category="digital", tags=["downloadable"]),
        Outcome.REJECT,
        "exclusion.digital_download",
        id="download refused",
    ),
    pytest.param(
        dict(category="digital", tags=["downloadable"], reason="defective", evidence=PHOTOS),
        Outcome.APPROVE,
        None,
        id="download that does not work accepted",
    ),
    pytest.param(
        dict(category="beauty", tags=["hygiene"], answers={"sealed": True}),
        Outcome.APPROVE,
        None,
        id="hygiene: sealed accepted",
    ),
    pytest.param(
        dict(category="beauty", tags=["hygiene"], answers={"sealed": False}),
        Outcome.REJECT,
        "exclusion.hygiene_opened",
        id="hygiene: opened refused",
    ),
    pytest.param(
        dict(category="beauty", tags=["hygiene"]),
        Outcome.REJECT,
        "exclusion.hygiene_opened",
        id="hygiene: not yet answered counts as opened",
    ),
    pytest.param(dict(category="beauty"), Outcome.APPROVE, None, id="beauty without hygiene tag accepted"),
    pytest.param(
        dict(category="perishable_food", delivered_days_ago=400, final_sale=True),
        Outcome.REJECT,
        "exclusion.final_sale",
        id="excluded twice: both named, window not looked at",
    ),
]


@pytest.mark.parametrize(("request_kw", "outcome", "rule_id"), EXCLUSIONS)
def test_exclusions(default_policy, request_kw, outcome, rule_id):
    decision = evaluate(default_policy, make_request(**request_kw))
    assert decision.outcome is outcome
    if rule_id:
        assert rule_id in decision.rule_ids
        if not decision.questions:  # a hard exclusion: the window is not even looked at
            assert not any(r.startswith("window.") for r in decision.rule_ids)
    else:
        assert not any(r.startswith("exclusion.") for r in decision.rule_ids)


@pytest.mark.parametrize(
    ("answers", "questions"),
    [
        pytest.param({}, ["sealed"], id="unanswered: asked"),
        pytest.param({"sealed": False}, [], id="answered no: a hard refusal, nothing to ask"),
    ],
)
def test_hygiene_question_is_asked_only_while_it_can_change_the_outcome(default_policy, answers, questions):
    decision = evaluate(default_policy, make_request(category="beauty", tags=["hygiene"], answers=answers))
    assert [q.id for q in decision.questions] == questions
    assert all(q.text for q in decision.questions)


def test_no_question_when_another_rule_refuses_anyway(default_policy):
    decision = evaluate(default_policy, make_request(category="beauty", tags=["hygiene"], final_sale=True))
    assert decision.questions == ()


REVIEW = [
    pytest.param(dict(price=50000), Outcome.APPROVE, None, id="value 500.00 is not above the threshold"),
    pytest.param(dict(price=50001), Outcome.REVIEW, "review.high_value", id="value 500.01 goes to a person"),
    pytest.param(dict(price=25001, quantity=2), Outcome.REVIEW, "review.high_value", id="value counts every unit"),
    pytest.param(dict(reason="defective"), Outcome.REVIEW, "review.evidence_missing", id="defect without photos"),
    pytest.param(
        dict(reason="defective", evidence={"photo_damage": 1}),
        Outcome.REVIEW,
        "review.evidence_missing",
        id="defect with too few photos",
    ),
    pytest.param(
        dict(reason="defective", evidence={"photo_damage": 2}), Outcome.APPROVE, None, id="defect with photos"
    ),
    pytest.param(dict(recent_return_count=4), Outcome.APPROVE, None, id="4 recent returns"),
    pytest.param(dict(recent_return_count=5), Outcome.REVIEW, "review.frequent_returns", id="5 recent returns"),
    pytest.param(dict(recent_return_rate=0.59), Outcome.APPROVE, None, id="return rate 59%"),
    pytest.param(dict(recent_return_rate=0.6), Outcome.REVIEW, "review.return_rate", id="return rate 60%"),
    pytest.param(
        dict(recent_return_rate=1.0, recent_order_count=4), Outcome.APPROVE, None, id="rate over too few orders"
    ),
    pytest.param(dict(recent_return_rate=0.6, recent_order_count=5), Outcome.REVIEW, None, id="rate over 5 orders"),
    pytest.param(dict(reason_disputed=True), Outcome.REVIEW, "review.reason_disputed", id="reason disputed"),
    pytest.param(
        dict(reason="defective", evidence={"photo_damage": 2}, evidence_suspect=True),
        Outcome.REVIEW,
        "review.evidence_suspect",
        id="photos seen before",
    ),
    pytest.param(dict(price=90000, delivered_days_ago=31), Outcome.REJECT, None, id="a refusal needs no review"),
    pytest.param(
        dict(reason="broken_somehow"), Outcome.REVIEW, "request.unknown_reason", id="unknown reason: a person looks"
    ),
    pytest.param(dict(return_quantity=2), Outcome.REJECT, "request.bad_quantity", id="more than was bought"),
]


@pytest.mark.parametrize(("request_kw", "outcome", "rule_id"), REVIEW)
def test_review_routing(default_policy, request_kw, outcome, rule_id):
    decision = evaluate(default_policy, make_request(**request_kw))
    assert decision.outcome is outcome
    if rule_id:
        assert rule_id in decision.rule_ids
    elif outcome is not Outcome.REVIEW:
        assert not any(r.startswith("review.") for r in decision.rule_ids)


def test_evidence_requirement_counts_what_was_received(default_policy):
    decision = evaluate(default_policy, make_request(reason="defective", evidence={"photo_damage": 1}))
    (req,) = decision.required_evidence
    assert (req.kind, req.count, req.received, req.missing) == ("photo_damage", 2, 1, 1)
    assert "2" in req.text


MONEY = [
    # request, payer, label, fee, refund
    pytest.param(dict(price=5000), FaultSide.CUSTOMER, 495, 0, 4505, id="change of mind: label taken off the refund"),
    pytest.param(dict(price=5000, tier="gold"), FaultSide.MERCHANT, 0, 0, 5000, id="gold: free returns"),
    pytest.param(
        dict(price=5000, reason="wrong_item", evidence=PHOTOS),
        FaultSide.MERCHANT,
        0,
        0,
        5000,
        id="wrong item: shop pays",
    ),
    pytest.param(
        dict(price=5000, reason="arrived_late"), FaultSide.MERCHANT, 0, 0, 5000, id="late delivery: shop pays"
    ),
    pytest.param(
        dict(category="electronics", price=19999, answers={"sealed": False}),
        FaultSide.CUSTOMER,
        495,
        2000,
        17504,
        id="opened electronics: 10% fee, rounded half up",
    ),
    pytest.param(
        dict(category="electronics", price=1005, answers={"sealed": False}),
        FaultSide.CUSTOMER,
        495,
        101,
        409,
        id="fee 100.5 cents rounds up to 101",
    ),
    pytest.param(
        dict(category="electronics", price=19999, answers={"sealed": True}),
        FaultSide.CUSTOMER,
        495,
        0,
        19504,
        id="sealed electronics: no fee",
    ),
    pytest.param(
        dict(category="electronics", price=19999),
        FaultSide.CUSTOMER,
        495,
        2000,
        17504,
        id="unanswered: fee applies until the customer says sealed",
    ),
    pytest.param(
        dict(category="electronics", price=19999, reason="defective", evidence=PHOTOS),
        FaultSide.MERCHANT,
        0,
        0,
        19999,
        id="defective electronics: no fee",
    ),
    pytest.param(dict(price=300), FaultSide.CUSTOMER, 495, 0, 0, id="refund never negative"),
]


@pytest.mark.parametrize(("request_kw", "payer", "label", "fee", "refund"), MONEY)
def test_shipping_fees_and_refund(default_policy, request_kw, payer, label, fee, refund):
    decision = evaluate(default_policy, make_request(**request_kw))
    assert decision.outcome is not Outcome.REJECT
    assert (decision.shipping_payer, decision.label_cost_minor) == (payer, label)
    assert (decision.restocking_fee_minor, decision.refund_estimate_minor) == (fee, refund)


def test_resolutions_and_their_cost_to_the_shop(default_policy):
    decision = evaluate(default_policy, make_request(price=5000))
    options = {r.kind: r for r in decision.resolutions}
    assert list(options) == ["refund", "exchange", "store_credit"]
    # refund 45.05 + handling 3.00 - resale recovery 80% of 50.00
    assert (options["refund"].customer_amount_minor, options["refund"].estimated_cost_minor) == (4505, 805)
    # credit 45.05 + 10% bonus (4.505 -> 4.51) costing 55% of its face value
    assert (options["store_credit"].customer_amount_minor, options["store_credit"].bonus_minor) == (4956, 451)
    assert options["store_credit"].estimated_cost_minor == 2726 + 300 - 4000
    # the same goods again (55% of 50.00), sent out (4.95), handled, minus recovery
    assert options["exchange"].estimated_cost_minor == 2750 + 495 + 300 - 4000


def test_exchange_only_where_the_policy_offers_it(default_policy):
    decision = evaluate(default_policy, make_request(category="beauty"))
    assert [r.kind for r in decision.resolutions] == ["refund", "store_credit"]


def test_preferred_resolution_comes_first(default_policy):
    decision = evaluate(default_policy, make_request(preferred_resolution="store_credit"))
    assert decision.resolutions[0].kind == "store_credit"


def test_any_rejected_line_rejects_the_request_and_names_alternatives(default_policy):
    request = make_request(extra_lines=[make_line(final_sale=True)])
    decision = evaluate(default_policy, request)
    assert decision.outcome is Outcome.REJECT
    assert [line.outcome for line in decision.lines] == [Outcome.APPROVE, Outcome.REJECT]
    assert [a.rule_id for a in decision.alternatives] == ["alternative.exchange", "alternative.human"]
    assert decision.resolutions == () and decision.return_by is None and decision.refund_estimate_minor == 0


def test_alternatives_follow_the_refused_item(default_policy):
    decision = evaluate(default_policy, make_request(category="electronics", delivered_days_ago=20))
    assert [a.rule_id for a in decision.alternatives] == ["alternative.repair", "alternative.human"]
    assert all(a.text for a in decision.alternatives)


def test_approved_request_has_deadlines(default_policy):
    decision = evaluate(default_policy, make_request())
    assert decision.outcome is Outcome.APPROVE
    assert decision.return_by == TODAY + timedelta(days=14)
    assert decision.refund_due_days == 14
    assert decision.lines[0].window_end == TODAY - timedelta(days=3) + timedelta(days=30)


def test_no_lines_is_a_refusal_not_a_crash(default_policy):
    request = make_request()
    decision = evaluate(default_policy, type(request)(request.purchase, (), TODAY))
    assert decision.outcome is Outcome.REJECT and decision.rule_ids[0] == "request.no_lines"


def test_every_fired_rule_is_explained_and_the_decision_serialises(default_policy):
    for param in WINDOWS + EXCLUSIONS + REVIEW + MONEY:
        decision = evaluate(default_policy, make_request(**param.values[0]))
        assert [e.rule_id for e in decision.explanations] == list(decision.rule_ids)
        assert all(e.text and "{" not in e.text for e in decision.explanations), decision.explanations
        json.dumps(decision.to_dict())
        assert re.fullmatch(r"2026-11-01\+[0-9a-f]{8}", decision.policy_version)


def test_unknown_locale_falls_back_to_english(default_policy):
    decision = evaluate(default_policy, make_request(locale="fr", delivered_days_ago=31))
    assert "ended on" in decision.explanations[-2].text or any("ended on" in e.text for e in decision.explanations)


ELIGIBILITY = [
    # item, purchase, eligible, window_end (days after delivery; None), some eligible reasons, not eligible reasons
    pytest.param(
        dict(), dict(delivered_days_ago=30), True, 30, {"changed_mind", "defective"}, set(), id="apparel day 30"
    ),
    pytest.param(
        dict(),
        dict(delivered_days_ago=31),
        False,
        30,
        {"defective"},
        {"changed_mind"},
        id="apparel day 31: still returnable if defective",
    ),
    pytest.param(
        dict(category="electronics"),
        dict(delivered_days_ago=15),
        False,
        14,
        {"defective", "damaged_in_transit"},
        {"changed_mind", "size_too_small"},
        id="electronics day 15: defects only",
    ),
    pytest.param(
        dict(category="perishable_food"),
        dict(delivered_days_ago=2),
        False,
        None,
        {"defective", "damaged_in_transit"},
        {"changed_mind"},
        id="food: excluded, but not if spoiled",
    ),
    pytest.param(
        dict(category="perishable_food"),
        dict(delivered_days_ago=8),
        False,
        None,
        set(),
        {"defective"},
        id="food after a week: nothing left",
    ),
    pytest.param(
        dict(final_sale=True),
        dict(delivered_days_ago=3),
        False,
        None,
        {"wrong_item"},
        {"changed_mind"},
        id="final sale: only the shop's mistakes",
    ),
    pytest.param(dict(), dict(tier="gold", delivered_days_ago=45), True, 60, {"changed_mind"}, set(), id="gold day 45"),
]


@pytest.mark.parametrize(("item_kw", "purchase_kw", "eligible", "end_days", "reasons_in", "reasons_out"), ELIGIBILITY)
def test_line_eligibility(default_policy, item_kw, purchase_kw, eligible, end_days, reasons_in, reasons_out):
    purchase = make_purchase(**purchase_kw)
    result = line_eligibility(default_policy, make_item(**item_kw), purchase, TODAY)
    assert result.eligible is eligible
    expected_end = None if end_days is None else purchase.delivered_on + timedelta(days=end_days)
    assert result.window_end == expected_end
    assert reasons_in <= set(result.eligible_reasons)
    assert not reasons_out & set(result.eligible_reasons)
    assert result.explanations and len(result.explanations) == len(result.rule_ids)


def test_hygiene_line_is_eligible_subject_to_the_sealed_question(default_policy):
    result = line_eligibility(default_policy, make_item(category="beauty", tags=["hygiene"]), make_purchase(), TODAY)
    assert result.eligible
    assert [q.id for q in result.questions] == ["sealed"]


def test_public_policy_has_rules_and_words_but_no_review_thresholds(default_policy):
    public = public_dict(default_policy, "en")
    assert public["currency"] == "EUR" and public["locale"] == "en"
    assert public["windows"]["standard"] == {
        "id": "window.standard",
        "when": {},
        "days": 30,
        "or_with": [],
        "text": "You can return items within 30 days of delivery.",
    }
    assert "review" not in public and "costs" not in public
    assert public["shipping"]["label_cost_minor"] == 495
    json.dumps(public)
    headings = [heading for heading, _ in summary_sections(default_policy, "en")]
    assert headings[:2] == ["Return windows", "What cannot be returned"]
    assert public_dict(default_policy, "xx")["locale"] == "en"


REFUSED = [
    pytest.param(dict(delivered_days_ago=31), id="late change of mind: no 'you pay the return label'"),
    pytest.param(dict(category="perishable_food"), id="excluded item"),
    pytest.param(
        dict(delivered_days_ago=366, reason="damaged_in_transit", evidence=PHOTOS), id="shop's side, after a year"
    ),
    pytest.param(dict(delivered_days_ago=61, tier="gold"), id="gold member, late: no 'returns are free'"),
]


@pytest.mark.parametrize("request_kw", REFUSED)
def test_a_refusal_says_nothing_about_return_shipping(default_policy, request_kw):
    decision = evaluate(default_policy, make_request(**request_kw))
    assert decision.outcome is Outcome.REJECT
    assert not [rule for rule in decision.rule_ids if rule.startswith("shipping.")]
    assert not any(word in e.text for e in decision.explanations for word in ("label", "pay for", "free"))
    assert decision.refund_estimate_minor == 0 and decision.alternatives


@pytest.mark.parametrize("category", ["fresh_fruit", "Electronics", "perishable-food"])
def test_an_unknown_category_goes_to_a_person(default_policy, category):
    # A misspelt perishable must not slip past the exclusion and be approved as "general goods".
    decision = evaluate(default_policy, make_request(category=category))
    assert decision.outcome is Outcome.REVIEW
    [line] = decision.lines
    assert "request.unknown_category" in line.rule_ids
    assert f'We do not know the category "{category}"' in line.explanations[0].text
