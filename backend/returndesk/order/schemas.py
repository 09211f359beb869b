"""The order payload a shop sends, and what the service answers."""

from __future__ import annotations

from datetime import datetime

from pydantic import AwareDatetime, BaseModel, EmailStr, Field, model_validator

from ..schemas import Currency, OrderNumber, Phone, Slug, Strict

PAYMENT_METHODS = ("card", "paypal", "klarna", "bank_transfer", "cash_on_delivery", "gift_card", "alipay", "wechat_pay")


class CustomerIn(Strict):
    email: EmailStr
    phone: Phone | None = None
    name: str = Field(min_length=1, max_length=200)
    tier: Slug = "guest"


class OrderLineIn(Strict):
    line_no: int = Field(ge=1, description="The shop's line number, stable across re-sends")
    sku: str = Field(min_length=1, max_length=64)
    name: str = Field(min_length=1, max_length=200)
    category: Slug
    quantity: int = Field(ge=1, le=10_000)
    unit_price_minor: int = Field(ge=0, le=10**10, description="Price per unit in minor units (cents)")
    final_sale: bool = False
    tags: list[Slug] = Field(default_factory=list, max_length=20)


class OrderIn(Strict):
    number: OrderNumber
    customer: CustomerIn
    placed_at: AwareDatetime
    delivered_at: AwareDatetime | None = None
    payment_method: str = Field(pattern="^(" + "|".join(PAYMENT_METHODS) + ")$")
    currency: Currency
    shipping_paid_minor: int = Field(0, ge=0, le=10**9)
    carrier: str | None = Field(None, min_length=1, max_length=64, description="Who delivered it, e.g. 'ParcelFast'")
    ships_from: str | None = Field(None, min_length=1, max_length=64, description="The warehouse that shipped it")
    lines: list[OrderLineIn] = Field(min_length=1, max_length=500)

    @model_validator(mode="after")
    def _consistent(self) -> OrderIn:
        numbers = [line.line_no for line in self.lines]
        if len(numbers) != len(set(numbers)):
            raise ValueError("each line needs its own line_no; some are repeated")
        if self.delivered_at is not None and self.delivered_at < self.placed_at:
            raise ValueError("delivered_at is before placed_at; check both timestamps")
        return self


class OrderLineOut(BaseModel):
    line_no: int
    sku: str
    name: str
    category: str
    quantity: int
    unit_price_minor: int
    final_sale: bool
    tags: list[str]


class OrderOut(BaseModel):
    number: str
    created: bool
    placed_at: datetime
    delivered_at: datetime | None
    currency: str
    total_minor: int
    carrier: str | None
    ships_from: str | None
    lines: list[OrderLineOut]
