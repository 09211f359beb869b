"""The names of the events the shop can subscribe to: one vocabulary, used by every emitter."""

from __future__ import annotations

from enum import StrEnum


class Event(StrEnum):
    RETURN_CREATED = "return.created"
    RETURN_APPROVED = "return.approved"
    RETURN_REJECTED = "return.rejected"
    RETURN_RECEIVED = "return.received"
    RETURN_GRADED = "return.graded"
    REFUND_ISSUED = "refund.issued"
    REFUND_FAILED = "refund.failed"
    EXCHANGE_SHIPPED = "exchange.shipped"
    CASE_OPENED = "case.opened"
