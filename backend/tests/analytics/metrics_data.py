"""Small hand-built histories for the metrics tests: rows written as the services would leave them.

Timestamps must be exact to the hour for cycle times, so the rows go in through the ORM, not the
API. `reference_history` is the one dataset most tests read; each test states the numbers it
expects and how they follow from the rows below, so keep the two in step.
"""

from __future__ import annotations

import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import UTC, datetime
from itertools import count

import pytest
from sqlalchemy.orm import Session

from returndesk.analytics import rollups
from returndesk.models import (
    BotOffer,
    Customer,
    ExchangeOrder,
    InventoryMovement,
    LedgerEntry,
    Order,
    OrderLine,
    RefundPayment,
    Rma,
    RmaEvent,
    RmaLine,
    WarehouseReceipt,
)

_serial = count(1)


def at(text: str) -> datetime:
    """'2026-09-12 10:00' as UTC."""
    return datetime.fromisoformat(text).replace(tzinfo=UTC)


class History:
    """Builds one shop's orders, returns and money, flushing as it goes; commit when done."""

    def __init__(self, session: Session) -> None:
        self.session = session
        self.customer = Customer(email=f"buyer{next(_serial)}@example.com", name="Buyer", tier="guest")
        session.add(self.customer)

    def order(self, placed: str, *lines: tuple[str, str, str, int, int]) -> Order:
        """Lines as (sku, name, category, quantity, unit price in minor units)."""
        order = Order(
            number=f"T{next(_serial):05d}",
            customer=self.customer,
            placed_at=at(placed),
            payment_method="card",
            currency="EUR",
        )
        order.lines = [
            OrderLine(line_no=no, sku=sku, name=name, category=cat, quantity=qty, unit_price_minor=price)
            for no, (sku, name, cat, qty, price) in enumerate(lines, start=1)
        ]
        self.session.add(order)
        self.session.flush()
        return order

    def rma(
        self,
        order: Order,
        status: str,
        lines: list[tuple[int, int, str]],
        *,
        payer: str = "customer",
        events: list[tuple[str, str]] = (),
    ) -> Rma:
        """`lines` as (line_no, quantity, reason); `events` as (to_status, 'YYYY-MM-DD HH:MM')."""
        rma = Rma(
            number=f"TEST{next(_serial):012d}",
            order=order,
            status=status,
            channel="web",
            currency="EUR",
            refund_estimate_minor=0,
            policy_version="test",
            decision={"outcome": "approve", "shipping_payer": payer},
            facts={},
        )
        by_no = {line.line_no: line for line in order.lines}
        rma.lines = [RmaLine(order_line=by_no[no], quantity=qty, reason=reason) for no, qty, reason in lines]
        previous = None
        for to_status, when in events:
            rma.events.append(
                RmaEvent(at=at(when), actor="test", from_status=previous, to_status=to_status, description=to_status)
            )
            previous = to_status
        self.session.add(rma)
        self.session.flush()
        return rma

    def received(self, rma: Rma, *grades: str) -> None:
        """A warehouse receipt, and one inventory movement per line with its grade."""
        self.session.add(WarehouseReceipt(rma_id=rma.id, received_by="wim"))
        for line, grade in zip(rma.lines, grades, strict=True):
            self.session.add(
                InventoryMovement(
                    rma_id=rma.id,
                    rma_line_id=line.id,
                    sku=line.order_line.sku,
                    quantity=line.quantity,
                    grade=grade,
                    disposition="restock" if grade == "resalable" else "scrap",
                    actor="wim",
                )
            )
        self.session.flush()

    def money(self, kind: str, order: Order, line_no: int, amount: int, rma: Rma | None = None) -> LedgerEntry:
        entry = LedgerEntry(
            idempotency_key=str(uuid.uuid4()),
            request_hash="test",
            kind=kind,
            order_id=order.id,
            order_line_id=order.lines[line_no - 1].id,
            rma_id=rma.id if rma else None,
            amount_minor=amount,
            currency="EUR",
            actor="staff:alice",
            role="agent",
        )
        self.session.add(entry)
        self.session.flush()
        return entry

    def refund_payment(self, rma: Rma, line_no: int, *, due: str, settled: str | None = None) -> None:
        entry = self.money("refund", rma.order, line_no, 1000, rma)
        self.session.add(
            RefundPayment(
                rma_id=rma.id,
                order_id=rma.order_id,
                ledger_entry_id=entry.id,
                idempotency_key=str(uuid.uuid4()),
                purpose="refund",
                provider="local",
                payment_reference="card",
                amount_minor=1000,
                currency="EUR",
                status="settled" if settled else "pending",
                due_at=at(due),
                settled_at=at(settled) if settled else None,
                actor="staff:alice",
            )
        )
        self.session.flush()

    def exchange(self, rma: Rma) -> None:
        line = rma.lines[0].order_line
        self.session.add(
            ExchangeOrder(
                rma_id=rma.id,
                order_id=rma.order_id,
                order_line_id=line.id,
                original_sku=line.sku,
                replacement_sku=line.sku + "-B",
                quantity=1,
                paid_unit_minor=line.unit_price_minor,
                replacement_unit_minor=line.unit_price_minor,
                difference_minor=0,
                currency="EUR",
                sink="local",
                actor="staff:alice",
            )
        )
        self.session.flush()

    def offer(self, order: Order, line_no: int, status: str, *, amount: int, return_cost: int) -> None:
        self.session.add(
            BotOffer(
                conversation_id=f"conv-{next(_serial)}",
                order_id=order.id,
                order_line_id=order.lines[line_no - 1].id,
                reason="changed_mind",
                rung=1,
                kind="refund",
                amount_minor=amount,
                currency="EUR",
                return_cost_minor=return_cost,
                status=status,
            )
        )
        self.session.flush()


