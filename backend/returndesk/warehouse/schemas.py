"""Warehouse station requests and answers."""

from __future__ import annotations

from datetime import datetime
from typing import Literal

from pydantic import BaseModel, Field

from ..kit.schemas import Count, LineNo, Strict

Grade = Literal["resalable", "refurbishable", "unsellable"]
Disposition = Literal["restock", "repair", "scrap", "return_to_vendor", "donate_recycle"]
GRADES: tuple[str, ...] = ("resalable", "refurbishable", "unsellable")
DISPOSITIONS: tuple[str, ...] = ("restock", "repair", "scrap", "return_to_vendor", "donate_recycle")


class ReceivedLineIn(Strict):
    line_no: LineNo = Field(description="The order line number printed on the packing slip")
    quantity: Count = Field(description="Units that arrived; fewer than expected is a partial receipt")


class ReceiptIn(Strict):
    rma_number: str = Field(min_length=1, max_length=64, description="Typed or scanned, e.g. RMA-MVBT-J5SF-GT37")
    lines: list[ReceivedLineIn] | None = Field(
        None, max_length=200, description="Only for a partial receipt; left out, every unit arrived"
    )


class InspectedLineIn(Strict):
    line_no: LineNo
    grade: Grade
    disposition: Disposition
    checklist: dict[str, bool] = Field(description="Every item of the category's checklist, answered yes or no")
    notes: str | None = Field(None, max_length=2000)
    evidence_ids: list[str] = Field(default_factory=list, max_length=20, description="Inspection photos")


class InspectionIn(Strict):
    lines: list[InspectedLineIn] = Field(min_length=1, max_length=200)


class ChecklistItemOut(BaseModel):
    id: str
    question: str
    shows: str | None


class PhotoOut(BaseModel):
    evidence_id: str
    kind: str
    thumbnail_url: str


class InspectionOut(BaseModel):
    grade: str
    disposition: str
    checklist: dict[str, bool]
    notes: str | None
    evidence_ids: list[str]
    mismatch: str | None
    inspected_by: str
    inspected_at: datetime


class ExpectedLineOut(BaseModel):
    line_no: int
    sku: str
    name: str
    category: str
    quantity_expected: int
    quantity_received: int | None = Field(description="null until the parcel is received")
    reason: str
    note: str | None
    checklist: list[ChecklistItemOut]
    inspection: InspectionOut | None


class StationRmaOut(BaseModel):
    rma_number: str
    status: str
    order_number: str
    customer_name: str | None
    received_at: datetime | None
    received_by: str | None
    partial: bool | None
    qc_mismatch: str | None
    lines: list[ExpectedLineOut]
    customer_photos: list[PhotoOut]
    inspection_photos: list[PhotoOut]
    next_step: str = Field(description="What the person at the station does next, in a sentence")


class MovementOut(BaseModel):
    line_no: int
    sku: str
    quantity: int
    disposition: str


class InspectionResultOut(BaseModel):
    rma: StationRmaOut
    movements: list[MovementOut]
    flagged: bool
    escalation_reference: str | None
