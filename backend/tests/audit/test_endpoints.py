"""The audit log read side over real HTTP: filters, CSV safe for spreadsheets, role changes audited."""

from __future__ import annotations

import csv
import io
from datetime import UTC, datetime

import pytest

from returndesk.audit_log.export import events_csv
from returndesk.audit_log.service import Row
from returndesk.kit.csv import safe_cell
from returndesk.models import AuditEvent

from ..factories import create_order, line
from ..ledger.helpers import Db, book, open_case


@pytest.fixture
def alice(signed_in):
    return signed_in("alice", "agent", display_name="Alice")


@pytest.fixture
def ada(signed_in):
    return signed_in("ada", "admin", display_name="Ada")


def rows_of(text: str) -> list[list[str]]:
    return list(csv.reader(io.StringIO(text)))


@pytest.mark.parametrize(
    ("cell", "written"),
    [
        pytest.param('=HYPERLINK("http://x")', '\'=HYPERLINK("http://x")', id="formula"),
        pytest.param("+1", "'+1", id="plus"),
        pytest.param("-2+3", "'-2+3", id="minus"),
        pytest.param("@SUM(A1)", "'@SUM(A1)", id="at"),
        pytest.param("\tcmd", "'\tcmd", id="tab"),
        pytest.param("staff:alice", "staff:alice", id="plain"),
        pytest.param(None, "", id="empty"),
    ],
)
def test_cells_a_spreadsheet_would_run_are_written_as_text(cell, written) -> None:
    assert safe_cell(cell) == written


def test_the_csv_has_a_header_and_one_row_per_event() -> None:
    at = datetime(2026, 11, 26, 12, 0, tzinfo=UTC)
    row = Row(1, at, "ledger.refund", "staff:alice", "agent", "A1001", "ESC-1", None, 3, "=2+2 refunded", {})
    assert rows_of(events_csv([row])) == [
        ["id", "at", "kind", "actor", "role", "order_number", "escalation", "rma_number", "description"],
        ["1", at.isoformat(), "ledger.refund", "staff:alice", "agent", "A1001", "ESC-1", "", "'=2+2 refunded"],
    ]


def test_events_are_listed_by_order_case_and_kind(api, alice, session, no_rasa) -> None:
    create_order(api, lines=[line(unit_price_minor=20000)])
    create_order(api, number="B2002")
    case = open_case(session)
    assert book(alice, amount_minor=5000, escalation_reference=case.reference).status_code == 201
    assert book(alice, amount_minor=15000).status_code == 202
    assert book(alice, order_number="B2002", kind="coupon", amount_minor=500).status_code == 201

    everything = alice.get("/audit-events").json()["events"]
    kinds = ["ledger.refund", "customer.not_notified", "approval.requested", "ledger.coupon"]
    assert [event["kind"] for event in everything] == kinds
    on_case = alice.get("/audit-events", params={"escalation": case.reference}).json()["events"]
    assert [event["kind"] for event in on_case] == ["ledger.refund", "customer.not_notified"]
    assert {event["escalation_reference"] for event in on_case} == {case.reference}
    money = alice.get("/audit-events", params={"kind": "ledger", "order_number": "a1001"}).json()["events"]
    assert [(event["kind"], event["order_number"]) for event in money] == [("ledger.refund", "A1001")]
    assert (
        alice.get("/audit-events", params={"kind": "approval.requested"}).json()["events"][0]["data"]["required_role"]
        == "senior_agent"
    )


def test_csv_by_accept_header_or_format_with_formulas_defused(api, alice, session) -> None:
    create_order(api)
    case = open_case(session)
    session.add(
        AuditEvent(
            kind="case.note",
            actor="staff:alice",
            role="agent",
            escalation_id=case.id,
            description='=HYPERLINK("http://evil.example","click")',
            data={},
        )
    )
    session.commit()
    by_header = alice.get("/audit-events", params={"escalation": case.reference}, headers={"Accept": "text/csv"})
    by_query = alice.get("/audit-events", params={"escalation": case.reference, "format": "csv"})
    for answer in (by_header, by_query):
        assert answer.status_code == 200
        assert answer.headers["content-type"].startswith("text/csv")
        assert f'filename="audit-events-{case.reference}.csv"' in answer.headers["content-disposition"]
        header, row = rows_of(answer.text)
        assert header[:3] == ["id", "at", "kind"]
        assert row[2:] == [
            "case.note",
            "staff:alice",
            "agent",
            "",
            case.reference,
            "",
            '\'=HYPERLINK("http://evil.example","click")',
        ]


def test_the_audit_log_needs_a_signed_in_person_and_known_filters(api, alice) -> None:
    assert api.get("/audit-events").status_code == 401
    missing = alice.get("/audit-events", params={"order_number": "NOPE1"})
    assert (missing.status_code, missing.json()["detail"]) == (404, "there is no order NOPE1")
    assert alice.get("/audit-events", params={"escalation": "ESC-NOPE"}).status_code == 404
    assert alice.get("/audit-events", params={"format": "xml"}).status_code == 422
    assert alice.get("/audit-events", params={"limit": 0}).status_code == 422


def test_the_warehouse_does_not_read_the_audit_log(signed_in) -> None:
    refused = signed_in("wim", "warehouse").get("/audit-events", params={"format": "csv"})
    assert refused.status_code == 403
    assert refused.json()["detail"] == (
        "this needs the agent or senior agent or supervisor or admin role; you are signed in as warehouse"
    )


def test_an_admin_changes_a_role_and_it_is_audited(api, alice, ada, db: Db) -> None:
    answer = ada.patch("/staff/users/alice", json={"role": "senior_agent"})
    assert answer.status_code == 200, answer.text
    assert answer.json()["role"] == "senior_agent"
    [event] = db.audit("staff.role_changed")
    assert (event.actor, event.role, event.data) == (
        "staff:ada",
        "admin",
        {"username": "alice", "from": "agent", "to": "senior_agent"},
    )
    listed = ada.get("/audit-events", params={"kind": "staff"}).json()["events"]
    assert [event["description"] for event in listed] == ["staff:ada changed alice's role from agent to senior_agent"]
    assert alice.get("/staff/me").json()["user"]["role"] == "senior_agent"


def test_role_changes_are_refused_with_a_reason(api, alice, ada, db: Db) -> None:
    not_admin = alice.patch("/staff/users/ada", json={"role": "agent"})
    assert (not_admin.status_code, not_admin.json()["detail"]) == (
        403,
        "this needs the admin role; you are signed in as agent",
    )
    own = ada.patch("/staff/users/ada", json={"role": "agent"})
    assert (own.status_code, own.json()["detail"]) == (409, "you cannot change your own role; ask another admin")
    unknown = ada.patch("/staff/users/alice", json={"role": "bot"})
    assert unknown.status_code == 422 and "is not a staff role" in unknown.json()["detail"]
    assert ada.patch("/staff/users/nobody", json={"role": "agent"}).status_code == 404
    assert ada.patch("/staff/users/alice", json={"role": "agent", "extra": 1}).status_code == 422
    assert db.audit("staff.role_changed") == []
