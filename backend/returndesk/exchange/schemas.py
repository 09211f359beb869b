"""Exchange requests and answers."""

from __future__ import annotations

from datetime import datetime
from typing import Literal

from pydantic import BaseModel, Field

from ..payment.schemas import PaymentOut
from ..schemas import Strict


class ExchangeIn(Strict):
    sku: str = Field(min_length=1, max_length=64, description="The replacement's SKU")
    line_no: int | None = Field(None, ge=1, description="Which returned line; needed when the return has several")


class PaymentRequestOut(BaseModel):
    id: int
    amount_minor: int
    currency: str
    status: Literal["open", "paid", "cancelled"]
    description: str
    paid_at: datetime | None = None
    paid_reference: str | None = None


class PaymentRequestPaidIn(Strict):
    reference: str = Field(min_length=1, max_length=200, description="The shop's reference of the customer's payment")


class ExchangeOut(BaseModel):
    rma_number: str
    rma_status: str
    replacement_order: str | None
    original_sku: str
    replacement_sku: str
    quantity: int
    difference_minor: int
    currency: str
    created_at: datetime
    payment_request: PaymentRequestOut | None = Field(None, description="An upgrade: what the customer owes")
    refund: PaymentOut | None = Field(None, description="A downgrade: the difference refunded")
