"""Which days count: the shop's time zone, a window that waits for delivery, and the opt-in
"next working day" rule of Regulation (EEC, Euratom) No 1182/71 art. 3(4)."""

from __future__ import annotations

from datetime import UTC, date, datetime

import pytest

from returndesk.policy import Outcome, PolicyError, evaluate, line_eligibility

from .policy_factories import TODAY, make_item, make_purchase, make_request, policy_variant

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


# --- count_from: delivery waits for the delivery ----------------------------------------------


@pytest.mark.parametrize("ordered_days_ago", [0, 11, 400])
def test_an_order_not_yet_delivered_has_not_started_its_window(china_policy, ordered_days_ago):
    decision = evaluate(
        china_policy,
        make_request(
            delivered_days_ago=None, ordered_days_ago=ordered_days_ago, currency="CNY", answers={"intact": True}
        ),
    )
    assert decision.outcome is Outcome.APPROVE
    assert "window.expired" not in decision.rule_ids
    [line] = decision.lines
    assert line.awaiting_delivery and line.window_end is None
    assert "starts on the day the parcel is delivered" in line.explanations[0].text


def test_returnable_items_say_the_window_waits_for_delivery(default_policy):
    result = line_eligibility(
        default_policy, make_item(), make_purchase(delivered_days_ago=None, ordered_days_ago=40), TODAY
    )
    assert result.eligible and result.awaiting_delivery and result.window_end is None
    assert result.rule_ids == ("window.not_started",)


def test_count_from_order_still_counts_from_the_order_day(tmp_path):
    policy = policy_variant(tmp_path, replace=[("count_from: delivery", "count_from: order")])
    decision = evaluate(policy, make_request(delivered_days_ago=None, ordered_days_ago=31))
    assert decision.outcome is Outcome.REJECT and "window.expired" in decision.rule_ids
