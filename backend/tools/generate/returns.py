"""One generated return walked through its life: requested, decided, shipped, received, inspected,
refunded, closed — each step an `rma_events` row at a plausible time, stopping at the end of the
history. The warehouse's receipt and QC, the ledger and the refund payment follow the same clock.
"""

from __future__ import annotations

import math
from datetime import datetime, timedelta

from returndesk.rma.lifecycle import ALLOWED_TRANSITIONS, RmaStatus

from . import documents
from .money import book_compensation, book_resolution
from .orders import Order, Wanted
from .profile import (
    CURRENCY,
    NEVER_SENT_SHARE,
    REJECTED_SHARE,
    RESOLUTION_MIX,
    REVIEW_SHARE,
)
from .tables import Rows
from .world import World

S = RmaStatus
CHANNELS = {"socketio": 55, "telegram": 10, "phone": 20, "email": 15}
ENGINE, REVIEWER, WAREHOUSE = "policy-engine", "staff:sofia", "staff:wim"
GRADES_BY_FAULT = {  # (resalable, refurbishable, unsellable) weights
    "customer": (85, 10, 5),
    "merchant": (15, 45, 40),
    "carrier": (10, 40, 50),
}
DISPOSITION = {"resalable": "restock", "refurbishable": "repair", "unsellable": "scrap"}
RETURN_WINDOW = timedelta(days=14)


class Walk:
    """The events of one return, appended only along allowed transitions."""

    def __init__(self, world: World, rows: Rows, rma_id: int) -> None:
        self.world, self.rows, self.rma_id = world, rows, rma_id
        self.status: RmaStatus | None = None
        self.at: datetime | None = None

    def step(self, to: RmaStatus, at: datetime, actor: str, why: str) -> bool:
        """Record the change if it happened before the end of the history."""
        if at > self.world.now:
            return False
        assert self.status is None or to in ALLOWED_TRANSITIONS[self.status], (self.status, to)
        from_status = self.status.value if self.status else None
        self.rows.add(
            "rma_events", self.world.ids.take("rma_events"), self.rma_id, at, actor, from_status, to.value, why
        )
        self.status, self.at = to, at
        return True


def _hours(world: World, median: float, spread: float = 0.6) -> timedelta:
    return timedelta(hours=world.rng.lognormvariate(math.log(median), spread))


def record_return(world: World, rows: Rows, order: Order, wanted: list[Wanted], requested_at: datetime) -> None:
    rng = world.rng
    rma_id = world.ids.take("rmas")
    for w in wanted:
        w.rma_line_id = world.ids.take("rma_lines")
    resolution = str(world.pick(RESOLUTION_MIX))
    payer = documents.shipping_payer([w.reason for w in wanted])
    walk = Walk(world, rows, rma_id)
    walk.step(S.REQUESTED, requested_at, "customer", "Return requested")
    roll = rng.random()
    if roll < REJECTED_SHARE:
        walk.step(S.REJECTED, requested_at + timedelta(seconds=2), ENGINE, "Outside the return window")
    elif roll < REJECTED_SHARE + REVIEW_SHARE:
        walk.step(S.PENDING_REVIEW, requested_at + timedelta(seconds=2), ENGINE, "A person checks this return")
        walk.step(S.APPROVED, requested_at + _hours(world, 6.0, 0.8), REVIEWER, "Approved after review")
    else:
        walk.step(S.APPROVED, requested_at + timedelta(seconds=2), ENGINE, "Approved by the return policy")
    received_at = None
    if walk.status is S.APPROVED and walk.at is not None:
        approved_at = walk.at
        if rng.random() < NEVER_SENT_SHARE:
            walk.step(S.CANCELLED, approved_at + RETURN_WINDOW, "system", "Not sent within the return window")
        elif walk.step(
            S.IN_TRANSIT, approved_at + _hours(world, 30.0), "carrier", "Parcel handed to the carrier"
        ) and walk.step(S.RECEIVED, walk.at + _hours(world, 60.0, 0.4), WAREHOUSE, "Parcel received"):
            received_at = walk.at
    received = _receive(world, rows, rma_id, wanted, received_at) if received_at else {}
    if received_at and walk.step(S.INSPECTED, received_at + _hours(world, 8.0), WAREHOUSE, "Inspected"):
        _inspect(world, rows, rma_id, wanted, received, walk.at)
        resolved_at = book_resolution(
            world, rows, order, rma_id, wanted, received, resolution, payer, walk.at, received_at
        )
        book_compensation(world, rows, order, rma_id, wanted, walk.at)
        if resolved_at and walk.step(S.RESOLVED, resolved_at, "staff:alice", f"Resolved by {resolution}"):
            walk.step(S.CLOSED, resolved_at + _hours(world, 20.0), "system", "Closed: refunds settled")
    _write_rma(world, rows, order, rma_id, wanted, requested_at, walk, resolution, payer)


