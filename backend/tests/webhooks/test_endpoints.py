"""The /webhooks API: who may use it, what it refuses, secrets shown once, rotation, re-send."""

from __future__ import annotations

import pytest

from ..lifecycle.test_whole_life import request_return
from .conftest import deliveries

HOOK = "https://shop.example/hooks/returndesk"


def test_the_secret_is_shown_once_and_never_again(api, shop_headers, db):
    created = api.post(
        "/webhooks/endpoints",
        json={"url": HOOK, "events": ["return.created"], "description": "ERP"},
        headers=shop_headers,
    )
    assert created.status_code == 201, created.text
    body = created.json()
    assert body["secret"].startswith("whsec_") and len(body["secret"]) > 30
    assert (body["url"], body["events"], body["active"], body["created_by"]) == (HOOK, ["return.created"], True, "shop")
    listed = api.get("/webhooks/endpoints", headers=shop_headers).json()["endpoints"]
    one = api.get(f"/webhooks/endpoints/{body['id']}", headers=shop_headers).json()
    assert "secret" not in listed[0] and "secret" not in one
    assert body["secret"] not in str(listed) + str(one)
    (added,) = db.audit("webhook.endpoint_added")
    assert (
        added.actor == "shop"
        and added.description == f"webhook endpoint {body['id']} ({HOOK}) added for return.created"
    )


@pytest.mark.parametrize(
    ("payload", "fix"),
    [
        pytest.param({"url": "ftp://shop.example/x", "events": ["case.opened"]}, "https://", id="not http"),
        pytest.param({"url": "https://" + "a" * 2050, "events": ["case.opened"]}, "2048", id="too long"),
        pytest.param({"url": "https://u:p@shop.example/x", "events": ["case.opened"]}, "password", id="credentials"),
        pytest.param({"url": HOOK, "events": []}, "events", id="no events"),
        pytest.param({"url": HOOK, "events": ["order.created"]}, "return.created", id="unknown event"),
        pytest.param({"url": HOOK, "events": ["case.opened"], "secret": "x"}, "secret", id="unknown field"),
    ],
)
def test_a_bad_endpoint_is_refused_with_what_to_fix(api, shop_headers, payload, fix):
    refused = api.post("/webhooks/endpoints", json=payload, headers=shop_headers)
    assert refused.status_code == 422 and refused.headers["content-type"] == "application/problem+json"
    assert fix in refused.json()["detail"], refused.json()


def test_only_the_shop_token_or_an_admin_manage_webhooks(api, signed_in):
    assert api.get("/webhooks/endpoints").status_code == 401
    assert api.get("/webhooks/endpoints", headers={"Authorization": "Bearer wrong"}).status_code == 403
    supervisor = signed_in("sofia", "supervisor").get("/webhooks/endpoints")
    assert supervisor.status_code == 403 and "admin" in supervisor.json()["detail"]
    admin = signed_in("ada", "admin")
    created = admin.post("/webhooks/endpoints", json={"url": HOOK, "events": ["case.opened"]})
    assert created.status_code == 201 and created.json()["created_by"] == "staff:ada"
    assert admin.get("/webhooks/endpoints/999999").status_code == 404


def test_rotation_signs_with_both_secrets_during_the_grace_period(api, session, shop_headers, receiver, worker, db):
    old = receiver.secret
    rotated = api.post(f"/webhooks/endpoints/{receiver.endpoint_id}/secret", headers=shop_headers)
    assert rotated.status_code == 200 and rotated.json()["secret"] not in (old, None)
    assert rotated.json()["previous_secret_expires_at"]
    (audited,) = db.audit("webhook.secret_rotated")
    assert rotated.json()["secret"] not in audited.description + str(audited.data)
    request_return(api, "W4001", "conv-rotate")
    worker().run_once()  # the receiver still has the old secret: the second signature matches it
    assert receiver.types() == ["return.created", "return.approved"] and receiver.refused == []
    assert len(receiver.accepted[0].headers["webhook-signature"].split()) == 2
    receiver.secret = rotated.json()["secret"]
    receiver.accepted.clear()
    for delivery in deliveries(session):
        assert api.post(f"/webhooks/deliveries/{delivery.id}/resend", headers=shop_headers).status_code == 202
    worker().run_once()
    assert receiver.types() == ["return.created", "return.approved"] and receiver.refused == []


def test_resend_delivers_the_same_event_again_and_refuses_a_pending_one(api, session, signed_in, receiver, worker, db):
    request_return(api, "W4002", "conv-resend")
    admin = signed_in("ada", "admin")
    created = deliveries(session)[0]
    pending = admin.post(f"/webhooks/deliveries/{created.id}/resend")
    assert pending.status_code == 409 and "still pending" in pending.json()["detail"]

    worker().run_once()
    again = admin.post(f"/webhooks/deliveries/{created.id}/resend")
    twice = admin.post(f"/webhooks/deliveries/{created.id}/resend")
    assert again.status_code == 202 and again.json()["status"] == "pending" and twice.status_code == 409
    assert worker().run_once().delivered == 1
    assert receiver.duplicates == [created.event_id]  # the receiver recognised the same event
    (resent,) = db.audit("webhook.resent")  # the refused second click left no trace
    assert resent.actor == "staff:ada" and created.event_id in resent.description

    shown = admin.get(f"/webhooks/endpoints/{receiver.endpoint_id}/deliveries").json()["deliveries"]
    assert [row["event"] for row in shown] == ["return.approved", "return.created"]  # newest first
    assert [attempt["status_code"] for attempt in shown[1]["log"]] == [204, 204]
    assert shown[1]["payload"]["data"]["order_number"] == "W4002"
    assert admin.get("/webhooks/deliveries/999999").status_code == 404
    assert signed_in("sam", "agent").post(f"/webhooks/deliveries/{created.id}/resend").status_code == 403


def test_a_deleted_endpoint_takes_its_deliveries_with_it(api, session, shop_headers, receiver):
    request_return(api, "W4003", "conv-delete")
    assert len(deliveries(session)) == 2
    assert api.delete(f"/webhooks/endpoints/{receiver.endpoint_id}", headers=shop_headers).status_code == 204
    assert deliveries(session) == []
    assert api.get(f"/webhooks/endpoints/{receiver.endpoint_id}", headers=shop_headers).status_code == 404
