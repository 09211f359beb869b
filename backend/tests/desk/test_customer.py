"""GET /desk/customers/{email or id}: orders, returns, the return rate beside the shop's, cases, language."""

from __future__ import annotations

from ..factories import SHOP, create_order, line
from ..payment.helpers import a_return


def test_a_customer_by_email_with_orders_returns_rate_and_cases(api, engine, signed_in):
    rma = a_return(api, engine, status="approved")  # 1 of dev's 1 unit
    create_order(api, number="B2002", email="other@example.com", lines=[line(quantity=3)])
    case = api.post(
        "/escalations",
        json={"conversation_id": "desk-customer-1", "order_number": "A1001", "locale": "zh"},
        headers=SHOP,
    )
    assert case.status_code == 201, case.text

    answer = signed_in("alice", "agent").get("/desk/customers/Dev@Example.com")

    assert answer.status_code == 200, answer.text
    body = answer.json()
    assert [o["order_number"] for o in body["orders"]] == ["A1001"]
    assert [r["rma_number"] for r in body["returns"]] == [rma]
    assert body["return_rate"] == 1.0 and body["shop_return_rate"] == 0.25  # 1 of 4 units in the shop
    assert [c["reference"] for c in body["cases"]] == [case.json()["reference"]]
    assert body["language"] == "Chinese (中文)"  # the latest conversation's


def test_by_id_and_refusals(api, engine, signed_in):
    create_order(api)
    agent = signed_in("alice", "agent")
    found = agent.get("/desk/customers/dev@example.com").json()
    assert agent.get(f"/desk/customers/{found['id']}").json()["email"] == "dev@example.com"
    assert agent.get("/desk/customers/nobody@example.com").status_code == 404
    assert agent.get("/desk/customers/dev").status_code == 422
    assert api.get("/desk/customers/dev@example.com").status_code == 401
    assert signed_in("wim", "warehouse").get("/desk/customers/dev@example.com").status_code == 403
