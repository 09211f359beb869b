"""Offers belong to the unit, not the chat: one open offer per order line, and an accept that
checks again, under the order's lock, that the offer still stands and the unit is still free.

A 15.00 tee damaged in transit (default.yml): the first offer is a 3.00 refund to keep it.
"""

from __future__ import annotations

import threading
from datetime import UTC, datetime, timedelta

import httpx
import pytest
from sqlalchemy import select, update
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from returndesk.models import AuditEvent, BotOffer, LedgerEntry, OrderLine, Rma

from ..factories import create_order, line, post_return, verify
from .helpers import SHIRT, answer, ask, count, in_chat

SOCKS = line(line_no=2, sku="AP-SOCKS", name="Wool socks", unit_price_minor=900)


@pytest.fixture
def customer(api: httpx.Client) -> dict[str, str]:
    create_order(api, lines=[SHIRT])
    return verify(api, conversation="chat-1")  # the chat `ask` asks in


def refunded(engine) -> int:
    with Session(engine) as session:
        return session.scalars(select(OrderLine.refunded_minor).where(OrderLine.line_no == 1)).one()


def offer_row(engine, offer_id: int) -> BotOffer:
    with Session(engine) as session:
        offer = session.get(BotOffer, offer_id)
        session.expunge(offer)
        return offer


def in_parallel(*calls):
    """Run the calls at once (a barrier releases them together); their results in order."""
    start, results = threading.Barrier(len(calls)), [None] * len(calls)

    def run(index: int) -> None:
        start.wait()
        results[index] = calls[index]()

    threads = [threading.Thread(target=run, args=(index,)) for index in range(len(calls))]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return results


class TestOneOfferPerUnit:
    def test_two_chats_are_served_the_same_offer_and_accepting_both_pays_once(self, api, customer, engine) -> None:
        first = ask(api, in_chat(api, "chat-1"), conversation_id="chat-1")
        second = ask(api, in_chat(api, "chat-2"), conversation_id="chat-2")
        assert (first.status_code, second.status_code) == (201, 200), second.text
        assert second.json()["id"] == first.json()["id"] and second.json()["conversation_id"] == "chat-1"

        accepted = answer(api, customer, first.json()["id"], True)
        again = answer(api, customer, second.json()["id"], True)
        assert accepted.status_code == 200 and again.status_code == 200
        assert again.headers["Idempotent-Replayed"] == "true"
        assert count(engine, LedgerEntry) == 1 and refunded(engine) == 300
        third = ask(api, in_chat(api, "chat-3"), conversation_id="chat-3")
        assert third.status_code == 204 and "already accepted" in third.headers["X-ReturnDesk-No-Offer"]

    def test_the_database_refuses_a_second_open_offer_for_a_line(self, api, customer, engine) -> None:
        made = offer_row(engine, ask(api, customer).json()["id"])
        copy = {column: getattr(made, column) for column in ("order_id", "order_line_id", "reason", "quantity")}
        with Session(engine) as session, pytest.raises(IntegrityError):
            session.add(
                BotOffer(
                    **copy,
                    conversation_id="chat-2",
                    rung=1,
                    kind="refund",
                    amount_minor=300,
                    currency="EUR",
                    return_cost_minor=1095,
                    status="offered",
                )
            )
            session.commit()

    def test_declined_rungs_count_for_every_chat(self, api, customer) -> None:
        answer(api, customer, ask(api, in_chat(api, "chat-1"), conversation_id="chat-1").json()["id"], False)
        elsewhere = ask(api, in_chat(api, "chat-2"), conversation_id="chat-2").json()
        assert (elsewhere["rung"], elsewhere["amount_minor"]) == (2, 525)


