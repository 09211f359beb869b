"""Who an approval request goes to: the lowest role, in the matrix's order, whose limits cover it."""

from __future__ import annotations

from pathlib import Path

import pytest

from returndesk.approval.service import covering_role
from returndesk.authority import load_authority

MATRIX = load_authority(Path(__file__).resolve().parents[2] / "authority" / "default.yml")


@pytest.mark.parametrize(
    ("kind", "amount_minor", "on_case", "role"),
    [
        pytest.param("refund", 10000, 0, "agent", id="within an agent's limit (a daily total refusal)"),
        pytest.param("refund", 15000, 0, "senior_agent", id="above an agent's 100.00"),
        pytest.param("refund", 40000, 20000, "supervisor", id="the case's earlier refunds count"),
        pytest.param("store_credit", 250000, 0, "supervisor", id="store credit counts as a refund, at the limit"),
        pytest.param("coupon", 5001, 0, "supervisor", id="coupons have their own limits"),
        pytest.param("refund", 250001, 0, "admin", id="above every limit but the admin's"),
    ],
)
def test_the_request_goes_to_the_lowest_role_that_covers_it(kind, amount_minor, on_case, role) -> None:
    assert covering_role(MATRIX, kind, amount_minor, on_case, "EUR") == role


def test_no_role_covers_an_amount_in_another_currency() -> None:
    assert covering_role(MATRIX, "refund", 100, 0, "USD") is None
