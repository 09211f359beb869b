"""The authority matrix as frozen data: one `RoleAuthority` per role, amounts in minor units."""

from __future__ import annotations

from dataclasses import dataclass
from types import MappingProxyType

ROLES = ("bot", "agent", "senior_agent", "supervisor", "warehouse", "admin")
ACTIONS = ("approve_return", "reject_return", "refund", "coupon", "store_credit", "exchange", "note")
# Actions that move money, and so count against the daily total.
MONEY_ACTIONS = ("refund", "coupon", "store_credit")


@dataclass(frozen=True)
class RoleAuthority:
    role: str
    actions: frozenset[str]
    max_refund_per_case_minor: int | None  # None: no limit
    max_coupon_per_case_minor: int | None
    daily_total_minor: int | None


@dataclass(frozen=True)
class AuthorityMatrix:
    currency: str
    roles: MappingProxyType[str, RoleAuthority]
    source: str
