"""Returns and dry runs with evidence_ids: the service counts the evidence and flags reused photos."""

from __future__ import annotations

from sqlalchemy import func, select

from returndesk.evidence.hashing import dhash
from returndesk.evidence.service import add_catalogue_hash
from returndesk.models import Evidence, Rma

from ..factories import create_order, post_return, verify
from . import files
from .helpers import chat_session, upload

DAMAGED = [{"line_no": 1, "quantity": 1, "reason": "damaged_in_transit"}]


def _customer(api, *, number="A1001", email="dev@example.com"):
    """A verified customer in a chat: (order token + conversation headers, chat headers)."""
    create_order(api, number=number, email=email)
    conversation, chat = chat_session()
    return {**verify(api, number, email, conversation=conversation), "X-ReturnDesk-Conversation": conversation}, chat


def _photos(api, chat, *seeds: int) -> list[str]:
    ids = []
    for seed in seeds:
        response = upload(api, chat, files.jpeg(files.textured(seed=seed)))
        assert response.status_code == 201, response.text
        ids.append(response.json()["evidence_id"])
    return ids


def test_damaged_item_with_two_photos_is_approved_and_the_photos_attached(api, session):
    headers, chat = _customer(api)
    ids = _photos(api, chat, 11, 12)
    response = post_return(api, headers, lines=DAMAGED, evidence_ids=ids)
    assert response.status_code == 201, response.text
    body = response.json()
    assert body["status"] == "approved", body["decision"]
    assert body["evidence_ids"] == ids
    required = body["decision"]["required_evidence"]
    assert [(r["kind"], r["count"], r["received"]) for r in required] == [("photo_damage", 2, 2)]
    rows = session.scalars(select(Evidence)).all()
    assert {row.rma_id for row in rows} == {session.scalar(select(Rma.id))}


def test_one_photo_waits_for_review_until_the_second_arrives(api):
    headers, chat = _customer(api)
    first, second = _photos(api, chat, 21, 22)
    created = post_return(api, headers, lines=DAMAGED, evidence_ids=[first]).json()
    assert created["status"] == "pending_review"
    assert "review.evidence_missing" in created["decision"]["rule_ids"]

    added = api.post(f"/returns/{created['rma_number']}/evidence", json={"evidence_ids": [second]}, headers=headers)
    assert added.status_code == 200, added.text
    body = added.json()
    assert body["status"] == "approved"
    assert body["evidence_ids"] == [first, second]
    last = body["timeline"][-1]
    assert (last["from_status"], last["to_status"]) == ("pending_review", "approved")
    assert second in last["description"]

    again = api.post(f"/returns/{created['rma_number']}/evidence", json={"evidence_ids": [second]}, headers=headers)
    assert again.status_code == 409 and "approved" in again.json()["detail"]


def test_counts_a_client_declares_are_not_trusted_in_the_dry_run(api):
    headers, chat = _customer(api)
    ids = _photos(api, chat, 31, 32)
    declared = api.post(
        "/policy/evaluate",
        json={"order_number": "A1001", "lines": DAMAGED, "evidence": {"photo_damage": 5}},
        headers=headers,
    ).json()
    assert declared["outcome"] == "review" and "review.evidence_missing" in declared["rule_ids"]
    counted = api.post(
        "/policy/evaluate", json={"order_number": "A1001", "lines": DAMAGED, "evidence_ids": ids}, headers=headers
    )
    assert counted.status_code == 200, counted.text
    assert counted.json()["outcome"] == "approve"


def test_unknown_and_foreign_evidence_ids_are_refused_naming_the_id(api, session):
    headers, chat = _customer(api)
    (mine,) = _photos(api, chat, 41)
    _, stranger_chat = chat_session()
    (theirs,) = _photos(api, stranger_chat, 42)
    for bad in ("ev_doesnotexist0000000000", theirs):
        response = post_return(api, headers, lines=DAMAGED, evidence_ids=[mine, bad])
        assert response.status_code == 422, response.text
        assert bad in response.json()["detail"] and response.json()["evidence_id"] == bad
    assert session.scalar(select(func.count(Rma.id))) == 0
    assert session.scalar(select(func.count(Evidence.id)).where(Evidence.rma_id.is_not(None))) == 0


