"""The ledger over real HTTP: authority, idempotent replay, the paid amount as a hard ceiling."""

from __future__ import annotations

import uuid
from concurrent.futures import ThreadPoolExecutor
from typing import Any

import httpx
import pytest
from sqlalchemy import func, select, text
from sqlalchemy.exc import DBAPIError
from sqlalchemy.orm import Session

from returndesk.models import AuditEvent, LedgerEntry, OrderLine

from ..factories import SHOP, create_order, line, order_payload


def movement(**overrides: Any) -> dict[str, Any]:
    body = {
        "kind": "refund",
        "order_number": "A1001",
        "line_no": 1,
        "amount_minor": 1000,
        "currency": "EUR",
        "actor": "agent:alice",
        "role": "agent",
    }
    return body | overrides


def book(api: httpx.Client, key: str | None = None, **overrides: Any) -> httpx.Response:
    headers = SHOP | {"Idempotency-Key": key or str(uuid.uuid4())}
    return api.post("/ledger/entries", json=movement(**overrides), headers=headers)


class Db:
    """Short reads: a transaction held open would block the service's writers on SQLite."""

    def __init__(self, engine) -> None:
        self.engine = engine

    def scalar(self, statement) -> Any:
        with Session(self.engine) as session:
            return session.scalar(statement)

    def audit_kinds(self) -> list[str]:
        with Session(self.engine) as session:
            return list(session.scalars(select(AuditEvent.kind).order_by(AuditEvent.id)))


@pytest.fixture
def db(engine) -> Db:
    return Db(engine)


def test_a_refund_within_authority_is_booked_and_audited(api: httpx.Client, db: Db) -> None:
    create_order(api, lines=[line(unit_price_minor=15000)])
    response = book(api, amount_minor=10000)  # exactly the agent's per-case limit
    assert response.status_code == 201, response.text
    body = response.json()
    assert (body["kind"], body["amount_minor"], body["line_paid_minor"], body["line_refunded_minor"]) == (
        "refund",
        10000,
        15000,
        10000,
    )
    assert db.audit_kinds() == ["ledger.refund"]


def test_over_authority_is_403_with_the_reason_and_audited(api: httpx.Client, db: Db) -> None:
    create_order(api, lines=[line(unit_price_minor=20000)])
    response = book(api, amount_minor=18000)
    assert response.status_code == 403
    assert response.json()["detail"] == "refund 180.00 EUR exceeds your per-case limit of 100.00 EUR"
    assert db.audit_kinds() == ["authority.refused"]
    assert db.scalar(select(func.count()).select_from(LedgerEntry)) == 0
    assert book(api, amount_minor=18000, role="senior_agent", actor="agent:sam").status_code == 201


def test_the_case_limit_counts_earlier_refunds_on_the_order(api: httpx.Client) -> None:
    create_order(api, lines=[line(unit_price_minor=15000)])
    assert book(api, amount_minor=6000).status_code == 201
    response = book(api, amount_minor=4001, kind="store_credit")
    assert response.status_code == 403
    assert response.json()["detail"] == (
        "store credit 40.01 EUR exceeds your per-case limit of 100.00 EUR (60.00 EUR already moved on this case)"
    )
    assert book(api, amount_minor=4000).status_code == 201


def test_an_action_the_role_lacks_is_refused(api: httpx.Client) -> None:
    create_order(api)
    response = book(api, role="warehouse", actor="warehouse:wes")
    assert response.status_code == 403
    assert response.json()["detail"] == "your role (warehouse) may not refund"


def test_the_daily_total_counts_what_the_actor_moved_today(api: httpx.Client) -> None:
    for index in range(10):  # 10 cases of a 20.00 coupon and an 80.00 refund: the 1000.00 exactly
        create_order(api, number=f"D{index}", lines=[line(unit_price_minor=20000)])
        assert book(api, order_number=f"D{index}", kind="coupon", amount_minor=2000).status_code == 201
        assert book(api, order_number=f"D{index}", amount_minor=8000).status_code == 201
    create_order(api)
    response = book(api, kind="coupon", amount_minor=1)
    assert response.status_code == 403
    assert "exceeds your daily limit of 1000.00 EUR" in response.json()["detail"]
    assert book(api, kind="coupon", amount_minor=1, actor="agent:bob").status_code == 201


