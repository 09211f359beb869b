"""Answers of the Outbox mail endpoints."""

from __future__ import annotations

from datetime import datetime

from pydantic import BaseModel, Field


class SentMailSummary(BaseModel):
    id: str = Field(description="The saved file's name without .eml; the key to GET /sent-mail/{id}")
    received_at: datetime
    sender: str
    to: str
    subject: str
    size_bytes: int


class SentMailList(BaseModel):
    messages: list[SentMailSummary] = Field(description="Newest first, at most `limit`")
    total: int = Field(description="How many messages the sink holds")


class SentMail(SentMailSummary):
    reply_to: str | None
    message_id: str | None
    text: str = Field(description="The plain-text body (the HTML alternative is not rendered in the console)")
    has_html: bool
    attachments: list[str] = Field(description="File names of any attachments, not their contents")
