"""EU online shop (policies/eu_withdrawal.yml), case by case with the article each encodes.

CRD: Consumer Rights Directive 2011/83/EU. SGD: Sale of Goods Directive (EU) 2019/771.
1182/71: Regulation (EEC, Euratom) No 1182/71 on periods, dates and time limits.
Dates are real calendar days: 2026-03-14 is a Saturday, 2026-04-03 Good Friday, 2026-04-06
Easter Monday (both listed holidays).
"""

from __future__ import annotations

from datetime import date

import pytest

from returndesk.policy import FaultSide, Outcome, evaluate, line_eligibility
from returndesk.policy.public import public_dict

from .policy_factories import make_item, make_line, make_purchase, make_request

PHOTOS = {"photo_damage": 2}
SEALED, OPENED = {"sealed": True}, {"sealed": False}


def eu(delivered: date, returned: date, **kw):
    return make_request(delivered_on=delivered, today=returned, **kw)


CASES = [
    # delivered, returned on, request, outcome, rule that decides
    # --- withdrawal, CRD art. 9 ---
    pytest.param(
        date(2026, 3, 2),
        date(2026, 3, 16),
        dict(final_sale=True),
        Outcome.APPROVE,
        "statutory.withdrawal",
        id="CRD art. 9(1): clearance item on day 14; the shop's 7 days cannot cut the 14",
    ),
    pytest.param(
        date(2026, 3, 2),
        date(2026, 3, 17),
        dict(final_sale=True),
        Outcome.REJECT,
        "window.expired",
        id="CRD art. 9(1): clearance item on day 15 is out",
    ),
    pytest.param(
        date(2026, 2, 28),
        date(2026, 3, 16),
        dict(category="electronics"),
        Outcome.APPROVE,
        "statutory.withdrawal",
        id="1182/71 art. 3(4): day 14 is a Saturday, so Monday is still in",
    ),
    pytest.param(
        date(2026, 2, 28),
        date(2026, 3, 17),
        dict(category="electronics"),
        Outcome.REJECT,
        "window.expired",
        id="1182/71 art. 3(4): ... and Tuesday is out",
    ),
    pytest.param(
        date(2026, 3, 20),
        date(2026, 4, 7),
        dict(category="electronics"),
        Outcome.APPROVE,
        "statutory.withdrawal",
        id="1182/71 art. 3(4): day 14 is Good Friday; over Easter Monday to Tuesday",
    ),
    pytest.param(
        date(2026, 3, 20),
        date(2026, 4, 8),
        dict(category="electronics"),
        Outcome.REJECT,
        "window.expired",
        id="1182/71 art. 3(4): ... and Wednesday is out",
    ),
    pytest.param(
        None,
        date(2026, 3, 16),
        dict(ordered_days_ago=40),
        Outcome.APPROVE,
        "window.not_started",
        id="CRD art. 9(2)(b), 9(3): not delivered yet, ordered 40 days ago: the period has not started",
    ),
    # --- the shop's own, longer returns ---
    pytest.param(
        date(2026, 2, 10), date(2026, 3, 12), dict(), Outcome.APPROVE, "window.standard", id="shop: 30 days, day 30"
    ),
    pytest.param(
        date(2026, 2, 10), date(2026, 3, 13), dict(), Outcome.REJECT, "window.expired", id="shop: day 31 is out"
    ),
    pytest.param(
        date(2026, 2, 10),
        date(2026, 3, 12),
        dict(category="electronics", tier="gold"),
        Outcome.APPROVE,
        "window.gold.electronics",
        id="shop: a gold member's electronics, 30 days (longer than CRD art. 9)",
    ),
    # --- exceptions, CRD art. 16 ---
    pytest.param(
        date(2026, 3, 10),
        date(2026, 3, 12),
        dict(category="made_to_order"),
        Outcome.REJECT,
        "exclusion.personalised",
        id="CRD art. 16(c): made to the consumer's specifications",
    ),
    pytest.param(
        date(2026, 3, 10),
        date(2026, 3, 12),
        dict(category="perishable_food"),
        Outcome.REJECT,
        "exclusion.perishable",
        id="CRD art. 16(d): liable to deteriorate rapidly",
    ),
    pytest.param(
        date(2026, 3, 10),
        date(2026, 3, 12),
        dict(category="beauty", tags=["hygiene"], answers=OPENED),
        Outcome.REJECT,
        "exclusion.hygiene_unsealed",
        id="CRD art. 16(e): hygiene goods unsealed after delivery",
    ),
    pytest.param(
        date(2026, 3, 10),
        date(2026, 3, 12),
        dict(category="beauty", tags=["hygiene"], answers=SEALED),
        Outcome.APPROVE,
        "window.standard",
        id="CRD art. 16(e): still sealed, so withdrawal applies",
    ),
    pytest.param(
        date(2026, 3, 10),
        date(2026, 3, 12),
        dict(category="digital", tags=["audio_video"], answers=OPENED),
        Outcome.REJECT,
        "exclusion.audio_video_unsealed",
        id="CRD art. 16(i): a video recording unsealed after delivery",
    ),
    pytest.param(
        date(2026, 3, 10),
        date(2026, 3, 12),
        dict(category="periodicals"),
        Outcome.REJECT,
        "exclusion.periodicals",
        id="CRD art. 16(j): a magazine",
    ),
    pytest.param(
        date(2026, 3, 10),
        date(2026, 3, 12),
        dict(category="digital", tags=["consented_download"]),
        Outcome.REJECT,
        "exclusion.digital_content",
        id="CRD art. 16(m): download begun with consent and acknowledgement",
    ),
    pytest.param(
        date(2026, 3, 10),
        date(2026, 3, 12),
        dict(category="digital", tags=["downloadable"]),
        Outcome.APPROVE,
        "window.standard",
        id="CRD art. 16(m): without that consent the right stays",
    ),
    pytest.param(
        date(2026, 3, 10),
        date(2026, 3, 12),
        dict(category="perishable_food", reason="damaged_in_transit", evidence=PHOTOS),
        Outcome.APPROVE,
        None,
        id="CRD art. 20, SGD art. 10: perishable goods arrived damaged are the shop's",
    ),
    # --- legal guarantee, SGD art. 10 ---
    pytest.param(
        date(2025, 1, 20),
        date(2026, 3, 12),
        dict(category="electronics", tier="gold", reason="defective", evidence=PHOTOS),
        Outcome.APPROVE,
        "statutory.legal_guarantee",
        id="SGD art. 10(1): a gold member's laptop fails after 14 months; the 30-day perk does not cut it",
    ),
    pytest.param(
        date(2024, 3, 12),
        date(2026, 3, 12),
        dict(reason="not_as_described", evidence=PHOTOS),
        Outcome.APPROVE,
        "statutory.legal_guarantee",
        id="SGD art. 10(1): two years to the day",
    ),
    pytest.param(
        date(2024, 3, 12),
        date(2026, 3, 13),
        dict(reason="defective", evidence=PHOTOS),
        Outcome.REJECT,
        "window.expired",
        id="SGD art. 10(1): two years and a day",
    ),
]


