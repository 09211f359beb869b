"""What an event says: small, stable JSON, documented in docs/merchant-guide.md ("Webhooks").

Numbers and states only: the RMA and order numbers, statuses, amounts in minor units with their
currency. Never evidence files, chat text, notes or secrets, so a leaked log of deliveries tells
little about a customer.
"""

from __future__ import annotations

from typing import Any

from ..models import Escalation, Order, Rma
from ..models.payment import ExchangeOrder, RefundPayment
from ..models.rma_number import format_rma_number


def return_data(rma: Rma, **extra: Any) -> dict[str, Any]:
    return {
        "rma_number": format_rma_number(rma.number),
        "order_number": rma.order.number,
        "status": rma.status,
        "channel": rma.channel,
        "refund_estimate_minor": rma.refund_estimate_minor,
        "currency": rma.currency,
        "lines": [
            {
                "line_no": line.order_line.line_no,
                "sku": line.order_line.sku,
                "quantity": line.quantity,
                "reason": line.reason,
            }
            for line in rma.lines
        ],
        **extra,
    }


def refund_data(payment: RefundPayment, order: Order, rma: Rma | None) -> dict[str, Any]:
    data: dict[str, Any] = {
        "payment_id": payment.id,
        "rma_number": format_rma_number(rma.number) if rma else None,
        "order_number": order.number,
        "status": payment.status,
        "purpose": payment.purpose,
        "amount_minor": payment.amount_minor,
        "currency": payment.currency,
    }
    if payment.status == "failed":
        data["failure_reason"] = payment.last_error
    return data


def exchange_data(rma: Rma, exchange: ExchangeOrder) -> dict[str, Any]:
    return {
        "rma_number": format_rma_number(rma.number),
        "order_number": rma.order.number,
        "status": rma.status,
        "original_sku": exchange.original_sku,
        "replacement_sku": exchange.replacement_sku,
        "quantity": exchange.quantity,
        "difference_minor": exchange.difference_minor,
        "currency": exchange.currency,
        "replacement_order": exchange.sink_reference,
    }


def case_data(case: Escalation) -> dict[str, Any]:
    return {
        "case_reference": case.reference,
        "order_number": case.order_number,
        "rma_number": format_rma_number(case.rma_number) if case.rma_number else None,
        "trigger": case.trigger,
        "priority": case.priority,
        "channel": case.channel,
        "status": case.status,
    }
