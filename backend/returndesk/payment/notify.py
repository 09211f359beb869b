"""The customer hears about money and replacements through the notification outbox.

The outbox row is written in the caller's transaction (notification.service.enqueue), so a
refund that settles or an exchange that is placed is told exactly once, by the worker, even if
this process dies right after the commit.
"""

from __future__ import annotations

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from ..kit.money import format_amount
from ..models import Rma
from ..models.payment import ExchangeOrder, RefundPayment
from ..notification.service import enqueue


def tell_refunded(session: Session, rma: Rma) -> None:
    """Every refund of the return has settled: say how much went back to the card."""
    total = session.scalar(
        select(func.coalesce(func.sum(RefundPayment.amount_minor), 0)).where(
            RefundPayment.rma_id == rma.id, RefundPayment.purpose == "refund", RefundPayment.status == "settled"
        )
    )
    enqueue(session, "refunded", rma, refund_amount=format_amount(int(total or 0), rma.currency))


def tell_exchange_shipped(session: Session, rma: Rma, exchange: ExchangeOrder) -> None:
    # The local sink has no carrier: the replacement order's reference is what the customer can quote.
    enqueue(session, "exchange_shipped", rma, tracking_number=exchange.sink_reference or "")
