"""GET /desk/search: returns, orders and customers by RMA number, order number, email or phone."""

from __future__ import annotations

import pytest

from ..factories import create_order, line, post_return, verify
from ..payment.helpers import a_return


def test_an_email_finds_the_customer_their_orders_and_returns(api, engine, signed_in):
    rma = a_return(api, engine, status="approved")
    create_order(api, number="B2002", email="someone.else@example.com")

    found = signed_in("alice", "agent").get("/desk/search", params={"q": "DEV@example.com"})

    assert found.status_code == 200, found.text
    body = found.json()
    assert [r["rma_number"] for r in body["returns"]["items"]] == [rma]
    assert body["returns"]["items"][0]["status"] == "approved"
    assert [o["order_number"] for o in body["orders"]["items"]] == ["A1001"]
    assert body["orders"]["items"][0]["returns"] == 1
    assert [c["email"] for c in body["customers"]["items"]] == ["dev@example.com"]


def test_an_rma_number_finds_only_that_return_however_it_is_typed(api, engine, signed_in):
    rma = a_return(api, engine, status="approved")

    typed = rma.lower().replace("-", " ")
    body = signed_in("alice", "agent").get("/desk/search", params={"q": typed}).json()

    assert [r["rma_number"] for r in body["returns"]["items"]] == [rma]
    assert body["orders"]["items"] == [] and body["customers"]["items"] == []


def test_an_order_number_and_a_phone_number_find_the_order(api, engine, signed_in):
    create_order(api, number="A1001", phone="+44 7700 900004")
    agent = signed_in("alice", "agent")

    by_number = agent.get("/desk/search", params={"q": "a1001"}).json()
    by_phone = agent.get("/desk/search", params={"q": "7700 900004"}).json()

    assert [o["order_number"] for o in by_number["orders"]["items"]] == ["A1001"]
    assert [o["order_number"] for o in by_phone["orders"]["items"]] == ["A1001"]
    assert by_phone["customers"]["items"][0]["email"] == "dev@example.com"


def test_pages_of_results_say_whether_there_is_more(api, engine, signed_in):
    for number in ("P1001", "P1002", "P1003"):
        create_order(api, number=number, lines=[line()])
    agent = signed_in("alice", "agent")

    first = agent.get("/desk/search", params={"q": "P100", "per_page": 2}).json()
    second = agent.get("/desk/search", params={"q": "P100", "per_page": 2, "page": 2}).json()

    assert len(first["orders"]["items"]) == 2 and first["orders"]["has_more"] is True
    assert len(second["orders"]["items"]) == 1 and second["orders"]["has_more"] is False
    numbers = {o["order_number"] for o in first["orders"]["items"] + second["orders"]["items"]}
    assert numbers == {"P1001", "P1002", "P1003"}


def test_wildcards_in_the_query_are_searched_as_text(api, engine, signed_in):
    create_order(api)
    body = signed_in("alice", "agent").get("/desk/search", params={"q": "%_%"}).json()
    assert body["orders"]["items"] == [] and body["customers"]["items"] == []


@pytest.mark.parametrize(
    ("params", "fix"),
    [
        pytest.param({"q": "a"}, "2 to 100 characters", id="too-short"),
        pytest.param({"q": "x" * 150}, "2 to 100 characters", id="too-long"),
        pytest.param({"q": "x" * 201}, "q", id="beyond-the-query-limit"),
        pytest.param({"q": "A1001", "per_page": 500}, "per_page", id="page-too-large"),
    ],
)
def test_a_query_out_of_bounds_is_a_422_that_says_what_to_fix(api, signed_in, params, fix):
    answer = signed_in("alice", "agent").get("/desk/search", params=params)
    assert answer.status_code == 422, answer.text
    assert answer.headers["content-type"].startswith("application/problem+json")
    assert fix in answer.text


def test_only_the_desk_searches(api, signed_in):
    assert api.get("/desk/search", params={"q": "A1001"}).status_code == 401
    warehouse = signed_in("wim", "warehouse").get("/desk/search", params={"q": "A1001"})
    assert warehouse.status_code == 403 and "agent" in warehouse.json()["detail"]


def test_a_customer_with_a_token_cannot_search(api):
    create_order(api)
    customer = verify(api)
    assert post_return(api, customer).status_code == 201
    assert api.get("/desk/search", params={"q": "dev@example.com"}, headers=customer).status_code == 401


def test_control_characters_are_refused_before_the_database_sees_them(api, signed_in):
    agent = signed_in("alice", "agent")
    searched = agent.get("/desk/search", params={"q": "A1\x0001"})
    assert searched.status_code == 422 and "control characters" in searched.json()["detail"]
    customer = agent.get("/desk/customers/dev%00@example.com")
    assert customer.status_code == 422 and "control characters" in customer.json()["detail"]
