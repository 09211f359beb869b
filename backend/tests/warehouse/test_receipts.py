"""Scan to receive: the whole parcel, part of it, and every parcel the station must refuse."""

from __future__ import annotations

import threading

import pytest
from sqlalchemy import select

from ..factories import line
from .helpers import force_status, new_return


@pytest.fixture
def station(signed_in):
    return signed_in("wim", "warehouse")


def test_a_scanned_parcel_is_received_with_every_unit(api, station, session):
    rma = new_return(api)
    scanned = rma["rma_number"].replace("-", "").lower()  # a scanner may type it without hyphens

    answer = station.post("/warehouse/receipts", json={"rma_number": scanned})

    assert answer.status_code == 201, answer.text
    body = answer.json()
    assert body["status"] == "received"
    assert body["partial"] is False
    assert body["received_by"] == "staff:wim"
    assert [(x["line_no"], x["quantity_expected"], x["quantity_received"]) for x in body["lines"]] == [(1, 2, 2)]
    assert [i["id"] for i in body["lines"][0]["checklist"]][:2] == ["tags_attached", "no_stains"]

    from returndesk.models import AuditEvent, NotificationOutbox, RmaEvent

    kinds = session.scalars(select(AuditEvent.kind)).all()
    assert "warehouse.received" in kinds
    assert session.scalars(select(RmaEvent.to_status).order_by(RmaEvent.id.desc())).first() == "received"
    assert "received" in session.scalars(select(NotificationOutbox.event)).all()


def test_a_partial_receipt_keeps_what_arrived_per_line(api, station, session):
    rma = new_return(
        api,
        lines=[line(quantity=2), line(line_no=2, sku="AP-TEE", name="T-shirt", quantity=1)],
        returned=[
            {"line_no": 1, "quantity": 2, "reason": "size_too_small"},
            {"line_no": 2, "quantity": 1, "reason": "changed_mind"},
        ],
    )
    answer = station.post(
        "/warehouse/receipts", json={"rma_number": rma["rma_number"], "lines": [{"line_no": 1, "quantity": 1}]}
    )

    assert answer.status_code == 201, answer.text
    body = answer.json()
    assert body["partial"] is True
    assert [(x["line_no"], x["quantity_received"]) for x in body["lines"]] == [(1, 1), (2, 0)]
    from returndesk.models import AuditEvent

    described = session.scalars(select(AuditEvent.description).where(AuditEvent.kind == "warehouse.received")).one()
    assert "1 of 3 units" in described and "missing line 1: 1 of 2, line 2: 0 of 1" in described


@pytest.mark.parametrize(
    ("lines", "says"),
    [
        pytest.param([{"line_no": 1, "quantity": 3}], "expects 2", id="more-than-expected"),
        pytest.param([{"line_no": 7, "quantity": 1}], "line 7 is not part of return", id="unknown-line"),
        pytest.param([{"line_no": 1, "quantity": 0}], "nothing arrived", id="nothing"),
        pytest.param([{"line_no": 1, "quantity": 1}, {"line_no": 1, "quantity": 1}], "listed twice", id="twice"),
    ],
)
def test_impossible_counts_are_refused_with_what_to_fix(api, station, lines, says):
    rma = new_return(api)
    answer = station.post("/warehouse/receipts", json={"rma_number": rma["rma_number"], "lines": lines})
    assert answer.status_code == 422, answer.text
    assert answer.headers["content-type"].startswith("application/problem+json")
    assert says in answer.json()["detail"]
    assert station.get(f"/warehouse/rmas/{rma['rma_number']}").json()["status"] == "approved"


def test_an_unknown_or_mistyped_number_is_refused(api, station):
    mistyped = station.post("/warehouse/receipts", json={"rma_number": "RMA-0000-0000-0001"})
    assert mistyped.status_code == 422
    assert "scan the label again" in mistyped.json()["detail"]
    from returndesk.models.rma_number import format_rma_number, issue_rma_number

    unknown = station.post("/warehouse/receipts", json={"rma_number": format_rma_number(issue_rma_number())})
    assert unknown.status_code == 404
    assert "there is no return" in unknown.json()["detail"]


@pytest.mark.parametrize(
    ("status", "code", "says"),
    [
        pytest.param("cancelled", 409, "was cancelled; do not accept", id="cancelled"),
        pytest.param("rejected", 409, "was rejected; do not accept", id="rejected"),
        pytest.param("pending_review", 409, "is not approved yet (it is pending review)", id="pending-review"),
        pytest.param("requested", 409, "is not approved yet", id="requested"),
        pytest.param("inspected", 409, "was already received", id="inspected"),
    ],
)
def test_parcels_the_station_must_not_receive(api, station, session, status, code, says):
    rma = new_return(api)
    force_status(session, rma["rma_number"], status)
    answer = station.post("/warehouse/receipts", json={"rma_number": rma["rma_number"]})
    assert answer.status_code == code, answer.text
    assert says in answer.json()["detail"]


def test_a_second_scan_says_who_received_it(api, station):
    rma = new_return(api)
    assert station.post("/warehouse/receipts", json={"rma_number": rma["rma_number"]}).status_code == 201
    again = station.post("/warehouse/receipts", json={"rma_number": rma["rma_number"]})
    assert again.status_code == 409
    assert "already received on" in again.json()["detail"] and "by staff:wim" in again.json()["detail"]


def test_an_in_transit_parcel_is_received(api, station, session):
    rma = new_return(api)
    force_status(session, rma["rma_number"], "in_transit")
    assert station.post("/warehouse/receipts", json={"rma_number": rma["rma_number"]}).status_code == 201


def test_two_stations_scanning_at_once_receive_it_once(api, signed_in, session):
    rma = new_return(api)
    stations = [signed_in("wim", "warehouse"), signed_in("sofia", "supervisor")]
    barrier = threading.Barrier(len(stations))
    answers = [None] * len(stations)

    def scan(index: int) -> None:
        barrier.wait()
        answers[index] = stations[index].post("/warehouse/receipts", json={"rma_number": rma["rma_number"]})

    threads = [threading.Thread(target=scan, args=(i,)) for i in range(len(stations))]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()

    assert sorted(a.status_code for a in answers) == [201, 409]
    loser = next(a for a in answers if a.status_code == 409)
    assert "already received" in loser.json()["detail"] or "is now received" in loser.json()["detail"]
    from returndesk.models import RmaEvent, WarehouseReceipt

    session.expire_all()
    assert len(session.scalars(select(WarehouseReceipt)).all()) == 1
    assert session.scalars(select(RmaEvent.to_status)).all().count("received") == 1


def test_only_the_warehouse_and_its_stand_ins_may_receive(api, signed_in):
    rma = new_return(api)
    agent = signed_in("alice", "agent")
    answer = agent.post("/warehouse/receipts", json={"rma_number": rma["rma_number"]})
    assert answer.status_code == 403
    assert "needs the warehouse or supervisor or admin role" in answer.json()["detail"]
    assert api.post("/warehouse/receipts", json={"rma_number": rma["rma_number"]}).status_code == 401
