"""Stored orders in the shop's calendar: delivery day and "today" in the policy's time zone,
and a window that waits for the delivery (returnable-items and the facts behind decisions)."""

from __future__ import annotations

from datetime import UTC, date, datetime

import pytest

from returndesk.order.service import load_order
from returndesk.policy import load_policy
from returndesk.returns.service import returnable_items
from returndesk.rma import facts

from ..factories import SHOP, create_order, order_payload, verify
from ..policy.policy_factories import POLICY_DIR

SIGNED_FOR = datetime(2026, 3, 1, 16, 30, tzinfo=UTC)  # 00:30 on 2 March in Beijing


@pytest.fixture
def china_order(api, session):
    payload = order_payload(currency="CNY")
    payload |= {"placed_at": "2026-02-27T02:00:00+00:00", "delivered_at": SIGNED_FOR.isoformat()}
    assert api.post("/orders", json=payload, headers=SHOP).status_code == 201
    return load_order(session, "A1001")


@pytest.fixture
def china_policy():
    return load_policy(POLICY_DIR / "china_online.yml")


def test_the_delivery_day_is_the_shops_day(session, china_order, china_policy):
    purchase = facts.purchase_facts(session, china_order, china_policy)
    assert purchase.delivered_on == date(2026, 3, 2)  # the UTC date would be 1 March: a day lost
    assert purchase.placed_on == date(2026, 2, 27)


@pytest.mark.parametrize(
    ("now", "eligible"),
    [
        pytest.param(datetime(2026, 3, 9, 15, 59, tzinfo=UTC), True, id="23:59 on day 7 in Beijing: still in"),
        pytest.param(datetime(2026, 3, 9, 16, 0, tzinfo=UTC), False, id="midnight in Beijing: the window closed"),
    ],
)
def test_the_window_ends_at_the_end_of_the_shops_last_day(
    session, china_order, china_policy, monkeypatch, now, eligible
):
    monkeypatch.setattr(facts, "utcnow", lambda: now)
    [item] = returnable_items(session, china_policy, china_order).items
    assert item.window_end == date(2026, 3, 9)
    assert item.window_closes_at == datetime(2026, 3, 9, 16, 0, tzinfo=UTC)
    assert item.eligible is eligible


def test_an_undelivered_order_waits_for_its_window(api):
    create_order(api, delivered_days_ago=None, placed_days_before_delivery=45)
    response = api.get("/orders/A1001/returnable-items", headers=verify(api))
    assert response.status_code == 200, response.text
    [item] = response.json()["items"]
    assert item["eligible"] and item["awaiting_delivery"]
    assert item["window_end"] is None and item["window_closes_at"] is None
    assert [e["rule_id"] for e in item["explanations"]] == ["window.not_started"]
