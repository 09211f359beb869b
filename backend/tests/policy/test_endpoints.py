"""GET /policy, POST /policy/evaluate and the public /policy page, over HTTP."""

from __future__ import annotations

from datetime import date, timedelta

import httpx
import pytest
from sqlalchemy import func, select

from returndesk.models import Rma

from ..factories import create_order, line, verify

TODAY = date(2026, 11, 26)


def facts(*, category="shoes", reason="changed_mind", delivered_days_ago=5, price=8000, tier="guest", **extra):
    delivered = TODAY - timedelta(days=delivered_days_ago)
    return {
        "purchase": {
            "placed_on": (delivered - timedelta(days=2)).isoformat(),
            "delivered_on": delivered.isoformat(),
            "currency": "EUR",
            "customer_tier": tier,
        },
        "lines": [{"item": {"category": category, "unit_price_minor": price}, "reason": reason}],
        "today": TODAY.isoformat(),
        **extra,
    }


def test_the_policy_document_is_machine_readable_with_human_text(api):
    body = api.get("/policy").json()
    assert body["id"] == "default" and body["version"]
    assert set(body["reasons"]) >= {"defective", "changed_mind", "other"}
    assert body["windows"]["standard"]["text"]


def test_the_public_page_renders_from_the_same_file(api, base_url):
    page = httpx.get(f"{base_url}/policy")
    version = api.get("/policy").json()["version"]
    assert page.status_code == 200 and page.headers["content-type"].startswith("text/html")
    assert version in page.text
    assert "30 days" in page.text


@pytest.mark.parametrize(
    ("delivered_days_ago", "outcome"),
    [pytest.param(30, "approve", id="last day in"), pytest.param(31, "reject", id="first day out")],
)
def test_dry_run_from_plain_facts(api, delivered_days_ago, outcome):
    response = api.post("/policy/evaluate", json=facts(delivered_days_ago=delivered_days_ago))
    assert response.status_code == 200, response.text
    assert response.json()["outcome"] == outcome


def test_dry_run_on_a_verified_order_stores_nothing(api, session):
    create_order(api, lines=[line(quantity=2)])
    body = {"order_number": "A1001", "lines": [{"line_no": 1, "quantity": 2, "reason": "defective"}]}
    assert api.post("/policy/evaluate", json=body).status_code == 401
    response = api.post("/policy/evaluate", json=body, headers=verify(api))
    assert response.status_code == 200, response.text
    assert response.json()["lines"][0]["quantity"] == 2
    assert session.scalar(select(func.count(Rma.id))) == 0


@pytest.mark.parametrize(
    ("body", "fragment"),
    [
        pytest.param({"lines": [{"line_no": 1, "reason": "defective"}]}, "either order_number", id="neither mode"),
        pytest.param({**facts(), "order_number": "A1"}, "not both", id="both modes"),
        pytest.param(facts(reason="meh"), "unknown reason 'meh'", id="unknown reason"),
        pytest.param(
            {**facts(), "lines": [{"line_no": 1, "reason": "defective"}]}, "needs 'item'", id="facts without item"
        ),
        pytest.param(facts(delivered_days_ago=-5), None, id="delivered in the future is fine"),
    ],
)
def test_bad_dry_runs_are_explained(api, body, fragment):
    response = api.post("/policy/evaluate", json=body)
    if fragment is None:
        assert response.status_code == 200
    else:
        assert response.status_code == 422 and fragment in response.text
