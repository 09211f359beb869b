"""A tracking event as the carrier pushes it (the Parcel API's webhook body), and our answer."""

from __future__ import annotations

from pydantic import AwareDatetime, BaseModel, ConfigDict, Field


class CarrierEventIn(BaseModel):
    # A carrier adds fields over time; an unknown one must not make us drop its events.
    model_config = ConfigDict(extra="ignore")

    id: str = Field(min_length=1, max_length=64, description="The carrier's event id: one event is acted on once")
    type: str = Field(min_length=1, max_length=32, description="in_transit, delivered, or another carrier event")
    tracking_number: str = Field(min_length=1, max_length=64)
    occurred_at: AwareDatetime
    location: str | None = Field(None, max_length=200)


class CarrierEventOut(BaseModel):
    tracking_number: str
    duplicate: bool = Field(description="True: this event was received before and changed nothing now")
    rma_status: str
    shipment_status: str
    refunded: bool = Field(description="True: this event refunded the return (refund_on_carrier_scan)")