@pytest.mark.parametrize(("delivered", "returned", "request_kw", "outcome", "rule_id"), CASES)
def test_eu_rules(eu_policy, delivered, returned, request_kw, outcome, rule_id):
    if delivered is None:
        request = make_request(delivered_days_ago=None, today=returned, **request_kw)
    else:
        request = eu(delivered, returned, **request_kw)
    decision = evaluate(eu_policy, request)
    assert decision.outcome is outcome, decision.rule_ids
    if rule_id:
        assert rule_id in decision.rule_ids


@pytest.mark.parametrize(
    ("returned", "kinds"),
    [
        pytest.param(date(2026, 3, 12), ["refund", "exchange"], id="within the shop's 30 days: refund or replacement"),
        pytest.param(date(2026, 6, 1), ["exchange"], id="SGD art. 13(2): later, replacement (or repair)"),
    ],
)
def test_guarantee_remedies(eu_policy, returned, kinds):
    decision = evaluate(eu_policy, eu(date(2026, 2, 10), returned, reason="defective", evidence=PHOTOS))
    assert decision.outcome is Outcome.APPROVE
    assert [r.kind for r in decision.resolutions] == kinds


def test_after_the_guarantee_repair_and_a_person_are_offered(eu_policy):
    decision = evaluate(
        eu_policy, eu(date(2024, 3, 12), date(2026, 3, 13), category="electronics", reason="defective", evidence=PHOTOS)
    )
    assert [a.rule_id for a in decision.alternatives] == ["alternative.repair", "alternative.human"]
    assert decision.lines[0].window_end == date(2026, 3, 12)


