"""Room left under a role's money limits: the one place the limit rule is worked out.

A role may move, on one case, at most its per-case limit for the kind (coupons have their own;
refunds and store credit share one, since both give back what was paid), and in one day at most
its daily total over every kind. What is left is the limit minus what was already moved, never
below zero. `authority.check` refuses an amount above the room; the bot's keep-the-item offers
are capped at it. Pure: the limits and the amounts already moved are passed in.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Protocol

# Refunds and store credit give back what was paid for the line; a coupon is goodwill on top.
LINE_BALANCE_KINDS = ("refund", "store_credit")


class MoneyLimits(Protocol):
    """A role's limits in minor units, None for no limit (authority's `RoleAuthority`)."""

    @property
    def max_refund_per_case_minor(self) -> int | None: ...
    @property
    def max_coupon_per_case_minor(self) -> int | None: ...
    @property
    def daily_total_minor(self) -> int | None: ...


@dataclass(frozen=True)
class Spent:
    """What was already moved: on the case, of the kinds that share the kind's per-case limit,
    and by the actor today, of every kind."""

    on_case_minor: int = 0
    today_minor: int = 0


@dataclass(frozen=True)
class Room:
    """What may still move under each limit, and the limits themselves (for the sentence that
    refuses); None: that limit does not apply."""

    on_case_minor: int | None
    today_minor: int | None
    per_case_limit_minor: int | None
    daily_limit_minor: int | None

    @property
    def minor(self) -> int | None:
        """The most that may move now (the smaller room); None: no limit at all."""
        return self.at_most(None)

    def at_most(self, cap: int | None) -> int | None:
        """The room, and no more than `cap` (e.g. what is left of the line's paid amount)."""
        known = [room for room in (self.on_case_minor, self.today_minor, cap) if room is not None]
        return min(known) if known else None


def counted_on_case(kind: str) -> tuple[str, ...]:
    """The booked kinds that count against `kind`'s per-case limit."""
    return ("coupon",) if kind == "coupon" else LINE_BALANCE_KINDS


def room_left(limits: MoneyLimits, kind: str, spent: Spent) -> Room:
    """How much of `kind` the role with `limits` may still move, having moved `spent`."""
    per_case = limits.max_coupon_per_case_minor if kind == "coupon" else limits.max_refund_per_case_minor
    daily = limits.daily_total_minor
    return Room(
        on_case_minor=_left(per_case, spent.on_case_minor),
        today_minor=_left(daily, spent.today_minor),
        per_case_limit_minor=per_case,
        daily_limit_minor=daily,
    )


def _left(limit: int | None, spent: int) -> int | None:
    return None if limit is None else max(limit - spent, 0)
