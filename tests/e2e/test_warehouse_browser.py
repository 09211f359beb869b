"""The warehouse station in Chromium against the real service alone (no Rasa): a scanner types
the RMA and Enter, the parcel is received partially, the QC form shows the API's sentences and a
finding against the customer's claim is flagged to an agent."""

from __future__ import annotations

import os
import tempfile
from collections.abc import Iterator
from datetime import datetime, timedelta, timezone
from pathlib import Path

import pytest
import requests
from playwright.sync_api import Browser, Page, expect

from ..stack import CHAT_SECRET, SHOP_CONTEXT_SECRET, SHOP_TOKEN, _stop, free_port, start_service

DEMO_PASSWORD = "returndesk-demo"
SHOP = {"Authorization": f"Bearer {SHOP_TOKEN}"}
ORDER = "W9001"
EMAIL = "wh@example.com"


@pytest.fixture(scope="module")
def service_url() -> Iterator[str]:
    with tempfile.TemporaryDirectory(prefix="returndesk-warehouse-") as folder:
        port = free_port()
        env = {
            **os.environ,
            "RETURNDESK_ENVIRONMENT": "test",
            "RETURNDESK_DATABASE_URL": f"sqlite:///{Path(folder) / 'service.sqlite3'}",
            "RETURNDESK_SHOP_API_TOKEN": SHOP_TOKEN,
            "RETURNDESK_CHAT_SECRET": CHAT_SECRET,
            "RETURNDESK_SHOP_CONTEXT_SECRET": SHOP_CONTEXT_SECRET,
            "RETURNDESK_EVIDENCE_DIR": str(Path(folder) / "evidence"),
        }
        process = start_service(Path(folder), env, port)
        try:
            yield f"http://127.0.0.1:{port}"
        finally:
            _stop(process)


def returned_jeans(api: str) -> str:
    """An order of two jeans and a return of both as too small (an "unused" claim): its RMA number."""
    delivered = datetime.now(timezone.utc) - timedelta(days=3)
    order = {
        "number": ORDER,
        "customer": {"email": EMAIL, "phone": None, "name": "Wen Hale", "tier": "guest"},
        "placed_at": (delivered - timedelta(days=2)).isoformat(),
        "delivered_at": delivered.isoformat(),
        "payment_method": "card",
        "currency": "EUR",
        "shipping_paid_minor": 495,
        "lines": [
            {
                "line_no": 1,
                "sku": "AP-JEANS-SLIM",
                "name": "Slim fit jeans",
                "category": "apparel",
                "quantity": 2,
                "unit_price_minor": 5990,
                "final_sale": False,
                "tags": [],
            }
        ],
    }
    assert requests.post(f"{api}/orders", json=order, headers=SHOP, timeout=10).status_code in (200, 201)
    token = requests.post(f"{api}/verifications", json={"order_number": ORDER, "email": EMAIL}, timeout=10).json()
    answer = requests.post(
        f"{api}/returns",
        json={
            "order_number": ORDER,
            "lines": [{"line_no": 1, "quantity": 2, "reason": "size_too_small"}],
            "answers": {},
            "channel": "web",
        },
        headers={"Authorization": f"Bearer {token['token']}", "Idempotency-Key": "warehouse-browser-1"},
        timeout=10,
    )
    assert answer.status_code == 201 and answer.json()["status"] == "approved", answer.text
    return answer.json()["rma_number"]


def sign_in(page: Page, service_url: str) -> None:
    page.goto(f"{service_url}/console/warehouse")
    page.get_by_label("Username").fill("wim")
    page.get_by_label("Password").fill(DEMO_PASSWORD)
    page.get_by_role("button", name="Sign in").click()
    expect(page.get_by_role("heading", name="Warehouse station")).to_be_visible()


# The station selects the box's text once it has shown a scan's answer (ready for the next
# scan); typing leaves the caret after the text, so "all of it selected" marks this scan's answer.
SCAN_ANSWERED = "box => box.value.length > 0 && box.selectionStart === 0 && box.selectionEnd === box.value.length"


def scan(page: Page, text: str) -> None:
    """What a USB scanner does: type into the focused box, then Enter (the box keeps the focus
    between scans; after using a form the person clicks back into it). Returns once the page
    shows this scan's answer: until then it still shows the previous one, and a QC form filled
    in meanwhile would be drawn afresh, empty, when the answer lands."""
    box = page.get_by_test_id("scan-input")
    if not box.evaluate("node => node === document.activeElement"):
        box.click()
    box.press("Control+A")
    page.keyboard.type(text, delay=5)
    expect(box).to_have_value(text)
    page.keyboard.press("Enter")
    page.wait_for_function(SCAN_ANSWERED, arg=box.element_handle())


def test_scan_receive_partially_and_grade_with_a_flag(service_url: str, browser: Browser):
    rma = returned_jeans(f"{service_url}/api/v1")
    context = browser.new_context()
    try:
        page = context.new_page()
        sign_in(page, service_url)

        expect(page.get_by_test_id("scan-input")).to_be_focused()  # the scanner types into it at once
        scan(page, "RMA-0000-0000-0001")
        expect(page.get_by_test_id("scan-answer")).to_contain_text("one character looks mistyped")
        scan(page, "RMA-0000-0000-0000")  # well-formed, but no such return
        expect(page.get_by_test_id("scan-answer")).to_contain_text("There is no return RMA-0000-0000-0000")

        scan(page, rma.replace("-", "").lower())  # scanners often drop the hyphens
        expect(page.get_by_test_id("expect")).to_contain_text("Slim fit jeans")
        expect(page.get_by_test_id("next-step")).to_contain_text("Receive the parcel")
        page.get_by_test_id("arrived-1").fill("1")
        page.get_by_test_id("receive-button").click()
        expect(page.get_by_test_id("receive-answer")).to_have_text("Received (partial). Grade the lines below.")
        expect(page.get_by_test_id("received-lines")).to_contain_text("1 of 2")

        # A second scan of the same parcel shows where it stands; receiving is no longer offered.
        # (These held already before it: scan() waits for its answer, which redraws the QC form.)
        scan(page, rma)
        expect(page.get_by_test_id("receive-form")).to_be_hidden()
        expect(page.get_by_test_id("received-lines")).to_contain_text("1 of 2")
        expect(page.get_by_test_id("qc-form")).to_be_visible()

        line = page.get_by_test_id("qc-line-1")
        for item in ("no_stains", "not_worn"):
            line.get_by_test_id(f"check-1-{item}-yes").check()
        line.get_by_test_id("check-1-tags_attached-no").check()
        page.get_by_test_id("qc-submit").click()
        expect(page.get_by_test_id("qc-answer")).to_contain_text("still open: accessories_complete")

        line.get_by_test_id("check-1-accessories_complete-yes").check()
        page.get_by_test_id("grade-1").select_option("resalable")
        page.get_by_test_id("disposition-1").select_option("repair")
        page.get_by_test_id("qc-submit").click()
        expect(page.get_by_test_id("receive-answer")).to_contain_text("1 × AP-JEANS-SLIM → repair")
        expect(page.get_by_test_id("receive-answer")).to_contain_text("case ESC-")
        expect(page.get_by_test_id("qc-flag")).to_contain_text("signs of use: tags_attached failed")
        expect(page.get_by_test_id("scan-input")).to_be_focused()  # ready for the next parcel
    finally:
        context.close()
