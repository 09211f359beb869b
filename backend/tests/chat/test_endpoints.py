"""POST /chat/sessions over HTTP, and the token contract shared with the Rasa connectors."""

from __future__ import annotations

import importlib.util
import json
from datetime import UTC, datetime, timedelta

import pytest

from returndesk.config import REPO_DIR
from returndesk.kit import tokens

from ..conftest import CHAT_SECRET

VECTORS = json.loads((REPO_DIR / "docs" / "chat-token-vectors.json").read_text())


def _rasa_side_tokens():
    # bot/channels/tokens.py is plain stdlib + PyJWT, so the Rasa side's own code checks ours here.
    spec = importlib.util.spec_from_file_location("rasa_chat_tokens", REPO_DIR / "bot" / "channels" / "tokens.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


rasa_tokens = _rasa_side_tokens()


def test_a_chat_session_is_a_fresh_conversation_with_a_token_the_rasa_side_accepts(api):
    before = datetime.now(UTC)
    response = api.post("/chat/sessions")
    assert response.status_code == 201, response.text
    session = response.json()
    expires_at = datetime.fromisoformat(session["expires_at"])
    # The expiry is cut to whole seconds after the request started, so it may be up to 1 s past before + 24 h.
    assert timedelta(hours=23, minutes=59) < expires_at - before <= timedelta(hours=24, seconds=1)
    assert rasa_tokens.verify(CHAT_SECRET, session["token"], session["conversation_id"]) == expires_at
    with pytest.raises(rasa_tokens.InvalidChatToken):
        rasa_tokens.verify(CHAT_SECRET, session["token"], "another-conversation")


def test_every_session_is_a_new_conversation(api):
    ids = {api.post("/chat/sessions").json()["conversation_id"] for _ in range(5)}
    assert len(ids) == 5 and all(len(conversation_id) == 32 for conversation_id in ids)


def test_the_valid_vector_verifies_and_is_what_issue_produces():
    valid = VECTORS["valid"]
    expires_at = datetime.fromisoformat(valid["expires_at"])
    assert tokens.verify(VECTORS["secret"], valid["token"], VECTORS["conversation_id"]) == expires_at
    assert tokens.issue(VECTORS["secret"], VECTORS["conversation_id"], expires_at) == valid["token"]


@pytest.mark.parametrize("vector", VECTORS["invalid"], ids=[v["why"] for v in VECTORS["invalid"]])
def test_invalid_vectors_are_refused_with_their_reason(vector):
    with pytest.raises(tokens.InvalidChatToken) as refused:
        tokens.verify(VECTORS["secret"], vector["token"], VECTORS["conversation_id"])
    assert refused.value.code == vector["code"]


def test_both_sides_issue_the_same_token():
    expires_at = datetime(2030, 5, 1, 12, tzinfo=UTC)
    assert tokens.issue("s" * 40, "conversation-1", expires_at) == rasa_tokens.issue(
        "s" * 40, "conversation-1", expires_at
    )


def test_the_valid_vector_with_a_verified_context_reads_back_and_is_what_issue_produces():
    valid = VECTORS["valid_with_context"]
    expires_at = datetime.fromisoformat(valid["expires_at"])
    claims = tokens.read(VECTORS["secret"], valid["token"], VECTORS["conversation_id"])
    assert (claims.expires_at, claims.context) == (expires_at, valid["context"])
    assert tokens.issue(VECTORS["secret"], VECTORS["conversation_id"], expires_at, valid["context"]) == valid["token"]
    # Field order is the contract's, not the caller's: the same context gives the same token.
    reordered = dict(reversed(list(valid["context"].items())))
    assert tokens.issue(VECTORS["secret"], VECTORS["conversation_id"], expires_at, reordered) == valid["token"]


@pytest.mark.parametrize(
    "context",
    [
        pytest.param({"email": "dev@example.com"}, id="customer only"),
        pytest.param({"email": "dev@example.com", "order_number": "A1001"}, id="customer and order"),
    ],
)
def test_both_sides_agree_on_tokens_with_a_verified_context(context):
    expires_at = datetime(2030, 5, 1, 12, tzinfo=UTC)
    ours = tokens.issue("s" * 40, "conversation-1", expires_at, context)
    assert ours == rasa_tokens.issue("s" * 40, "conversation-1", expires_at, context)
    assert rasa_tokens.read("s" * 40, ours, "conversation-1").context == context


@pytest.mark.parametrize(
    "context",
    [{}, {"order_number": "A1001"}, {"email": ""}, {"email": "x@example.com", "extra": "1"}, {"email": 7}],
)
def test_issue_refuses_a_malformed_context(context):
    with pytest.raises(ValueError, match="verified context"):
        tokens.issue("s" * 40, "conversation-1", datetime(2030, 5, 1, tzinfo=UTC), context)


def test_both_sides_default_to_the_same_development_secret():
    from returndesk.config import DEV_CHAT_SECRET

    assert rasa_tokens.DEV_CHAT_SECRET == DEV_CHAT_SECRET
