"""The ledger over real HTTP: who books (bot or person), authority, idempotent replay, the paid
amount as a hard ceiling."""

from __future__ import annotations

from concurrent.futures import ThreadPoolExecutor

import httpx
import pytest
from sqlalchemy import func, select, text
from sqlalchemy.exc import DBAPIError

from returndesk.models import ApprovalRequest, AuditEvent, LedgerEntry, OrderLine

from ..factories import SHOP, create_order, line, order_payload
from ..http import http_client
from ..staff_helpers import make_staff, staff_client
from .helpers import Db, book, book_as_bot, movement, open_case


@pytest.fixture
def alice(signed_in):
    return signed_in("alice", "agent", display_name="Alice")


@pytest.fixture
def sam(signed_in):
    return signed_in("sam", "senior_agent", display_name="Sam")


def test_a_refund_within_authority_is_booked_as_the_signed_in_person(api, alice, db: Db) -> None:
    create_order(api, lines=[line(unit_price_minor=15000)])
    response = book(alice, amount_minor=10000)  # exactly the agent's per-case limit
    assert response.status_code == 201, response.text
    body = response.json()
    assert (body["kind"], body["amount_minor"], body["actor"], body["role"]) == (
        "refund",
        10000,
        "staff:alice",
        "agent",
    )
    assert (body["line_paid_minor"], body["line_refunded_minor"]) == (15000, 10000)
    assert db.audit_kinds() == ["ledger.refund"]
    assert db.audit("ledger.refund")[0].actor == "staff:alice"


def test_the_body_cannot_name_the_actor_or_role(api, alice) -> None:
    create_order(api)
    response = alice.post(
        "/ledger/entries", json=movement(actor="staff:boss", role="admin"), headers={"Idempotency-Key": "k1"}
    )
    assert response.status_code == 422
    assert "actor" in response.json()["detail"]


def test_the_shop_token_books_as_the_bot_within_the_bots_limits(api, db: Db) -> None:
    create_order(api)
    booked = book_as_bot(api, kind="coupon", amount_minor=1000)
    assert booked.status_code == 201, booked.text
    assert (booked.json()["actor"], booked.json()["role"]) == ("bot", "bot")
    refused = book_as_bot(api, amount_minor=1501)
    assert refused.status_code == 403
    assert refused.json()["detail"] == "refund 15.01 EUR exceeds your per-case limit of 15.00 EUR"
    assert db.scalar(select(func.count()).select_from(ApprovalRequest)) == 0  # the bot never asks
    assert db.audit_kinds() == ["ledger.coupon", "authority.refused"]


def test_beyond_authority_a_person_gets_an_approval_request_not_a_refund(api, alice, db: Db) -> None:
    create_order(api, lines=[line(unit_price_minor=20000)])
    response = book(alice, amount_minor=18000)
    assert response.status_code == 202, response.text
    body = response.json()
    assert (body["status"], body["required_role"], body["amount_minor"]) == ("pending", "senior_agent", 18000)
    assert body["reason_refused"] == "refund 180.00 EUR exceeds your per-case limit of 100.00 EUR"
    assert body["requested_by"]["username"] == "alice" and body["can_decide"] is False
    assert db.scalar(select(func.count()).select_from(LedgerEntry)) == 0
    assert db.audit_kinds() == ["approval.requested"]


def test_the_case_limit_counts_earlier_refunds_on_the_order(api, alice, sam) -> None:
    create_order(api, lines=[line(unit_price_minor=15000)])
    assert book(sam, amount_minor=6000).status_code == 201
    response = book(alice, amount_minor=4001, kind="store_credit")
    assert response.status_code == 202
    assert response.json()["reason_refused"] == (
        "store credit 40.01 EUR exceeds your per-case limit of 100.00 EUR (60.00 EUR already moved on this case)"
    )
    assert book(alice, amount_minor=4000).status_code == 201


def test_an_action_the_role_lacks_is_refused_without_an_approval_request(api, session, base_url, db: Db) -> None:
    create_order(api)
    make_staff(session, "wes", "warehouse")
    with staff_client(base_url, "wes") as wes:
        response = book(wes)
    assert response.status_code == 403
    assert response.json()["detail"] == "your role (warehouse) may not refund"
    assert db.scalar(select(func.count()).select_from(ApprovalRequest)) == 0


