"""An agent finishes a return in the console, in Chromium against the live service: she finds it by
the customer's email, opens it, refunds part of it within her limit, arranges an exchange for
another size, and closes it once the refund has settled.

The return is seeded through the service API (the customer's return, the warehouse's receipt and
grade); everything the agent does goes through the pages. The settlement worker runs once between
her steps, as `make run` runs it, and the page shows the service's refusal before it. A return in
review is decided on its page, which shows the customer's language and the policy's words in it,
as does her customer page.
"""

from __future__ import annotations

import re
import uuid

import requests
from playwright.sync_api import Browser, expect

from ..browser import DESKTOP, REPO
from ..orders import JEANS, push_order
from ..stack import SHOP_TOKEN, Stack
from .test_agent_console_browser import console_sign_in
from .test_return_lifecycle_browser import new_order, request_return, settle, staff

ARTIFACTS = REPO / "var" / "test-artifacts"  # full-page screenshots to look at, never committed
CHECKS = {"tags_attached": True, "no_stains": True, "not_worn": True, "accessories_complete": True}


def inspected_return(stack: Stack) -> tuple[str, str]:
    """Slim fit jeans (size 32, 59.90) returned as too small, received and graded resalable."""
    number, email = new_order(stack)
    rma = request_return(stack, number, email)["rma_number"]
    wim = staff(stack, "wim")
    assert wim.post(f"{stack.api}/warehouse/receipts", json={"rma_number": rma}, timeout=20).status_code == 201
    grade = {"line_no": 1, "grade": "resalable", "disposition": "restock", "checklist": CHECKS}
    graded = wim.post(f"{stack.api}/warehouse/rmas/{rma}/inspection", json={"lines": [grade]}, timeout=20)
    assert graded.status_code == 201, graded.text
    return rma, email


def test_an_agent_finds_refunds_exchanges_and_closes_a_return(stack: Stack, browser: Browser):
    rma, email = inspected_return(stack)
    context = browser.new_context(viewport=DESKTOP)
    try:
        agent = console_sign_in(context, stack, "alice", "/console/search")

        # Found by the customer's email; the return's row links to its page.
        agent.get_by_label("RMA number, order number, email or phone").fill(email)
        agent.get_by_test_id("search-submit").click()
        returns = agent.get_by_test_id("search-returns")
        expect(returns.locator(f'tr[data-rma="{rma}"]')).to_contain_text("inspected")
        expect(agent.get_by_test_id("search-customers")).to_contain_text(email)
        returns.get_by_role("link", name=rma).click()

        expect(agent.get_by_test_id("return-status")).to_have_text("inspected")
        expect(agent.get_by_test_id("return-qc")).to_contain_text("resalable")
        expect(agent.get_by_test_id("return-authority")).to_contain_text("100.00 EUR")
        expect(agent.get_by_test_id("cancel-form")).to_be_hidden()  # the parcel is back: not offered

        # Part of the refund, within her 100.00 limit: booked at once.
        refund = agent.get_by_test_id("refund-form")
        refund.get_by_test_id("refund-partial").check()
        refund.get_by_test_id("refund-line").select_option("1")
        refund.get_by_test_id("refund-amount").fill("10.00")
        refund.get_by_test_id("refund-submit").click()
        expect(agent.get_by_test_id("refund-answer")).to_have_text("Booked: refund of 10.00 EUR on line 1.")
        expect(agent.get_by_test_id("return-ledger")).to_contain_text("10.00 EUR")

        # An exchange for another size of the jeans, from the variants in stock.
        exchange = agent.get_by_test_id("exchange-form")
        variant = exchange.get_by_test_id("exchange-variant")
        expect(variant.locator("option").first).to_contain_text("Slim fit jeans → size")
        sku = variant.locator("option").first.get_attribute("value").split(":", 1)[1]
        assert sku.startswith("AP-JEANS-SLIM-"), sku  # another size, not the one sent back
        variant.select_option(index=0)
        exchange.get_by_test_id("exchange-submit").click()
        expect(agent.get_by_test_id("exchange-answer")).to_contain_text(f"Exchange placed: {sku} is sent as order")
        expect(agent.get_by_test_id("return-status")).to_have_text("resolved")
        expect(agent.get_by_test_id("return-exchange")).to_contain_text(f"for {sku}")

        # Closing waits for the money: the service's own sentence, until the worker has settled it.
        agent.get_by_test_id("close-submit").click()
        expect(agent.get_by_test_id("close-answer")).to_contain_text("still has a refund on its way")
        settle(stack)
        agent.get_by_test_id("close-submit").click()
        expect(agent.get_by_test_id("close-answer")).to_have_text("The return is closed.")
        expect(agent.get_by_test_id("return-status")).to_have_text("closed")
        expect(agent.get_by_test_id("no-actions")).to_be_visible()
        expect(agent.get_by_test_id("return-timeline")).to_contain_text(re.compile(r"closed", re.IGNORECASE))
        ARTIFACTS.mkdir(parents=True, exist_ok=True)
        agent.screenshot(path=str(ARTIFACTS / "console-return.png"), full_page=True)
    finally:
        context.close()


