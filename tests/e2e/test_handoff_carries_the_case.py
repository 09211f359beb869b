"""Issue 15 §5 and §6 on the live stack: "talk to a person" after a refusal hands over the case with the
verified customer, the order's lines, the reason and the policy's answer; an agent refunds at
once; while the person is awaited or present the bot only acknowledges, and it asks for the
chat's rating only when the agent closes the case. A defect without photos reaches a person's
review in at most two turns after the photo question.

Driven by payloads (`/inform{"email": ...}`), so the dialogue does not depend on how a model reads
a sentence; the agent's side is the service's case API with a console session, as the console uses it."""

from __future__ import annotations

import uuid

import requests
from playwright.sync_api import Browser, expect

from bot.catalogue import message, template

from ..browser import DESKTOP
from ..chat import Conversation
from ..handoff.customer import transcript
from ..orders import push_order
from ..stack import Stack

DEMO_PASSWORD = "returndesk-demo"  # backend/returndesk/demo/staff.py: demo users exist in development and test
AWAITED = "A person will answer here shortly."
RATING = "How was this chat?"


RAIN_JACKET = {"sku": "AP-JACKET-RAIN", "name": "Rain jacket", "category": "apparel", "unit_price_minor": 12900}
RUNNING_SHOES = {"sku": "SH-RUN-42", "name": "Trail running shoes", "category": "shoes", "unit_price_minor": 11900}


def old_order(stack: Stack, item: dict, *, days_ago: int) -> tuple[str, str]:
    """An order of this test's own (no other conversation returns or refunds it), delivered
    `days_ago`: its number and the customer's email."""
    number = f"HO{uuid.uuid4().hex[:8].upper()}"
    email = f"{number.lower()}@example.com"
    push_order(stack, number, email, name="Hana Ortiz", item=item, days_ago=days_ago)
    return number, email


def agent_session(stack: Stack, username: str = "alice") -> requests.Session:
    """The case API as a signed-in console user (cookie plus the CSRF header the console sends)."""
    api = requests.Session()
    answer = api.post(f"{stack.api}/staff/sessions", json={"username": username, "password": DEMO_PASSWORD}, timeout=10)
    assert answer.status_code in (200, 201), answer.text
    api.headers["X-CSRF-Token"] = answer.json()["csrf_token"]
    return api


def refused_then_handed_over(chat: Conversation, *, order: str, email: str, reason: str) -> str:
    """Verify the order, give a reason the policy refuses, ask for a person: the case's reference."""
    chat.intent("start_return", order_number=order)
    chat.intent("inform", email=email)
    chat.intent("inform", reason=reason)
    assert "can't be returned" in chat.text(), chat.dump()
    chat.intent("request_human")
    said = chat.text()
    assert "passed your case" in said and "Your reference is ESC-" in said, chat.dump()
    return said.rsplit("Your reference is ", 1)[1].split(".")[0]


def test_the_case_has_the_verified_order_and_the_agent_refunds_at_once(stack: Stack, chat: Conversation):
    order, email = old_order(stack, RAIN_JACKET, days_ago=120)  # too late for a change of mind
    reference = refused_then_handed_over(chat, order=order, email=email, reason="changed_mind")

    agent = agent_session(stack)
    case = agent.get(f"{stack.api}/cases/{reference}", timeout=10).json()
    assert case["verified"] is True, case
    assert case["customer"]["email"] == email and case["order"]["number"] == order
    assert [(item["sku"], item["reason"]) for item in case["items"]] == [("AP-JACKET-RAIN", "changed_mind")]
    assert case["reason"] == "changed_mind"
    assert case["decision"]["outcome"] == "reject" and case["decision"]["explanations"], case["decision"]
    assert "not verified" not in case["summary"]

    # No re-verification: the agent books a goodwill refund on the case's order line straight away.
    line_no = case["items"][0]["line_no"]
    refund = {
        "kind": "refund",
        "order_number": order,
        "line_no": line_no,
        "amount_minor": 1000,
        "currency": case["order"]["currency"],
        "escalation_reference": reference,
        "note": "Goodwill for the late return",
    }
    booked = agent.post(
        f"{stack.api}/ledger/entries", json=refund, headers={"Idempotency-Key": str(uuid.uuid4())}, timeout=30
    )
    assert booked.status_code == 201, booked.text
    assert booked.json()["escalation_reference"] == reference


def test_the_case_page_shows_the_verified_order_and_the_decision(stack: Stack, chat: Conversation, browser: Browser):
    order, _ = old_order(stack, RAIN_JACKET, days_ago=120)
    reference = refused_then_handed_over(chat, order=order, email=f"{order.lower()}@example.com", reason="changed_mind")
    context = browser.new_context(viewport=DESKTOP)
    try:
        page = context.new_page()
        page.goto(f"{stack.service_url}/console/cases/{reference}")
        page.get_by_label("Username").fill("alice")
        page.get_by_label("Password").fill(DEMO_PASSWORD)
        page.get_by_role("button", name="Sign in").click()
        expect(page.get_by_test_id("case-reference")).to_have_text(reference)
        expect(page.get_by_test_id("case-verified")).to_have_text("yes, in the chat: no need to ask again")
        summary = page.get_by_test_id("case-summary")
        expect(summary).to_contain_text("Rain jacket")
        expect(page.get_by_test_id("case-decision")).to_contain_text("What the bot told the customer")
        # The money form offers the case's order line at once: nothing to verify first.
        expect(page.get_by_test_id("money-line").locator("option")).not_to_have_count(0)
    finally:
        context.close()


