"""Which days count: the shop's time zone, a window that waits for delivery, and the opt-in
"next working day" rule of Regulation (EEC, Euratom) No 1182/71 art. 3(4)."""

from __future__ import annotations

from datetime import UTC, date, datetime

import pytest

from returndesk.policy import Outcome, PolicyError, evaluate, line_eligibility
from returndesk.policy.public import public_dict

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


def test_a_machine_without_a_time_zone_database_is_told_so(tmp_path, monkeypatch):
    import zoneinfo

    def missing(name):
        raise zoneinfo.ZoneInfoNotFoundError(name)

    monkeypatch.setattr(zoneinfo, "ZoneInfo", missing)
    monkeypatch.setattr(zoneinfo, "available_timezones", set)
    with pytest.raises(PolicyError, match="no time zone database; install the tzdata package"):
        zoned(tmp_path, "Asia/Shanghai")


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
    assert line.rule_ids == ("window.not_started",)
    assert "has not started" in line.explanations[0].text


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


# --- next working day (Regulation 1182/71 art. 3(4)) ------------------------------------------

WORKING_DAYS = "  count_from: delivery\n  next_working_day: true\n  holidays: [2026-04-03, 2026-04-06]\n"


@pytest.fixture
def working_days(tmp_path):
    return policy_variant(tmp_path, replace=[("  count_from: delivery\n", WORKING_DAYS)])


NEXT_WORKING_DAY = [
    # delivered, returned on, outcome, last day of the window (30 days, standard)
    pytest.param(
        date(2026, 2, 12), date(2026, 3, 16), Outcome.APPROVE, date(2026, 3, 16), id="ends Saturday: Monday is in"
    ),
    pytest.param(date(2026, 2, 12), date(2026, 3, 17), Outcome.REJECT, date(2026, 3, 16), id="... Tuesday is out"),
    pytest.param(
        date(2026, 2, 13), date(2026, 3, 16), Outcome.APPROVE, date(2026, 3, 16), id="ends Sunday: Monday is in"
    ),
    pytest.param(
        date(2026, 3, 4),
        date(2026, 4, 7),
        Outcome.APPROVE,
        date(2026, 4, 7),
        id="ends on Good Friday: over the weekend and Easter Monday to Tuesday",
    ),
    pytest.param(date(2026, 3, 4), date(2026, 4, 8), Outcome.REJECT, date(2026, 4, 7), id="... Wednesday is out"),
    pytest.param(
        date(2026, 2, 10), date(2026, 3, 13), Outcome.REJECT, date(2026, 3, 12), id="ends on a Thursday: no change"
    ),
]


@pytest.mark.parametrize(("delivered", "returned", "outcome", "last_day"), NEXT_WORKING_DAY)
def test_a_period_ending_on_a_weekend_or_holiday_runs_to_the_next_working_day(
    working_days, delivered, returned, outcome, last_day
):
    decision = evaluate(working_days, make_request(delivered_on=delivered, today=returned))
    assert decision.outcome is outcome
    assert decision.lines[0].window_end == last_day


def test_without_the_opt_in_a_saturday_is_the_last_day(default_policy):
    decision = evaluate(default_policy, make_request(delivered_on=date(2026, 2, 12), today=date(2026, 3, 16)))
    assert decision.outcome is Outcome.REJECT and decision.lines[0].window_end == date(2026, 3, 14)


def test_the_return_by_deadline_runs_to_the_next_working_day_too(working_days, default_policy):
    request = make_request(delivered_on=date(2026, 3, 10), today=date(2026, 3, 14))  # + 14 days: Saturday 28th
    assert evaluate(working_days, request).return_by == date(2026, 3, 30)
    assert evaluate(default_policy, request).return_by == date(2026, 3, 28)


def test_holidays_and_working_days_are_public(working_days):
    windows = public_dict(working_days, "en")["windows"]
    assert windows["next_working_day"] is True
    assert windows["holidays"] == ["2026-04-03", "2026-04-06"]


@pytest.mark.parametrize(
    ("replacement", "message"),
    [
        pytest.param(
            "  count_from: delivery\n  holidays: [2026-04-03]\n",
            "holidays only move a period's end with next_working_day: true",
            id="holidays without the rule",
        ),
        pytest.param(
            "  count_from: delivery\n  next_working_day: true\n  holidays: [Easter]\n",
            "expected a date written as YYYY-MM-DD",
            id="not a date",
        ),
        pytest.param(
            "  count_from: delivery\n  next_working_day: yes please\n",
            "expected true or false",
            id="not a switch",
        ),
    ],
)
def test_calendar_mistakes_stop_the_load(tmp_path, replacement, message):
    with pytest.raises(PolicyError, match="windows") as error:
        policy_variant(tmp_path, replace=[("  count_from: delivery\n", replacement)])
    assert message in str(error.value)
