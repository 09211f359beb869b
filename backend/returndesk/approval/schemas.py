"""Approval requests as the console sees them, and a decision's body."""

from __future__ import annotations

from datetime import datetime
from typing import Literal

from pydantic import BaseModel, Field

from ..kit.schemas import Strict
from ..ledger.schemas import Kind, LedgerEntryOut

Status = Literal["pending", "approved", "rejected"]


class DecisionIn(Strict):
    note: str = Field("", max_length=1000, description="Why, for the requester and the audit log")


class Person(BaseModel):
    username: str
    display_name: str
    role: str


class ApprovalOut(BaseModel):
    id: int
    status: Status
    kind: Kind
    amount_minor: int
    currency: str
    order_number: str
    line_no: int
    item_name: str
    rma_number: str | None
    escalation_reference: str | None
    note: str
    reason_refused: str = Field(description="Why the requester could not book it themselves")
    required_role: str | None = Field(description="The lowest role whose limits cover it (None: no role can)")
    requested_by: Person
    created_at: datetime
    decided_by: Person | None
    decided_at: datetime | None
    decision_note: str
    ledger_entry: LedgerEntryOut | None
    can_decide: bool = Field(description="Whether the caller may approve or reject it")


class ApprovalsOut(BaseModel):
    approvals: list[ApprovalOut]
