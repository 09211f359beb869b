"""A case's next steps in the reader's language (Accept-Language), from one catalogue per locale."""

from __future__ import annotations

import re
from datetime import UTC, datetime

import pytest

from returndesk.escalation.hours import describe_opening
from returndesk.escalation.words import CATALOGUE
from returndesk.kit.hours import parse_staffed_hours

from ..factories import SHOP, create_order, line, post_return, verify

CHINESE = re.compile(r"[\u4e00-\u9fff]")
OFFLINE = "mon 00:00-00:01"


def escalate(api, headers=None, **body):
    answer = api.post("/escalations", json={"conversation_id": "chat-1", **body}, headers=SHOP | (headers or {}))
    assert answer.status_code == 201, answer.text
    return answer.json()


def test_a_chinese_reader_hears_the_queue_in_chinese(api):
    case = escalate(api, {"Accept-Language": "zh-CN"})
    assert case["next_steps"] == (
        "您排在队列的第一位，通常约30分钟内会有客服人员接入。您可以继续在这里聊天，也可以关闭此窗口，稍后再回来。"
        f"您的参考编号是 {case['reference']}。"
    )


@pytest.mark.parametrize(
    "headers",
    [
        pytest.param({"Accept-Language": "en"}, id="en"),
        pytest.param({"Accept-Language": "fr-FR"}, id="unknown locale reads English"),
        pytest.param({}, id="no header reads English"),
    ],
)
def test_other_readers_hear_the_queue_in_english(api, headers):
    case = escalate(api, headers)
    assert case["next_steps"].startswith("You're next in the queue; someone usually joins within about 30 minutes.")
    assert not CHINESE.search(case["next_steps"])


def test_the_header_s_language_is_the_case_s_language(api, signed_in):
    reference = escalate(api, {"Accept-Language": "zh-CN"})["reference"]
    page = signed_in("alice", "agent").get(f"/cases/{reference}").json()
    assert page["locale"] == "zh"


def test_the_body_s_locale_wins_over_the_header(api):
    case = escalate(api, {"Accept-Language": "zh"}, locale="en")
    assert case["next_steps"].startswith("You're next in the queue")


def test_an_email_ticket_is_explained_in_chinese(api, desk):
    create_order(api)
    desk.set(staffed_hours=OFFLINE, timezone="Europe/Berlin")
    case = escalate(api, {"Accept-Language": "zh"}, order_number="A1001")
    assert case["mode"] == "email"
    assert case["next_steps"].startswith("我们的客服团队现在不在线；他们将于")
    assert "00:00（Europe/Berlin时间）回来，并通过邮件回复您（d***@example.com）。" in case["next_steps"]
    assert case["next_steps"].endswith(f"您的参考编号是 {case['reference']}。")


def test_a_return_sent_to_review_tells_its_next_steps_in_chinese(api):
    create_order(api, lines=[line(name="Espresso machine", category="home", unit_price_minor=64900)])
    created = post_return(api, verify(api, conversation="chat-9"), conversation_id="chat-9")
    assert created.status_code == 201, created.text
    english = created.json()["escalation"]["next_steps"]
    assert english.startswith("You're next in the queue")

    create_order(api, number="A1002", lines=[line(name="Espresso machine", category="home", unit_price_minor=64900)])
    token = verify(api, "A1002", conversation="chat-10") | {"Accept-Language": "zh-CN"}
    created = post_return(api, token, order_number="A1002", conversation_id="chat-10")
    assert created.status_code == 201, created.text
    body = created.json()
    assert body["status"] == "pending_review"
    assert body["escalation"]["next_steps"].startswith("您在队列中排第2位")
    assert all(CHINESE.search(e["text"]) for e in body["decision"]["explanations"]), body["decision"]


def test_the_desk_s_opening_is_worded_per_language():
    hours = parse_staffed_hours("mon-fri 08:00-18:00", "Europe/Berlin")
    friday_night = datetime(2026, 12, 4, 22, 0, tzinfo=UTC)
    assert describe_opening(hours, friday_night) == "Monday at 08:00 (Europe/Berlin time)"
    assert describe_opening(hours, friday_night, "zh") == "周一08:00（Europe/Berlin时间）"
    thursday_night = datetime(2026, 12, 3, 22, 0, tzinfo=UTC)
    assert describe_opening(hours, thursday_night, "zh-CN") == "明天08:00（Europe/Berlin时间）"


def test_every_next_step_exists_in_both_languages_with_the_same_placeholders():
    en, zh = CATALOGUE["en"], CATALOGUE["zh"]
    assert sorted(en.keys() - zh.keys()) == [], "English only"
    assert sorted(zh.keys() - en.keys()) == [], "Chinese only"
    names = re.compile(r"\{(\w+)\}")
    assert {key: set(names.findall(en[key])) for key in en} == {key: set(names.findall(zh[key])) for key in zh}
    assert all(CHINESE.search(text) for key, text in zh.items() if not key.startswith("opening.")), zh
