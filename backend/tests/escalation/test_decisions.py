"""Deciding a return on a case, notes, the authority matrix, and the timeline CSV."""

from __future__ import annotations

import csv
import io

import pytest

from ..factories import create_order, line, post_return, verify
from ..staff_helpers import make_staff, staff_client


@pytest.fixture
def review_case(api, session):
    """A return in review that opened a case by itself; answers (reference, rma number)."""
    create_order(api, lines=[line(name="Espresso machine", category="home", unit_price_minor=64900)])
    created = post_return(api, verify(api, conversation="chat-7"), conversation_id="chat-7")
    assert created.json()["status"] == "pending_review", created.text
    return created.json()["escalation"]["reference"], created.json()["rma_number"]


def agent(session, base_url, username, role):
    make_staff(session, username, role, display_name=username.title())
    return staff_client(base_url, username)


def rma_status(api, rma_number):
    return api.get(f"/returns/{rma_number}", headers=verify(api)).json()["status"]


def test_an_agent_approves_the_return_and_the_customer_is_told(api, session, base_url, review_case, fake_chat):
    reference, rma_number = review_case
    with agent(session, base_url, "alice", "agent") as alice:
        alice.post(f"/cases/{reference}/take")
        decided = alice.post(f"/cases/{reference}/return-decision", json={"decision": "approve", "note": "looks fine"})
        assert decided.status_code == 200, decided.text
        assert decided.json()["notice"] is None
        assert rma_status(api, rma_number) == "approved"
        said = [call for call in fake_chat.calls if call[0] == "say"]
        assert said and f"your return {rma_number} has been approved" in said[-1][2]
        page = alice.get(f"/cases/{reference}").json()
        assert page["rma"]["status"] == "approved"
        assert "case.return_approved" in [e["kind"] for e in page["timeline"]]
        again = alice.post(f"/cases/{reference}/return-decision", json={"decision": "reject"})
        assert again.status_code == 409 and "not waiting for review" in again.json()["detail"]


def test_a_rejection_stands_even_when_the_chat_is_down_and_says_who_was_not_told(
    api, session, base_url, review_case, fake_chat
):
    reference, rma_number = review_case
    with agent(session, base_url, "alice", "agent") as alice:
        alice.post(f"/cases/{reference}/take")
        fake_chat.down = True
        decided = alice.post(f"/cases/{reference}/return-decision", json={"decision": "reject", "note": "Used item."})
        assert decided.status_code == 200 and "was not told" in decided.json()["notice"]
        assert rma_status(api, rma_number) == "rejected"


def test_beyond_authority_is_refused_with_a_sentence_and_recorded(api, session, base_url, review_case, fake_chat):
    reference, rma_number = review_case
    with agent(session, base_url, "wendy", "warehouse") as wendy:
        refused = wendy.post(f"/cases/{reference}/return-decision", json={"decision": "approve"})
        assert refused.status_code == 403
        assert refused.json()["detail"] == "your role (warehouse) may not approve return"
        assert wendy.post(f"/cases/{reference}/notes", json={"text": "Box arrived dented"}).status_code == 201
        exchange = wendy.post(f"/cases/{reference}/notes", json={"text": "Swap size", "action": "exchange"})
        assert exchange.status_code == 403 and "may not exchange" in exchange.json()["detail"]
    assert rma_status(api, rma_number) == "pending_review"
    with agent(session, base_url, "sue", "supervisor") as sue:
        kinds = [e["kind"] for e in sue.get(f"/cases/{reference}").json()["timeline"]]
    assert kinds == ["case.opened", "authority.refused", "case.note", "authority.refused"]


def test_a_case_without_a_return_has_nothing_to_decide(api, session, base_url, fake_chat):
    from ..factories import SHOP

    reference = api.post("/escalations", json={"conversation_id": "c"}, headers=SHOP).json()["reference"]
    with agent(session, base_url, "alice", "agent") as alice:
        alice.post(f"/cases/{reference}/take")
        answer = alice.post(f"/cases/{reference}/return-decision", json={"decision": "approve"})
        assert answer.status_code == 409 and "has no return" in answer.json()["detail"]
        bad = alice.post(f"/cases/{reference}/return-decision", json={"decision": "maybe"})
        assert bad.status_code == 422 and "decision" in bad.json()["detail"]


def test_the_timeline_exports_as_csv_with_formulas_defused(api, session, base_url, review_case, fake_chat):
    reference, _ = review_case
    with agent(session, base_url, "alice", "agent") as alice:
        alice.post(f"/cases/{reference}/notes", json={"text": "ok"})
        alice.post(f"/cases/{reference}/take")
        alice.post(f"/cases/{reference}/close", json={"note": "done"})
        exported = alice.get(f"/cases/{reference}/timeline.csv")
    assert exported.status_code == 200 and exported.headers["content-type"].startswith("text/csv")
    assert f'filename="{reference}-timeline.csv"' in exported.headers["content-disposition"]
    rows = list(csv.reader(io.StringIO(exported.text)))
    assert rows[0][:5] == ["id", "at", "kind", "actor", "role"] and rows[0][-1] == "description"
    assert [row[2] for row in rows[1:]] == ["case.opened", "case.note", "case.taken", "case.closed"]
    assert rows[2][3] == "staff:alice" and rows[2][4] == "agent" and rows[2][6] == reference


@pytest.mark.parametrize(
    ("value", "cell"),
    [
        pytest.param("=HYPERLINK(1)", "'=HYPERLINK(1)", id="equals"),
        pytest.param("+1", "'+1", id="plus"),
        pytest.param("-2+3", "'-2+3", id="minus"),
        pytest.param("@SUM(A1)", "'@SUM(A1)", id="at"),
        pytest.param("\tx", "'\tx", id="tab"),
        pytest.param("Alice noted: =1", "Alice noted: =1", id="not at the start"),
        pytest.param(None, "", id="empty"),
    ],
)
def test_csv_cells_that_start_a_formula_are_escaped(value, cell):
    from returndesk.kit.csv import safe_cell

    assert safe_cell(value) == cell
