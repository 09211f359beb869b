"""The console's webhooks page in Chromium against the real service alone (no Rasa): an admin sees
an endpoint's deliveries with their attempts, and "Re-send" delivers an event again, under the
same webhook-id, to a receiver on loopback."""

from __future__ import annotations

import json
import os
import subprocess
import tempfile
import threading
from collections.abc import Iterator
from datetime import datetime, timedelta, timezone
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest
import requests
from playwright.sync_api import Browser, expect

from ..stack import (
    BACKEND,
    CHAT_SECRET,
    SERVICE_PYTHON,
    SHOP_CONTEXT_SECRET,
    SHOP_TOKEN,
    _stop,
    free_port,
    start_service,
)

DEMO_PASSWORD = "returndesk-demo"
SHOP = {"Authorization": f"Bearer {SHOP_TOKEN}"}


@pytest.fixture(scope="module")
def service() -> Iterator[tuple[str, dict[str, str]]]:
    """The service's URL, and the environment a worker needs to share its database."""
    with tempfile.TemporaryDirectory(prefix="returndesk-webhooks-") as folder:
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
            yield f"http://127.0.0.1:{port}", env
        finally:
            _stop(process)


@pytest.fixture
def received() -> Iterator[tuple[list[str], str]]:
    """A receiver on loopback that answers 204 and keeps each delivery's webhook-id."""
    ids: list[str] = []

    class Handler(BaseHTTPRequestHandler):
        def do_POST(self):  # http.server's name
            json.loads(self.rfile.read(int(self.headers["Content-Length"])))
            ids.append(self.headers["webhook-id"])
            self.send_response(204)
            self.end_headers()

        def log_message(self, *args):
            pass

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    try:
        yield ids, f"http://127.0.0.1:{server.server_port}/hooks"
    finally:
        server.shutdown()


def deliver(env: dict[str, str]) -> None:
    """The webhook worker, once, as `make webhooks-worker` would run it."""
    run = subprocess.run(
        [str(SERVICE_PYTHON), "-m", "returndesk.webhooks.tasks", "--once"], cwd=BACKEND, env=env, capture_output=True
    )
    assert run.returncode == 0, run.stderr


def a_return(api: str) -> str:
    delivered = datetime.now(timezone.utc) - timedelta(days=3)
    order = {
        "number": "H9001",
        "customer": {"email": "hook@example.com", "phone": None, "name": "Hal Hook", "tier": "guest"},
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
                "quantity": 1,
                "unit_price_minor": 5990,
                "final_sale": False,
                "tags": [],
            }
        ],
    }
    assert requests.post(f"{api}/orders", json=order, headers=SHOP, timeout=10).status_code in (200, 201)
    token = requests.post(
        f"{api}/verifications", json={"order_number": "H9001", "email": "hook@example.com"}, timeout=10
    ).json()["token"]
    answer = requests.post(
        f"{api}/returns",
        json={"order_number": "H9001", "lines": [{"line_no": 1, "quantity": 1, "reason": "size_too_small"}]},
        headers={"Authorization": f"Bearer {token}", "Idempotency-Key": "webhooks-browser-1"},
        timeout=10,
    )
    assert answer.status_code == 201, answer.text
    return answer.json()["rma_number"]


def test_an_admin_sees_the_deliveries_and_sends_one_again(service, received, browser: Browser):
    url, env = service
    ids, hook = received
    api = f"{url}/api/v1"
    endpoint = requests.post(
        f"{api}/webhooks/endpoints",
        json={"url": hook, "events": ["return.created"], "description": "ERP"},
        headers=SHOP,
    )
    assert endpoint.status_code == 201, endpoint.text
    a_return(api)
    deliver(env)
    assert len(ids) == 1

    context = browser.new_context()
    try:
        page = context.new_page()
        page.goto(f"{url}/console/webhooks")
        page.get_by_label("Username").fill("ada")
        page.get_by_label("Password").fill(DEMO_PASSWORD)
        page.get_by_role("button", name="Sign in").click()
        expect(page.get_by_role("heading", name="Webhooks")).to_be_visible()
        expect(page.get_by_test_id("webhook-endpoints")).to_contain_text(hook)
        page.get_by_test_id("show-deliveries").click()
        row = page.get_by_test_id("delivery-row")
        expect(row).to_have_count(1)
        expect(row).to_contain_text("return.created")
        expect(row).to_contain_text(ids[0])
        expect(row.get_by_test_id("delivery-status")).to_have_text("delivered")
        expect(row).to_contain_text("HTTP 204")

        row.get_by_test_id("resend").click()
        expect(page.get_by_test_id("resend-answer")).to_have_text(
            "return.created will be sent again (same webhook-id)."
        )
        expect(row.get_by_test_id("delivery-status")).to_have_text("pending")
        deliver(env)
        page.get_by_test_id("show-deliveries").click()  # reload the list now rather than at the next refresh
        expect(row.get_by_test_id("delivery-status")).to_have_text("delivered")
        assert ids == [ids[0], ids[0]]  # the same event, recognisable as such
    finally:
        context.close()


def test_the_page_is_for_admins_only(service, browser: Browser):
    url, _ = service
    context = browser.new_context()
    try:
        page = context.new_page()
        page.goto(f"{url}/console/webhooks")
        page.get_by_label("Username").fill("alice")
        page.get_by_label("Password").fill(DEMO_PASSWORD)
        page.get_by_role("button", name="Sign in").click()
        expect(page.get_by_text("Webhooks are managed by admins")).to_be_visible()
        expect(page.get_by_role("link", name="Webhooks")).to_have_count(0)
    finally:
        context.close()
