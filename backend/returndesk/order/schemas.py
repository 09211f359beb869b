"""The order payload a shop sends, and what the service answers."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from typing import Annotated, Any

from pydantic import AwareDatetime, BaseModel, EmailStr, Field, ValidationInfo, field_validator, model_validator

from ..kit.schemas import MAX_MINOR, Currency, LineNo, MinorAmount, OrderNumber, Phone, Quantity, Slug, Strict

PAYMENT_METHODS = ("card", "paypal", "klarna", "bank_transfer", "cash_on_delivery", "gift_card", "alipay", "wechat_pay")
# The shop's clock and ours may differ a little; an order dated further ahead would start its
# return window in the future (one dated 2036 kept it open for ten years).
CLOCK_TOLERANCE = timedelta(minutes=5)


class CustomerIn(Strict):
    email: EmailStr
    phone: Phone | None = None
    name: str = Field(min_length=1, max_length=200)
    tier: Slug = "guest"


AddressLine = Annotated[str, Field(min_length=1, max_length=100)]


class AddressIn(Strict):
    """Where the order was delivered: the sender of the return parcel, printed on its label."""

    name: str = Field(min_length=1, max_length=100, description="The recipient as the carrier addresses them")
    lines: list[AddressLine] = Field(
        min_length=1, max_length=4, description="Street, number, flat; as many lines as the country needs (1 to 4)"
    )
    city: str = Field(min_length=1, max_length=100)
    postcode: str | None = Field(None, min_length=1, max_length=16, pattern=r"^[A-Za-z0-9 -]+$")
    region: str | None = Field(None, min_length=1, max_length=100, description="State, province, e.g. 上海市")
    country: str = Field(pattern=r"^[A-Z]{2}$", description="ISO 3166-1 alpha-2 code, e.g. DE, CN")
    phone: Phone | None = Field(None, description="For the carrier's delivery questions")


class OrderLineIn(Strict):
    line_no: LineNo = Field(description="The shop's line number, stable across re-sends")
    sku: str = Field(min_length=1, max_length=64)
    name: str = Field(min_length=1, max_length=200)
    category: Slug
    quantity: Quantity
    unit_price_minor: MinorAmount = Field(description="Price per unit in minor units (cents), a JSON integer")
    final_sale: bool = False
    tags: list[Slug] = Field(default_factory=list, max_length=20)

    @model_validator(mode="after")
    def _total_fits(self) -> OrderLineIn:
        if self.unit_price_minor * self.quantity > MAX_MINOR:
            raise ValueError(
                f"line {self.line_no} totals {self.unit_price_minor * self.quantity} minor units "
                f"(unit_price_minor × quantity); a line can total at most {MAX_MINOR}, split it into several lines"
            )
        return self


class OrderIn(Strict):
    number: OrderNumber
    customer: CustomerIn
    placed_at: AwareDatetime
    delivered_at: AwareDatetime | None = None
    payment_method: str = Field(pattern="^(" + "|".join(PAYMENT_METHODS) + ")$")
    currency: Currency
    shipping_paid_minor: MinorAmount = 0
    carrier: str | None = Field(None, min_length=1, max_length=64, description="Who delivered it, e.g. 'ParcelFast'")
    ships_from: str | None = Field(None, min_length=1, max_length=64, description="The warehouse that shipped it")
    shipping_address: AddressIn | None = Field(
        None, description="Where it was delivered: the sender on the return label and the carrier booking"
    )
    lines: list[OrderLineIn] = Field(min_length=1, max_length=500)

    @field_validator("placed_at")
    @classmethod
    def _placed_by_now(cls, placed_at: datetime) -> datetime:
        if placed_at > (now := datetime.now(UTC)) + CLOCK_TOLERANCE:
            raise ValueError(
                f"placed_at {placed_at.isoformat()} is in the future (it is {now:%Y-%m-%dT%H:%M}Z now); "
                "send the time the order was placed, with its time zone"
            )
        return placed_at

    @field_validator("delivered_at")
    @classmethod
    def _delivered_by_now_after_placing(cls, delivered_at: datetime | None, info: ValidationInfo) -> datetime | None:
        if delivered_at is None:
            return None
        if delivered_at > (now := datetime.now(UTC)) + CLOCK_TOLERANCE:
            raise ValueError(
                f"delivered_at {delivered_at.isoformat()} is in the future (it is {now:%Y-%m-%dT%H:%M}Z now); "
                "send it once the parcel was delivered, and null until then"
            )
        placed_at = info.data.get("placed_at")
        if placed_at is not None and delivered_at < placed_at:
            raise ValueError(
                f"delivered_at is before placed_at ({delivered_at.isoformat()} < {placed_at.isoformat()}); "
                "check both timestamps: delivery comes after the order was placed"
            )
        return delivered_at

    @model_validator(mode="after")
    def _distinct_lines(self) -> OrderIn:
        numbers = [line.line_no for line in self.lines]
        if len(numbers) != len(set(numbers)):
            raise ValueError("each line needs its own line_no; some are repeated")
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
    shipping_address: dict[str, Any] | None
    lines: list[OrderLineOut]