def return_in_review(stack: Stack) -> tuple[str, str]:
    """Jeans at 600.00, above the policy's 500.00 for a person to check; asked for in Chinese in a chat."""
    number, email = f"R{uuid.uuid4().hex[:6].upper()}", f"review-{uuid.uuid4().hex[:8]}@example.com"
    push_order(stack, number, email, name="Li Na", item={**JEANS, "unit_price_minor": 60000})
    # Verified and asked for in a conversation, as the assistant does it: the return opens a case.
    conversation = f"console-review-{uuid.uuid4().hex[:8]}"
    relayed = {"Authorization": f"Bearer {SHOP_TOKEN}", "X-ReturnDesk-Conversation": conversation}
    verified = {"order_number": number, "email": email}
    token = requests.post(f"{stack.api}/verifications", json=verified, headers=relayed, timeout=10)
    assert token.status_code == 201, token.text
    body = {
        "order_number": number,
        "lines": [{"line_no": 1, "quantity": 1, "reason": "size_too_small"}],
        "answers": {},
        "channel": "web",
        "locale": "zh",
        "conversation_id": conversation,
    }
    headers = {"Authorization": f"Bearer {token.json()['token']}", "Idempotency-Key": str(uuid.uuid4())}
    created = requests.post(f"{stack.api}/returns", json=body, headers=headers, timeout=20)
    assert created.status_code == 201 and created.json()["status"] == "pending_review", created.text
    return created.json()["rma_number"], email


def test_a_return_in_review_is_approved_and_its_customer_read_in_her_language(stack: Stack, browser: Browser):
    rma, email = return_in_review(stack)
    context = browser.new_context(viewport=DESKTOP)
    try:
        agent = console_sign_in(context, stack, "sam", f"/console/search?q={rma}")
        agent.get_by_test_id("search-returns").get_by_role("link", name=rma).click()

        expect(agent.get_by_test_id("return-status")).to_have_text("pending review")
        expect(agent.get_by_test_id("return-facts")).to_contain_text("Chinese (中文)")
        expect(agent.get_by_test_id("return-decision")).to_contain_text("的退货将由工作人员审核")
        for not_now in ("refund-form", "exchange-form", "close-form"):
            expect(agent.get_by_test_id(not_now)).to_be_hidden()

        decide = agent.get_by_test_id("decide-form")
        expect(decide).to_contain_text("On case ESC-")
        decide.get_by_label("Approve").check()
        decide.get_by_role("button", name="Decide").click()
        expect(agent.get_by_test_id("return-status")).to_have_text("approved")
        expect(agent.get_by_test_id("decide-answer")).to_contain_text("approved")
        expect(agent.get_by_test_id("keep-item-form")).to_be_visible()
        expect(agent.get_by_test_id("label-form")).to_be_visible()

        agent.get_by_test_id("return-customer").click()
        facts = agent.get_by_test_id("customer-facts")
        expect(facts.locator('[data-fact="Language"]')).to_have_text("Chinese (中文)")
        expect(facts.locator('[data-fact="Return rate"]')).to_have_text("100.0 %")
        expect(agent.get_by_test_id("customer-returns")).to_contain_text(rma)
        expect(agent.get_by_test_id("customer-cases")).to_contain_text("ESC-")
        ARTIFACTS.mkdir(parents=True, exist_ok=True)
        agent.screenshot(path=str(ARTIFACTS / "console-customer.png"), full_page=True)
    finally:
        context.close()
