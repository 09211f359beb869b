"""Return requests and what the service answers about returns."""

from __future__ import annotations

from datetime import date, datetime
from typing import Any, Literal

from pydantic import BaseModel, Field, field_validator, model_validator

from ..exchange.schemas import ExchangeChoiceOut, VariantOut
from ..kit.schemas import EvidenceId, LineNo, Locale, OrderNumber, Quantity, Strict
from ..label.schemas import LabelInfo
from ..policy.reasons import ReasonCode
from ..rma.progress import Progress

Resolution = Literal["refund", "exchange", "store_credit"]


class ReturnLineIn(Strict):
    line_no: LineNo
    quantity: Quantity = 1
    reason: ReasonCode
    note: str | None = Field(None, max_length=2000)
    exchange_sku: str | None = Field(
        None,
        min_length=1,
        max_length=64,
        description="With preferred_resolution exchange: the size or colour wanted instead, one of "
        "GET /orders/{number}/lines/{line_no}/exchange-options; its stock is held for the return",
    )


class ReturnIn(Strict):
    order_number: OrderNumber
    lines: list[ReturnLineIn] = Field(min_length=1, max_length=100)
    answers: dict[str, bool] = Field(
        default_factory=dict, description='Answers to the policy\'s questions, e.g. {"has_receipt": true}'
    )
    preferred_resolution: Resolution | None = None
    channel: str = Field("api", pattern=r"^[a-z0-9_]{1,32}$")
    conversation_id: str | None = Field(None, max_length=128)
    locale: Locale | None = Field(
        None, description="The customer's language, stored for the return's emails; else Accept-Language, else en"
    )
    evidence_ids: list[EvidenceId] = Field(
        default_factory=list,
        max_length=20,
        description="Evidence uploaded in this conversation (header X-ReturnDesk-Conversation); the service counts it",
    )

    @field_validator("lines")
    @classmethod
    def _distinct_lines(cls, lines: list[ReturnLineIn]) -> list[ReturnLineIn]:
        numbers = [line.line_no for line in lines]
        if len(numbers) != len(set(numbers)):
            raise ValueError("name each order line once; put the whole quantity on one entry")
        return lines

    @model_validator(mode="after")
    def _exchange_needs_exchange(self) -> ReturnIn:
        if self.preferred_resolution != "exchange" and any(line.exchange_sku for line in self.lines):
            raise ValueError('exchange_sku is for an exchange: send preferred_resolution "exchange" with it')
        return self

    @field_validator("answers")
    @classmethod
    def _short_answers(cls, answers: dict[str, bool]) -> dict[str, bool]:
        if len(answers) > 50 or any(len(key) > 64 for key in answers):
            raise ValueError("answers take at most 50 question ids of at most 64 characters")
        return answers


class ResolutionChangeIn(Strict):
    """What a return should settle as instead, before its parcel ships."""

    resolution: Literal["exchange", "refund"]
    exchange_sku: str | None = Field(
        None,
        min_length=1,
        max_length=64,
        description="With resolution exchange: the size or colour wanted instead, one of "
        "GET /orders/{number}/lines/{line_no}/exchange-options; its stock is held for the return",
    )
    line_no: LineNo | None = Field(None, description="Which returned line; needed when the return has several")

    @model_validator(mode="after")
    def _sku_with_exchange(self) -> ResolutionChangeIn:
        if self.resolution == "exchange" and not self.exchange_sku:
            raise ValueError("name the size or colour wanted in exchange_sku (from the line's exchange options)")
        if self.resolution == "refund" and self.exchange_sku:
            raise ValueError('exchange_sku is for an exchange: send resolution "exchange" with it, or leave it out')
        return self


class ReturnExchangeOptionsOut(BaseModel):
    rma_number: str
    status: str
    line_no: int
    sku: str
    name: str
    size: str | None = Field(description="The size bought, when the product comes in sizes")
    colour: str | None = Field(description="The colour bought, when the product comes in colours")
    quantity: int = Field(description="The units in the return")
    currency: str
    held_sku: str | None = Field(description="The size or colour already held for this return, if any")
    refusal: str | None = Field(
        description="Why this return can no longer become an exchange, in the caller's language; options is then empty"
    )
    options: list[VariantOut] = Field(description="Other sizes and colours in stock the policy allows")


class Instructions(BaseModel):
    ship_to: str | None
    return_by: date | None
    shipping_payer: str
    label_cost_minor: int
    currency: str
    steps: list[str]
    first_steps: list[str] = Field(
        default_factory=list,
        description="The steps a chat shows first (one parcel: where to send it, print the label, by when); "
        "all of them are in steps",
    )
    label: LabelInfo | None = Field(
        None, description="Approved returns: destination and return methods per parcel, and the label PDF link"
    )


class ReturnLineOut(BaseModel):
    line_no: int
    sku: str
    name: str
    quantity: int
    reason: str
    exchange_for: ExchangeChoiceOut | None = Field(None, description="Opened as an exchange: the variant held")


class TimelineEntry(BaseModel):
    at: datetime
    actor: str
    from_status: str | None
    to_status: str
    description: str


class EvidenceIdsIn(Strict):
    evidence_ids: list[EvidenceId] = Field(min_length=1, max_length=20)


class ShipmentOut(BaseModel):
    destination: str = Field(description="Destination id from routing/destinations.yml")
    carrier: str
    tracking_number: str
    status: str = Field(description="created, in_transit or delivered, as the carrier last reported")


class ReturnOut(BaseModel):
    rma_number: str
    order_number: str
    status: str
    created_at: datetime
    refund_estimate_minor: int
    currency: str
    lines: list[ReturnLineOut]
    decision: dict[str, Any]
    instructions: Instructions | None
    timeline: list[TimelineEntry]
    evidence_ids: list[str] = Field(default_factory=list)
    progress: Progress | None = Field(
        None, description="Where the return stands for the customer: stage, what happens next and when"
    )
    customer_may_cancel: bool = Field(
        False, description="Whether its owner may still cancel it (POST /returns/{rma}/cancel): nothing has shipped"
    )
    customer_may_change_resolution: bool = Field(
        False,
        description="Whether its owner may still turn it into an exchange or back into a refund "
        "(POST /returns/{rma}/resolution): nothing has shipped",
    )
    shipments: list[ShipmentOut] = Field(
        default_factory=list, description="Its parcels booked with the carrier (when its label was printed)"
    )
    escalation: dict[str, Any] | None = Field(
        None, description="On POST /returns landing in review with a conversation id: the case opened for an agent"
    )


class ReturnableItem(BaseModel):
    line_no: int
    sku: str
    name: str
    category: str
    quantity: int
    returnable_quantity: int
    unit_price_minor: int
    eligible: bool
    window_end: date | None = Field(description="Last day to return it, in the shop's calendar (policy timezone)")
    window_closes_at: datetime | None = Field(
        None, description="The end of that day in the shop's time zone: when the window closes"
    )
    awaiting_delivery: bool = Field(
        False, description="Not delivered yet: the window starts on delivery, so window_end is not known"
    )
    eligible_reasons: list[str]
    explanations: list[dict[str, str]]


class ReturnableItems(BaseModel):
    order_number: str
    currency: str
    items: list[ReturnableItem]
