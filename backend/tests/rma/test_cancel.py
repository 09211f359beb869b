"""POST /returns/{rma}/cancel: the owner cancels before the parcel ships, never after."""

from __future__ import annotations

import string

import pytest
from sqlalchemy import func, select, update
from sqlalchemy.orm import Session

from returndesk.models import Rma, RmaEvent
from returndesk.models.exchange import ExchangeReservation
from returndesk.models.rma_number import parse_rma_number
from returndesk.rma.service import CATALOGUE

from ..exchange.test_variants import tee_order, tee_variants, units
from ..factories import create_order, line, post_return, verify
from ..payment.helpers import a_return, rma_status

LAPTOP = line(sku="EL-LAPTOP", name="Ultrabook", category="electronics", unit_price_minor=109900)


def events(engine, rma_number: str) -> list[tuple[str | None, str, str]]:
    with Session(engine) as session:
        rma = session.scalars(select(Rma).where(Rma.number == parse_rma_number(rma_number))).one()
        rows = session.scalars(select(RmaEvent).where(RmaEvent.rma_id == rma.id).order_by(RmaEvent.id))
        return [(row.from_status, row.to_status, row.actor) for row in rows]


def set_requested(engine, rma_number: str) -> None:
    """A return still in `requested` (the engine decides at once, so only a test leaves one there)."""
    with Session(engine) as session:
        session.execute(update(Rma).where(Rma.number == parse_rma_number(rma_number)).values(status="requested"))
        session.commit()


class TestCancelBeforeShipping:
    def test_an_approved_return_is_cancelled_and_the_event_recorded(self, api, engine):
        create_order(api)
        headers = verify(api)
        number = post_return(api, headers).json()["rma_number"]

        assert api.get(f"/returns/{number}", headers=headers).json()["customer_may_cancel"] is True

        answer = api.post(f"/returns/{number}/cancel", headers=headers)

        assert answer.status_code == 200, answer.text
        body = answer.json()
        assert body["status"] == "cancelled" and body["instructions"] is None
        assert body["customer_may_cancel"] is False  # nothing left to cancel
        assert body["timeline"][-1]["to_status"] == "cancelled"
        assert events(engine, number)[-1] == ("approved", "cancelled", "customer")
        assert api.get(f"/returns/{number}", headers=headers).json()["status"] == "cancelled"

    def test_a_return_waiting_for_review_is_cancelled(self, api, engine):
        create_order(api, lines=[LAPTOP])
        headers = verify(api)
        created = post_return(api, headers, lines=[{"line_no": 1, "quantity": 1, "reason": "changed_mind"}]).json()
        assert created["status"] == "pending_review"

        answer = api.post(f"/returns/{created['rma_number']}/cancel", headers=headers)

        assert answer.status_code == 200, answer.text
        assert answer.json()["status"] == "cancelled"
        assert events(engine, created["rma_number"])[-1] == ("pending_review", "cancelled", "customer")

    def test_a_requested_return_is_cancelled(self, api, engine):
        create_order(api)
        headers = verify(api)
        number = post_return(api, headers).json()["rma_number"]
        set_requested(engine, number)

        answer = api.post(f"/returns/{number}/cancel", headers=headers)

        assert answer.status_code == 200, answer.text
        assert events(engine, number)[-1] == ("requested", "cancelled", "customer")

    def test_cancelling_again_answers_with_the_return_as_it_is(self, api, engine):
        create_order(api)
        headers = verify(api)
        number = post_return(api, headers).json()["rma_number"]
        first = api.post(f"/returns/{number}/cancel", headers=headers)

        again = api.post(f"/returns/{number.lower().replace('-', ' ')}/cancel", headers=headers)

        assert (first.status_code, again.status_code) == (200, 200)
        assert again.json() == first.json()
        assert [e for e in events(engine, number) if e[1] == "cancelled"] == [("approved", "cancelled", "customer")]

    def test_the_units_count_as_returnable_again(self, api):
        create_order(api)
        headers = verify(api)
        number = post_return(api, headers).json()["rma_number"]
        api.post(f"/returns/{number}/cancel", headers=headers).raise_for_status()

        items = api.get("/orders/A1001/returnable-items", headers=headers).json()["items"]

        assert items[0]["returnable_quantity"] == 1

    def test_the_size_held_for_an_exchange_goes_back_on_sale(self, api, engine, db):
        tee_order(api)
        tee_variants(engine, m_white=1)
        headers = verify(api)
        opened = post_return(
            api,
            headers,
            lines=[{"line_no": 1, "quantity": 1, "reason": "size_too_small", "exchange_sku": "AP-TEE-ORG-M"}],
            preferred_resolution="exchange",
        ).json()
        assert units(engine, "AP-TEE-ORG-M") == 0

        answer = api.post(f"/returns/{opened['rma_number']}/cancel", headers=headers)

        assert answer.status_code == 200, answer.text
        assert units(engine, "AP-TEE-ORG-M") == 1
        assert db.scalar(select(func.count()).select_from(ExchangeReservation)) == 0


