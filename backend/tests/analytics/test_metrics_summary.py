"""The rest of GET /analytics/summary over HTTP: cycle times, refund SLA and return costs.

The policy in force is policies/default.yml: label 4.95, handling 3.00, outbound shipping 4.95,
goods cost 55 %, recovery 70 % by default (home has no entry of its own).
"""

from __future__ import annotations

import pytest

from .metrics_data import RANGE, reference_history, rollups_as


@pytest.fixture(params=["live", "rollup"])
def analyst(request, session, signed_in, engine):
    """A supervisor looking at `reference_history`: computed live, and from the PostgreSQL rollups."""
    reference_history(session)
    with rollups_as(request.param, engine):
        yield signed_in("sue", "supervisor")


def test_cycle_time_percentiles_per_stage(analyst):
    stages = analyst.get("/analytics/summary", params=RANGE).json()["cycle_times"]

    # Request -> approval: R1 2h, R3 1h, R4 4h (R5's 100h is outside the range, R2 was rejected).
    # Sorted 1, 2, 4: p50 = 2; p90 at rank 1.8 = 2 + 0.8 * 2 = 3.6; p95 at rank 1.9 = 3.8.
    # Approval -> receipt: R3 48h, R1 72h: p50 = 60, p90 = 48 + 0.9 * 24 = 69.6, p95 = 70.8.
    # Receipt -> refund: R1 only, 24h (R3 is still received).
    assert stages == [
        {"stage": "request_to_approval", "count": 3, "p50_hours": 2.0, "p90_hours": 3.6, "p95_hours": 3.8},
        {"stage": "approval_to_receipt", "count": 2, "p50_hours": 60.0, "p90_hours": 69.6, "p95_hours": 70.8},
        {"stage": "receipt_to_refund", "count": 1, "p50_hours": 24.0, "p90_hours": 24.0, "p95_hours": 24.0},
    ]


def test_refund_sla_counts_late_and_open_overdue_refunds_as_misses(analyst):
    sla = analyst.get("/analytics/summary", params=RANGE).json()["refund_sla"]

    # R1's refund settled 4 days early, R3's 2 days late, R4's is pending since 2026-10-15 and
    # R1's second one is not due before 2099; R5's late refund belongs to an August order.
    assert sla == {"refunds": 4, "on_time": 1, "late": 1, "open_overdue": 1, "compliance": 0.3333}


def test_costs_follow_the_policy_cost_model(analyst):
    costs = analyst.get("/analytics/summary", params=RANGE).json()["costs"]

    # Shipping: R1's label (shop pays, sent back) 4.95 + R3's exchange item sent out 4.95; R3's
    # label is the customer's and R4's (carrier's fault) was not used yet.
    # Handling: R1 and R3 received, 2 x 3.00. Loss: R1's shirt resalable 0; R3's 2 lamps
    # refurbishable, 30 % of 50.00 = 15.00; R1's shoes unsellable, 55 % of 100.00 = 55.00.
    # Compensation: refund 8.00 (O2) + store credit 5.00 (O3) without a return; R3's credit is
    # the return's. Coupons: 10.00 (O1; O4's is outside). Avoided: accepted offer 12.00 - 8.00.
    assert costs == {
        "shipping": "9.90",
        "handling": "6.00",
        "loss_by_grade": {"resalable": "0.00", "refurbishable": "15.00", "unsellable": "55.00"},
        "compensation": "13.00",
        "coupons": "10.00",
        "total": "108.90",
        "avoided_by_keep_item": "4.00",
    }


def test_costs_of_one_category(analyst):
    body = analyst.get("/analytics/summary", params=RANGE | {"category": "shoes"}).json()

    # Only R1 holds a shoes line: its label and handling, and the unsellable shoes.
    assert body["costs"] == {
        "shipping": "4.95",
        "handling": "3.00",
        "loss_by_grade": {"resalable": "0.00", "refurbishable": "0.00", "unsellable": "55.00"},
        "compensation": "0.00",
        "coupons": "0.00",
        "total": "62.95",
        "avoided_by_keep_item": "0.00",
    }
    assert [stage["count"] for stage in body["cycle_times"]] == [1, 1, 1]
    # R1's second refund (the shoes line) is not due yet; its first is on the shirt line.
    assert body["refund_sla"] == {"refunds": 1, "on_time": 0, "late": 0, "open_overdue": 0, "compliance": None}


def test_an_empty_range_has_no_percentiles(analyst):
    body = analyst.get("/analytics/summary", params={"from": "2025-01-01", "to": "2025-01-31"}).json()

    assert body["cycle_times"][0] == {
        "stage": "request_to_approval",
        "count": 0,
        "p50_hours": None,
        "p90_hours": None,
        "p95_hours": None,
    }
    assert body["refund_sla"]["compliance"] is None
    assert body["costs"]["total"] == "0.00"
