"""'Where is my refund?': the bot answers from the service's progress (stage, next step, date)."""

from __future__ import annotations

import uuid
from datetime import date

from actions.backend_client import service
from actions.status import ReturnStatus, describe

from .conftest import run, tracker
from .test_signed_in import push_order

SHOWN = "RMA-7K4M-9QXT-2B5H"
LINK = f"http://127.0.0.1:8000/api/v1/returns/{SHOWN}/label.pdf?expires=1&signature=abc"


def _found(status: str, progress: dict | None, **extra) -> dict:
    return {
        "rma_number": SHOWN,
        "status": status,
        "lines": [{"quantity": 1, "name": "Slim fit jeans"}],
        "refund_estimate_minor": 4990,
        "currency": "EUR",
        "decision": {"refund_due_days": 7},
        "instructions": None,
        "timeline": [{"description": "Return requested"}],
        "progress": progress,
        **extra,
    }


def test_a_refund_sent_is_told_with_its_dates_and_when_it_reaches_the_account():
    progress = {
        "stage": "refund_sent",
        "done": f"Your return {SHOWN} was received on 26 Nov and checked on 27 Nov. "
        "Your refund of 49.90 EUR was sent on 27 Nov.",
        "next_step": "It should reach your account within 5 working days, by 4 Dec.",
        "expected_date": "2026-12-04",
    }

    assert describe(_found("inspected", progress)) == (
        f"Your return {SHOWN} was received on 26 Nov and checked on 27 Nov. Your refund of 49.90 EUR was sent on "
        "27 Nov. It should reach your account within 5 working days, by 4 Dec."
    )


def test_a_return_waiting_for_its_parcel_says_where_to_send_it_and_links_the_label():
    progress = {
        "stage": "waiting_for_parcel",
        "done": f"Your return {SHOWN} is approved. We're waiting for your parcel; send it by 10 Dec.",
        "next_step": "Once it arrives we check the items and then send your refund.",
        "expected_date": "2026-12-10",
    }
    instructions = {"ship_to": "ReturnDesk Returns, Unit 4, Leeds", "label": {"label_url": LINK, "parcels": []}}

    text = describe(_found("approved", progress, instructions=instructions))

    assert text.startswith(f"Your return {SHOWN} is approved. We're waiting for your parcel; send it by 10 Dec.")
    assert "Send it to: ReturnDesk Returns, Unit 4, Leeds." in text and text.endswith(f"Your return label: {LINK}")


def test_several_returns_on_one_order_are_told_apart_by_their_items():
    progress = {"stage": "closed", "done": f"Your return {SHOWN} is closed.", "next_step": None}

    text = describe(_found("closed", progress), with_items=True)

    assert text == f"1 × Slim fit jeans: Your return {SHOWN} is closed."


def test_an_answer_without_progress_still_gives_the_status():
    text = describe(_found("received", None))

    assert text.startswith(f"Return {SHOWN} (1 × Slim fit jeans) has arrived at our warehouse.")


def test_the_live_service_answers_where_an_approved_return_stands(live_service, dispatcher):
    push_order(live_service, "S6001", "status.asker@example.com")
    verified = service.verify("status-chat", "status.asker@example.com", order_number="S6001")
    created = service.create_return(
        verified["token"],
        str(uuid.uuid4()),
        {"order_number": "S6001", "lines": [{"line_no": 1, "quantity": 1, "reason": "size_too_small"}]},
    )
    assert created["status"] == "approved"

    slots = {"order_token": verified["token"], "rma_number": created["rma_number"], "order_number": "S6001"}
    run(ReturnStatus().run(dispatcher, tracker(slots, active_loop=None), {}))

    message, rating = dispatcher.messages
    assert rating["response"] == "utter_ask_chat_rating"  # then "How was this chat?" (actions/satisfaction.py)
    assert message["text"].startswith(f"Your return {created['rma_number']} is approved. We're waiting for your parcel")
    return_by = date.fromisoformat(created["instructions"]["return_by"])
    assert f"send it by {return_by.day} {return_by:%b}." in message["text"]
    assert "Your return label: http" in message["text"]
