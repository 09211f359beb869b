"""The overdue-refund alert on the console queue: who gets it, and what overdue.js reads from the API."""

from __future__ import annotations

import httpx

from returndesk.db import get_sessionmaker
from returndesk.payment.tasks import settle_due

from ..payment.helpers import a_return, gateway_later


def queue_page(base_url: str, client: httpx.Client) -> str:
    answer = httpx.get(f"{base_url}/console", cookies=dict(client.cookies))
    assert answer.status_code == 200
    return answer.text


def test_people_who_settle_refunds_get_the_alert_and_the_warehouse_does_not(base_url, signed_in):
    for username, role in (("alice", "agent"), ("sam", "senior_agent"), ("sofia", "supervisor"), ("ada", "admin")):
        page = queue_page(base_url, signed_in(username, role))
        assert 'data-testid="overdue-refunds"' in page and 'src="/console/static/overdue.js"' in page, role
    page = queue_page(base_url, signed_in("wim", "warehouse"))
    assert 'data-testid="overdue-refunds"' not in page


def test_the_alert_script_is_served_from_the_console(base_url):
    script = httpx.get(f"{base_url}/console/static/overdue.js")
    assert script.status_code == 200 and '"/payments/overdue"' in script.text
    assert '"/retry"' in script.text  # a failed refund's Retry button (POST /payments/{id}/retry)


def test_overdue_and_failed_refunds_carry_what_the_alert_shows(api, engine, signed_in):
    late = a_return(api, engine, number="O1001", received_days_ago=20)  # the default policy: 14 days
    on_time = a_return(api, engine, number="O1002", received_days_ago=1)
    refused = a_return(api, engine, number="O1003")
    alice = signed_in("alice", "agent")
    alice.post(f"/returns/{refused}/refund").raise_for_status()
    gateway, later = gateway_later(failures={"card:O1003": "card_expired"})
    assert settle_due(get_sessionmaker(), gateway, now=later).failed == 1
    for rma in (late, on_time):  # sent, not yet settled
        alice.post(f"/returns/{rma}/refund").raise_for_status()

    payments = alice.get("/payments/overdue").json()["payments"]

    shown = {p["rma_number"]: p for p in payments}
    assert set(shown) == {late, refused}
    for payment in payments:  # every field overdue.js reads
        assert {"rma_number", "order_number", "amount_minor", "currency", "status", "due_at", "attempts"} <= set(
            payment
        )
        assert "last_error" in payment
    assert (shown[refused]["status"], shown[refused]["last_error"]) == ("failed", "card_expired")
    assert shown[late]["status"] == "pending" and shown[late]["due_at"] is not None
