"""The canonical reason codes (DESIGN.md) and whose fault each one is by default."""

from __future__ import annotations

from typing import Annotated

from pydantic import AfterValidator, Field

from .decision import FaultSide

REASON_FAULT: dict[str, FaultSide] = {
    "size_too_small": FaultSide.CUSTOMER,
    "size_too_large": FaultSide.CUSTOMER,
    "damaged_in_transit": FaultSide.CARRIER,
    "defective": FaultSide.MERCHANT,
    "not_as_described": FaultSide.MERCHANT,
    "wrong_item": FaultSide.MERCHANT,
    "missing_parts": FaultSide.MERCHANT,
    "changed_mind": FaultSide.CUSTOMER,
    "better_price_found": FaultSide.CUSTOMER,
    "arrived_late": FaultSide.CARRIER,
    "other": FaultSide.CUSTOMER,
}

REASON_CODES: tuple[str, ...] = tuple(REASON_FAULT)


def known_reason(value: str) -> str:
    if value not in REASON_CODES:
        raise ValueError(f"unknown reason '{value}'; use one of: {', '.join(REASON_CODES)}")
    return value


# A request body's reason field: an unknown code is a 422 naming the field.
ReasonCode = Annotated[str, AfterValidator(known_reason), Field(description="One of: " + ", ".join(REASON_CODES))]
