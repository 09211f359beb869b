"""The answer to a created return comes as short messages (issue 15): the number alone, what to do
next, the label as a link button, and the refund with every deduction the service named."""

from __future__ import annotations

import copy
from datetime import datetime, timedelta, timezone

import pytest
import requests
from rasa_sdk.executor import CollectingDispatcher

from actions.submit import SubmitReturn, created_messages

from ..orders import JEANS
from ..stack import SHOP_TOKEN
from .conftest import run, tracker
from .test_return_form import _ready_to_submit

LINK = "http://127.0.0.1:8000/api/v1/returns/RMA-MVBT-J5SF-GT37/label.pdf?expires=1&signature=abc"
CREATED = {
    "rma_number": "RMA-MVBT-J5SF-GT37",
    "status": "approved",
    "decision": {
        "explanations": [],
        "goods_value_minor": 4990,
        "deductions": [{"kind": "restocking_fee", "amount_minor": 490}],
        "outbound_shipping_refund_minor": 0,
    },
    "refund_estimate_minor": 4500,
    "currency": "EUR",
    "lines": [{"line_no": 1, "quantity": 1}],
    "instructions": {
        "steps": ["Send it to: Leeds.", "Print the return label.", "Ways to hand it over: mail.", "Free."],
        "first_steps": ["Send it to: Leeds.", "Print the return label.", "Hand the parcel over by 21 December."],
        "label": {"label_url": LINK, "parcels": []},
    },
}


def created(**changes) -> dict:
    answer = copy.deepcopy(CREATED)
    for key, value in changes.items():
        if key in ("goods_value_minor", "deductions", "outbound_shipping_refund_minor"):
            answer["decision"][key] = value
        elif key == "label_url":
            answer["instructions"]["label"]["label_url"] = value
        else:
            answer[key] = value
    return answer


@pytest.mark.parametrize(
    ("language", "expected"),
    [
        pytest.param(
            "en",
            [
                {"text": "Your return number is RMA-MVBT-J5SF-GT37."},
                {"text": "Send it to: Leeds.\nPrint the return label.\nHand the parcel over by 21 December."},
                {
                    "text": "Your return label is ready.",
                    "buttons": [{"title": "Download your label (PDF)", "url": LINK}],
                },
                {"text": "Estimated refund: €45.00 (item €49.90 − restocking fee €4.90)."},
            ],
            id="en",
        ),
        pytest.param(
            "zh",
            [
                {"text": "您的退货单号是 RMA-MVBT-J5SF-GT37。"},
                {"text": "Send it to: Leeds.\nPrint the return label.\nHand the parcel over by 21 December."},
                {"text": "您的退货标签已生成。", "buttons": [{"title": "下载退货标签（PDF）", "url": LINK}]},
                {"text": "预计退款：€45.00（商品 €49.90 − 重新上架费 €4.90）。"},
            ],
            id="zh",
        ),
    ],
)
def test_an_approved_return_is_four_short_messages(language, expected):
    assert created_messages(created(), language) == expected


def test_a_channel_without_link_buttons_gets_the_label_in_the_text():
    label = created_messages(created(), "en", link_buttons=False)[2]
    assert label == {"text": f"Your return label: {LINK}"}


def test_nothing_to_send_back_means_no_label():
    said = created_messages(created(label_url=None), "en")
    assert not any(LINK in message["text"] or "buttons" in message for message in said)
    assert len(said) == 3


