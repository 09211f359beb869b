"""Money on generated returns and kept items, booked the way the service books it: a ledger entry
per order line (refund, store credit or coupon), the line's refunded amount kept in step, and a
refund payment with the policy's due date for every refund to the card.
"""

from __future__ import annotations

import hashlib
import math
from datetime import datetime, timedelta

from .keep_item import keep_item_rungs, return_cost
from .orders import Line, Order, Wanted
from .profile import COMPENSATION_SHARE, CURRENCY, LABEL_COST_MINOR, LATE_REFUND_SHARE, REFUND_DUE_DAYS
from .tables import Rows
from .world import World

AGENT = ("staff:alice", "agent")
BOT = ("bot", "bot")
COMPENSATED_REASONS = ("damaged_in_transit", "defective")


def _entry(world: World, rows: Rows, kind: str, order: Order, line: Line, rma_id: int | None, amount: int,
           at: datetime, actor: tuple[str, str]) -> int:  # fmt: skip
    entry_id = world.ids.take("ledger_entries")
    key = f"history-{entry_id}"
    fingerprint = hashlib.sha256(key.encode()).hexdigest()
    rows.add("ledger_entries", entry_id, key, fingerprint, kind, order.id, line.id, rma_id, amount, CURRENCY,
             actor[0], actor[1], at, None)  # fmt: skip
    if kind in ("refund", "store_credit"):
        line.refunded_minor += amount
    return entry_id


def _payment(world, rows, order: Order, rma_id, entry_id, amount, purpose, booked, due, settled) -> None:
    """A settled payment names the gateway's refund; a pending one has not reached the gateway yet
    (the local gateway keeps no book of generated history), so the settlement worker sends it."""
    status = "settled" if settled is not None and settled <= world.now else "pending"
    provider_refund_id = f"gw-history-{entry_id}" if status == "settled" else None
    rows.add(
        "refund_payments", world.ids.take("refund_payments"), rma_id, order.id, entry_id, f"refund-ledger-{entry_id}",
        purpose, "local", f"{order.payment_method}:{order.number}", provider_refund_id, amount, CURRENCY,
        status, 1, booked, None, due, AGENT[0] if rma_id else BOT[0], booked,
        settled if status == "settled" else None,
    )  # fmt: skip


def book_resolution(world, rows, order, rma_id, wanted: list[Wanted], received: dict[int, int], resolution: str,
                    payer: str, inspected_at: datetime, received_at: datetime) -> datetime | None:  # fmt: skip
    """Book the refund or store credit after inspection; returns when the return is resolved
    (the refund settled, or at once for store credit), or None while it is not yet."""
    rng = world.rng
    booked = inspected_at + timedelta(hours=rng.lognormvariate(math.log(10.0), 0.7))
    if booked > world.now:
        return None
    due = received_at + timedelta(days=REFUND_DUE_DAYS)
    if resolution == "refund":
        late = rng.random() < LATE_REFUND_SHARE
        settled = due + timedelta(days=rng.uniform(0.5, 6)) if late else booked + timedelta(days=rng.uniform(1, 4))
        settled = max(settled, booked + timedelta(hours=1))
    else:
        settled = booked
    label = LABEL_COST_MINOR if payer == "customer" else 0
    for w in wanted:
        amount = w.line.product.price_minor * received[w.rma_line_id] - label
        label = 0  # the label is taken off once per return
        if amount <= 0:
            continue
        entry_id = _entry(world, rows, resolution, order, w.line, rma_id, amount, booked, AGENT)
        if resolution == "refund":
            _payment(world, rows, order, rma_id, entry_id, amount, "refund", booked, due, settled)
    return settled if settled <= world.now else None


def book_compensation(world, rows, order: Order, rma_id: int, wanted: list[Wanted], at: datetime) -> None:
    """A goodwill coupon on some damaged or defective returns."""
    for w in wanted:
        if w.reason in COMPENSATED_REASONS and world.rng.random() < COMPENSATION_SHARE:
            amount = world.rng.choice((500, 1000))
            _entry(world, rows, "coupon", order, w.line, rma_id, amount, at + timedelta(minutes=5), AGENT)


def keep_item(world: World, rows: Rows, order: Order, wanted: Wanted, at: datetime) -> None:
    """The bot's ladder (see `keep_item_rungs`): the first rung accepted, or declined and the next accepted."""
    line, rng = wanted.line, world.rng
    rungs = keep_item_rungs(world.policy, line.product, wanted.quantity, wanted.reason, order.customer.tier)
    accepted_rung = 1 if len(rungs) == 1 or rng.random() < 0.6 else 2
    conversation = f"history-{order.number}"
    cost = return_cost(world.policy, line.product, wanted.quantity, wanted.reason)
    for rung, offer in enumerate(rungs[:accepted_rung], start=1):
        amount = offer.amount_minor
        offered = at + timedelta(minutes=rung)
        answered = offered + timedelta(seconds=40)
        entry_id = None
        if rung == accepted_rung:
            entry_id = _entry(world, rows, offer.kind, order, line, None, amount, answered, BOT)
            if offer.kind == "refund" and world.keep_item_payments:
                due = answered + timedelta(days=REFUND_DUE_DAYS)
                settled = answered + timedelta(days=rng.uniform(1, 3))
                _payment(world, rows, order, None, entry_id, amount, "ledger_refund", answered, due, settled)
        status = "accepted" if rung == accepted_rung else "declined"
        rows.add(
            "bot_offers", world.ids.take("bot_offers"), conversation, order.id, line.id, wanted.reason,
            wanted.quantity, rung, offer.kind, amount, CURRENCY, cost, status, entry_id, offered, answered,
        )  # fmt: skip