def test_the_same_key_gives_the_same_entry_and_another_body_is_422(api: httpx.Client, db: Db) -> None:
    create_order(api)
    first = book(api, key="refund-1", amount_minor=1500)
    again = book(api, key="refund-1", amount_minor=1500)
    assert (first.status_code, again.status_code) == (201, 200)
    assert again.headers["Idempotent-Replayed"] == "true"
    assert again.json()["id"] == first.json()["id"]
    assert db.scalar(select(OrderLine.refunded_minor)) == 1500
    other = book(api, key="refund-1", amount_minor=1600)
    assert other.status_code == 422
    assert "already used for a different movement" in other.json()["detail"]
    assert db.audit_kinds() == ["ledger.refund"]


def test_a_movement_without_a_key_or_the_shop_token_is_refused(api: httpx.Client) -> None:
    create_order(api)
    assert api.post("/ledger/entries", json=movement(), headers=SHOP).status_code == 422
    headers = {"Idempotency-Key": "k", "Authorization": "Bearer nope"}
    assert api.post("/ledger/entries", json=movement(), headers=headers).status_code == 403


def test_a_refund_above_what_was_paid_is_409(api: httpx.Client, db: Db) -> None:
    create_order(api)  # one line of 59.90 EUR
    assert book(api, amount_minor=5000).status_code == 201
    response = book(api, amount_minor=1000, kind="store_credit")
    assert response.status_code == 409
    assert response.json()["detail"] == (
        "store credit 10.00 EUR on order A1001 line 1 would exceed what was paid: "
        "59.90 EUR paid, 50.00 EUR already refunded, 9.90 EUR left"
    )
    assert book(api, amount_minor=990).status_code == 201  # the rest, exactly
    assert book(api, kind="coupon", amount_minor=500).status_code == 201  # goodwill, not a refund of the line
    assert db.scalar(select(OrderLine.refunded_minor)) == 5990
    assert db.audit_kinds() == ["ledger.refund", "ledger.over_paid_refused", "ledger.refund", "ledger.coupon"]


def test_the_database_refuses_a_refunded_amount_above_paid(api: httpx.Client, engine) -> None:
    create_order(api)
    with pytest.raises(DBAPIError), engine.begin() as connection:
        connection.execute(text("UPDATE order_lines SET refunded_minor = 6000"))


def test_twenty_parallel_refunds_never_exceed_what_was_paid(api: httpx.Client, base_url: str, db: Db) -> None:
    create_order(api)  # 59.90 EUR paid; 20 x 5.00 EUR asked: only 11 fit

    def refund(index: int) -> int:
        with httpx.Client(base_url=f"{base_url}/api/v1", timeout=60) as client:
            return book(client, key=f"race-{index}", amount_minor=500, actor=f"agent:{index}").status_code

    with ThreadPoolExecutor(max_workers=20) as pool:
        statuses = list(pool.map(refund, range(20)))

    assert sorted(statuses) == [201] * 11 + [409] * 9
    refunded = db.scalar(select(OrderLine.refunded_minor))
    booked = db.scalar(select(func.sum(LedgerEntry.amount_minor)))
    assert refunded == booked == 5500
    assert db.scalar(select(func.count()).select_from(AuditEvent)) == 20


def test_two_agents_racing_for_the_whole_line_book_it_once(api: httpx.Client, base_url: str, db: Db) -> None:
    create_order(api)

    def refund(index: int) -> int:
        with httpx.Client(base_url=f"{base_url}/api/v1", timeout=60) as client:
            return book(client, amount_minor=5990, actor=f"senior:{index}", role="senior_agent").status_code

    with ThreadPoolExecutor(max_workers=10) as pool:
        statuses = list(pool.map(refund, range(10)))
    assert sorted(statuses) == [201] + [409] * 9
    assert db.scalar(select(OrderLine.refunded_minor)) == 5990


def test_the_audit_log_refuses_updates_on_postgresql(api: httpx.Client, engine) -> None:
    if engine.dialect.name != "postgresql":
        pytest.skip("the append-only trigger exists on PostgreSQL only")
    create_order(api)
    assert book(api).status_code == 201
    with pytest.raises(DBAPIError, match="append-only"), engine.begin() as connection:
        connection.execute(text("UPDATE audit_events SET description = 'rewritten'"))
    with pytest.raises(DBAPIError, match="append-only"), engine.begin() as connection:
        connection.execute(text("DELETE FROM audit_events"))


def test_an_order_with_money_booked_keeps_its_lines(api: httpx.Client) -> None:
    create_order(api)
    assert book(api, amount_minor=500).status_code == 201
    create_order(api)  # the same lines again: harmless
    response = api.post("/orders", json=order_payload(lines=[line(unit_price_minor=100)]), headers=SHOP)
    assert response.status_code == 409
    assert "refunds or credits booked on it" in response.json()["detail"]
