"""Request and response bodies of the notification endpoints."""

from __future__ import annotations

from pydantic import BaseModel, ConfigDict, Field


class PreferencesIn(BaseModel):
    model_config = ConfigDict(extra="forbid")

    email: bool | None = Field(None, description="true: send me emails about my returns; false: stop them")
    sms: bool | None = Field(None, description="true: send me text messages about my returns; false: stop them")


class PreferencesOut(BaseModel):
    email: bool
    sms: bool
    has_phone: bool = Field(description="Text messages go out only when the shop knows a phone number")
