"""The chat token contract, Rasa side: the shared vectors, and tokens from the service's own module."""

from __future__ import annotations

import importlib.util
import json
from datetime import datetime, timedelta, timezone
from pathlib import Path

import pytest

from bot.channels import tokens

REPO_DIR = Path(__file__).resolve().parents[2]
VECTORS = json.loads((REPO_DIR / "docs" / "chat-token-vectors.json").read_text())
UTC = timezone.utc


def _service_tokens():
    # The service's module is plain stdlib + PyJWT, so it loads here too: a real cross-check.
    path = REPO_DIR / "backend" / "returndesk" / "kit" / "tokens.py"
    spec = importlib.util.spec_from_file_location("service_chat_tokens", path)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


service_tokens = _service_tokens()


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


def test_a_token_the_service_issues_verifies_here_and_the_other_way_round():
    expires_at = (datetime.now(UTC) + timedelta(hours=24)).replace(microsecond=0)
    from_service = service_tokens.issue("s" * 40, "conversation-1", expires_at)
    assert tokens.verify("s" * 40, from_service, "conversation-1") == expires_at
    from_here = tokens.issue("s" * 40, "conversation-1", expires_at)
    assert from_here == from_service
    assert service_tokens.verify("s" * 40, from_here, "conversation-1") == expires_at


def test_the_valid_vector_with_a_verified_context_reads_back_and_is_what_issue_produces():
    valid = VECTORS["valid_with_context"]
    expires_at = datetime.fromisoformat(valid["expires_at"])
    claims = tokens.read(VECTORS["secret"], valid["token"], VECTORS["conversation_id"])
    assert claims == (VECTORS["conversation_id"], expires_at, valid["context"])
    assert tokens.issue(VECTORS["secret"], VECTORS["conversation_id"], expires_at, valid["context"]) == valid["token"]


@pytest.mark.parametrize(
    "context", [{"email": "dev@example.com"}, {"email": "dev@example.com", "order_number": "A1001"}]
)
def test_a_verified_context_the_service_issues_reads_back_here(context):
    expires_at = (datetime.now(UTC) + timedelta(hours=24)).replace(microsecond=0)
    from_service = service_tokens.issue("s" * 40, "conversation-1", expires_at, context)
    assert tokens.read("s" * 40, from_service, "conversation-1").context == context
    assert tokens.issue("s" * 40, "conversation-1", expires_at, context) == from_service


@pytest.mark.parametrize(
    ("metadata", "context", "trusted"),
    [
        pytest.param({"page": "/"}, None, {"page": "/"}, id="anonymous: the client's metadata as it is"),
        pytest.param(
            {"page": "/", tokens.CONTEXT_METADATA_KEY: {"email": "eve@example.com"}},
            None,
            {"page": "/"},
            id="anonymous: a made-up context is dropped",
        ),
        pytest.param(
            {tokens.CONTEXT_METADATA_KEY: {"email": "eve@example.com", "order_number": "B2002"}},
            {"email": "dev@example.com", "order_number": "A1001"},
            {tokens.CONTEXT_METADATA_KEY: {"email": "dev@example.com", "order_number": "A1001"}},
            id="signed in: the token's context replaces a made-up one",
        ),
        pytest.param(
            ["not", "an", "object"],
            {"email": "dev@example.com"},
            {tokens.CONTEXT_METADATA_KEY: {"email": "dev@example.com"}},
            id="signed in, no client metadata",
        ),
    ],
)
def test_only_the_tokens_context_is_ever_under_the_metadata_key(metadata, context, trusted):
    assert tokens.with_verified_context(metadata, context) == trusted


def test_the_actions_read_the_key_the_connectors_write():
    from actions.signed_in import METADATA_KEY

    assert METADATA_KEY == tokens.CONTEXT_METADATA_KEY


def test_the_secret_defaults_in_development_and_is_refused_as_default_in_production():
    assert tokens.chat_secret({}) == tokens.DEV_CHAT_SECRET
    assert tokens.chat_secret({"RETURNDESK_CHAT_SECRET": "x" * 40}) == "x" * 40
    with pytest.raises(RuntimeError, match="RETURNDESK_CHAT_SECRET is still the development default"):
        tokens.chat_secret({"RETURNDESK_ENVIRONMENT": "production"})
    assert tokens.chat_secret({"RETURNDESK_ENVIRONMENT": "production", "RETURNDESK_CHAT_SECRET": "x" * 40})


def test_the_development_default_is_the_services():
    config = (REPO_DIR / "backend" / "returndesk" / "config.py").read_text()
    assert f'DEV_CHAT_SECRET = "{tokens.DEV_CHAT_SECRET}"' in config


@pytest.mark.parametrize("conversation_id", ["", "short", "has space in it", "x" * 65, "semi;colon1"])
def test_issue_refuses_conversation_ids_outside_the_alphabet(conversation_id):
    with pytest.raises(ValueError, match="conversation id"):
        tokens.issue("s" * 40, conversation_id, datetime.now(UTC) + timedelta(hours=1))


def test_the_secret_is_read_from_dotenv_like_the_services_settings(tmp_path):
    dotenv = tmp_path / ".env"
    dotenv.write_text('# comment\nRETURNDESK_ENVIRONMENT=production\nexport RETURNDESK_CHAT_SECRET="from-dotenv"\n')
    assert tokens.read_dotenv(dotenv) == {
        "RETURNDESK_ENVIRONMENT": "production",
        "RETURNDESK_CHAT_SECRET": "from-dotenv",
    }
    assert tokens.read_dotenv(tmp_path / "missing") == {}