SHIRT = ("AP-SHIRT", "Linen shirt", "apparel")
JEANS = ("AP-JEANS", "Slim jeans", "apparel")
SHOES = ("SH-RUN", "Running shoes", "shoes")
LAMP = ("HM-LAMP", "Desk lamp", "home")
CREAM = ("BE-CREAM", "Hand cream", "beauty")
RANGE = {"from": "2026-09-01", "to": "2026-10-31"}


def reference_history(session: Session) -> None:
    """Four orders in September–October 2026 (RANGE) and two just outside it, with their returns.

    In range:  O1 09-10: 2 shirts @40 + 1 shoes @100   O2 09-20: 1 shirt @40
               O3 10-05: 4 lamps @25 + 1 jeans @60     O5 10-31 23:30: 2 creams @10
    Outside:   O4 08-15: 5 shirts @40                  O6 11-01 00:00: 1 cream @10
    Returns:   R1 O1 resolved: 1 shirt size_too_small + 1 shoes defective, shop pays, sent back;
                  requested 09-12 10:00, approved +2h, received +72h, resolved +24h;
                  shirt resalable, shoes unsellable
               R2 O2 rejected: 1 shirt changed_mind                      (does not count)
               R3 O3 received: 2 lamps not_as_described, customer pays; approved +1h, received +48h;
                  refurbishable; an exchange item sent out
               R4 O3 approved: 1 jeans size_too_large, carrier's fault (shop pays) but not sent yet; +4h
               R5 O4 approved: 2 shirts, 100h to approval, received                (out of range)
               R6 O5 cancelled: 1 cream defective                               (does not count)
    """
    h = History(session)
    o1 = h.order("2026-09-10 09:00", (*SHIRT, 2, 4000), (*SHOES, 1, 10000))
    o2 = h.order("2026-09-20 15:00", (*SHIRT, 1, 4000))
    o3 = h.order("2026-10-05 11:00", (*LAMP, 4, 2500), (*JEANS, 1, 6000))
    o4 = h.order("2026-08-15 12:00", (*SHIRT, 5, 4000))
    o5 = h.order("2026-10-31 23:30", (*CREAM, 2, 1000))
    h.order("2026-11-01 00:00", (*CREAM, 1, 1000))

    r1_events = [
        ("requested", "2026-09-12 10:00"),
        ("approved", "2026-09-12 12:00"),
        ("in_transit", "2026-09-13 08:00"),
        ("received", "2026-09-15 12:00"),
        ("inspected", "2026-09-15 13:00"),
        ("resolved", "2026-09-16 12:00"),
    ]
    r1 = h.rma(o1, "resolved", [(1, 1, "size_too_small"), (2, 1, "defective")], payer="merchant", events=r1_events)
    h.received(r1, "resalable", "unsellable")
    h.rma(
        o2,
        "rejected",
        [(1, 1, "changed_mind")],
        events=[("requested", "2026-09-21 10:00"), ("rejected", "2026-09-21 11:00")],
    )
    r3_events = [("requested", "2026-10-06 08:00"), ("approved", "2026-10-06 09:00"), ("received", "2026-10-08 09:00")]
    r3 = h.rma(o3, "received", [(1, 2, "not_as_described")], events=r3_events)
    h.received(r3, "refurbishable")
    h.exchange(r3)
    r4_events = [("requested", "2026-10-06 10:00"), ("approved", "2026-10-06 14:00")]
    r4 = h.rma(o3, "approved", [(2, 1, "size_too_large")], payer="carrier", events=r4_events)
    r5_events = [("requested", "2026-08-20 00:00"), ("approved", "2026-08-24 04:00"), ("received", "2026-08-25 04:00")]
    r5 = h.rma(o4, "received", [(1, 2, "size_too_small")], payer="merchant", events=r5_events)
    h.received(r5, "unsellable")
    h.rma(
        o5,
        "cancelled",
        [(1, 1, "defective")],
        events=[("requested", "2026-11-02 10:00"), ("cancelled", "2026-11-02 11:00")],
    )

    # Refund SLA: on time, late, open past due, not yet due; and a late one outside the range.
    h.refund_payment(r1, 1, due="2026-09-20 00:00", settled="2026-09-16 12:00")
    h.refund_payment(r3, 1, due="2026-10-10 00:00", settled="2026-10-12 00:00")
    h.refund_payment(r4, 2, due="2026-10-15 00:00")
    h.refund_payment(r1, 2, due="2099-01-01 00:00")
    h.refund_payment(r5, 1, due="2026-08-30 00:00", settled="2026-09-05 00:00")
    # Money given while the goods stay (compensation), coupons, and credit that belongs to a return.
    h.money("refund", o2, 1, 800)
    h.money("store_credit", o3, 2, 500)
    h.money("coupon", o1, 1, 1000)
    h.money("coupon", o4, 1, 9999)
    h.money("store_credit", o3, 1, 300, r3)
    # Keep-item offers: accepted in range, declined in range, accepted outside.
    h.offer(o2, 1, "accepted", amount=800, return_cost=1200)
    h.offer(o3, 2, "declined", amount=1200, return_cost=2000)
    h.offer(o4, 1, "accepted", amount=800, return_cost=5000)
    session.commit()


@contextmanager
def rollups_as(mode: str, engine) -> Iterator[None]:
    """ "live": metrics from the tables; "rollup": from the PostgreSQL rollups, refreshed now and
    emptied afterwards (SQLite has none: skipped there)."""
    if mode == "live":
        yield
        return
    if engine.dialect.name != "postgresql":
        pytest.skip("the rollups exist on PostgreSQL only")
    rollups.refresh(engine)
    with Session(engine) as session:
        assert rollups.rollups_ready(session), "the rollups did not fill"
    try:
        yield
    finally:
        rollups.empty(engine)
