"""Stored orders in the shop's calendar: delivery day and "today" in the policy's time zone."""

from __future__ import annotations

from datetime import UTC, date, datetime

import pytest

from returndesk.policy import load_policy
from returndesk.rma import facts
from returndesk.rma.service import load_order, returnable_items

from ..factories import SHOP, order_payload
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
