"""A return travels by carrier, over HTTP: the label books the parcel at the stand-in and prints its
tracking number, the stand-in's signed events move the return to in transit and received, and the
policy's refund_on_carrier_scan refunds a trusted customer on the first scan (and nobody else)."""

from __future__ import annotations

from ..factories import address
from .conftest import scan
from .helpers import approved_return, customer_with_orders, label_of, pdf_text


def _status(api, headers, rma: str) -> str:
    answer = api.get(f"/returns/{rma}", headers=headers)
    assert answer.status_code == 200, answer.text
    return answer.json()["status"]


def test_a_trusted_customers_return_goes_from_label_to_refund_to_received(api, standin, signed_in):
    headers = customer_with_orders(api, "trusted@example.com", orders=3, prefix="CT", where=address())
    body = approved_return(api, headers, "CT3")
    rma = body["rma_number"]

    pdf = label_of(api, body)
    assert pdf.status_code == 200, pdf.text
    (shipment,) = standin.shipments.values()
    tracking = shipment["tracking_number"]
    assert f"Parcel API · tracking {tracking}" in pdf_text(pdf.content)

    alice = signed_in("alice", "agent")
    assert alice.get(f"/returns/{rma}/payments").json()["payments"] == []

    picked_up = scan(standin, tracking, "in_transit", "Depot London")
    assert picked_up.status_code == 201 and picked_up.json()["webhook_status"] == 200, picked_up.text
    assert _status(api, headers, rma) == "in_transit"
    shown = api.get(f"/returns/{rma}", headers=headers).json()["shipments"]
    assert shown == [
        {"destination": "main_warehouse", "carrier": "Parcel API", "tracking_number": tracking, "status": "in_transit"}
    ]
    (payment,) = alice.get(f"/returns/{rma}/payments").json()["payments"]
    # 14.00 less the 4.95 label the customer pays for a size that did not fit.
    assert payment["amount_minor"] == 1400 - 495 and payment["purpose"] == "refund"

    delivered = scan(standin, tracking, "delivered", "Hamburg")
    assert delivered.json()["webhook_status"] == 200, delivered.text
    assert _status(api, headers, rma) == "received"
    # The refund was made once: the delivery changed nothing, and the desk's own refund is a replay.
    assert len(alice.get(f"/returns/{rma}/payments").json()["payments"]) == 1
    replayed = alice.post(f"/returns/{rma}/refund")
    assert replayed.status_code == 200 and len(replayed.json()["payments"]) == 1, replayed.text


def test_a_customer_the_policy_does_not_trust_waits_for_inspection(api, standin, signed_in):
    headers = customer_with_orders(api, "newcomer@example.com", orders=1, prefix="CN", where=address(name="Nia"))
    body = approved_return(api, headers, "CN1")
    rma = body["rma_number"]
    assert label_of(api, body).status_code == 200
    (shipment,) = standin.shipments.values()

    assert scan(standin, shipment["tracking_number"], "in_transit").json()["webhook_status"] == 200
    assert _status(api, headers, rma) == "in_transit"
    alice = signed_in("alice", "agent")
    assert alice.get(f"/returns/{rma}/payments").json()["payments"] == []
    assert scan(standin, shipment["tracking_number"], "delivered").json()["webhook_status"] == 200
    assert _status(api, headers, rma) == "received"
    assert alice.get(f"/returns/{rma}/payments").json()["payments"] == []


def test_the_station_still_counts_a_parcel_the_carrier_delivered_once(api, standin, signed_in):
    headers = customer_with_orders(api, "counted@example.com", orders=1, prefix="CS", where=address())
    body = approved_return(api, headers, "CS1")
    assert label_of(api, body).status_code == 200
    (shipment,) = standin.shipments.values()
    assert scan(standin, shipment["tracking_number"], "delivered").json()["webhook_status"] == 200
    assert _status(api, headers, body["rma_number"]) == "received"

    wim = signed_in("wim", "warehouse")
    counted = wim.post("/warehouse/receipts", json={"rma_number": body["rma_number"]})
    assert counted.status_code == 201, counted.text
    assert counted.json()["status"] == "received" and counted.json()["received_by"] == "staff:wim"
    twice = wim.post("/warehouse/receipts", json={"rma_number": body["rma_number"]})
    assert twice.status_code == 409 and "already received" in twice.json()["detail"]
