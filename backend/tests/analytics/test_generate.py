"""The demo history generator: valid rows the rest of the service reads, the same rows for the
same seed, bulk writes that refuse to run twice, and the planted anomalies really in the data."""

from __future__ import annotations

import itertools
import json
from collections import Counter, defaultdict
from datetime import date
from decimal import Decimal

import pytest
from sqlalchemy import text

from returndesk.config import BACKEND_DIR
from returndesk.kit.money import percent_of
from returndesk.models.rma_number import format_rma_number, parse_rma_number
from returndesk.policy import load_policy
from returndesk.rma.facts import request_from_json
from returndesk.rma.lifecycle import ALLOWED_TRANSITIONS, RmaStatus
from tools.generate.__main__ import main
from tools.generate.run import HistoryAlreadyGenerated, generate

from ..databases import empty_all_tables
from ..factories import SHOP, order_payload

# The generator writes through the engine (a connection of its own) and empties tables between runs.
pytestmark = pytest.mark.own_database

END = date(2026, 11, 26)
# Each return line with the order line and order it came from.
RETURN_LINES = (
    "rma_lines rl JOIN order_lines ol ON ol.id = rl.order_line_id JOIN orders o ON o.id = ol.order_id "
    "JOIN rmas r ON r.id = rl.rma_id"
)


def _rows(engine, sql: str) -> list[tuple]:
    with engine.connect() as connection:
        return [tuple(row) for row in connection.execute(text(sql))]


def _empty(engine) -> None:
    from returndesk.models import Base

    empty_all_tables(engine, [table.name for table in Base.metadata.sorted_tables])


def test_the_same_seed_gives_the_same_history_and_another_seed_another(engine):
    snapshot = f"SELECT o.number, o.carrier, r.number, r.status, rl.reason FROM {RETURN_LINES} ORDER BY r.id, rl.id"
    generate(engine, orders=400, seed=3, end=END)
    first = _rows(engine, snapshot)
    _empty(engine)
    generate(engine, orders=400, seed=3, end=END)
    again = _rows(engine, snapshot)
    _empty(engine)
    generate(engine, orders=400, seed=4, end=END)
    other = _rows(engine, snapshot)
    assert first and first == again
    assert other != first


def test_generated_returns_are_valid_for_the_service(engine, api):
    summary = generate(engine, orders=800, seed=11, end=END)
    assert summary.rows["rma_lines"] > 100

    numbers = [number for (number,) in _rows(engine, "SELECT number FROM rmas")]
    assert all(parse_rma_number(format_rma_number(number)) == number for number in numbers)
    assert len(set(numbers)) == len(numbers)

    # Every return's events follow the lifecycle from 'requested' and end in its status.
    events = defaultdict(list)
    for rma_id, from_status, to_status in _rows(
        engine, "SELECT rma_id, from_status, to_status FROM rma_events ORDER BY id"
    ):
        events[rma_id].append((from_status, to_status))
    for rma_id, status in _rows(engine, "SELECT id, status FROM rmas"):
        chain = events[rma_id]
        assert chain[0] == (None, "requested")
        for (_, previous), (source, target) in itertools.pairwise(chain):
            assert source == previous and RmaStatus(target) in ALLOWED_TRANSITIONS[RmaStatus(previous)]
        assert chain[-1][1] == status

    # A line's refunded amount is what the ledger booked on it; nothing returned beyond what was bought.
    booked = dict(
        _rows(
            engine,
            "SELECT order_line_id, SUM(amount_minor) FROM ledger_entries "
            "WHERE kind IN ('refund', 'store_credit') GROUP BY order_line_id",
        )
    )
    for line_id, refunded in _rows(engine, "SELECT id, refunded_minor FROM order_lines"):
        assert refunded == booked.get(line_id, 0)
    over = _rows(
        engine,
        f"SELECT rl.id FROM {RETURN_LINES} WHERE rl.quantity > ol.quantity",
    )
    assert over == []

    # The customer's own view of a generated return works, and so does a new order (ids moved on).
    from returndesk.auth import issue_order_token
    from returndesk.config import get_settings

    order_number, rma_number = _rows(
        engine,
        "SELECT o.number, r.number FROM rmas r JOIN orders o ON o.id = r.order_id "
        "WHERE r.status = 'closed' ORDER BY r.id LIMIT 1",
    )[0]
    token, _ = issue_order_token(get_settings(), order_number)
    shown = api.get(f"/returns/{format_rma_number(rma_number)}", headers={"Authorization": f"Bearer {token}"})
    assert shown.status_code == 200, shown.text
    assert shown.json()["status"] == "closed"
    assert api.post("/orders", json=order_payload(number="NEW-1"), headers=SHOP).status_code == 201


def test_stored_facts_replay_through_the_service(engine):
    generate(engine, orders=300, seed=5, end=END)
    for (facts_json,) in _rows(engine, "SELECT facts FROM rmas"):
        stored = facts_json if isinstance(facts_json, dict) else json.loads(facts_json)
        request = request_from_json(stored)
        assert request.lines and all(line.quantity > 0 for line in request.lines)


