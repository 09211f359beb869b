"""Which steps the return page offers: the return's stage and the role's actions in the authority file."""

from __future__ import annotations

from types import SimpleNamespace

import pytest

from returndesk.authority.loader import load_authority
from returndesk.desk.return_record import actions_for

NO_EXCHANGE = """
authority:
  currency: EUR
roles:
  bot: {actions: [refund], max_refund_per_case: "15.00", max_coupon_per_case: "0.00", daily_total: "100.00"}
  agent:
    actions: [approve_return, refund, note]
    max_refund_per_case: "100.00"
    max_coupon_per_case: "0.00"
    daily_total: "1000.00"
  warehouse: {actions: [note], max_refund_per_case: "0.00", max_coupon_per_case: "0.00", daily_total: "0.00"}
  senior_agent: {actions: [], max_refund_per_case: "0.00", max_coupon_per_case: "0.00", daily_total: "0.00"}
  supervisor: {actions: [], max_refund_per_case: "0.00", max_coupon_per_case: "0.00", daily_total: "0.00"}
  admin: {actions: [], max_refund_per_case: "0.00", max_coupon_per_case: "0.00", daily_total: "0.00"}
"""


@pytest.fixture
def matrix(tmp_path):
    path = tmp_path / "authority.yml"
    path.write_text(NO_EXCHANGE)
    return load_authority(path)


def offered(matrix, role: str, status: str, *, exchanged: bool = False, cases=()) -> set[str]:
    actions = actions_for(
        matrix, SimpleNamespace(role=role), SimpleNamespace(status=status), exchanged=exchanged, cases=list(cases)
    )
    return {name for name, value in actions.items() if value}


@pytest.mark.parametrize(
    ("role", "status", "expected"),
    [
        pytest.param("agent", "inspected", {"refund_full", "refund_partial"}, id="inspected-no-exchange-authority"),
        pytest.param("agent", "pending_review", {"approve", "cancel"}, id="review-approve-not-reject"),
        pytest.param("agent", "approved", {"keep_item", "refund_partial", "cancel", "resend_label"}, id="approved"),
        pytest.param("agent", "resolved", {"refund_partial", "close"}, id="resolved"),
        pytest.param("agent", "closed", set(), id="closed-nothing"),
        pytest.param("warehouse", "inspected", set(), id="warehouse-no-money"),
    ],
)
def test_only_what_the_stage_and_the_role_allow_is_offered(matrix, role, status, expected):
    assert offered(matrix, role, status) == expected


def test_an_exchanged_return_offers_no_second_exchange_or_whole_refund(matrix):
    assert "refund_full" not in offered(matrix, "agent", "inspected", exchanged=True)


def test_a_review_with_an_open_case_is_decided_on_it(matrix):
    case = SimpleNamespace(reference="ESC-AB12", status="live")
    actions = actions_for(
        matrix, SimpleNamespace(role="agent"), SimpleNamespace(status="pending_review"), exchanged=False, cases=[case]
    )
    assert actions["decide_case"] == "ESC-AB12"