@pytest.mark.parametrize(
    ("changes", "language", "refund"),
    [
        pytest.param(
            dict(
                deductions=[
                    {"kind": "restocking_fee", "amount_minor": 490},
                    {"kind": "return_label", "amount_minor": 495},
                ],
                refund_estimate_minor=4005,
            ),
            "en",
            "Estimated refund: €40.05 (item €49.90 − restocking fee €4.90 − return label €4.95).",
            id="fee and label",
        ),
        pytest.param(
            dict(
                deductions=[{"kind": "return_label", "amount_minor": 495}],
                outbound_shipping_refund_minor=495,
                refund_estimate_minor=4990,
                lines=[{"line_no": 1, "quantity": 2}],
            ),
            "en",
            "Estimated refund: €49.90 (items €49.90 − return label €4.95 + delivery you paid €4.95).",
            id="delivery given back, two units",
        ),
        pytest.param(
            dict(deductions=[{"kind": "return_label", "amount_minor": 495}], refund_estimate_minor=4495),
            "zh",
            "预计退款：€44.95（商品 €49.90 − 退货运单费 €4.95）。",
            id="zh label",
        ),
        pytest.param(
            dict(deductions=[{"kind": "coupon_clawback", "amount_minor": 500}], refund_estimate_minor=4490),
            "en",
            "Estimated refund: €44.90 (item €49.90 − other deductions €5.00).",
            id="a kind the assistant has no words for yet",
        ),
        pytest.param(
            dict(deductions=[], refund_estimate_minor=4990), "en", "Estimated refund: €49.90.", id="nothing off"
        ),
        pytest.param(
            dict(goods_value_minor=None, deductions=None, refund_estimate_minor=4500),
            "en",
            "Estimated refund: €45.00.",
            id="decided before the service named its parts",
        ),
    ],
)
def test_the_refund_names_every_deduction_the_service_reports(changes, language, refund):
    assert created_messages(created(**changes), language)[-1] == {"text": refund}


def test_an_exchange_keeps_its_own_words_and_has_no_refund():
    said = created_messages(created(), "en", ["The T-shirt in size M is held for you.", "Nothing to pay."])
    assert said[-1] == {"text": "The T-shirt in size M is held for you. Nothing to pay."}
    assert not any("refund" in message["text"].lower() for message in said)


def test_a_return_in_review_stays_one_message():
    review = created(status="pending_review", escalation=None)
    (only,) = created_messages(review, "en")
    assert only["text"].startswith("Done — your return number is RMA-MVBT-J5SF-GT37.")


def _push_order(service_url: str, number: str, email: str) -> None:
    """An order of this test's own, so no other test has returned its item first."""
    delivered = datetime.now(timezone.utc) - timedelta(days=2)
    order = {
        "number": number,
        "customer": {"email": email, "phone": None, "name": "Test Customer", "tier": "guest"},
        "placed_at": (delivered - timedelta(days=3)).isoformat(),
        "delivered_at": delivered.isoformat(),
        "payment_method": "card",
        "currency": "EUR",
        "shipping_paid_minor": 495,
        "lines": [{"line_no": 1, "quantity": 1, "tags": [], "final_sale": False, **JEANS}],
    }
    response = requests.post(f"{service_url}/orders", json=order, headers={"Authorization": f"Bearer {SHOP_TOKEN}"})
    assert response.status_code in (200, 201), response.text


def _from_widget(slots: dict) -> object:
    chat = tracker(slots)
    chat.events[0]["input_channel"] = "signed_socketio"
    return chat


@pytest.mark.parametrize(
    ("language", "number", "button", "refund"),
    [
        pytest.param("en", "Your return number is RMA-", "Download your label (PDF)", "return label €4.95", id="en"),
        pytest.param("zh", "您的退货单号是 RMA-", "下载退货标签（PDF）", "退货运单费 €4.95", id="zh"),
    ],
)
def test_a_return_submitted_from_the_widget(live_service, service_url, language, number, button, refund):
    order, email = f"RM15{language.upper()}", f"rma15-{language}@example.com"
    _push_order(service_url, order, email)

    async def scenario() -> None:
        slots = await _ready_to_submit(CollectingDispatcher(), order=order, email=email, language=language)
        done = CollectingDispatcher()
        events = await SubmitReturn().run(done, _from_widget(slots), {})
        rma = next(e["value"] for e in events if e.get("name") == "rma_number")
        stored = live_service.get_return(slots["order_token"], rma)
        said = done.messages[:4]
        assert said[0]["text"].startswith(number) and said[0]["text"].rstrip("。.").endswith(rma), said
        assert said[1]["text"].split("\n") == stored["instructions"]["first_steps"], said
        assert 2 <= len(said[1]["text"].split("\n")) <= 3, said
        assert said[2]["buttons"] == [{"title": button, "url": stored["instructions"]["label"]["label_url"]}]
        assert refund in said[3]["text"], said

    run(scenario())
