"""A customer the shop signed in is not asked for order number and email: the actions against the
real service, with the verified context where the signed channels put it."""

from __future__ import annotations

from datetime import datetime, timedelta, timezone

import pytest
import requests

from actions.return_form import ValidateReturnForm
from actions.signed_in import METADATA_KEY, SignedInCustomer, signed_in_customer
from actions.status import ReturnStatus, ValidateStatusForm
from actions.submit import StartReturn

from ..stack import SHOP_TOKEN
from .conftest import run, tracker

DEV = {"email": "dev@example.com", "order_number": "A1001"}


def texts(dispatcher) -> str:
    return " ".join(message.get("text") or "" for message in dispatcher.messages)


def slots_set(events: list[dict]) -> dict:
    return {e["name"]: e["value"] for e in events if e.get("event") == "slot"}


@pytest.mark.parametrize(
    ("metadata", "customer"),
    [
        pytest.param({METADATA_KEY: DEV}, SignedInCustomer("dev@example.com", "A1001"), id="customer and order"),
        pytest.param(
            {METADATA_KEY: {"email": "dev@example.com"}}, SignedInCustomer("dev@example.com", None), id="customer only"
        ),
        pytest.param({}, None, id="anonymous"),
        pytest.param({METADATA_KEY: {"order_number": "A1001"}}, None, id="no email: not a customer"),
        pytest.param({METADATA_KEY: "dev@example.com"}, None, id="not an object"),
    ],
)
def test_the_signed_in_customer_is_read_from_the_latest_message(metadata, customer):
    assert signed_in_customer(tracker(metadata=metadata, active_loop=None)) == customer


def test_a_signed_in_customer_starts_a_return_on_their_order_without_being_asked(live_service, dispatcher):
    async def scenario() -> None:
        current = tracker(text="I want to return something", intent="start_return", active_loop=None, signed_in=DEV)
        events = await StartReturn().run(dispatcher, current, {})
        assert events[-1] == {"event": "active_loop", "name": "return_form", "timestamp": None}
        slots = slots_set(events)
        assert slots["order_number"] == "A1001" and slots["contact"] == "dev@example.com"
        assert slots["order_token"]
        assert [item["sku"] for item in slots["returnable_items"]] == ["AP-JEANS-SLIM", "AP-TEE-ORG"]
        assert "signed in" in texts(dispatcher) and "A1001" in texts(dispatcher)
        assert "email" not in texts(dispatcher)
        # The form then starts with both slots filled and already verified: it asks for the item next.
        form_slots = ["order_number", "contact", "line_no", "quantity", "reason", "question_answer"]
        required = await ValidateReturnForm().required_slots(form_slots, dispatcher, tracker(slots), {})
        assert "line_no" in required

    run(scenario())


def push_order(live_service, number: str, email: str) -> None:
    """An order of its own (jeans and a T-shirt, delivered two days ago), so no other test returns its items first."""
    delivered = datetime.now(timezone.utc) - timedelta(days=2)
    lines = [
        {"line_no": 1, "sku": "AP-JEANS-SLIM", "name": "Slim fit jeans", "category": "apparel", "quantity": 1},
        {"line_no": 2, "sku": "AP-TEE-ORG", "name": "Organic cotton T-shirt", "category": "apparel", "quantity": 1},
    ]
    order = {
        "number": number,
        "customer": {"email": email, "name": "Sam Signed", "tier": "guest"},
        "placed_at": (delivered - timedelta(days=3)).isoformat(),
        "delivered_at": delivered.isoformat(),
        "payment_method": "card",
        "currency": "EUR",
        "lines": [line | {"unit_price_minor": 2990, "tags": [], "final_sale": False} for line in lines],
    }
    response = requests.post(
        f"{live_service.base_url}/orders", json=order, headers={"Authorization": f"Bearer {SHOP_TOKEN}"}, timeout=10
    )
    assert response.status_code in (200, 201), response.text


