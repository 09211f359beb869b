"""HTTP bodies of the policy endpoints (the YAML document's own model is in schema.py)."""

from __future__ import annotations

from datetime import date

from pydantic import Field, model_validator

from ..kit.schemas import Count, Currency, EvidenceId, LineNo, Locale, MinorAmount, OrderNumber, Quantity, Slug, Strict
from ..policy.reasons import ReasonCode


class ItemIn(Strict):
    line_id: str = Field("1", max_length=64)
    sku: str = Field("SKU", min_length=1, max_length=64)
    category: Slug
    unit_price_minor: MinorAmount
    quantity: Quantity = Field(1, description="Units bought on the order")
    final_sale: bool = False
    tags: list[Slug] = Field(default_factory=list, max_length=20)


class PurchaseIn(Strict):
    placed_on: date
    delivered_on: date | None = None
    customer_tier: Slug = "guest"
    currency: Currency
    order_total_minor: MinorAmount | None = Field(None, description="Defaults to the sum of the lines")
    shipping_paid_minor: MinorAmount = 0
    recent_return_count: Count = 0
    recent_return_rate: float = Field(0.0, ge=0.0, le=1.0)
    recent_order_count: Count = 0


class EvaluateLineIn(Strict):
    line_no: LineNo | None = Field(None, description="With order_number: the order's line")
    item: ItemIn | None = Field(None, description="Without order_number: the item's facts")
    quantity: Quantity = 1
    reason: ReasonCode


class EvaluateIn(Strict):
    """Either a stored order (order_number + verification token) or plain facts (purchase)."""

    order_number: OrderNumber | None = None
    purchase: PurchaseIn | None = None
    lines: list[EvaluateLineIn] = Field(min_length=1, max_length=100)
    today: date | None = Field(None, description="Evaluate as of this day (default: today)")
    answers: dict[str, bool] = Field(default_factory=dict, max_length=50)
    evidence: dict[str, Count] = Field(
        default_factory=dict,
        max_length=50,
        description="Plain facts only: evidence counts by kind. With order_number the service counts evidence_ids",
    )
    evidence_ids: list[EvidenceId] = Field(
        default_factory=list, max_length=20, description="With order_number: evidence of this conversation"
    )
    evidence_suspect: bool = Field(False, description="Plain facts only: a photo matched one seen before")
    preferred_resolution: str | None = Field(None, pattern=r"^(refund|exchange|store_credit)$")
    reason_disputed: bool = False
    locale: Locale | None = Field(None, description="The language of the explanations; else Accept-Language, else en")

    @model_validator(mode="after")
    def _one_mode(self) -> EvaluateIn:
        if (self.order_number is None) == (self.purchase is None):
            raise ValueError("give either order_number (a verified order) or purchase (plain facts), not both")
        field = "line_no" if self.order_number else "item"
        for index, line in enumerate(self.lines):
            if getattr(line, field) is None:
                mode = "order_number" if self.order_number else "purchase"
                raise ValueError(f"lines[{index}] needs '{field}' when evaluating by {mode}")
        for index, line in enumerate(self.lines):
            if line.item is not None and line.quantity > line.item.quantity:
                raise ValueError(f"lines[{index}]: cannot return {line.quantity} of {line.item.quantity} bought")
        if self.purchase and self.purchase.delivered_on and self.purchase.delivered_on < self.purchase.placed_on:
            raise ValueError("purchase.delivered_on is before purchase.placed_on; check both dates")
        if self.purchase is not None and self.evidence_ids:
            raise ValueError("evidence_ids need order_number; with plain facts give evidence counts")
        return self
