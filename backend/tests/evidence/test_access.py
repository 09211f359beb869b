"""GET /evidence/{id} and attaching evidence: only an order token verified in the evidence's own
conversation reaches it. Naming another conversation's id gets nothing, whatever token is held."""

from __future__ import annotations

from ..factories import create_order, post_return, verify
from . import files
from .helpers import chat_session, upload

DAMAGED = [{"line_no": 1, "quantity": 1, "reason": "damaged_in_transit"}]


def _own(api):
    create_order(api)
    conversation, chat = chat_session()
    evidence = upload(api, chat, files.jpeg()).json()
    return evidence, {**verify(api, conversation=conversation), "X-ReturnDesk-Conversation": conversation}


def _victim_and_stranger(api):
    """A victim's unattached photo in their chat, and a stranger verified for their own order in their own chat."""
    victim_evidence, victim_headers = _own(api)
    create_order(api, number="B2002", email="mallory@example.com")
    stranger_conversation, _ = chat_session()
    stranger = verify(api, "B2002", "mallory@example.com", conversation=stranger_conversation)
    return victim_evidence["evidence_id"], victim_headers, stranger


def test_the_owner_sees_metadata_with_a_fresh_link(api):
    evidence, headers = _own(api)
    response = api.get(f"/evidence/{evidence['evidence_id']}", headers=headers)
    assert response.status_code == 200, response.text
    body = response.json()
    assert {k: body[k] for k in ("evidence_id", "kind", "width", "height", "bytes")} == {
        k: evidence[k] for k in ("evidence_id", "kind", "width", "height", "bytes")
    }
    assert api.get(body["thumbnail_url"]).status_code == 200


def test_the_token_carries_its_conversation_so_the_header_may_be_left_out(api):
    evidence, headers = _own(api)
    response = api.get(f"/evidence/{evidence['evidence_id']}", headers={"Authorization": headers["Authorization"]})
    assert response.status_code == 200, response.text


def test_a_browser_verifying_with_its_chat_token_gets_its_own_chats_evidence(api):
    create_order(api)
    conversation, chat = chat_session()
    evidence = upload(api, chat, files.jpeg()).json()
    verified = api.post("/verifications", json={"order_number": "A1001", "email": "dev@example.com"}, headers=chat)
    assert verified.status_code == 201, verified.text
    token = {"Authorization": f"Bearer {verified.json()['token']}"}
    assert api.get(f"/evidence/{evidence['evidence_id']}", headers=token).status_code == 200
    elsewhere = api.get(
        f"/evidence/{evidence['evidence_id']}", headers={**token, "X-ReturnDesk-Conversation": "x" * 32}
    )
    assert elsewhere.status_code == 403


def test_another_conversations_evidence_is_404_like_a_missing_one(api):
    evidence, headers = _own(api)
    _, stranger_chat = chat_session()
    foreign = upload(api, stranger_chat, files.jpeg(files.textured(seed=9))).json()
    other = api.get(f"/evidence/{foreign['evidence_id']}", headers=headers)
    missing = api.get("/evidence/ev_doesnotexist0000000000", headers=headers)
    assert other.status_code == missing.status_code == 404
    assert other.json()["detail"] == missing.json()["detail"]


def test_evidence_needs_an_order_token_verified_in_that_conversation(api):
    evidence, headers = _own(api)
    path = f"/evidence/{evidence['evidence_id']}"
    assert api.get(path).status_code == 401
    conversation = headers["X-ReturnDesk-Conversation"]
    # Verified outside any chat (no chat token, not relayed by the assistant): naming the chat is not enough.
    unbound = {**verify(api), "X-ReturnDesk-Conversation": conversation}
    refused = api.get(path, headers=unbound)
    assert refused.status_code == 403 and "verify the order again from the chat" in refused.json()["detail"]
    assert api.get(path, headers={"Authorization": unbound["Authorization"]}).status_code == 403
    wrong_conversation = api.get(path, headers={**headers, "X-ReturnDesk-Conversation": "someone-else-123"})
    assert wrong_conversation.status_code == 403
    assert "another conversation" in wrong_conversation.json()["detail"]


def test_a_stranger_naming_the_victims_conversation_can_neither_read_nor_attach(api):
    victim_photo, victim, stranger = _victim_and_stranger(api)
    victim_conversation = victim["X-ReturnDesk-Conversation"]
    naming = {**stranger, "X-ReturnDesk-Conversation": victim_conversation}

    assert api.get(f"/evidence/{victim_photo}", headers=naming).status_code == 403
    assert api.get(f"/evidence/{victim_photo}", headers=stranger).status_code == 404  # not in their chat
    attach = post_return(api, naming, order_number="B2002", lines=DAMAGED, evidence_ids=[victim_photo])
    assert attach.status_code == 403, attach.text
    dry_run = api.post(
        "/policy/evaluate",
        json={"order_number": "B2002", "lines": DAMAGED, "evidence_ids": [victim_photo]},
        headers=naming,
    )
    assert dry_run.status_code == 403
    # Their own chat does not hold the photo either.
    without_header = post_return(api, stranger, order_number="B2002", lines=DAMAGED, evidence_ids=[victim_photo])
    assert without_header.status_code == 422 and victim_photo in without_header.json()["detail"]

    created = post_return(api, stranger, order_number="B2002", lines=DAMAGED).json()
    assert created["status"] == "pending_review"
    added = api.post(
        f"/returns/{created['rma_number']}/evidence", json={"evidence_ids": [victim_photo]}, headers=naming
    )
    assert added.status_code == 403
    # A return cannot be pointed at the victim's chat for its notifications either.
    posted_into = post_return(api, stranger, order_number="B2002", conversation_id=victim_conversation)
    assert posted_into.status_code == 403


def test_the_victim_still_uses_their_photo(api):
    victim_photo, victim, stranger = _victim_and_stranger(api)
    assert api.get(f"/evidence/{victim_photo}", headers=stranger).status_code == 404
    assert api.get(f"/evidence/{victim_photo}", headers=victim).status_code == 200
    created = post_return(api, victim, lines=DAMAGED, evidence_ids=[victim_photo])
    assert created.status_code == 201, created.text
    assert created.json()["evidence_ids"] == [victim_photo]