def _write_rma(world, rows, order, rma_id, wanted, requested_at, walk, resolution, payer) -> None:
    label = documents.LABEL_COST_MINOR if payer == "customer" else 0
    estimates = [w.line.product.price_minor * w.quantity for w in wanted]
    estimates[0] = max(estimates[0] - label, 0)
    return_by = (requested_at + RETURN_WINDOW).date()
    outcome = "reject" if walk.status is S.REJECTED else "approve"
    decision = documents.decision(
        outcome,
        [
            {"line_id": str(w.line.line_no), "quantity": w.quantity, "reason": w.reason, "refund_estimate_minor": e}
            for w, e in zip(wanted, estimates, strict=True)
        ],
        sum(estimates),
        return_by,
        payer,
    )
    purchase = {
        "placed_on": order.placed_at.date().isoformat(),
        "delivered_on": order.delivered_at.date().isoformat() if order.delivered_at else None,
        "customer_tier": order.customer.tier,
        "currency": CURRENCY,
        "order_total_minor": order.total_minor,
        "shipping_paid_minor": order.shipping_paid_minor,
        "recent_return_count": 0,
        "recent_return_rate": 0.0,
        "recent_order_count": 0,
    }
    items = [
        (
            {
                "line_id": str(w.line.line_no),
                "sku": w.line.product.sku,
                "category": w.line.product.category,
                "unit_price_minor": w.line.product.price_minor,
                "quantity": w.line.quantity,
                "final_sale": w.line.product.final_sale,
                "tags": sorted(w.line.product.tags),
            },
            w.quantity,
            w.reason,
        )
        for w in wanted
    ]
    facts = documents.facts(purchase, items, requested_at.date(), resolution)
    channel = str(world.pick(CHANNELS))
    conversation = f"history-{order.number}" if channel in ("socketio", "telegram") else None
    rows.add(
        "rmas", rma_id, world.rma_number(), order.id, walk.status.value, channel, conversation, "en", resolution,
        CURRENCY, sum(estimates), return_by, documents.POLICY_VERSION, decision, facts, [], None, requested_at,
        walk.at,
    )  # fmt: skip
    for w in wanted:
        rows.add("rma_lines", w.rma_line_id, rma_id, w.line.id, w.quantity, w.reason, None)


def _receive(world, rows, rma_id, wanted, at) -> dict[int, int]:
    """Units that arrived per RMA line; now and then a parcel holds one unit fewer."""
    received = {}
    for w in wanted:
        short = w.quantity > 1 and world.rng.random() < 0.05
        received[w.rma_line_id] = w.quantity - 1 if short else w.quantity
    receipt_id = world.ids.take("warehouse_receipts")
    partial = any(received[w.rma_line_id] < w.quantity for w in wanted)
    rows.add("warehouse_receipts", receipt_id, rma_id, WAREHOUSE, partial, at)
    for w in wanted:
        rows.add(
            "warehouse_receipt_lines", world.ids.take("warehouse_receipt_lines"), receipt_id, w.rma_line_id,
            w.quantity, received[w.rma_line_id],
        )  # fmt: skip
    return received


def _inspect(world, rows, rma_id, wanted, received, at) -> None:
    for w in wanted:
        fault = documents.REASON_FAULT[w.reason].value
        grade = world.rng.choices(tuple(DISPOSITION), weights=GRADES_BY_FAULT[fault])[0]
        disposition = DISPOSITION[grade]
        rows.add(
            "qc_inspections", world.ids.take("qc_inspections"), rma_id, w.rma_line_id, grade, disposition,
            {"complete": grade != "unsellable"}, None, [], None, WAREHOUSE, at,
        )  # fmt: skip
        rows.add(
            "inventory_movements", world.ids.take("inventory_movements"), rma_id, w.rma_line_id,
            w.line.product.sku, received[w.rma_line_id], grade, disposition, WAREHOUSE, at,
        )  # fmt: skip