def test_evidence_already_on_a_return_cannot_serve_another(api):
    headers, chat = _customer(api)
    create_order(api, number="A2002", lines=None)
    ids = _photos(api, chat, 51, 52)
    assert post_return(api, headers, lines=DAMAGED, evidence_ids=ids).status_code == 201
    other_headers = verify(api, "A2002", conversation=headers["X-ReturnDesk-Conversation"])
    reused = post_return(api, other_headers, order_number="A2002", lines=DAMAGED, evidence_ids=ids)
    assert reused.status_code == 422 and ids[0] in reused.json()["detail"]


def test_the_same_photo_from_two_customers_is_flagged_and_goes_to_review(api):
    first_headers, first_chat = _customer(api)
    photos = [files.jpeg(files.textured(seed=61)), files.jpeg(files.textured(seed=62))]
    first_ids = [upload(api, first_chat, data).json()["evidence_id"] for data in photos]
    assert post_return(api, first_headers, lines=DAMAGED, evidence_ids=first_ids).json()["status"] == "approved"

    second_headers, second_chat = _customer(api, number="B3003", email="mallory@example.com")
    # The same pictures, re-saved at another quality: near-same, not byte-identical.
    resent = [upload(api, second_chat, files.jpeg(files.textured(seed=s), quality=70)).json() for s in (61, 62)]
    assert all("duplicate_photo" in body["flags"] for body in resent)
    response = post_return(
        api, second_headers, order_number="B3003", lines=DAMAGED, evidence_ids=[b["evidence_id"] for b in resent]
    )
    assert response.json()["status"] == "pending_review"
    assert "review.evidence_suspect" in response.json()["decision"]["rule_ids"]


def test_the_same_customer_may_send_a_photo_twice(api):
    headers, chat = _customer(api)
    create_order(api, number="A2002")
    ids = _photos(api, chat, 71, 72)
    assert post_return(api, headers, lines=DAMAGED, evidence_ids=ids).json()["status"] == "approved"
    _, other_chat = chat_session()
    again = _photos(api, other_chat, 71, 72)
    other = verify(api, "A2002", conversation=_conversation_of(other_chat))
    response = post_return(api, other, order_number="A2002", lines=DAMAGED, evidence_ids=again)
    assert response.json()["status"] == "approved", response.json()["decision"]["rule_ids"]


def test_a_catalogue_picture_sent_as_damage_is_flagged(api, session):
    catalogue = files.textured(seed=81)
    add_catalogue_hash(session, "AP-JEANS-SLIM", dhash(catalogue))
    session.commit()
    headers, chat = _customer(api)
    body = upload(api, chat, files.jpeg(catalogue.resize((500, 375)))).json()
    assert body["flags"] == ["catalogue_image"]
    (other,) = _photos(api, chat, 82)
    response = post_return(api, headers, lines=DAMAGED, evidence_ids=[body["evidence_id"], other])
    assert response.json()["status"] == "pending_review"
    assert "review.evidence_suspect" in response.json()["decision"]["rule_ids"]


def _conversation_of(chat_headers: dict[str, str]) -> str:
    import jwt

    return jwt.decode(chat_headers["Authorization"].split()[1], options={"verify_signature": False})["sub"]


def test_a_shop_registers_a_catalogue_picture_and_a_customer_sending_it_is_flagged(api, shop_headers):
    picture = files.textured(seed=91)
    refused = api.post(
        "/catalogue/images", files={"file": ("p.jpg", files.jpeg(picture), "image/jpeg")}, data={"sku": "AP-JEANS-SLIM"}
    )
    assert refused.status_code == 401
    registered = api.post(
        "/catalogue/images",
        headers=shop_headers,
        files={"file": ("p.png", files.png(picture), "image/png")},
        data={"sku": "AP-JEANS-SLIM"},
    )
    assert registered.status_code == 201, registered.text
    assert registered.json()["sku"] == "AP-JEANS-SLIM" and len(registered.json()["phash"]) == 16
    _, chat = _customer(api)
    assert upload(api, chat, files.jpeg(picture, quality=75)).json()["flags"] == ["catalogue_image"]
