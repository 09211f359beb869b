"""The migration that gives the outbound delivery its own balance, on a database with refunds in it."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, datetime

import pytest
from alembic import command
from alembic.config import Config
from sqlalchemy import insert, select, text
from sqlalchemy.exc import IntegrityError

from returndesk.db import make_engine
from returndesk.models import AuditEvent, Customer, LedgerEntry, Order, OrderLine

from ..databases import BACKEND_DIR, database_of_its_own

BEFORE = "ed2df04e0eb4"  # every ledger entry on an order line; no delivery balance
NOW = datetime(2026, 12, 1, 9, 0, tzinfo=UTC)


@pytest.fixture
def empty_database(tmp_path) -> Iterator[str]:
    with database_of_its_own(tmp_path, "delivery") as url:
        yield url


def entry(entry_id: int, kind: str, line_id: int | None) -> dict:
    return {
        "id": entry_id,
        "idempotency_key": f"key-{entry_id}",
        "request_hash": "x",
        "kind": kind,
        "order_id": 1,
        "order_line_id": line_id,
        "amount_minor": 495,
        "currency": "EUR",
        "actor": "staff:alice",
        "role": "agent",
        "created_at": NOW,
    }


def test_refunded_orders_keep_their_entries_and_gain_a_delivery_balance(empty_database) -> None:
    config = Config(str(BACKEND_DIR / "alembic.ini"))
    config.attributes.update(database_url=empty_database, configure_logger=False)
    command.upgrade(config, BEFORE)
    engine = make_engine(empty_database)  # foreign keys on, as the service runs
    with engine.begin() as connection:
        connection.execute(insert(Customer.__table__), [{"id": 1, "email": "dev@example.com", "name": "Dev"}])
        connection.execute(
            insert(Order.__table__).values(
                id=1, number="A1001", customer_id=1, placed_at=NOW, payment_method="card", currency="EUR"
            ),
            {"shipping_paid_minor": 495},
        )
        connection.execute(
            insert(OrderLine.__table__).values(
                id=1, order_id=1, line_no=1, sku="SKU-1", name="Tee", category="apparel", quantity=1
            ),
            {"unit_price_minor": 1500, "refunded_minor": 495},
        )
        connection.execute(insert(LedgerEntry.__table__).values(entry(1, "refund", 1)))
        connection.execute(
            insert(AuditEvent.__table__).values(
                kind="ledger.refund", actor="staff:alice", description="refund", ledger_entry_id=1, data={}
            )
        )

    command.upgrade(config, "head")

    with engine.begin() as connection:
        assert connection.execute(select(Order.shipping_refunded_minor)).scalar_one() == 0
        assert connection.execute(select(LedgerEntry.order_line_id)).scalar_one() == 1
        assert connection.execute(select(AuditEvent.ledger_entry_id)).scalar_one() == 1
        connection.execute(insert(LedgerEntry.__table__).values(entry(2, "refund", None)))  # the delivery
    with pytest.raises(IntegrityError), engine.begin() as connection:
        connection.execute(insert(LedgerEntry.__table__).values(entry(3, "coupon", None)))  # only refunds
    with pytest.raises(IntegrityError), engine.begin() as connection:
        connection.execute(text("UPDATE orders SET shipping_refunded_minor = 496"))  # more than was paid
    with pytest.raises(IntegrityError), engine.begin() as connection:  # foreign keys still enforced
        connection.execute(
            insert(AuditEvent.__table__).values(kind="x", actor="x", description="x", ledger_entry_id=99)
        )

    with engine.begin() as connection:
        connection.execute(text("DELETE FROM ledger_entries WHERE id = 2"))
    command.downgrade(config, BEFORE)
    with engine.begin() as connection:
        assert connection.execute(text("SELECT order_line_id FROM ledger_entries")).scalar_one() == 1
    engine.dispose()
