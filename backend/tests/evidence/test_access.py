"""GET /evidence/{id}: only the verified owner's conversation sees its evidence; others get 404."""

from __future__ import annotations

from ..factories import create_order, verify
from . import files
from .helpers import chat_session, upload


def _own(api):
    create_order(api)
    conversation, chat = chat_session()
    evidence = upload(api, chat, files.jpeg()).json()
    return evidence, {**verify(api), "X-ReturnDesk-Conversation": conversation}


def test_the_owner_sees_metadata_with_a_fresh_link(api):
    evidence, headers = _own(api)
    response = api.get(f"/evidence/{evidence['evidence_id']}", headers=headers)
    assert response.status_code == 200, response.text
    body = response.json()
    assert {k: body[k] for k in ("evidence_id", "kind", "width", "height", "bytes")} == {
        k: evidence[k] for k in ("evidence_id", "kind", "width", "height", "bytes")
    }
    assert api.get(body["thumbnail_url"]).status_code == 200


def test_another_conversations_evidence_is_404_like_a_missing_one(api):
    evidence, headers = _own(api)
    _, stranger_chat = chat_session()
    foreign = upload(api, stranger_chat, files.jpeg(files.textured(seed=9))).json()
    other = api.get(f"/evidence/{foreign['evidence_id']}", headers=headers)
    missing = api.get("/evidence/ev_doesnotexist0000000000", headers=headers)
    assert other.status_code == missing.status_code == 404
    assert other.json()["detail"] == missing.json()["detail"]


def test_evidence_needs_an_order_token_and_the_conversation(api):
    evidence, headers = _own(api)
    path = f"/evidence/{evidence['evidence_id']}"
    assert api.get(path).status_code == 401
    no_conversation = api.get(path, headers={"Authorization": headers["Authorization"]})
    assert no_conversation.status_code == 422 and "X-ReturnDesk-Conversation" in no_conversation.json()["detail"]
    wrong_conversation = api.get(path, headers={**headers, "X-ReturnDesk-Conversation": "someone-else-123"})
    assert wrong_conversation.status_code == 404