def test_a_second_run_is_refused_unless_appending(engine):
    generate(engine, orders=200, seed=1, end=END)
    with pytest.raises(HistoryAlreadyGenerated, match="--append"):
        generate(engine, orders=200, seed=1, end=END)
    before = _rows(engine, "SELECT COUNT(*) FROM orders")[0][0]
    generate(engine, orders=200, seed=1, end=END, append=True)
    after = _rows(engine, "SELECT COUNT(*), COUNT(DISTINCT number) FROM orders")[0]
    assert after[0] == after[1] > before + 199
    # The serial returners are the same two customers, not new ones.
    assert _rows(engine, "SELECT COUNT(*) FROM customers WHERE email LIKE 'rex.returnwell@%'")[0][0] == 1


def test_the_command_line_writes_into_the_named_database(engine, database_url, capsys):
    assert main(["--orders", "150", "--seed", "2", "--end-date", "2026-11-26", "--database-url", database_url]) == 0
    assert "generated in" in capsys.readouterr().out
    assert main(["--orders", "150", "--database-url", database_url]) == 1
    assert "--append" in capsys.readouterr().err


def test_planted_anomalies_are_in_the_data(engine):
    generate(engine, orders=3000, seed=7, end=END)
    damage = Counter(
        dict(
            _rows(
                engine,
                f"SELECT o.carrier, SUM(rl.quantity) FROM {RETURN_LINES} "
                "WHERE rl.reason = 'damaged_in_transit' GROUP BY o.carrier",
            )
        )
    )
    assert damage.most_common(1)[0][0] == "ParcelFast"
    shoes = dict(
        _rows(
            engine,
            f"SELECT rl.reason LIKE 'size%', SUM(rl.quantity) FROM {RETURN_LINES} "
            "WHERE ol.category = 'shoes' GROUP BY 1",
        )
    )
    assert shoes[True] > 2 * shoes[False]


SHOWCASE = (
    "SELECT o.number, ol.sku, ol.quantity, ol.refunded_minor FROM orders o JOIN order_lines ol ON ol.order_id = o.id "
    "WHERE o.number LIKE 'A10%' ORDER BY o.number, ol.line_no"
)


def test_the_bots_keep_item_offers_follow_the_policy_it_is_given(engine):
    # eu_withdrawal.yml: apparel, beauty and home (not shoes) up to 30.00, refunds of 20% then 35%.
    generate(engine, orders=1500, seed=6, end=END, policy=load_policy(BACKEND_DIR / "policies" / "eu_withdrawal.yml"))
    offers = _rows(
        engine,
        "SELECT ol.category, ol.unit_price_minor * b.quantity, b.rung, b.kind, b.amount_minor "
        "FROM bot_offers b JOIN order_lines ol ON ol.id = b.order_line_id",
    )
    assert len(offers) >= 5
    for category, value, rung, kind, amount in offers:
        assert category in ("apparel", "beauty", "home") and value <= 3000
        assert (kind, amount) == ("refund", percent_of(value, Decimal(20 if rung == 1 else 35)))


def test_make_seed_adds_the_history_once_and_leaves_the_showcase_orders_alone(engine, session, capsys):
    from returndesk.demo.seed import seed
    from tools.generate.demo import ANALYTICS_HISTORY_ORDERS, seed_analytics_history

    seed(session)
    session.commit()
    showcase = _rows(engine, SHOWCASE)
    seed_analytics_history()
    seed_analytics_history()
    assert "already present" in capsys.readouterr().out
    generated = _rows(engine, "SELECT COUNT(*) FROM orders WHERE number LIKE 'H-%'")[0][0]
    assert ANALYTICS_HISTORY_ORDERS <= generated < ANALYTICS_HISTORY_ORDERS + 100  # plus the serial returners'
    assert _rows(engine, SHOWCASE) == showcase
    showcase_returns = "SELECT COUNT(*) FROM rmas r JOIN orders o ON o.id = r.order_id WHERE o.number LIKE 'A10%'"
    assert _rows(engine, showcase_returns) == [(0,)]


def test_the_demo_seed_leaves_the_history_to_the_generator(engine, capsys):
    from returndesk.demo.seed import main as seed_main

    seed_main()

    assert "analytics history" not in capsys.readouterr().out
    assert _rows(engine, "SELECT COUNT(*) FROM orders WHERE number LIKE 'H-%'") == [(0,)]
    assert _rows(engine, "SELECT COUNT(*) FROM orders WHERE number LIKE 'A10%'")[0][0] > 0


def test_scale_mode_aims_at_a_number_of_return_lines(engine, database_url, capsys):
    assert (
        main(["--return-lines", "300", "--seed", "4", "--end-date", "2026-11-26", "--database-url", database_url]) == 0
    )
    lines = _rows(engine, "SELECT COUNT(*) FROM rma_lines")[0][0]
    assert 200 <= lines <= 400  # about the number asked for: the orders are sized by the usual rate
    assert "rma_lines" in capsys.readouterr().out
