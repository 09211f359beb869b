"""POST /chat/sessions with a customer context signed by the shop's server."""

from __future__ import annotations

import importlib.util
from datetime import UTC, datetime, timedelta
from typing import Any

import jwt
import pytest

from returndesk.chat.shop_context import sign_shop_context
from returndesk.config import REPO_DIR

from ..conftest import CHAT_SECRET, SHOP_CONTEXT_SECRET
from ..factories import create_order

AUDIENCE = "returndesk:shop-context"


def _rasa_side_tokens():
    spec = importlib.util.spec_from_file_location("rasa_chat_tokens", REPO_DIR / "bot" / "channels" / "tokens.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


rasa_tokens = _rasa_side_tokens()


def shop_context(
    *,
    secret: str = SHOP_CONTEXT_SECRET,
    minutes: float = 10,
    algorithm: str = "HS256",
    **claims: Any,
) -> str:
    """What a shop's server signs for a signed-in customer; claims default to dev@example.com and A1001."""
    payload = {"aud": AUDIENCE, "email": "dev@example.com", "order_number": "A1001", **claims}
    payload["exp"] = datetime.now(UTC) + timedelta(minutes=minutes)
    return jwt.encode({k: v for k, v in payload.items() if v is not None}, secret, algorithm=algorithm)


def open_session(api, context: str | None, **extra):
    return api.post("/chat/sessions", json={"context": context, **extra})


def test_a_signed_context_opens_a_session_verified_for_the_customer_and_order(api):
    create_order(api)
    response = open_session(api, shop_context(email="Dev@Example.com", order_number="a1001"))
    assert response.status_code == 201, response.text
    session = response.json()
    assert session["context"] == {"email": "dev@example.com", "order_number": "A1001"}
    # The Rasa side reads the verified context from the token: that is how the assistant learns it.
    claims = rasa_tokens.read(CHAT_SECRET, session["token"], session["conversation_id"])
    assert claims.context == {"email": "dev@example.com", "order_number": "A1001"}


def test_a_context_may_name_only_the_customer(api):
    create_order(api)
    response = open_session(api, shop_context(order_number=None))
    assert response.status_code == 201, response.text
    assert response.json()["context"] == {"email": "dev@example.com", "order_number": None}
    token = response.json()["token"]
    assert rasa_tokens.read(CHAT_SECRET, token, response.json()["conversation_id"]).context == {
        "email": "dev@example.com"
    }


def test_what_the_demo_storefront_signs_is_accepted(api):
    create_order(api)
    response = open_session(api, sign_shop_context(SHOP_CONTEXT_SECRET, "dev@example.com", "A1001"))
    assert response.status_code == 201, response.text


@pytest.mark.parametrize(
    "body",
    [
        pytest.param(None, id="no body"),
        pytest.param({}, id="empty object"),
        pytest.param({"context": None}, id="null context"),
    ],
)
def test_without_a_context_the_session_is_anonymous(api, body):
    response = api.post("/chat/sessions", json=body) if body is not None else api.post("/chat/sessions")
    assert response.status_code == 201, response.text
    session = response.json()
    assert session["context"] is None
    assert rasa_tokens.read(CHAT_SECRET, session["token"], session["conversation_id"]).context is None


@pytest.mark.parametrize(
    ("context", "status", "words"),  # context: a function that signs it
    [
        pytest.param(lambda: shop_context(minutes=-5), 401, "has expired", id="expired"),
        pytest.param(
            lambda: shop_context(secret="another-secret-0123456789abcdef"), 401, "signature", id="other secret"
        ),
        pytest.param(lambda: shop_context(aud="returndesk:chat"), 401, "audience", id="wrong audience"),
        pytest.param(lambda: shop_context(aud=None), 401, "'aud' claim", id="no audience"),
        pytest.param(
            lambda: jwt.encode({"aud": AUDIENCE, "email": "dev@example.com"}, SHOP_CONTEXT_SECRET, algorithm="HS256"),
            401,
            "'exp' claim",
            id="no expiry",
        ),
        pytest.param(lambda: shop_context(algorithm="HS512"), 401, "HS256", id="another algorithm"),
        pytest.param(
            lambda: jwt.encode(
                {"aud": AUDIENCE, "email": "dev@example.com", "exp": 4102444800}, None, algorithm="none"
            ),
            401,
            "HS256",
            id="unsigned",
        ),
        pytest.param(lambda: "not-a-jwt", 401, "HS256", id="not a JWT"),
        pytest.param(lambda: shop_context(minutes=60), 422, "15 minutes", id="lives too long"),
        pytest.param(lambda: shop_context(email=None), 422, "'email' claim", id="no email"),
        pytest.param(lambda: shop_context(email="not an email"), 422, "'email' claim", id="not an email"),
        pytest.param(lambda: shop_context(order_number="A 1001;"), 422, "'order_number' claim", id="bad order number"),
        pytest.param(lambda: shop_context(email="nobody@example.com"), 404, "no customer", id="unknown customer"),
        pytest.param(lambda: shop_context(order_number="Z9999"), 404, "not known", id="unknown order"),
        pytest.param(lambda: shop_context(order_number="B2002"), 403, "does not belong", id="another customer's order"),
    ],
)
def test_a_context_that_cannot_be_trusted_is_refused_with_what_to_fix(api, context, status, words):
    create_order(api)
    create_order(api, number="B2002", email="ben@example.com")
    response = open_session(api, context())  # signed now: parameters are built when the suite starts
    assert response.status_code == status, response.text
    assert response.headers["content-type"] == "application/problem+json"
    assert words in response.json()["detail"]


@pytest.mark.parametrize(
    "body",
    [
        pytest.param({"context": 42}, id="context not a string"),
        pytest.param({"context": "x" * 5000}, id="context too long"),
        pytest.param({"customer": "dev@example.com"}, id="unknown field"),
        pytest.param(["context"], id="not an object"),
    ],
)
def test_malformed_bodies_are_422_with_the_field(api, body):
    response = api.post("/chat/sessions", json=body)
    assert response.status_code == 422, response.text
    assert response.json()["errors"][0]["location"].startswith("body")
