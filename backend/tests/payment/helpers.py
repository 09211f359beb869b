"""Returns at the stage a test needs, a gateway with its own clock, and short database reads."""

from __future__ import annotations

import threading
from datetime import timedelta

import httpx
from sqlalchemy import select, update
from sqlalchemy.orm import Session

from returndesk.db import get_sessionmaker
from returndesk.models import Product, Rma, RmaEvent, utcnow
from returndesk.models.rma_number import parse_rma_number
from returndesk.models.warehouse import WarehouseReceipt, WarehouseReceiptLine
from returndesk.payment_provider import LocalGateway
from returndesk.rma.lifecycle import RmaStatus, set_status

from ..factories import create_order, line, post_return, verify
from ..staff_helpers import staff_client

PATH_TO = {
    "approved": [],
    "in_transit": ["in_transit"],
    "received": ["received"],
    "inspected": ["received", "inspected"],
}


def a_return(
    api: httpx.Client,
    engine,
    *,
    number: str = "A1001",
    lines: list[dict] | None = None,
    return_lines: list[dict] | None = None,
    status: str = "inspected",
    received_days_ago: int = 0,
    arrived: dict[int, int] | None = None,
) -> str:
    """An approved return moved on to `status`, as the warehouse would; its RMA number."""
    create_order(api, number=number, lines=lines or [line()])
    answer = post_return(api, verify(api, number), order_number=number, lines=return_lines)
    assert answer.status_code == 201 and answer.json()["status"] == "approved", answer.text
    rma_number = answer.json()["rma_number"]
    with Session(engine) as session:
        rma = session.scalars(select(Rma).where(Rma.number == parse_rma_number(rma_number))).one()
        current = RmaStatus.APPROVED
        for step in PATH_TO[status]:
            set_status(session, rma, expected=current, to=RmaStatus(step), actor="staff:wim", why="test")
            current = RmaStatus(step)
        if arrived is not None:  # a partial receipt, as the warehouse station records it: units per line no
            receipt = WarehouseReceipt(rma_id=rma.id, received_by="staff:wim", partial=True)
            receipt.lines = [
                WarehouseReceiptLine(
                    rma_line_id=line.id,
                    quantity_expected=line.quantity,
                    quantity_received=arrived.get(line.order_line.line_no, 0),
                )
                for line in rma.lines
            ]
            session.add(receipt)
        if received_days_ago:
            session.execute(
                update(RmaEvent)
                .where(RmaEvent.rma_id == rma.id, RmaEvent.to_status == "received")
                .values(at=utcnow() - timedelta(days=received_days_ago))
            )
        session.commit()
    return rma_number


def rma_status(engine, rma_number: str) -> str:
    with Session(engine) as session:
        return session.scalars(select(Rma.status).where(Rma.number == parse_rma_number(rma_number))).one()


def add_product(engine, sku: str, name: str, price_minor: int, category: str = "apparel") -> None:
    with Session(engine) as session:
        session.add(Product(sku=sku, name=name, category=category, price_minor=price_minor, currency="EUR", tags=[]))
        session.commit()


def gateway_later(minutes: float = 5, failures: dict[str, str] | None = None) -> tuple[LocalGateway, object]:
    """A gateway whose clock is `minutes` ahead (its refunds are due to settle), and that moment."""
    later = utcnow() + timedelta(minutes=minutes)
    return LocalGateway(get_sessionmaker(), clock=lambda: later, failures=failures), later


def refunds_clicked_at_once(base_url: str, rma: str, clicks: int) -> list[httpx.Response]:
    """Alice presses "refund" on the same return in `clicks` consoles at the same moment."""
    clients = [staff_client(base_url, "alice") for _ in range(clicks)]
    answers, start = [], threading.Barrier(clicks)

    def click(client: httpx.Client) -> None:
        start.wait()
        answers.append(client.post(f"/returns/{rma}/refund"))

    threads = [threading.Thread(target=click, args=(client,)) for client in clients]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    for client in clients:
        client.close()
    return answers
