"""QC at the bench: every checklist item answered, stock sent on, a finding against the claim flagged."""

from __future__ import annotations

import io

import pytest
from PIL import Image
from sqlalchemy import select

from ..factories import line
from .helpers import APPAREL_CHECKS, ELECTRONICS_CHECKS, force_status, new_return


@pytest.fixture
def station(signed_in):
    return signed_in("wim", "warehouse")


def received(api, station, **kwargs) -> str:
    rma = new_return(api, **kwargs)
    answer = station.post("/warehouse/receipts", json={"rma_number": rma["rma_number"]})
    assert answer.status_code == 201, answer.text
    return rma["rma_number"]


def graded(line_no=1, grade="resalable", disposition="restock", checklist=None, **extra):
    return {"line_no": line_no, "grade": grade, "disposition": disposition, "checklist": checklist, **extra}


def test_a_clean_inspection_restocks_and_records_the_movement(api, station, session):
    number = received(api, station)

    answer = station.post(f"/warehouse/rmas/{number}/inspection", json={"lines": [graded(checklist=APPAREL_CHECKS)]})

    assert answer.status_code == 201, answer.text
    body = answer.json()
    assert body["rma"]["status"] == "inspected"
    assert body["flagged"] is False and body["escalation_reference"] is None
    assert body["movements"] == [{"line_no": 1, "sku": "AP-JEANS-SLIM", "quantity": 2, "disposition": "restock"}]
    assert body["rma"]["lines"][0]["inspection"]["checklist"] == APPAREL_CHECKS
    from returndesk.models import AuditEvent, InventoryMovement, NotificationOutbox

    movement = session.scalars(select(InventoryMovement)).one()
    assert (movement.sku, movement.quantity, movement.grade, movement.disposition) == (
        "AP-JEANS-SLIM",
        2,
        "resalable",
        "restock",
    )
    assert "warehouse.inspected" in session.scalars(select(AuditEvent.kind)).all()
    assert "inspected" in session.scalars(select(NotificationOutbox.event)).all()


def test_a_partial_receipt_is_graded_for_what_arrived_only(api, station):
    rma = new_return(
        api,
        lines=[line(quantity=2), line(line_no=2, sku="AP-TEE", name="T-shirt", quantity=1)],
        returned=[
            {"line_no": 1, "quantity": 2, "reason": "size_too_small"},
            {"line_no": 2, "quantity": 1, "reason": "size_too_large"},
        ],
    )
    number = rma["rma_number"]
    station.post("/warehouse/receipts", json={"rma_number": number, "lines": [{"line_no": 1, "quantity": 1}]})
    both = [graded(checklist=APPAREL_CHECKS), graded(line_no=2, checklist=APPAREL_CHECKS)]
    refused = station.post(f"/warehouse/rmas/{number}/inspection", json={"lines": both})
    assert refused.status_code == 422 and "line 2 did not arrive" in refused.json()["detail"]

    answer = station.post(f"/warehouse/rmas/{number}/inspection", json={"lines": both[:1]})
    assert answer.status_code == 201, answer.text
    assert answer.json()["movements"][0]["quantity"] == 1


@pytest.mark.parametrize(
    ("lines", "says"),
    [
        pytest.param(
            [graded(checklist={"tags_attached": True})],
            "still open: no_stains, not_worn, accessories_complete",
            id="unanswered",
        ),
        pytest.param(
            [graded(checklist={**APPAREL_CHECKS, "powers_on": True})], "powers_on is not on this category", id="unknown"
        ),
        pytest.param(
            [graded(grade="unsellable", checklist=APPAREL_CHECKS)],
            "only a resalable item can be restocked",
            id="restock",
        ),
        pytest.param(
            [graded(checklist=APPAREL_CHECKS, evidence_ids=["ev_nope"])], "is not an inspection photo", id="photo"
        ),
        pytest.param([graded(line_no=4, checklist=APPAREL_CHECKS)], "line 4 is not part of this return", id="line"),
    ],
)
def test_an_incomplete_or_inconsistent_inspection_is_refused(api, station, lines, says):
    number = received(api, station)
    answer = station.post(f"/warehouse/rmas/{number}/inspection", json={"lines": lines})
    assert answer.status_code == 422, answer.text
    assert says in answer.json()["detail"]
    assert station.get(f"/warehouse/rmas/{number}").json()["status"] == "received"


def test_a_bad_grade_is_a_422_naming_the_field(api, station):
    number = received(api, station)
    answer = station.post(
        f"/warehouse/rmas/{number}/inspection", json={"lines": [graded(grade="mint", checklist=APPAREL_CHECKS)]}
    )
    assert answer.status_code == 422
    assert "grade" in answer.text


def test_a_return_not_yet_received_or_already_inspected_is_refused(api, station, session):
    rma = new_return(api)
    number = rma["rma_number"]
    early = station.post(f"/warehouse/rmas/{number}/inspection", json={"lines": [graded(checklist=APPAREL_CHECKS)]})
    assert early.status_code == 409 and "has not been received yet" in early.json()["detail"]
    station.post("/warehouse/receipts", json={"rma_number": number})
    assert (
        station.post(
            f"/warehouse/rmas/{number}/inspection", json={"lines": [graded(checklist=APPAREL_CHECKS)]}
        ).status_code
        == 201
    )
    again = station.post(f"/warehouse/rmas/{number}/inspection", json={"lines": [graded(checklist=APPAREL_CHECKS)]})
    assert again.status_code == 409 and "already inspected" in again.json()["detail"]