def test_the_daily_total_counts_what_the_actor_moved_today(api, alice, session, base_url) -> None:
    for index in range(10):  # 10 cases of a 20.00 coupon and an 80.00 refund: the 1000.00 exactly
        create_order(api, number=f"D{index}", lines=[line(unit_price_minor=20000)])
        assert book(alice, order_number=f"D{index}", kind="coupon", amount_minor=2000).status_code == 201
        assert book(alice, order_number=f"D{index}", amount_minor=8000).status_code == 201
    create_order(api)
    response = book(alice, kind="coupon", amount_minor=1)
    assert response.status_code == 202  # another agent with room today could approve it
    assert "exceeds your daily limit of 1000.00 EUR" in response.json()["reason_refused"]
    make_staff(session, "bob", "agent")
    with staff_client(base_url, "bob") as bob:
        assert book(bob, kind="coupon", amount_minor=1).status_code == 201


def test_the_same_key_gives_the_same_answer_and_another_body_is_422(api, alice, db: Db) -> None:
    create_order(api, lines=[line(unit_price_minor=20000)])
    first = book(alice, key="refund-1", amount_minor=1500)
    again = book(alice, key="refund-1", amount_minor=1500)
    assert (first.status_code, again.status_code) == (201, 200)
    assert again.headers["Idempotent-Replayed"] == "true"
    assert again.json()["id"] == first.json()["id"]
    assert db.scalar(select(OrderLine.refunded_minor)) == 1500
    other = book(alice, key="refund-1", amount_minor=1600)
    assert other.status_code == 422
    assert "already used for a different movement" in other.json()["detail"]
    asked = book(alice, key="big-1", amount_minor=15000)
    asked_again = book(alice, key="big-1", amount_minor=15000)
    assert (asked.status_code, asked_again.status_code) == (202, 202)
    assert asked_again.json()["id"] == asked.json()["id"]
    assert db.scalar(select(func.count()).select_from(ApprovalRequest)) == 1
    assert db.audit_kinds() == ["ledger.refund", "approval.requested"]


def test_a_movement_without_a_key_sign_in_csrf_or_valid_token_is_refused(api, alice, base_url) -> None:
    create_order(api)
    assert alice.post("/ledger/entries", json=movement()).status_code == 422
    assert api.post("/ledger/entries", json=movement(), headers={"Idempotency-Key": "k"}).status_code == 401
    headers = {"Idempotency-Key": "k", "Authorization": "Bearer nope"}
    assert api.post("/ledger/entries", json=movement(), headers=headers).status_code == 403
    no_csrf = httpx.post(
        f"{base_url}/api/v1/ledger/entries", json=movement(), headers={"Idempotency-Key": "k"}, cookies=alice.cookies
    )
    assert no_csrf.status_code == 403
    assert "CSRF" in no_csrf.json()["detail"]


def test_a_refund_above_what_was_paid_is_409(api, alice, db: Db) -> None:
    create_order(api)  # one line of 59.90 EUR
    assert book(alice, amount_minor=5000).status_code == 201
    response = book(alice, amount_minor=1000, kind="store_credit")
    assert response.status_code == 409
    assert response.json()["detail"] == (
        "store credit 10.00 EUR on order A1001 line 1 would exceed what was paid: "
        "59.90 EUR paid, 50.00 EUR already refunded, 9.90 EUR left"
    )
    assert book(alice, amount_minor=990).status_code == 201  # the rest, exactly
    assert book(alice, kind="coupon", amount_minor=500).status_code == 201  # goodwill, not a refund of the line
    assert db.scalar(select(OrderLine.refunded_minor)) == 5990
    assert db.audit_kinds() == ["ledger.refund", "ledger.over_paid_refused", "ledger.refund", "ledger.coupon"]


def test_an_approval_request_above_what_was_paid_is_409_not_a_request(api, alice, db: Db) -> None:
    create_order(api)  # 59.90 EUR: no approval can make 150.00 of it
    response = book(alice, amount_minor=15000)
    assert response.status_code == 409
    assert db.scalar(select(func.count()).select_from(ApprovalRequest)) == 0


def test_the_database_refuses_a_refunded_amount_above_paid(api, engine) -> None:
    create_order(api)
    with pytest.raises(DBAPIError), engine.begin() as connection:
        connection.execute(text("UPDATE order_lines SET refunded_minor = 6000"))


def test_twenty_parallel_refunds_never_exceed_what_was_paid(api, sam, base_url, db: Db) -> None:
    create_order(api)  # 59.90 EUR paid; 20 x 5.00 EUR asked: only 11 fit (well inside Sam's limits)

    def refund(index: int) -> int:
        with http_client(base_url=sam.base_url, cookies=sam.cookies, headers=sam.headers, timeout=60) as client:
            return book(client, key=f"race-{index}", amount_minor=500).status_code

    with ThreadPoolExecutor(max_workers=20) as pool:
        statuses = list(pool.map(refund, range(20)))

    assert sorted(statuses) == [201] * 11 + [409] * 9
    refunded = db.scalar(select(OrderLine.refunded_minor))
    booked = db.scalar(select(func.sum(LedgerEntry.amount_minor)))
    assert refunded == booked == 5500
    assert db.scalar(select(func.count()).select_from(AuditEvent)) == 20


