"""Ledger requests and answers: who acts comes from the caller's credentials, never the body."""

from __future__ import annotations

from datetime import datetime
from typing import Literal

from pydantic import BaseModel, Field

from ..kit.schemas import LineNo, MinorAmount, Strict

Kind = Literal["refund", "coupon", "store_credit"]


class LedgerEntryIn(Strict):
    """A money movement on one order line. The actor and role are the caller's: the shop token
    books as the bot, a console session as the signed-in person (a body naming them is refused)."""

    kind: Kind
    order_number: str = Field(min_length=1, max_length=64)
    line_no: LineNo
    rma_number: str | None = Field(None, max_length=40)
    amount_minor: MinorAmount = Field(gt=0, description="Amount in minor units (cents) of `currency`, a JSON integer")
    currency: str = Field(pattern=r"^[A-Z]{3}$")
    escalation_reference: str | None = Field(
        None, min_length=1, max_length=16, description="The case this movement belongs to; it shows on its timeline"
    )
    note: str | None = Field(None, max_length=1000)


class LedgerEntryOut(BaseModel):
    id: int
    kind: Kind
    order_number: str
    line_no: int | None = Field(description="null: the order's outbound delivery (see `covers`)")
    covers: Literal["goods", "outbound_shipping"] = Field(
        "goods", description="What was paid for: the goods of the line, or the order's outbound delivery"
    )
    rma_number: str | None
    amount_minor: int
    currency: str
    actor: str
    role: str
    created_at: datetime
    escalation_reference: str | None = None
    line_paid_minor: int = Field(description="Paid for the line (for the delivery, when it covers the delivery)")
    line_refunded_minor: int = Field(description="Refunds and store credit booked on the line (or delivery) so far")
    payment_id: int | None = Field(None, description="A refund's payment to the card (see /payments); null otherwise")
    payment_status: Literal["pending", "settled", "failed"] | None = None


class LedgerEntriesOut(BaseModel):
    entries: list[LedgerEntryOut]
