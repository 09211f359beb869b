"""Exchange requests and answers."""

from __future__ import annotations

from datetime import datetime
from typing import Literal

from pydantic import BaseModel, Field

from ..kit.schemas import LineNo, Strict
from ..payment.schemas import PaymentOut


class ExchangeIn(Strict):
    sku: str = Field(min_length=1, max_length=64, description="The replacement's SKU")
    line_no: LineNo | None = Field(None, description="Which returned line; needed when the return has several")


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


class VariantOut(BaseModel):
    sku: str
    name: str
    size: str | None
    colour: str | None
    unit_price_minor: int
    settlement: str = Field(
        description="What happens to the price difference under the policy: none (same price), "
        "customer_pays, waived (the shop pays), refund or not_refunded"
    )
    difference_minor: int = Field(description="The whole difference for the units sent back, never negative")

    @classmethod
    def of(cls, option) -> VariantOut:
        """From an exchange option (exchange/variants.py): a variant and its price difference."""
        return cls(
            sku=option.sku,
            name=option.name,
            size=option.size,
            colour=option.colour,
            unit_price_minor=option.unit_price_minor,
            settlement=option.difference.settlement,
            difference_minor=option.difference.amount_minor,
        )


class ExchangeOptionsOut(BaseModel):
    order_number: str
    line_no: int
    sku: str
    name: str
    size: str | None = Field(description="The size bought, when the product comes in sizes")
    colour: str | None = Field(description="The colour bought, when the product comes in colours")
    quantity: int
    currency: str
    options: list[VariantOut] = Field(description="Other sizes and colours in stock; empty when there are none")


class ExchangeChoiceOut(BaseModel):
    """On a return line opened as an exchange: the variant held for the customer."""

    sku: str
    name: str
    size: str | None
    colour: str | None
    quantity: int
    settlement: str
    difference_minor: int
    currency: str