def test_claimed_unused_but_tags_missing_is_flagged_to_an_agent(api, station, session, signed_in):
    number = received(api, station)  # returned as "size_too_small": unused
    checks = {**APPAREL_CHECKS, "tags_attached": False}
    answer = station.post(
        f"/warehouse/rmas/{number}/inspection",
        json={"lines": [graded(grade="refurbishable", disposition="repair", checklist=checks)]},
    )

    assert answer.status_code == 201, answer.text
    body = answer.json()
    assert body["flagged"] is True
    assert "signs of use: tags_attached failed" in body["rma"]["qc_mismatch"]
    from returndesk.models import AuditEvent, Escalation

    case = session.scalars(select(Escalation)).one()
    assert (case.reference, case.trigger, case.status) == (body["escalation_reference"], "qc_mismatch", "open")
    assert case.rma_number.replace("-", "") in number.replace("-", "")
    flagged = session.scalars(select(AuditEvent).where(AuditEvent.kind == "warehouse.qc_mismatch")).one()
    assert flagged.escalation_id == case.id and "tags_attached" in flagged.description

    # An agent finds it in the queue, with the finding to weigh.
    alice = signed_in("alice", "agent")
    queue = alice.get("/cases", params={"view": "queue"})
    assert queue.status_code == 200, queue.text
    listed = queue.json()
    listed = listed if isinstance(listed, list) else listed.get("cases") or listed.get("items")
    mine = [c for c in listed if c["reference"] == case.reference]
    assert mine and "does not match the customer's claim" in mine[0]["summary"]


def test_claimed_defective_but_working_and_resalable_is_flagged(api, station, session):
    gadget = line(sku="EL-EARBUDS", name="Earbuds", category="electronics", unit_price_minor=4990)
    rma = new_return(api, lines=[gadget], returned=[{"line_no": 1, "quantity": 1, "reason": "defective"}])
    number = rma["rma_number"]
    if rma["status"] != "approved":
        force_status(session, number, "approved")  # a defect claim may wait for review first
    station.post("/warehouse/receipts", json={"rma_number": number})
    answer = station.post(
        f"/warehouse/rmas/{number}/inspection", json={"lines": [graded(checklist=ELECTRONICS_CHECKS)]}
    )

    assert answer.status_code == 201, answer.text
    assert answer.json()["flagged"] is True
    assert (
        "claimed defective, but graded resalable and passed powers_on, function_test"
        in answer.json()["rma"]["qc_mismatch"]
    )


def test_claimed_defective_and_failing_its_test_is_not_flagged(api, station, session):
    gadget = line(sku="EL-EARBUDS", name="Earbuds", category="electronics", unit_price_minor=4990)
    rma = new_return(api, lines=[gadget], returned=[{"line_no": 1, "quantity": 1, "reason": "defective"}])
    number = rma["rma_number"]
    if rma["status"] != "approved":
        force_status(session, number, "approved")
    station.post("/warehouse/receipts", json={"rma_number": number})
    checks = {**ELECTRONICS_CHECKS, "function_test": False}
    answer = station.post(
        f"/warehouse/rmas/{number}/inspection",
        json={"lines": [graded(grade="refurbishable", disposition="return_to_vendor", checklist=checks)]},
    )
    assert answer.status_code == 201, answer.text
    assert answer.json()["flagged"] is False and answer.json()["rma"]["qc_mismatch"] is None
    from returndesk.models import Escalation

    assert session.scalars(select(Escalation)).all() == []


def _jpeg() -> bytes:
    buffer = io.BytesIO()
    Image.new("RGB", (640, 480), (180, 40, 40)).save(buffer, "JPEG")
    return buffer.getvalue()


def test_inspection_photos_are_evidence_of_the_return(api, station):
    number = received(api, station)
    photo = station.post(f"/warehouse/rmas/{number}/photos", files={"file": ("bench.jpg", _jpeg(), "image/jpeg")})
    assert photo.status_code == 201, photo.text
    evidence_id = photo.json()["evidence_id"]
    thumbnail = httpx_get(photo.json()["thumbnail_url"])
    assert thumbnail.status_code == 200 and thumbnail.headers["content-type"] == "image/jpeg"

    answer = station.post(
        f"/warehouse/rmas/{number}/inspection",
        json={"lines": [graded(checklist=APPAREL_CHECKS, notes="Small pull on the hem", evidence_ids=[evidence_id])]},
    )
    assert answer.status_code == 201, answer.text
    view = answer.json()["rma"]
    assert [p["evidence_id"] for p in view["inspection_photos"]] == [evidence_id]
    assert view["lines"][0]["inspection"]["notes"] == "Small pull on the hem"


def httpx_get(url: str):
    import httpx

    return httpx.get(url, timeout=30)
