"""The signed REST channel: the bearer chat token must belong to the body's sender."""

from __future__ import annotations

import pytest
import requests

from bot.channels.signed_rest import ChannelRefusal, SignedRestInput
from bot.channels.tokens import CONTEXT_METADATA_KEY

from .helpers import SECRET, SIGNED_IN, token_for


@pytest.fixture
def channel() -> SignedRestInput:
    return SignedRestInput(secret=SECRET)


def test_a_request_with_the_senders_token_is_accepted_with_its_metadata(channel):
    body = {"sender": "conversation-1", "message": "hi", "metadata": {"order": "A1001"}}
    assert channel.authorised_message(f"Bearer {token_for('conversation-1')}", body) == (
        "conversation-1",
        "hi",
        {"order": "A1001"},
    )


def test_a_signed_in_customers_token_puts_the_verified_context_in_the_metadata(channel):
    forged = {"email": "eve@example.com", "order_number": "B2002"}
    body = {"sender": "conversation-1", "message": "hi", "metadata": {"page": "/", CONTEXT_METADATA_KEY: forged}}
    _, _, metadata = channel.authorised_message(f"Bearer {token_for('conversation-1', context=SIGNED_IN)}", body)
    assert metadata == {"page": "/", CONTEXT_METADATA_KEY: SIGNED_IN}


def test_a_context_the_client_makes_up_never_reaches_rasa(channel):
    forged = {"email": "eve@example.com", "order_number": "B2002"}
    body = {"sender": "conversation-1", "message": "hi", "metadata": {CONTEXT_METADATA_KEY: forged}}
    assert channel.authorised_message(f"Bearer {token_for('conversation-1')}", body)[2] == {}


@pytest.mark.parametrize(
    ("authorization", "body", "status", "reason"),
    [
        pytest.param(None, {"sender": "conversation-1", "message": "hi"}, 401, "missing_token", id="no token"),
        pytest.param("Basic abc", {"sender": "conversation-1", "message": "hi"}, 401, "missing_token", id="not bearer"),
        pytest.param("Bearer nonsense", {"sender": "conversation-1", "message": "hi"}, 401, "invalid", id="garbage"),
        pytest.param(
            f"Bearer {token_for('conversation-1', hours=-1)}",
            {"sender": "conversation-1", "message": "hi"},
            401,
            "expired",
            id="expired",
        ),
        pytest.param(
            f"Bearer {token_for('conversation-2')}",
            {"sender": "conversation-1", "message": "hi"},
            403,
            "wrong_conversation",
            id="another sender's token",
        ),
        pytest.param(f"Bearer {token_for('conversation-1')}", {"message": "hi"}, 400, "bad_request", id="no sender"),
        pytest.param(
            f"Bearer {token_for('conversation-1')}", {"sender": "conversation-1"}, 400, "bad_request", id="no message"
        ),
        pytest.param(
            f"Bearer {token_for('conversation-1')}", ["not", "an", "object"], 400, "bad_request", id="not an object"
        ),
    ],
)
def test_bad_requests_are_refused_with_a_reason(channel, authorization, body, status, reason):
    with pytest.raises(ChannelRefusal) as refused:
        channel.authorised_message(authorization, body)
    assert (refused.value.status, refused.value.reason) == (status, reason)


def test_over_http_the_sender_speaks_with_its_token_and_metadata_is_forwarded(echo_server):
    webhook = f"{echo_server}/webhooks/signed_rest/webhook"
    body = {"sender": "conversation-h", "message": "hi", "metadata": {"order": "A1001"}}
    answer = requests.post(webhook, json=body, headers={"Authorization": f"Bearer {token_for('conversation-h')}"})
    assert answer.status_code == 200
    assert [m["text"] for m in answer.json()] == [
        "echo conversation-h signed_rest: hi",
        "metadata {'order': 'A1001'}",
    ]


@pytest.mark.parametrize(
    ("headers", "status", "reason"),
    [
        pytest.param({}, 401, "missing_token", id="no token"),
        pytest.param(
            {"Authorization": f"Bearer {token_for('someone-else')}"},
            403,
            "wrong_conversation",
            id="another sender's token",
        ),
    ],
)
def test_over_http_refusals_are_json_and_nothing_reaches_rasa(echo_server, headers, status, reason):
    webhook = f"{echo_server}/webhooks/signed_rest/webhook"
    answer = requests.post(webhook, json={"sender": "conversation-h", "message": "hi"}, headers=headers)
    assert answer.status_code == status
    assert answer.json()["reason"] == reason and answer.json()["message"]


def test_over_http_the_verified_context_reaches_rasa_and_a_forged_one_does_not(echo_server):
    webhook = f"{echo_server}/webhooks/signed_rest/webhook"
    forged = {CONTEXT_METADATA_KEY: {"email": "eve@example.com"}}
    signed_in = requests.post(
        webhook,
        json={"sender": "conversation-s", "message": "hi", "metadata": forged},
        headers={"Authorization": f"Bearer {token_for('conversation-s', context=SIGNED_IN)}"},
    )
    assert [m["text"] for m in signed_in.json()][1] == f"metadata {{'{CONTEXT_METADATA_KEY}': {SIGNED_IN!r}}}"
    anonymous = requests.post(
        webhook,
        json={"sender": "conversation-a", "message": "hi", "metadata": forged},
        headers={"Authorization": f"Bearer {token_for('conversation-a')}"},
    )
    assert [m["text"] for m in anonymous.json()] == ["echo conversation-a signed_rest: hi"]  # no metadata at all


def test_over_http_malformed_json_is_a_400(echo_server):
    answer = requests.post(
        f"{echo_server}/webhooks/signed_rest/webhook", data="{not json", headers={"Content-Type": "application/json"}
    )
    assert answer.status_code == 400 and answer.json()["reason"] == "bad_request"
