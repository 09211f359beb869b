"""Refund and payment requests and answers."""

from __future__ import annotations

from datetime import datetime
from typing import Literal

from pydantic import BaseModel, Field

from ..kit.schemas import Strict


class RefundIn(Strict):
    keep_item: bool = Field(
        False, description="The customer keeps the item (returnless): refund an approved return without receipt"
    )


class PaymentOut(BaseModel):
    id: int
    rma_number: str | None = Field(description="null for a refund of no return (a keep-item offer, goodwill)")
    order_number: str
    purpose: Literal["refund", "exchange_difference", "ledger_refund"]
    covers: Literal["goods", "outbound_shipping"] = Field(
        "goods", description="What the money is for: goods, or the order's outbound delivery given back"
    )
    amount_minor: int
    currency: str
    status: Literal["pending", "settled", "failed"]
    provider: str
    provider_refund_id: str | None
    attempts: int
    last_error: str | None
    due_at: datetime | None
    overdue: bool
    created_at: datetime
    settled_at: datetime | None
    ledger_entry_id: int


class RefundOut(BaseModel):
    rma_number: str
    rma_status: str
    total_minor: int
    currency: str
    payments: list[PaymentOut]


class PaymentsOut(BaseModel):
    payments: list[PaymentOut]
