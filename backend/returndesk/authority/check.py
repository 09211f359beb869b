"""Is this actor allowed to do this? A pure function: role, action and amounts in, a verdict out.

A refusal is a sentence the agent can act on ("refund 180.00 EUR exceeds your per-case limit of
100.00 EUR"); exactly at a limit is allowed. The room under each limit is policy/limits.py's: the
per-case limit counts what was already moved on the case (`case_spent_minor`), so two refunds of
100.00 cannot pass a 100.00 limit one by one.
"""

from __future__ import annotations

from dataclasses import dataclass

from ..kit.money import format_amount
from ..policy.limits import Spent, room_left
from .schema import MONEY_ACTIONS, AuthorityMatrix


@dataclass(frozen=True)
class Allowed:
    allowed: bool = True


@dataclass(frozen=True)
class Refused:
    reason: str
    allowed: bool = False


def check(
    matrix: AuthorityMatrix,
    role: str,
    action: str,
    amount_minor: int = 0,
    spent_today_minor: int = 0,
    *,
    case_spent_minor: int = 0,
) -> Allowed | Refused:
    """Whether `role` may do `action` for `amount_minor`, having moved `spent_today_minor` today
    and `case_spent_minor` of the same kind (coupons, or refunds and store credit) on this case."""
    authority = matrix.roles.get(role)
    if authority is None:
        return Refused(f'"{role}" is not a role this desk knows')
    label = action.replace("_", " ")
    if action not in authority.actions:
        return Refused(f"your role ({role.replace('_', ' ')}) may not {label}")
    if action not in MONEY_ACTIONS:
        return Allowed()

    def money(minor: int) -> str:
        return format_amount(minor, matrix.currency)

    room = room_left(authority, action, Spent(on_case_minor=case_spent_minor, today_minor=spent_today_minor))
    if room.on_case_minor is not None and amount_minor > room.on_case_minor:
        limit = money(room.per_case_limit_minor or 0)
        if case_spent_minor:
            return Refused(
                f"{label} {money(amount_minor)} exceeds your per-case limit of {limit}"
                f" ({money(case_spent_minor)} already moved on this case)"
            )
        return Refused(f"{label} {money(amount_minor)} exceeds your per-case limit of {limit}")
    if room.today_minor is not None and amount_minor > room.today_minor:
        return Refused(
            f"{label} {money(amount_minor)} exceeds your daily limit of {money(room.daily_limit_minor or 0)}"
            f" ({money(spent_today_minor)} already moved today, {money(room.today_minor)} left)"
        )
    return Allowed()