class TestRefusals:
    def test_a_parcel_on_its_way_is_refused_with_what_happens_instead(self, api, engine):
        number = a_return(api, engine, status="in_transit")
        assert api.get(f"/returns/{number}", headers=verify(api)).json()["customer_may_cancel"] is False

        answer = api.post(f"/returns/{number}/cancel", headers=verify(api))

        assert answer.status_code == 409
        assert answer.headers["content-type"].startswith("application/problem+json")
        assert answer.json()["detail"] == (
            f"Return {number} is already on its way to us, so it can no longer be cancelled; "
            "when it arrives it will be refunded as agreed."
        )
        assert rma_status(engine, number) == "in_transit"
        assert events(engine, number)[-1][1] == "in_transit"

    def test_the_refusal_is_worded_in_the_callers_language(self, api, engine):
        number = a_return(api, engine, status="in_transit")

        answer = api.post(f"/returns/{number}/cancel", headers={**verify(api), "Accept-Language": "zh-CN,zh;q=0.9"})

        assert answer.status_code == 409
        assert answer.json()["detail"] == f"退货 {number} 的包裹已在寄回途中，无法再取消；我们收到后会按约定为您退款。"

    @pytest.mark.parametrize("status", ["received", "inspected"])
    def test_an_arrived_parcel_is_refused(self, api, engine, status):
        number = a_return(api, engine, status=status)

        answer = api.post(f"/returns/{number}/cancel", headers=verify(api))

        assert answer.status_code == 409
        assert "already arrived" in answer.json()["detail"]
        assert rma_status(engine, number) == status

    def test_another_customers_return_looks_like_no_return(self, api, engine):
        create_order(api)
        number = post_return(api, verify(api)).json()["rma_number"]
        create_order(api, number="A2002", email="eve@example.com")

        answer = api.post(f"/returns/{number}/cancel", headers=verify(api, "A2002", "eve@example.com"))

        assert answer.status_code == 404
        assert answer.json()["detail"] == "there is no return with that RMA number"
        assert rma_status(engine, number) == "approved"

    def test_without_a_token_nothing_happens(self, api, engine):
        create_order(api)
        number = post_return(api, verify(api)).json()["rma_number"]

        answer = api.post(f"/returns/{number}/cancel")

        assert answer.status_code == 401
        assert rma_status(engine, number) == "approved"

    def test_a_mistyped_number_says_so(self, api):
        create_order(api)
        headers = verify(api)
        number = post_return(api, headers).json()["rma_number"]
        typo = number[:-1] + ("0" if number[-1] != "0" else "1")

        answer = api.post(f"/returns/{typo}/cancel", headers=headers)

        assert answer.status_code == 422 and "mistyped" in answer.json()["detail"]


def _placeholders(text: str) -> set[str]:
    return {field for _, field, _, _ in string.Formatter().parse(text) if field}


def test_every_language_has_every_refusal_with_the_same_placeholders():
    english = CATALOGUE["en"]
    for locale, words in CATALOGUE.items():
        assert words.keys() == english.keys(), locale
        assert {k: _placeholders(v) for k, v in words.items()} == {k: _placeholders(v) for k, v in english.items()}