def test_an_item_and_reason_already_named_go_straight_to_the_policy(live_service, dispatcher):
    push_order(live_service, "S4001", "signed.in@example.com")

    async def scenario() -> None:
        current = tracker(
            {"reason": "size_too_small"},
            text="I want to return my jeans, they are too small",
            intent="start_return",
            active_loop=None,
            signed_in={"email": "signed.in@example.com", "order_number": "S4001"},
        )
        slots = slots_set(await StartReturn().run(dispatcher, current, {}))
        assert slots["line_no"] == "1"  # the jeans, named in the message
        assert slots["preview"]["outcome"] == "approve"  # so the form asks how to settle it next

    run(scenario())


def test_the_order_the_customer_names_wins_over_the_pages(live_service, dispatcher):
    async def scenario() -> None:
        customer = {"email": "dev@example.com", "order_number": "A1003"}  # not dev's: A1003 is chloe's
        current = tracker({"order_number": "a1001"}, intent="start_return", active_loop=None, signed_in=customer)
        slots = slots_set(await StartReturn().run(dispatcher, current, {}))
        assert slots["order_number"] == "A1001" and slots["order_token"]

    run(scenario())


def test_an_order_the_service_does_not_confirm_for_the_customer_is_verified_the_usual_way(live_service, dispatcher):
    async def scenario() -> None:
        current = tracker({"order_number": "A1003"}, intent="start_return", active_loop=None, signed_in=DEV)
        events = await StartReturn().run(dispatcher, current, {})
        assert slots_set(events) == {"submit_failed": False}  # nothing verified, nothing filled in
        assert dispatcher.messages == []  # the form asks for the email as it would ask anyone

    run(scenario())


def test_a_customer_without_an_order_is_asked_only_which_order(live_service, dispatcher):
    async def scenario() -> None:
        current = tracker(intent="start_return", active_loop=None, signed_in={"email": "dev@example.com"})
        slots = slots_set(await StartReturn().run(dispatcher, current, {}))
        assert slots == {"submit_failed": False, "contact": "dev@example.com"}
        # The order number is then checked with the known email, as if the customer had typed both.
        form = ValidateReturnForm()
        updates = await form.validate_order_number("a1001", dispatcher, tracker(slots), {})
        assert updates["order_token"] and "found order A1001" in texts(dispatcher)

    run(scenario())


def test_an_anonymous_return_is_untouched(live_service, dispatcher):
    async def scenario() -> None:
        events = await StartReturn().run(dispatcher, tracker(intent="start_return", active_loop=None), {})
        assert slots_set(events) == {"submit_failed": False} and dispatcher.messages == []

    run(scenario())


def test_a_signed_in_customer_asking_where_their_return_is_gets_the_status_at_once(live_service, dispatcher):
    async def scenario() -> None:
        current = tracker(intent="check_return_status", active_loop=None, signed_in=DEV)
        events = await ValidateStatusForm().run(dispatcher, current, {})
        slots = slots_set(events)
        assert slots["requested_slot"] is None  # the form ends: nothing left to ask
        assert slots["lookup"] == "A1001" and slots["contact"] == "dev@example.com" and slots["order_token"]
        await ReturnStatus().run(dispatcher, tracker(slots, active_loop=None), {})
        assert "order A1001" in texts(dispatcher) or "RMA-" in texts(dispatcher)

    run(scenario())


def test_a_signed_in_customer_naming_a_number_is_not_asked_for_the_email(live_service, dispatcher):
    async def scenario() -> None:
        current = tracker(text="order A1001", signed_in={"email": "dev@example.com"}, active_loop="status_form")
        updates = await ValidateStatusForm().validate_lookup("order A1001", dispatcher, current, {})
        assert updates["contact"] == "dev@example.com" and updates["order_token"]
        assert updates["order_number"] == "A1001"
        # Someone else's order: the form asks for the contact, as it would ask anyone.
        current = tracker(text="A1003", signed_in={"email": "dev@example.com"}, active_loop="status_form")
        updates = await ValidateStatusForm().validate_lookup("A1003", dispatcher, current, {})
        assert updates["contact"] is None and "order_token" not in updates

    run(scenario())