class TestAcceptChecksAgain:
    def test_a_return_withdraws_the_open_offer_and_a_later_accept_is_refused(self, api, customer, engine) -> None:
        offer = ask(api, customer).json()
        rma = post_return(api, customer)
        assert rma.status_code == 201, rma.text
        withdrawn = offer_row(engine, offer["id"])
        assert withdrawn.status == "withdrawn" and rma.json()["rma_number"] in withdrawn.withdrawn_why

        refused = answer(api, customer, offer["id"], True)
        assert refused.status_code == 409, refused.text
        assert refused.headers["content-type"] == "application/problem+json"
        assert refused.json()["detail"] == (
            f"offer {offer['id']} was withdrawn: the Cotton tee is in return {rma.json()['rma_number']}, "
            "so it cannot also be kept; that return goes on as it is"
        )
        assert count(engine, LedgerEntry) == 0 and refunded(engine) == 0

    def test_an_offer_left_open_beside_a_return_is_refused_at_accept(self, api, customer, engine) -> None:
        """The unit is checked again when the customer says yes, not only when the offer is made."""
        offer = ask(api, customer).json()
        rma = post_return(api, customer).json()
        with Session(engine) as session, session.begin():  # as a request racing the return could leave it
            session.execute(update(BotOffer).values(status="offered", withdrawn_why=None, answered_at=None))

        refused = answer(api, customer, offer["id"], True)
        assert refused.status_code == 409, refused.text
        assert f"is in return {rma['rma_number']}" in refused.json()["detail"]
        assert offer_row(engine, offer["id"]).status == "withdrawn"
        assert count(engine, LedgerEntry) == 0 and refunded(engine) == 0
        assert count(engine, AuditEvent, AuditEvent.kind == "offer.withdrawn") == 2  # by the return, then here

    def test_a_return_for_another_line_leaves_the_offer_standing(self, api, engine) -> None:
        create_order(api, lines=[SHIRT, SOCKS])
        customer = verify(api, conversation="chat-1")
        offer = ask(api, customer).json()
        assert post_return(api, customer, lines=[{"line_no": 2, "quantity": 1, "reason": "size_too_small"}]).is_success
        assert answer(api, customer, offer["id"], True).status_code == 200
        assert count(engine, LedgerEntry) == 1

    def test_a_kept_unit_cannot_go_into_a_return(self, api, customer, engine) -> None:
        answer(api, customer, ask(api, customer).json()["id"], True).raise_for_status()
        refused = post_return(api, customer)
        assert refused.status_code == 409 and "kept with a partial refund" in refused.json()["detail"]
        assert count(engine, Rma) == 0

    def test_an_expired_offer_is_refused_and_the_same_rung_offered_anew(self, api, customer, engine) -> None:
        offer = ask(api, customer).json()
        with Session(engine) as session, session.begin():
            session.execute(update(BotOffer).values(created_at=datetime.now(UTC) - timedelta(hours=25)))

        refused = answer(api, customer, offer["id"], True)
        assert refused.status_code == 409, refused.text
        assert "expired at" in refused.json()["detail"] and "ask again for a new offer" in refused.json()["detail"]
        assert count(engine, LedgerEntry) == 0
        fresh = ask(api, customer)
        assert fresh.status_code == 201 and fresh.json()["id"] != offer["id"]
        assert (fresh.json()["rung"], fresh.json()["amount_minor"]) == (1, 300)
        assert answer(api, customer, fresh.json()["id"], True).status_code == 200


class TestRaces:
    def test_parallel_chats_asking_and_accepting_pay_once(self, api, customer, engine) -> None:
        def ask_and_accept(chat: str):
            def run() -> int:
                offer = ask(api, in_chat(api, chat), conversation_id=chat)
                return answer(api, customer, offer.json()["id"], True).status_code if offer.status_code < 204 else 204

            return run

        statuses = in_parallel(*(ask_and_accept(f"chat-{n}") for n in range(6)))
        assert 200 in statuses and set(statuses) <= {200, 204}, statuses
        assert count(engine, BotOffer) == 1 and count(engine, BotOffer, BotOffer.status == "accepted") == 1
        assert count(engine, LedgerEntry) == 1 and refunded(engine) == 300

    @pytest.mark.parametrize("number", ["R1001", "R1002", "R1003"])
    def test_an_accept_racing_a_return_for_the_unit_lets_one_win(self, api, engine, number) -> None:
        create_order(api, number=number, lines=[SHIRT])
        customer = verify(api, number, conversation="chat-1")
        offer = ask(api, customer, order_number=number).json()

        accepted, returned = in_parallel(
            lambda: answer(api, customer, offer["id"], True), lambda: post_return(api, customer, order_number=number)
        )
        assert sorted([accepted.status_code, returned.status_code]) in ([200, 409], [201, 409]), (
            accepted.text,
            returned.text,
        )
        assert count(engine, LedgerEntry) + count(engine, Rma) == 1
