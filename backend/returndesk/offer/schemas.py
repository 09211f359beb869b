"""Requests and answers of /offers: what the bot asks for and what it can say."""

from __future__ import annotations

from datetime import datetime
from typing import Literal

from pydantic import BaseModel, Field, StrictBool

from ..kit.schemas import Quantity
from ..policy import REASON_CODES

Reason = Literal[REASON_CODES]  # type: ignore[valid-type]  # built from the policy's codes: mypy cannot read it


class OfferIn(BaseModel):
    """The line the customer wants to send back, and why. The offer belongs to the line, not the chat."""

    conversation_id: str = Field(
        min_length=1, max_length=128, description="The asking chat's id (Rasa sender id), kept for the timeline"
    )
    order_number: str = Field(min_length=1, max_length=64)
    line_no: int = Field(ge=1)
    reason: Reason
    quantity: Quantity | None = Field(
        None, description="Units the customer would keep instead of sending back (default: those not in a return)"
    )


class AnswerIn(BaseModel):
    accept: StrictBool = Field(description="true: keep the item and take the offer; false: no thanks")


class OfferOut(BaseModel):
    id: int
    conversation_id: str = Field(description="The chat in which the offer was first made")
    order_number: str
    line_no: int
    reason: str
    rung: int = Field(description="1 = the first offer of the ladder for this order line")
    rungs: int = Field(description="How many offers the ladder has for this line now")
    kind: Literal["refund", "coupon"]
    amount_minor: int
    currency: str
    amount: str = Field(description='The amount as people read it, e.g. "3.00 EUR"')
    return_cost_minor: int = Field(description="What a physical return would cost the shop, by the policy's estimate")
    status: Literal["offered", "accepted", "declined", "withdrawn"]
    expires_at: datetime = Field(description="An open offer can be accepted until then")
    withdrawn_why: str | None = Field(description="Why a withdrawn offer can no longer be taken, and what to do")
    text: str = Field(description="What the bot says to the customer")
    created_at: datetime
    answered_at: datetime | None


class AnswerOut(OfferOut):
    ledger_entry_id: int | None = Field(description="The booked refund or coupon, once accepted")
    return_needed: bool = Field(description="false once accepted: the customer keeps the item, no RMA")
