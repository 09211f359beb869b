"""POST /escalations: the assistant hands a conversation to people, once per conversation."""

from __future__ import annotations

import pytest

from ..factories import SHOP


def test_a_conversation_is_escalated_once_with_a_reference_and_next_steps(api):
    body = {"conversation_id": "chat-1", "order_number": "a1001", "summary": "Wants to talk about a refund"}
    first = api.post("/escalations", json=body, headers=SHOP)
    again = api.post("/escalations", json=body, headers=SHOP)
    assert first.status_code == again.status_code == 201
    assert first.json()["reference"].startswith("ESC-")
    assert again.json()["reference"] == first.json()["reference"]
    assert first.json()["reference"] in first.json()["next_steps"]


def test_cases_ahead_are_counted(api):
    api.post("/escalations", json={"conversation_id": "chat-1"}, headers=SHOP)
    second = api.post("/escalations", json={"conversation_id": "chat-2"}, headers=SHOP)
    assert second.json()["open_cases_ahead"] == 1


@pytest.mark.parametrize(
    ("body", "status"),
    [
        pytest.param({"conversation_id": ""}, 422, id="empty conversation"),
        pytest.param({"conversation_id": "c", "trigger": "bored"}, 422, id="unknown trigger"),
        pytest.param({"conversation_id": "c", "rma_number": "RMA-1"}, 422, id="malformed rma"),
    ],
)
def test_bad_escalations_are_explained(api, body, status):
    assert api.post("/escalations", json=body, headers=SHOP).status_code == status


def test_only_trusted_callers_escalate(api):
    assert api.post("/escalations", json={"conversation_id": "c"}).status_code == 401
