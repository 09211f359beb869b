"""Priority, SLA and staffed hours: pure functions, table-driven."""

from __future__ import annotations

import typing
from datetime import UTC, datetime

import pytest

from returndesk.escalation.hours import describe_opening
from returndesk.escalation.priority import STARTING_PRIORITY, case_priority, due_at, sla_minutes
from returndesk.escalation.schemas import Trigger
from returndesk.kit.hours import StaffedHoursError, parse_staffed_hours

LIMIT = 50000  # 500.00, the demo policy's review threshold


@pytest.mark.parametrize(
    ("trigger", "value", "tier", "rules", "expected"),
    [
        pytest.param("customer_request", 5990, "guest", [], "normal", id="asked for a person"),
        pytest.param("repeated_fallback", 5990, "guest", [], "high", id="bot kept misunderstanding"),
        pytest.param("service_down", None, None, [], "high", id="our outage"),
        pytest.param("policy_review", 5990, "guest", [], "low", id="parked for review"),
        pytest.param("evidence_missing", 5990, "guest", [], "low", id="waiting for photos"),
        pytest.param("policy_review", 60000, "guest", [], "normal", id="review above the value threshold"),
        pytest.param("high_value", 60000, "guest", ["review.high_value"], "high", id="high value rule"),
        pytest.param("policy_review", 5990, "gold", [], "normal", id="gold customer raises"),
        pytest.param("repeated_fallback", 60000, "gold", [], "urgent", id="frustrated gold at high value"),
        pytest.param("service_down", 90000, "gold", [], "urgent", id="never above urgent"),
        pytest.param("policy_review", 5990, "guest", ["review.evidence_suspect"], "low", id="fraud signal: no rush"),
        pytest.param("customer_request", LIMIT, "silver", [], "normal", id="exactly at the threshold"),
    ],
)
def test_priority(trigger, value, tier, rules, expected):
    got = case_priority(trigger, order_value_minor=value, high_value_minor=LIMIT, tier=tier, review_rule_ids=rules)
    assert got == expected


def test_every_trigger_has_a_starting_priority_of_its_own():
    """A trigger missing from the table would silently start at the default."""
    assert set(typing.get_args(Trigger)) == set(STARTING_PRIORITY)


def test_sla_is_shorter_the_more_urgent_and_email_counts_from_opening():
    assert [sla_minutes(p, "live") for p in ("urgent", "high", "normal", "low")] == sorted(
        sla_minutes(p, "live") for p in ("urgent", "high", "normal", "low")
    )
    opened = datetime(2026, 11, 28, 20, 0, tzinfo=UTC)  # Saturday evening
    monday = datetime(2026, 11, 30, 8, 0, tzinfo=UTC)
    assert due_at("high", "live", opened_at=opened, desk_opens_at=opened) == datetime(2026, 11, 28, 20, 15, tzinfo=UTC)
    assert due_at("high", "email", opened_at=opened, desk_opens_at=monday) == datetime(2026, 11, 30, 12, 0, tzinfo=UTC)


BERLIN_WEEKDAYS = "mon-fri 08:00-18:00; sat 10:00-14:00"


@pytest.mark.parametrize(
    ("at", "staffed", "opens"),
    [
        # 26 Nov 2026 is a Thursday; Berlin is UTC+1 in November.
        pytest.param("2026-11-26T07:30:00+00:00", True, "2026-11-26T07:30:00+00:00", id="thursday 08:30 Berlin"),
        pytest.param("2026-11-26T06:59:00+00:00", False, "2026-11-26T07:00:00+00:00", id="just before opening"),
        pytest.param("2026-11-26T17:00:00+00:00", False, "2026-11-27T07:00:00+00:00", id="at closing time"),
        pytest.param("2026-11-28T12:00:00+00:00", True, "2026-11-28T12:00:00+00:00", id="saturday 13:00"),
        pytest.param("2026-11-28T13:00:00+00:00", False, "2026-11-30T07:00:00+00:00", id="saturday after 14:00"),
        pytest.param("2026-11-29T12:00:00+00:00", False, "2026-11-30T07:00:00+00:00", id="sunday"),
        pytest.param("2026-07-01T06:30:00+00:00", True, "2026-07-01T06:30:00+00:00", id="summer time 08:30"),
    ],
)
def test_staffed_hours_in_the_desk_time_zone(at, staffed, opens):
    hours = parse_staffed_hours(BERLIN_WEEKDAYS, "Europe/Berlin")
    moment = datetime.fromisoformat(at)
    assert hours.is_staffed(moment) is staffed
    assert hours.next_opening(moment) == datetime.fromisoformat(opens)


def test_always_is_always_staffed_and_the_opening_reads_like_a_sentence():
    assert parse_staffed_hours("always", "UTC").is_staffed(datetime(2026, 11, 29, 3, 0, tzinfo=UTC))
    hours = parse_staffed_hours("mon-fri 08:00-18:00", "Europe/Berlin")
    friday_night = datetime(2026, 11, 27, 20, 0, tzinfo=UTC)
    assert describe_opening(hours, friday_night) == "Monday at 08:00 (Europe/Berlin time)"


@pytest.mark.parametrize(
    ("spec", "zone", "fragment"),
    [
        pytest.param("", "UTC", "empty", id="empty"),
        pytest.param("weekdays 8-18", "UTC", "cannot read", id="free text"),
        pytest.param("mon-fri 18:00-08:00", "UTC", "not after the start", id="backwards times"),
        pytest.param("fri-mon 08:00-18:00", "UTC", "runs backwards", id="backwards days"),
        pytest.param("mon-fry 08:00-18:00", "UTC", "not a day", id="typo in a day"),
        pytest.param("mon 25:00-26:00", "UTC", "not a time of day", id="hour 25"),
        pytest.param("always", "Europe/Berlinn", "IANA", id="unknown zone"),
    ],
)
def test_bad_staffed_hours_are_refused_with_a_sentence(spec, zone, fragment):
    with pytest.raises(StaffedHoursError, match=fragment):
        parse_staffed_hours(spec, zone)


def test_the_service_refuses_to_start_with_bad_hours(monkeypatch):
    from returndesk.config import Settings

    monkeypatch.setenv("RETURNDESK_STAFFED_HOURS", "mon-fri 9-5")
    with pytest.raises(ValueError, match="RETURNDESK_STAFFED_HOURS"):
        Settings()