def test_parallel_refunds_by_one_agent_never_pass_the_per_case_limit(api, alice, base_url, db: Db) -> None:
    create_order(api, lines=[line(unit_price_minor=50000)])  # plenty paid: only the 100.00 limit binds

    def refund(index: int) -> int:
        with http_client(base_url=alice.base_url, cookies=alice.cookies, headers=alice.headers, timeout=60) as client:
            return book(client, key=f"limit-{index}", amount_minor=3000).status_code

    with ThreadPoolExecutor(max_workers=10) as pool:
        statuses = list(pool.map(refund, range(10)))

    assert sorted(statuses) == [201] * 3 + [202] * 7  # 3 x 30.00 fit under 100.00; the rest ask a senior
    assert db.scalar(select(func.sum(LedgerEntry.amount_minor))) == 9000
    assert db.scalar(select(func.count()).select_from(ApprovalRequest)) == 7


def test_two_people_racing_for_the_whole_line_book_it_once(api, session, base_url, db: Db) -> None:
    create_order(api)
    for index in range(5):
        make_staff(session, f"senior{index}", "senior_agent")
    clients = [staff_client(base_url, f"senior{index}") for index in range(5)]

    def refund(client: httpx.Client) -> int:
        return book(client, amount_minor=5990).status_code

    try:
        with ThreadPoolExecutor(max_workers=5) as pool:
            statuses = list(pool.map(refund, clients))
    finally:
        for client in clients:
            client.close()
    assert sorted(statuses) == [201] + [409] * 4
    assert db.scalar(select(OrderLine.refunded_minor)) == 5990


def test_the_audit_log_refuses_updates_on_postgresql(api, engine) -> None:
    if engine.dialect.name != "postgresql":
        pytest.skip("the append-only trigger exists on PostgreSQL only")
    create_order(api)
    assert book_as_bot(api).status_code == 201
    with pytest.raises(DBAPIError, match="append-only"), engine.begin() as connection:
        connection.execute(text("UPDATE audit_events SET description = 'rewritten'"))
    with pytest.raises(DBAPIError, match="append-only"), engine.begin() as connection:
        connection.execute(text("DELETE FROM audit_events"))


def test_an_order_with_money_booked_keeps_its_lines(api) -> None:
    create_order(api)
    assert book_as_bot(api, amount_minor=500).status_code == 201
    create_order(api)  # the same lines again: harmless
    response = api.post("/orders", json=order_payload(lines=[line(unit_price_minor=100)]), headers=SHOP)
    assert response.status_code == 409
    assert "refunds or credits booked on it" in response.json()["detail"]


def test_parallel_refunds_by_one_agent_across_orders_never_pass_the_daily_total(api, alice, base_url, db: Db) -> None:
    for index in range(12):  # 12 orders, 90.00 each: within the per-case limit, 1080.00 in all
        create_order(api, number=f"DT{index}", lines=[line(unit_price_minor=20000)])

    def refund(index: int) -> int:
        with http_client(base_url=alice.base_url, cookies=alice.cookies, headers=alice.headers, timeout=60) as client:
            return book(client, order_number=f"DT{index}", amount_minor=9000).status_code

    with ThreadPoolExecutor(max_workers=12) as pool:
        statuses = list(pool.map(refund, range(12)))

    assert sorted(statuses) == [201] * 11 + [202]  # 990.00 fits the 1000.00 daily total; the 12th asks
    assert db.scalar(select(func.sum(LedgerEntry.amount_minor))) == 99000


def test_staff_list_the_money_moved_on_an_order_or_a_case(api, alice, session, no_rasa) -> None:
    create_order(api, lines=[line(unit_price_minor=20000)])
    create_order(api, number="B2002")
    case = open_case(session)
    assert book(alice, amount_minor=3000, escalation_reference=case.reference).status_code == 201
    assert book(alice, kind="coupon", amount_minor=500).status_code == 201
    assert book_as_bot(api, order_number="B2002", amount_minor=700).status_code == 201

    on_order = alice.get("/ledger/entries", params={"order_number": "a1001"}).json()["entries"]
    assert [(entry["kind"], entry["amount_minor"]) for entry in on_order] == [("refund", 3000), ("coupon", 500)]
    on_case = alice.get("/ledger/entries", params={"escalation": case.reference}).json()["entries"]
    assert [(entry["amount_minor"], entry["escalation_reference"]) for entry in on_case] == [(3000, case.reference)]
    assert api.get("/ledger/entries").status_code == 401
    assert alice.get("/ledger/entries", params={"escalation": "ESC-NOPE"}).status_code == 404
