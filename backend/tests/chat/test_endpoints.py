"""POST /chat/sessions over HTTP, and the token contract shared with the Rasa connectors."""

from __future__ import annotations

import importlib.util
import json
from datetime import UTC, datetime, timedelta

import pytest

from returndesk.chat import tokens
from returndesk.config import REPO_DIR

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
    assert timedelta(hours=23, minutes=59) < expires_at - before <= timedelta(hours=24)
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


def test_both_sides_default_to_the_same_development_secret():
    from returndesk.config import DEV_CHAT_SECRET

    assert rasa_tokens.DEV_CHAT_SECRET == DEV_CHAT_SECRET
