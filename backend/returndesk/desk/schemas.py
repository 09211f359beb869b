"""The desk's answers: search results by kind, one customer's history."""

from __future__ import annotations

from datetime import datetime
from typing import Generic, TypeVar

from pydantic import BaseModel, Field


class ReturnHit(BaseModel):
    rma_number: str
    status: str
    order_number: str
    customer_email: str
    customer_name: str
    created_at: datetime
    refund_estimate_minor: int
    currency: str


class OrderHit(BaseModel):
    order_number: str
    placed_at: datetime
    customer_email: str
    customer_name: str
    total_minor: int
    currency: str
    lines: int
    returns: int
    status: str = Field(description="delivered, or not delivered yet")


class CustomerHit(BaseModel):
    id: int
    email: str
    name: str
    phone: str | None
    tier: str


T = TypeVar("T")


class Found(BaseModel, Generic[T]):
    items: list[T]
    has_more: bool


class SearchOut(BaseModel):
    query: str
    page: int
    per_page: int
    returns: Found[ReturnHit]
    orders: Found[OrderHit]
    customers: Found[CustomerHit]
