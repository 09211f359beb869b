"""Room left under a role's money limits, read like the rule: per case by kind, per day over all."""

from __future__ import annotations

from dataclasses import dataclass

import pytest

from returndesk.policy.limits import Room, Spent, counted_on_case, room_left


@dataclass(frozen=True)
class Limits:
    max_refund_per_case_minor: int | None = 10_000
    max_coupon_per_case_minor: int | None = 2_000
    daily_total_minor: int | None = 100_000


@pytest.mark.parametrize(
    ("limits", "kind", "spent", "on_case", "today", "most"),
    [
        pytest.param(Limits(), "refund", Spent(), 10_000, 100_000, 10_000, id="nothing-moved-yet"),
        pytest.param(Limits(), "refund", Spent(on_case_minor=6_000), 4_000, 100_000, 4_000, id="case-partly-used"),
        pytest.param(
            Limits(),
            "store_credit",
            Spent(on_case_minor=6_000),
            4_000,
            100_000,
            4_000,
            id="store-credit-shares-the-refund-limit",
        ),
        pytest.param(Limits(), "coupon", Spent(on_case_minor=500), 1_500, 100_000, 1_500, id="coupons-own-limit"),
        pytest.param(Limits(), "refund", Spent(on_case_minor=10_000), 0, 100_000, 0, id="case-limit-reached"),
        pytest.param(
            Limits(),
            "refund",
            Spent(on_case_minor=12_000),
            0,
            100_000,
            0,
            id="over-the-case-limit-leaves-no-room-not-less",
        ),
        pytest.param(Limits(), "refund", Spent(today_minor=95_000), 10_000, 5_000, 5_000, id="the-day-is-tighter"),
        pytest.param(Limits(), "coupon", Spent(today_minor=100_000), 2_000, 0, 0, id="daily-total-reached"),
        pytest.param(
            Limits(max_refund_per_case_minor=None),
            "refund",
            Spent(on_case_minor=10**9),
            None,
            100_000,
            100_000,
            id="no-case-limit",
        ),
        pytest.param(
            Limits(daily_total_minor=None), "coupon", Spent(today_minor=10**9), 2_000, None, 2_000, id="no-daily-limit"
        ),
        pytest.param(Limits(None, None, None), "refund", Spent(10**9, 10**9), None, None, None, id="no-limits-at-all"),
        pytest.param(
            Limits(max_coupon_per_case_minor=0), "coupon", Spent(), 0, 100_000, 0, id="a-zero-limit-allows-nothing"
        ),
    ],
)
def test_room_left(
    limits: Limits, kind: str, spent: Spent, on_case: int | None, today: int | None, most: int | None
) -> None:
    room = room_left(limits, kind, spent)
    assert (room.on_case_minor, room.today_minor, room.minor) == (on_case, today, most)


def test_the_room_names_the_limits_it_was_taken_from() -> None:
    room = room_left(Limits(), "coupon", Spent(on_case_minor=500, today_minor=1_000))
    assert (room.per_case_limit_minor, room.daily_limit_minor) == (2_000, 100_000)


@pytest.mark.parametrize(
    ("room", "cap", "most"),
    [
        pytest.param(Room(4_000, 5_000, 10_000, 100_000), 3_000, 3_000, id="the-line-balance-is-tighter"),
        pytest.param(Room(4_000, 5_000, 10_000, 100_000), 9_000, 4_000, id="the-room-is-tighter"),
        pytest.param(Room(None, None, None, None), 3_000, 3_000, id="no-limits-only-the-cap"),
        pytest.param(Room(None, 5_000, None, 100_000), None, 5_000, id="no-cap"),
    ],
)
def test_the_room_under_a_further_cap(room: Room, cap: int | None, most: int | None) -> None:
    assert room.at_most(cap) == most


@pytest.mark.parametrize(
    ("kind", "counted"),
    [
        pytest.param("refund", ("refund", "store_credit"), id="refund"),
        pytest.param("store_credit", ("refund", "store_credit"), id="store-credit"),
        pytest.param("coupon", ("coupon",), id="coupon"),
    ],
)
def test_what_counts_against_a_kinds_case_limit(kind: str, counted: tuple[str, ...]) -> None:
    assert counted_on_case(kind) == counted
