"""The canonical reason codes (DESIGN.md) and whose fault each one is by default."""

from __future__ import annotations

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
