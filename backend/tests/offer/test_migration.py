"""The migration to one open offer per order line, on a database that still has offers per chat."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, datetime

import pytest
from alembic import command
from alembic.config import Config
from sqlalchemy import create_engine, insert, select
from sqlalchemy.exc import IntegrityError

from returndesk.models import BotOffer, Customer, Order, OrderLine

from ..databases import BACKEND_DIR, database_of_its_own

BEFORE = "c9d0e1f2a3b4"  # offers unique per (chat, line, rung)
NOW = datetime(2026, 12, 1, 9, 0, tzinfo=UTC)
EUR = {"currency": "EUR"}


@pytest.fixture
def empty_database(tmp_path) -> Iterator[str]:
    with database_of_its_own(tmp_path, "offers") as url:
        yield url


def offer(offer_id: int, line_id: int, chat: str, rung: int, status: str) -> dict:
    return {
        "id": offer_id,
        "conversation_id": chat,
        "order_id": 1,
        "order_line_id": line_id,
        "reason": "damaged_in_transit",
        "quantity": 1,
        "rung": rung,
        "kind": "refund",
        "amount_minor": 300,
        "currency": "EUR",
        "return_cost_minor": 1095,
        "status": status,
        "created_at": NOW,
    }


def test_surplus_open_offers_are_withdrawn_and_one_open_offer_per_line_is_kept(empty_database) -> None:
    config = Config(str(BACKEND_DIR / "alembic.ini"))
    config.attributes.update(database_url=empty_database, configure_logger=False)
    command.upgrade(config, BEFORE)
    engine = create_engine(empty_database)
    with engine.begin() as connection:
        connection.execute(insert(Customer.__table__), [{"id": 1, "email": "dev@example.com", "name": "Dev"}])
        connection.execute(
            insert(Order.__table__),
            [{"id": 1, "number": "A1001", "customer_id": 1, "placed_at": NOW, "payment_method": "card"} | EUR],
        )
        connection.execute(
            insert(OrderLine.__table__),
            [
                {"id": n, "order_id": 1, "line_no": n, "sku": f"SKU-{n}", "name": "Tee", "category": "apparel"}
                | {"quantity": 1, "unit_price_minor": 1500}
                for n in (1, 2, 3)
            ],
        )
        connection.execute(
            insert(BotOffer.__table__).values(
                [
                    offer(1, 1, "chat-a", 1, "offered"),  # two chats, two open offers: the older goes
                    offer(2, 1, "chat-b", 1, "offered"),
                    offer(3, 2, "chat-a", 1, "accepted"),  # already kept: no open offer may stay
                    offer(4, 2, "chat-b", 1, "offered"),
                    offer(5, 3, "chat-a", 1, "declined"),  # one chat's ladder: untouched
                    offer(6, 3, "chat-a", 2, "offered"),
                ]
            )
        )

    command.upgrade(config, "head")

    with engine.connect() as connection:
        rows = connection.execute(
            select(BotOffer.id, BotOffer.status, BotOffer.withdrawn_why).order_by(BotOffer.id)
        ).all()
    assert [(row.id, row.status) for row in rows] == [
        (1, "withdrawn"),
        (2, "offered"),
        (3, "accepted"),
        (4, "withdrawn"),
        (5, "declined"),
        (6, "offered"),
    ]
    assert all("ask again for the current offer" in row.withdrawn_why for row in rows if row.status == "withdrawn")
    with pytest.raises(IntegrityError), engine.begin() as connection:
        connection.execute(insert(BotOffer.__table__).values(offer(7, 3, "chat-c", 1, "offered")))
    engine.dispose()
