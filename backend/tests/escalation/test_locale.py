"""The customer's language on a case: sent by the assistant, passed on by a return in review, shown to agents."""

from __future__ import annotations

import pytest

from ..factories import SHOP, create_order, line, post_return, verify


@pytest.fixture
def alice(signed_in):
    return signed_in("alice", "agent", display_name="Alice Agent")


def open_case(api, **body):
    return api.post("/escalations", json={"conversation_id": "chat-1", **body}, headers=SHOP)


def test_a_case_opened_in_chinese_shows_the_language_to_the_agent(api, alice):
    reference = open_case(api, locale="zh").json()["reference"]
    page = alice.get(f"/cases/{reference}").json()
    assert page["locale"] == "zh" and page["language"] == "Chinese (中文)"


def test_a_case_without_a_language_is_english(api, alice):
    reference = open_case(api).json()["reference"]
    page = alice.get(f"/cases/{reference}").json()
    assert page["locale"] == "en" and page["language"] == "English"


@pytest.mark.parametrize("locale", ["fr", "zh-CN", "ZH", ""])
def test_other_languages_are_refused_with_the_field_and_the_choices(api, locale):
    answer = open_case(api, locale=locale)
    assert answer.status_code == 422
    assert answer.json()["errors"] == [{"location": "body.locale", "message": "Input should be 'en' or 'zh'"}]


def test_a_return_in_review_opens_its_case_in_the_return_s_language(api, alice, session):
    create_order(api, lines=[line(name="Espresso machine", category="home", unit_price_minor=64900)])
    created = post_return(api, verify(api, conversation="chat-9"), conversation_id="chat-9", locale="zh-CN")
    assert created.status_code == 201, created.text
    reference = created.json()["escalation"]["reference"]
    page = alice.get(f"/cases/{reference}").json()
    assert page["locale"] == "zh"
    assert page["rma"]["locale"] == "zh-CN" and page["rma"]["language"] == "Chinese (中文)"
