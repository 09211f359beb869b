"""Which days count: the shop's time zone."""

from __future__ import annotations

from datetime import UTC, date, datetime

import pytest

from returndesk.policy import PolicyError

from .policy_factories import policy_variant

HEAD = "  default_locale: en\n"


def zoned(tmp_path, timezone):
    return policy_variant(tmp_path, replace=[(HEAD, f"{HEAD}  timezone: {timezone}\n")])


# --- the shop's time zone ---------------------------------------------------------------------

SHOP_DAYS = [
    pytest.param(
        "Asia/Shanghai",
        datetime(2026, 3, 1, 16, 30, tzinfo=UTC),
        date(2026, 3, 2),
        id="Beijing: signed for at 00:30 local time arrived that Beijing day, not the UTC day before",
    ),
    pytest.param(
        "Asia/Shanghai",
        datetime(2026, 3, 1, 15, 30, tzinfo=UTC),
        date(2026, 3, 1),
        id="Beijing: 23:30 local time is still day 0",
    ),
    pytest.param(
        "America/New_York",
        datetime(2026, 3, 2, 4, 30, tzinfo=UTC),
        date(2026, 3, 1),
        id="New York: delivered at 23:30 local time gains no day",
    ),
    pytest.param(
        "UTC", datetime(2026, 3, 1, 16, 30, tzinfo=UTC), date(2026, 3, 1), id="no timezone key: UTC, as before"
    ),
]


@pytest.mark.parametrize(("timezone", "moment", "day"), SHOP_DAYS)
def test_a_moment_falls_on_the_shops_calendar_day(tmp_path, timezone, moment, day):
    assert zoned(tmp_path, timezone).local_date(moment) == day


def test_the_default_is_utc(default_policy):
    assert default_policy.timezone == "UTC"
    assert default_policy.local_date(datetime(2026, 3, 1, 23, 59)) == date(2026, 3, 1)  # naive: UTC


def test_a_window_closes_at_the_end_of_the_shops_last_day(tmp_path):
    policy = zoned(tmp_path, "Asia/Shanghai")
    closes = policy.closes_at(date(2026, 3, 9))
    assert closes == datetime(2026, 3, 9, 16, 0, tzinfo=UTC)  # midnight in Beijing
    assert policy.local_date(datetime(2026, 3, 9, 15, 59, tzinfo=UTC)) == date(2026, 3, 9)  # 23:59: still in


@pytest.mark.parametrize(
    ("timezone", "message"),
    [
        pytest.param("Asia/Shangai", 'unknown time zone "Asia/Shangai" (did you mean "Asia/Shanghai"?)', id="typo"),
        pytest.param("../../etc/passwd", 'unknown time zone "../../etc/passwd"', id="not a zone name"),
        pytest.param("CST", 'unknown time zone "CST"', id="an abbreviation is not an IANA name"),
    ],
)
def test_an_unknown_time_zone_stops_the_load(tmp_path, timezone, message):
    with pytest.raises(PolicyError) as error:
        zoned(tmp_path, timezone)
    assert error.value.path == "policy.timezone" and error.value.line == 9
    assert message in str(error.value) and "IANA name" in str(error.value)
