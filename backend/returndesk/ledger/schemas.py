from __future__ import annotations

from datetime import datetime
from typing import Literal

from pydantic import BaseModel, Field

from ..authority import ROLES

Kind = Literal["refund", "coupon", "store_credit"]
Role = Literal[ROLES]  # type: ignore[valid-type]


class LedgerEntryIn(BaseModel):
    """A money movement on one order line.

    `actor` and `role` are taken from the body only until agent login exists (the caller is
    authenticated by the shop token); the agent console replaces them with the session's user.
    """

    kind: Kind
    order_number: str = Field(min_length=1, max_length=64)
    line_no: int = Field(ge=1)
    rma_number: str | None = Field(None, max_length=40)
    amount_minor: int = Field(gt=0, le=10**12, description="Amount in minor units (cents) of `currency`")
    currency: str = Field(pattern=r"^[A-Z]{3}$")
    actor: str = Field(min_length=1, max_length=200, description="Who acts, e.g. agent:alice or bot")
    role: Role
    note: str | None = Field(None, max_length=1000)


class LedgerEntryOut(BaseModel):
    id: int
    kind: Kind
    order_number: str
    line_no: int
    rma_number: str | None
    amount_minor: int
    currency: str
    actor: str
    role: str
    created_at: datetime
    line_paid_minor: int
    line_refunded_minor: int = Field(description="Refunds and store credit booked on the line so far")
