"""What agents send to the case API."""

from __future__ import annotations

from typing import Literal

from pydantic import Field

from ..schemas import Strict


class MessageIn(Strict):
    text: str = Field(min_length=1, max_length=4000, description="What the customer reads, as written")


class CloseIn(Strict):
    note: str = Field("", max_length=2000, description="Why the case is closed, for the timeline")


class ReturnDecisionIn(Strict):
    decision: Literal["approve", "reject"]
    note: str = Field("", max_length=2000, description="Why; a rejection's note is told to the customer")


class NoteIn(Strict):
    text: str = Field(min_length=1, max_length=4000)
    action: Literal["note", "exchange"] = Field(
        "note", description="exchange: an exchange agreed with the customer, recorded (not yet booked)"
    )
