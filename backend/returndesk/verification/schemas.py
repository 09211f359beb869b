"""Verification request and answer."""

from __future__ import annotations

from datetime import datetime

from pydantic import BaseModel, ConfigDict, EmailStr, Field, model_validator

from ..kit.schemas import OrderNumber, Phone


class VerificationIn(BaseModel):
    model_config = ConfigDict(extra="forbid", str_strip_whitespace=True)

    order_number: OrderNumber | None = None
    rma_number: str | None = Field(None, max_length=40, description="Instead of order_number")
    email: EmailStr | None = None
    phone: Phone | None = None

    @model_validator(mode="after")
    def _one_contact(self) -> VerificationIn:
        if (self.order_number is None) == (self.rma_number is None):
            raise ValueError("give the order number or the RMA number of a return (one of them)")
        if self.email is None and self.phone is None:
            raise ValueError("give the email or the phone number used for the order")
        return self


class VerificationOut(BaseModel):
    order_number: str
    token: str
    token_type: str = "Bearer"
    expires_at: datetime