def test_while_a_person_is_awaited_or_present_the_bot_only_acknowledges(stack: Stack, chat: Conversation):
    order, email = old_order(stack, RUNNING_SHOES, days_ago=45)
    reference = refused_then_handed_over(chat, order=order, email=email, reason="changed_mind")

    # Waiting: "thanks" is not met with "You're welcome!" nor a rating question.
    assert [m.get("text") for m in chat.intent("thank")] == [AWAITED], chat.dump()
    assert [m.get("text") for m in chat.intent("greet")] == [AWAITED], chat.dump()

    agent = agent_session(stack)
    taken = agent.post(f"{stack.api}/cases/{reference}/take", timeout=30)
    assert taken.status_code == 200 and taken.json()["notice"] is None, taken.text
    # Taken, and Alice has not written yet: the bot says who will answer.
    assert [m.get("text") for m in chat.intent("thank")] == ["Alice will answer here."], chat.dump()

    # Once Alice writes, the chat is hers: the bot says nothing at all.
    said = agent.post(f"{stack.api}/cases/{reference}/messages", json={"text": "Hi, Alice here."}, timeout=30)
    assert said.status_code == 201 and said.json()["delivered"], said.text
    assert chat.say("ok, thanks") == [], chat.dump()
    assert not any(RATING in text for who, text in chat.transcript if who == "bot"), chat.dump()

    closed = agent.post(f"{stack.api}/cases/{reference}/close", json={"note": "Explained the window"}, timeout=30)
    assert closed.status_code == 200 and closed.json()["notice"] is None, closed.text
    # The bot is back and asks for the rating now (in the tracker: REST delivers no push).
    bot_lines = [line["text"] for line in transcript(stack, chat.conversation_id) if line["speaker"] == "bot"]
    assert bot_lines[-2].startswith("Our team has closed this conversation.") and bot_lines[-1].startswith(RATING)
    chat.intent("rate_chat", score="5")
    assert "Thank you for rating" in chat.text(), chat.dump()


def test_in_chinese_the_acknowledgement_is_in_chinese(stack: Stack, chat: Conversation):
    # The conversation's language comes from the page (the widget's metadata locale); what
    # detects it is tests/e2e/test_conversation_language.py's business, not this test's.
    chat.say("/greet", metadata={"locale": "zh"})
    chat.intent("request_human")
    assert chat.text().startswith("已将您的问题转交给客服团队。"), chat.dump()
    assert [m.get("text") for m in chat.intent("thank")] == ["人工客服很快会在这里回复您。"], chat.dump()


def asked_for_photos(stack: Stack, chat: Conversation, language: str = "en") -> str:
    """Faulty shoes after 45 days: only a fault is still open, and the policy wants photos."""
    order, email = old_order(stack, RUNNING_SHOES, days_ago=45)
    if language != "en":
        chat.say("/greet", metadata={"locale": language})
    chat.intent("start_return", order_number=order)
    chat.intent("inform", email=email)
    chat.intent("inform", reason="defective")
    assert message(language, "evidence.needed") in chat.text(), chat.dump()
    return order


def review_number(chat: Conversation, language: str = "en") -> str:
    """The RMA number of a return handed to a person for review (locales/*/assistant.po submit.review)."""
    said = chat.text()
    before, after = template(language, "submit.review").split("{rma_number}")
    assert before in said and after in said, chat.dump()
    return said.split(before)[1][:18]


def test_i_have_no_photo_goes_to_review_in_one_turn(stack: Stack, chat: Conversation):
    asked_for_photos(stack, chat)
    before = chat.turns
    chat.click("I don't have a photo")
    rma = review_number(chat)
    assert chat.turns - before == 1
    assert RATING not in chat.text()  # the review's case will ask, when it closes
    # The reviewer finds it: the return is in review and a case carries it.
    agent = agent_session(stack)
    queue = agent.get(f"{stack.api}/cases", params={"view": "all"}, timeout=10).json()
    assert any((row.get("summary") or "").find(rma) >= 0 for row in queue), queue


def test_in_chinese_i_have_no_photo_goes_to_review_in_one_turn(stack: Stack, chat: Conversation):
    asked_for_photos(stack, chat, "zh")
    before = chat.turns
    chat.click(message("zh", "button.no_photo"))
    rma = review_number(chat, "zh")
    assert chat.turns - before == 1
    assert message("zh", "utter_ask_chat_rating") not in chat.text(), chat.dump()  # asked when the case closes
    queue = agent_session(stack).get(f"{stack.api}/cases", params={"view": "all"}, timeout=10).json()
    assert any((row.get("summary") or "").find(rma) >= 0 for row in queue), queue


def test_answers_that_are_no_photo_reach_review_by_the_second_turn(stack: Stack, chat: Conversation):
    asked_for_photos(stack, chat)
    before = chat.turns
    chat.intent("inform")  # not a photo, not "none": asked once more, with the no-photo button
    assert "I don't have a photo" in [b["title"] for m in chat.last for b in m.get("buttons", [])], chat.dump()
    chat.intent("inform")  # still no photo: no third question, a person reviews it
    review_number(chat)
    assert chat.turns - before == 2
