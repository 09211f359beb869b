"""A refund that failed for good is a customer owed money: its case starts high (payment/failed.py)."""

from __future__ import annotations

import pytest

from returndesk.escalation.priority import case_priority


@pytest.mark.parametrize(
    ("tier", "expected"),
    [
        pytest.param(None, "high", id="high from the start"),
        pytest.param("gold", "urgent", id="a gold customer raises it to urgent"),
    ],
)
def test_a_failed_refund_starts_high(tier, expected):
    priority = case_priority("refund_failed", order_value_minor=5990, high_value_minor=50000, tier=tier)
    assert priority == expected
