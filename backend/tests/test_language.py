"""The reader's language in Accept-Language: a decision's explanations come back in it, over HTTP."""

from __future__ import annotations

import re

import pytest
from sqlalchemy import select

from returndesk.kit.language import preferred_locale
from returndesk.models import Rma

from .factories import create_order, line, post_return, verify

CHINESE = re.compile(r"[\u4e00-\u9fff]")
WINDOW_EN = "You can return items within 30 days of delivery."
WINDOW_ZH = "您可以在收货后30天内退货。"
DRY_RUN = {"order_number": "A1001", "lines": [{"line_no": 1, "quantity": 1, "reason": "size_too_small"}]}


@pytest.mark.parametrize(
    ("header", "locale"),
    [
        pytest.param("zh-CN", "zh-CN", id="language and region"),
        pytest.param("zh", "zh", id="language only"),
        pytest.param("zh-cn", "zh-CN", id="region in lower case"),
        pytest.param("zh-Hans-CN", "zh-CN", id="script skipped"),
        pytest.param("en-GB;q=0.5, zh-CN;q=0.9, fr;q=0.1", "zh-CN", id="highest q first"),
        pytest.param("zh-CN,zh;q=0.9,en;q=0.8", "zh-CN", id="a browser's header"),
        pytest.param("*, en", "en", id="wildcard skipped"),
        pytest.param("zh;q=0, en", "en", id="q=0 means not this one"),
        pytest.param("", None, id="empty"),
        pytest.param("x-klingon, 12", None, id="nothing usable"),
        pytest.param(None, None, id="no header"),
    ],
)
def test_the_preferred_locale_is_read_from_the_header(header, locale):
    assert preferred_locale(header) == locale


def explained(answer) -> dict[str, str]:
    assert answer.status_code in (200, 201), answer.text
    decision = answer.json().get("decision", answer.json())
    return {e["rule_id"]: e["text"] for e in decision["explanations"]}


@pytest.mark.parametrize(
    ("header", "window"),
    [
        pytest.param({"Accept-Language": "zh-CN"}, WINDOW_ZH, id="zh-CN"),
        pytest.param({"Accept-Language": "zh"}, WINDOW_ZH, id="zh"),
        pytest.param({"Accept-Language": "en"}, WINDOW_EN, id="en"),
        pytest.param({"Accept-Language": "fr-FR"}, WINDOW_EN, id="unknown locale reads English"),
        pytest.param({}, WINDOW_EN, id="no header reads English"),
    ],
)
def test_a_dry_run_explains_itself_in_the_requested_language(api, header, window):
    create_order(api)
    texts = explained(api.post("/policy/evaluate", json=DRY_RUN, headers=verify(api) | header))
    assert texts["window.standard"] == window


def test_chinese_and_english_explain_the_same_rules(api):
    create_order(api)
    token = verify(api)
    en = explained(api.post("/policy/evaluate", json=DRY_RUN, headers=token | {"Accept-Language": "en"}))
    zh = explained(api.post("/policy/evaluate", json=DRY_RUN, headers=token | {"Accept-Language": "zh"}))
    assert list(zh) == list(en)  # rule ids are stable: the assistant filters on them
    assert all(CHINESE.search(text) for text in zh.values()), zh


def test_the_body_s_own_locale_wins_over_the_header(api):
    create_order(api)
    body = DRY_RUN | {"locale": "en"}
    texts = explained(api.post("/policy/evaluate", json=body, headers=verify(api) | {"Accept-Language": "zh"}))
    assert texts["window.standard"] == WINDOW_EN


def test_returnable_items_explain_in_the_requested_language(api):
    create_order(api, delivered_days_ago=45)  # past the 30-day window: each line says why
    token = verify(api)
    zh = api.get("/orders/A1001/returnable-items", headers=token | {"Accept-Language": "zh-CN"})
    en = api.get("/orders/A1001/returnable-items", headers=token)
    assert zh.status_code == en.status_code == 200, zh.text
    zh_texts = [e["text"] for item in zh.json()["items"] for e in item["explanations"]]
    en_texts = [e["text"] for item in en.json()["items"] for e in item["explanations"]]
    assert zh_texts and all(CHINESE.search(text) for text in zh_texts), zh_texts
    assert en_texts and not any(CHINESE.search(text) for text in en_texts), en_texts


def test_a_return_is_decided_and_stored_in_the_requested_language(api, session):
    create_order(api)
    created = post_return(api, verify(api) | {"Accept-Language": "zh-CN"})
    assert explained(created)["window.standard"] == WINDOW_ZH
    # Stored with the return, so its emails and label speak Chinese too.
    assert session.scalar(select(Rma.locale)) == "zh-CN"


def test_a_return_without_a_language_is_english(api, session):
    create_order(api, lines=[line()])
    assert explained(post_return(api, verify(api)))["window.standard"] == WINDOW_EN
    assert session.scalar(select(Rma.locale)) == "en"


def steps_of(answer) -> list[str]:
    assert answer.status_code in (200, 201), answer.text
    return answer.json()["instructions"]["steps"]


def test_an_approved_return_s_instructions_are_in_the_reader_s_language(api):
    create_order(api)
    token = verify(api)
    created = post_return(api, token | {"Accept-Language": "zh-CN"})
    assert created.json()["status"] == "approved", created.text
    zh = steps_of(created)
    assert zh and all(CHINESE.search(step) for step in zh), zh
    assert "退货运费由您承担。" in zh and any(step.startswith("请在20") for step in zh), zh
    methods = [m["description"] for p in created.json()["instructions"]["label"]["parcels"] for m in p["methods"]]
    assert methods and all(CHINESE.search(text) for text in methods), methods

    rma = created.json()["rma_number"]
    assert steps_of(api.get(f"/returns/{rma}", headers=token)) == zh  # no header: the return's own language
    for header in ("en", "fr"):  # asked in English, or in a language without words: English
        en = steps_of(api.get(f"/returns/{rma}", headers=token | {"Accept-Language": header}))
        assert len(en) == len(zh) and not any(CHINESE.search(step) for step in en), en
        assert "Return shipping is at your cost." in en


def test_a_return_in_review_says_what_to_do_in_chinese(api):
    create_order(api, lines=[line(name="Espresso machine", category="home", unit_price_minor=64900)])
    created = post_return(api, verify(api, conversation="chat-3") | {"Accept-Language": "zh"}, conversation_id="chat-3")
    assert created.json()["status"] == "pending_review", created.text
    rma = created.json()["rma_number"]
    assert steps_of(created) == [
        f"请先保留商品：我们的工作人员会审核退货 {rma}，并告诉您结果。",
        "退货获批之前，请不要寄出任何东西。",
    ]
