"""The `label` part of a return's answer: parcels by destination, return methods, the PDF link."""

from __future__ import annotations

from pydantic import BaseModel, Field


class ReturnMethodOut(BaseModel):
    kind: str = Field(description="mail, drop_off or in_store")
    needs_label: bool
    where: str | None
    description: str


class ParcelOut(BaseModel):
    destination: str = Field(description="Destination id from routing/destinations.yml, e.g. repair_centre")
    destination_name: str
    ships: bool = Field(description="False: the customer keeps these lines and sends nothing")
    address: list[str]
    instructions: str | None
    line_nos: list[int]
    methods: list[ReturnMethodOut]


class LabelInfo(BaseModel):
    label_url: str | None = Field(
        description="Signed absolute link (settings.public_url) to the label PDF (one page per parcel), "
        "valid until the end of the return-by day; "
        "None when nothing is sent back"
    )
    parcels: list[ParcelOut]
