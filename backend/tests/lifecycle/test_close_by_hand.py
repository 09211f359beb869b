"""POST /returns/{rma}/close: a person closes a resolved return the closing pass leaves open."""

from __future__ import annotations

from returndesk.db import get_sessionmaker
from returndesk.payment.tasks import settle_due

from ..payment.helpers import a_return, gateway_later, rma_status
from ..warehouse.helpers import force_status


def test_a_resolved_return_with_a_message_still_queued_is_closed_by_an_agent(api, engine, signed_in):
    rma = a_return(api, engine, number="C1001")
    alice = signed_in("alice", "agent")
    alice.post(f"/returns/{rma}/refund").raise_for_status()
    gateway, later = gateway_later()
    settle_due(get_sessionmaker(), gateway, now=later)

    answer = alice.post(f"/returns/{rma.lower().replace('-', '')}/close")  # as people type it

    assert answer.status_code == 200, answer.text
    assert answer.json() == {"rma_number": rma, "status": "closed"}
    assert rma_status(engine, rma) == "closed"
    again = alice.post(f"/returns/{rma}/close")
    assert again.status_code == 409
    assert again.json()["detail"] == f"return {rma} is already closed"


def test_a_return_whose_refund_is_on_its_way_is_not_closed(api, engine, signed_in, session):
    rma = a_return(api, engine, number="C1002")
    alice = signed_in("alice", "agent")
    alice.post(f"/returns/{rma}/refund").raise_for_status()
    # Resolved by hand while its payment is still pending (what no worker does): closing must still refuse.
    force_status(session, rma, "resolved")

    answer = alice.post(f"/returns/{rma}/close")

    assert answer.status_code == 409
    assert answer.json()["detail"] == (
        f"return {rma} still has a refund on its way to the customer; "
        "close it once the refund has settled (see its payments)"
    )
    assert rma_status(engine, rma) == "resolved"


def test_closing_is_refused_at_the_wrong_stage_to_the_warehouse_and_to_strangers(api, engine, signed_in):
    rma = a_return(api, engine, number="C1003")

    early = signed_in("alice", "agent").post(f"/returns/{rma}/close")
    warehouse = signed_in("wim", "warehouse").post(f"/returns/{rma}/close")
    nobody = api.post(f"/returns/{rma}/close")
    unknown = signed_in("sam", "senior_agent").post("/returns/not-a-number/close")

    assert early.status_code == 409 and early.json()["detail"] == (
        f"return {rma} is inspected; it can be closed once it is resolved (refunded, exchanged or kept by the customer)"
    )
    assert warehouse.status_code == 403 and "agent" in warehouse.json()["detail"]
    assert nobody.status_code == 401
    assert unknown.status_code in (404, 422) and unknown.headers["content-type"] == "application/problem+json"
    assert rma_status(engine, rma) == "inspected"