REFUNDS = [
    # request, outbound delivery given back, refund
    pytest.param(
        dict(shipping_paid=495),
        495,
        5000 - 495 + 495,
        id="CRD art. 13(1): withdrawal of the whole order, standard delivery refunded; art. 14(1): label deducted",
    ),
    pytest.param(
        dict(shipping_paid=990), 495, 5000 - 495 + 495, id="CRD art. 13(2): express chosen, only standard delivery"
    ),
    pytest.param(
        dict(shipping_paid=495, extra_lines=[make_line(price=2000)]),
        495,
        7000 - 495 + 495,
        id="CRD art. 13(1): every line withdrawn at once",
    ),
    pytest.param(
        dict(shipping_paid=495, quantity=2, return_quantity=1),
        0,
        5000 - 495,
        id="CRD art. 13(1): partial withdrawal, the delivery of what is kept was owed",
    ),
    pytest.param(
        dict(shipping_paid=495, reason="defective", evidence=PHOTOS),
        495,
        5000 + 495,
        id="SGD art. 16: a faulty item sent back: the shop pays the label and the delivery",
    ),
]


@pytest.mark.parametrize(("request_kw", "outbound", "refund"), REFUNDS)
def test_refunds(eu_policy, request_kw, outbound, refund):
    decision = evaluate(eu_policy, eu(date(2026, 3, 10), date(2026, 3, 12), **request_kw))
    assert decision.outcome is Outcome.APPROVE
    assert decision.outbound_shipping_refund_minor == outbound
    assert decision.refund_estimate_minor == refund


@pytest.mark.parametrize(
    ("reason", "payer", "label"),
    [
        pytest.param("changed_mind", FaultSide.CUSTOMER, 495, id="CRD art. 14(1): the consumer bears the return cost"),
        pytest.param("defective", FaultSide.MERCHANT, 0, id="SGD art. 14(1)(a): remedies free of charge"),
    ],
)
def test_return_shipping(eu_policy, reason, payer, label):
    decision = evaluate(eu_policy, eu(date(2026, 3, 10), date(2026, 3, 12), reason=reason, evidence=PHOTOS))
    assert decision.shipping_payer is payer and decision.label_cost_minor == label


def test_return_by_runs_to_the_next_working_day(eu_policy):
    # CRD art. 14(1): goods back within 14 days; approved Saturday 14 March -> Saturday 28th -> Monday 30th.
    decision = evaluate(eu_policy, eu(date(2026, 3, 10), date(2026, 3, 14)))
    assert decision.return_by == date(2026, 3, 30)


def test_a_refusal_names_no_shipping(eu_policy):
    decision = evaluate(eu_policy, eu(date(2026, 3, 10), date(2026, 3, 12), category="periodicals"))
    assert decision.outcome is Outcome.REJECT
    assert not [rule for rule in decision.rule_ids if rule.startswith("shipping.")]


def test_returnable_items_before_delivery(eu_policy):
    purchase = make_purchase(delivered_days_ago=None, ordered_days_ago=20)
    result = line_eligibility(eu_policy, make_item(), purchase, date(2026, 3, 15))
    assert result.eligible and result.awaiting_delivery and result.window_end is None


def test_chinese_words(eu_policy):
    decision = evaluate(
        eu_policy,
        eu(
            date(2025, 1, 20),
            date(2026, 3, 12),
            category="electronics",
            reason="defective",
            evidence=PHOTOS,
            locale="zh",
        ),
    )
    texts = {e.rule_id: e.text for e in decision.explanations}
    assert texts["statutory.legal_guarantee"].startswith(
        "有缺陷、损坏或与描述不符的商品，自交付之日起24个月内享有法定保修"
    )
    en, zh = eu_policy.texts.by_locale["en"], eu_policy.texts.by_locale["zh"]
    for section in ("rules", "questions", "evidence", "resolutions"):
        assert set(en[section]) <= set(zh[section]), section


def test_the_public_policy_shows_the_law(eu_policy):
    public = public_dict(eu_policy, "en")
    assert public["timezone"] == "Europe/Berlin"
    windows = public["windows"]
    assert [f["id"] for f in windows["statutory"]] == ["statutory.withdrawal", "statutory.legal_guarantee"]
    assert windows["next_working_day"] is True and "2026-04-03" in windows["holidays"]
    assert public["shipping"]["outbound_refund"]["up_to_minor"] == 495
