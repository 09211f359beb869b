"""Delivery: retries with backoff on a controllable clock, giving up, order per endpoint, and
nothing emitted for a step that rolls back."""

from __future__ import annotations

from datetime import timedelta

import pytest
from sqlalchemy import func, select

from returndesk.db import get_sessionmaker, transaction
from returndesk.models import WebhookAttempt, WebhookDelivery, utcnow

from ..factories import create_order, post_return, verify
from ..lifecycle.test_whole_life import request_return, scan_and_grade
from .conftest import deliveries
from .receiver import start_receiver


def test_a_receiver_failing_three_times_gets_the_event_once_it_recovers(api, session, receiver, worker):
    request_return(api, "W2001", "conv-retry")
    receiver.fail_next = 3
    hooks = worker(webhook_backoff_seconds=30, webhook_max_attempts=5)
    start = utcnow()

    first = hooks.run_once(now=start)  # return.created fails; return.approved waits behind it
    assert (first.retried, first.delivered) == (1, 0)
    assert hooks.run_once(now=start + timedelta(seconds=29)).handled == 0  # backing off: not due yet
    assert hooks.run_once(now=start + timedelta(seconds=31)).retried == 1  # 2nd attempt, then 60 s
    assert hooks.run_once(now=start + timedelta(seconds=31 + 59)).handled == 0
    assert hooks.run_once(now=start + timedelta(seconds=31 + 61)).retried == 1  # 3rd, then 120 s
    assert receiver.accepted == [] and receiver.refused == ["told to fail"] * 3

    recovered = hooks.run_once(now=start + timedelta(seconds=31 + 61 + 121))
    assert recovered.delivered == 2 and receiver.types() == ["return.created", "return.approved"]
    created, approved = deliveries(session)
    assert (created.status, created.attempts, created.last_error) == ("delivered", 4, None)
    log = session.scalars(select(WebhookAttempt).where(WebhookAttempt.delivery_id == created.id)).all()
    assert [row.status_code for row in log] == [500, 500, 500, 204]
    assert [row.error for row in log] == ["HTTP 500"] * 3 + [None]
    assert (approved.status, approved.attempts) == ("delivered", 1)


def test_after_the_last_attempt_the_delivery_fails_and_the_order_moves_on(api, session, receiver, worker):
    request_return(api, "W2002", "conv-give-up")
    receiver.fail_next = 2
    hooks = worker(webhook_backoff_seconds=1, webhook_max_attempts=2)
    start = utcnow()

    assert hooks.run_once(now=start).retried == 1
    gave_up = hooks.run_once(now=start + timedelta(seconds=2))
    # The first event failed for good, so the second is no longer held back behind it.
    assert (gave_up.failed, gave_up.delivered) == (1, 1)
    created, approved = deliveries(session)
    assert created.status == "failed" and created.last_error == "gave up after 2 attempts: HTTP 500"
    assert approved.status == "delivered" and receiver.types() == ["return.approved"]


def test_an_endpoint_gets_one_orders_events_in_order_while_others_go_on(
    api, session, signed_in, receiver, worker, shop_headers
):
    other, server = start_receiver()
    try:
        answer = api.post(
            "/webhooks/endpoints", json={"url": other.url, "events": ["return.created"]}, headers=shop_headers
        )
        other.secret = answer.json()["secret"]
        slow, _ = request_return(api, "W2003", "conv-order-1")
        scan_and_grade(signed_in, slow)
        request_return(api, "W2004", "conv-order-2")
        receiver.fail_next = 1  # W2003's return.created fails once: its three later events wait
        hooks = worker(webhook_backoff_seconds=30)
        start = utcnow()

        hooks.run_once(now=start)
        orders = [(seen.body["data"]["order_number"], seen.type) for seen in receiver.accepted]
        assert orders == [("W2004", "return.created"), ("W2004", "return.approved")]
        assert other.types() == ["return.created", "return.created"]  # the other endpoint is not held up
        waiting = deliveries(session, endpoint_id=receiver.endpoint_id, status="pending")
        assert [row.event for row in waiting] == [
            "return.created",
            "return.approved",
            "return.received",
            "return.graded",
        ]
        assert [row.attempts for row in waiting] == [1, 0, 0, 0]

        hooks.run_once(now=start + timedelta(seconds=31))
        orders = [(seen.body["data"]["order_number"], seen.type) for seen in receiver.accepted[2:]]
        assert orders == [
            ("W2003", "return.created"),
            ("W2003", "return.approved"),
            ("W2003", "return.received"),
            ("W2003", "return.graded"),
        ]
    finally:
        server.shutdown()


def test_an_endpoint_gets_only_the_events_it_subscribed_to(api, session, shop_headers, worker):
    only, server = start_receiver()
    try:
        answer = api.post(
            "/webhooks/endpoints", json={"url": only.url, "events": ["return.approved"]}, headers=shop_headers
        )
        only.secret = answer.json()["secret"]
        paused = api.post(
            "/webhooks/endpoints", json={"url": only.url, "events": ["return.created"]}, headers=shop_headers
        )
        api.patch(f"/webhooks/endpoints/{paused.json()['id']}", json={"active": False}, headers=shop_headers)
        request_return(api, "W2005", "conv-only")
        worker().run_once()
        assert only.types() == ["return.approved"] and only.refused == []
        assert [row.event for row in deliveries(session)] == ["return.approved"]
    finally:
        server.shutdown()


def test_a_retried_request_announces_nothing_twice(api, session, receiver):
    create_order(api, number="W2006", email="w2006@example.com")
    headers = verify(api, "W2006", "w2006@example.com")
    first = post_return(api, headers, order_number="W2006", key="retry-w2006")
    again = post_return(api, headers, order_number="W2006", key="retry-w2006")  # the client's retry
    assert first.status_code == 201 and again.json()["rma_number"] == first.json()["rma_number"]
    assert [row.event for row in deliveries(session)] == ["return.created", "return.approved"]


class Undone(Exception):
    pass


@pytest.mark.own_database
def test_a_step_that_rolls_back_emits_nothing(engine, session):
    from returndesk.webhooks import Event, emit
    from returndesk.webhooks.service import create_endpoint

    with transaction(get_sessionmaker()) as setup:
        create_endpoint(setup, url="http://127.0.0.1:9/hooks", events=list(Event), description="", actor="test")
    with pytest.raises(Undone), transaction(get_sessionmaker()) as step:
        assert emit(step, Event.RETURN_CREATED, {"order_number": "A1001"}) == 1  # written, only flushed
        raise Undone
    with transaction(get_sessionmaker()) as step:
        emit(step, Event.RETURN_APPROVED, {"order_number": "A1001"})
    assert session.scalars(select(WebhookDelivery.event)).all() == ["return.approved"]
    assert session.scalar(select(func.count()).select_from(WebhookAttempt)) == 0
