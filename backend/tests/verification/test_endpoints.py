"""POST /verifications: ownership proven by email or phone; guessers learn nothing."""

from __future__ import annotations

from collections.abc import Iterator

import httpx
import pytest

from returndesk.config import get_settings

from ..evidence.helpers import chat_session
from ..factories import create_order
from ..http import http_client


@pytest.mark.parametrize(
    "details",
    [
        pytest.param({"email": "dev@example.com"}, id="email"),
        pytest.param({"email": "DEV@Example.com"}, id="email in other case"),
        pytest.param({"phone": "+44 7700 900004"}, id="phone as stored"),
        pytest.param({"phone": "07700 900004"}, id="phone in national format"),
    ],
)
def test_owner_gets_a_token_scoped_to_the_order(api, details):
    create_order(api)
    response = api.post("/verifications", json={"order_number": "a1001", **details})
    assert response.status_code == 201, response.text
    body = response.json()
    assert body["order_number"] == "A1001" and body["token_type"] == "Bearer" and body["token"]


def test_no_such_order_and_wrong_details_answer_alike(api):
    create_order(api)
    wrong_email = api.post("/verifications", json={"order_number": "A1001", "email": "eve@example.com"})
    no_order = api.post("/verifications", json={"order_number": "Z9999", "email": "dev@example.com"})
    assert wrong_email.status_code == no_order.status_code == 401
    assert wrong_email.json() == no_order.json()


@pytest.fixture
def elsewhere(base_url) -> Iterator[httpx.Client]:
    """The API from another client address (127.0.0.2, also this machine's loopback)."""
    transport = httpx.HTTPTransport(local_address="127.0.0.2")
    with http_client(base_url=f"{base_url}/api/v1", transport=transport, timeout=30) as client:
        yield client


def guess(client: httpx.Client, number: str = "A1001", headers: dict[str, str] | None = None) -> int:
    return client.post(
        "/verifications", json={"order_number": number, "email": "x@example.com"}, headers=headers
    ).status_code


def owner(client: httpx.Client, headers: dict[str, str] | None = None) -> httpx.Response:
    return client.post("/verifications", json={"order_number": "A1001", "email": "dev@example.com"}, headers=headers)


def test_a_strangers_wrong_guesses_stop_the_stranger_not_the_owner_elsewhere(api, elsewhere):
    create_order(api)
    assert [guess(api) for _ in range(5)] == [401] * 5
    blocked = owner(api)  # even the right email, from the guesser's client
    assert blocked.status_code == 429
    assert "wait" in blocked.json()["detail"] and int(blocked.headers["Retry-After"]) > 0
    assert owner(elsewhere).status_code == 201, "the owner's own device is not locked out by a stranger"


def test_the_assistant_is_limited_per_conversation_on_one_order(api, shop_headers):
    create_order(api)
    guesser, customer = (
        {**shop_headers, "X-ReturnDesk-Conversation": conversation} for conversation in ("chat-guess", "chat-owner")
    )
    assert [guess(api, headers=guesser) for _ in range(5)] == [401] * 5
    assert owner(api, guesser).status_code == 429
    assert owner(api, customer).status_code == 201


def test_new_chats_from_one_address_do_not_buy_new_guesses(api, elsewhere):
    create_order(api)
    for _ in range(5):
        _, chat = chat_session()  # each guess from a brand-new chat, with its own chat token
        assert guess(api, headers=chat) == 401
    _, chat = chat_session()
    assert owner(api, chat).status_code == 429
    assert owner(elsewhere).status_code == 201


def test_one_order_has_a_ceiling_from_everyone_high_enough_for_its_owner(api, shop_headers):
    settings = get_settings()
    per_client = settings.verification_max_attempts_per_order_and_client
    ceiling = settings.verification_max_attempts_per_order
    assert ceiling >= 10 * per_client  # the owner gets in while several strangers are locked out
    create_order(api)
    for client in range(ceiling // per_client):
        relayed = {**shop_headers, "X-ReturnDesk-Conversation": f"chat-{client}"}
        assert [guess(api, headers=relayed) for _ in range(per_client)] == [401] * per_client
    fresh = {**shop_headers, "X-ReturnDesk-Conversation": "chat-fresh"}
    assert owner(api, fresh).status_code == 429  # everyone together reached the order's ceiling


def test_attempts_are_limited_per_client_across_orders(api):
    for number in range(20):
        api.post("/verifications", json={"order_number": f"X{number}", "email": "x@example.com"})
    create_order(api)
    assert api.post("/verifications", json={"order_number": "A1001", "email": "dev@example.com"}).status_code == 429


def test_the_bot_is_limited_per_conversation_not_as_one_client(api, shop_headers):
    create_order(api)
    for number in range(20):
        api.post(
            "/verifications",
            json={"order_number": f"X{number}", "email": "x@example.com"},
            headers={**shop_headers, "X-ReturnDesk-Conversation": "chat-1"},
        )
    other_chat = api.post(
        "/verifications",
        json={"order_number": "A1001", "email": "dev@example.com"},
        headers={**shop_headers, "X-ReturnDesk-Conversation": "chat-2"},
    )
    assert other_chat.status_code == 201


@pytest.mark.parametrize(
    ("body", "fragment"),
    [
        pytest.param({"order_number": "A1001"}, "email or the phone", id="no contact"),
        pytest.param({"order_number": "A1001", "phone": "12"}, "7 to 15 digits", id="phone too short"),
        pytest.param({"order_number": "", "email": "dev@example.com"}, "order_number", id="empty number"),
    ],
)
def test_incomplete_requests_say_what_is_missing(api, body, fragment):
    response = api.post("/verifications", json=body)
    assert response.status_code == 422
    assert fragment in response.text


def test_a_token_opens_only_its_own_order(api):
    create_order(api)
    create_order(api, number="A2002", email="eve@example.com")
    eve = api.post("/verifications", json={"order_number": "A2002", "email": "eve@example.com"}).json()["token"]
    response = api.get("/orders/A1001/returnable-items", headers={"Authorization": f"Bearer {eve}"})
    assert response.status_code == 403


@pytest.mark.parametrize(
    ("headers", "status"),
    [
        pytest.param({}, 401, id="no token"),
        pytest.param({"Authorization": "Bearer not.a.token"}, 401, id="garbage token"),
        pytest.param({"Authorization": "Bearer test-shop-token"}, 401, id="shop token is not a customer"),
    ],
)
def test_customer_endpoints_need_a_verification_token(api, headers, status):
    create_order(api)
    response = api.get("/orders/A1001/returnable-items", headers=headers)
    assert response.status_code == status
    assert "verify" in response.json()["detail"]


def test_an_rma_number_opens_its_order(api):
    from ..factories import post_return, verify

    create_order(api)
    number = post_return(api, verify(api)).json()["rma_number"]
    typed = number.lower().replace("-", " ")
    response = api.post("/verifications", json={"rma_number": typed, "email": "dev@example.com"})
    assert response.status_code == 201, response.text
    assert response.json()["order_number"] == "A1001"
    wrong = api.post("/verifications", json={"rma_number": number, "email": "eve@example.com"})
    assert wrong.status_code == 401


def test_a_mistyped_rma_number_is_caught_before_it_costs_an_attempt(api):
    response = api.post("/verifications", json={"rma_number": "RMA-0000-0000-0001", "email": "dev@example.com"})
    assert response.status_code == 422
    assert "mistyped" in response.json()["detail"]


def test_order_number_or_rma_number_is_needed(api):
    response = api.post("/verifications", json={"email": "dev@example.com"})
    assert response.status_code == 422
    assert "order number or the RMA number" in response.text
