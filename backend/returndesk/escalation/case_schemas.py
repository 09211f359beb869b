"""What agents send to the case API."""

from __future__ import annotations

from typing import Annotated, Literal

from pydantic import Field, StringConstraints

from ..kit.schemas import Strict

# Blank text is refused here (422), before anything reaches the chat.
Text = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1, max_length=4000)]


class MessageIn(Strict):
    text: Text = Field(description="What the customer reads, as written")


class CloseIn(Strict):
    note: str = Field("", max_length=2000, description="Why the case is closed, for the timeline")


class ReturnDecisionIn(Strict):
    decision: Literal["approve", "reject"]
    note: str = Field("", max_length=2000, description="Why; a rejection's note is told to the customer")


class NoteIn(Strict):
    text: Text
    action: Literal["note", "exchange"] = Field(
        "note", description="exchange: an exchange agreed with the customer, recorded (not yet booked)"
    )
