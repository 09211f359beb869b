"""The RMA lifecycle: only allowed moves, one winner when two writers race, every move logged."""

from __future__ import annotations

from itertools import pairwise

import pytest
from sqlalchemy import select

from returndesk.db import get_sessionmaker
from returndesk.models import Rma, RmaEvent
from returndesk.models.rma_number import parse_rma_number
from returndesk.rma.lifecycle import ALLOWED_TRANSITIONS, RmaStatus, StatusChanged, TransitionNotAllowed, set_status

from ..factories import create_order, post_return, verify

S = RmaStatus


def _approved_rma_number(api) -> str:
    create_order(api)
    body = post_return(api, verify(api)).json()
    assert body["status"] == "approved"
    return parse_rma_number(body["rma_number"])


def _load(session, number: str) -> Rma:
    return session.scalars(select(Rma).where(Rma.number == number)).one()


@pytest.mark.parametrize(
    ("path", "allowed"),
    [
        pytest.param([S.REQUESTED, S.PENDING_REVIEW, S.APPROVED], True, id="review then approve"),
        pytest.param([S.APPROVED, S.IN_TRANSIT, S.RECEIVED, S.INSPECTED, S.RESOLVED, S.CLOSED], True, id="full return"),
        pytest.param([S.APPROVED, S.RESOLVED], True, id="returnless: keep the item"),
        pytest.param([S.IN_TRANSIT, S.CANCELLED], True, id="cancel before receipt"),
        pytest.param([S.RECEIVED, S.CANCELLED], False, id="no cancel after receipt"),
        pytest.param([S.REJECTED, S.APPROVED], False, id="rejected is final"),
        pytest.param([S.REQUESTED, S.RECEIVED], False, id="no receipt before approval"),
        pytest.param([S.CLOSED, S.RESOLVED], False, id="closed is final"),
    ],
)
def test_allowed_transitions(path, allowed):
    assert all(b in ALLOWED_TRANSITIONS[a] for a, b in pairwise(path)) is allowed


def test_every_status_is_reachable_from_requested():
    seen, frontier = {S.REQUESTED}, [S.REQUESTED]
    while frontier:
        for following in ALLOWED_TRANSITIONS[frontier.pop()]:
            if following not in seen:
                seen.add(following)
                frontier.append(following)
    assert seen == set(RmaStatus)


def test_a_refused_move_changes_nothing(api, session):
    number = _approved_rma_number(api)
    rma = _load(session, number)
    with pytest.raises(TransitionNotAllowed, match="approved cannot become closed"):
        set_status(session, rma, expected=S.APPROVED, to=S.CLOSED, actor="agent:1", why="test")
    session.rollback()
    assert _load(session, number).status == "approved"


def test_two_writers_racing_one_wins_and_the_other_is_told(api):
    number = _approved_rma_number(api)
    make = get_sessionmaker()
    with make() as warehouse, make() as customer:
        # The customer's page shows "approved"; its read transaction has ended (as between two
        # HTTP requests) when the warehouse scans the parcel.
        cancelling = _load(customer, number)
        customer.commit()
        received = _load(warehouse, number)
        set_status(warehouse, received, expected=S.APPROVED, to=S.RECEIVED, actor="warehouse:1", why="scanned")
        warehouse.commit()
        with pytest.raises(StatusChanged, match="is now received"):
            set_status(customer, cancelling, expected=S.APPROVED, to=S.CANCELLED, actor="customer", why="changed mind")
        customer.rollback()
    with make() as check:
        rma = _load(check, number)
        assert rma.status == "received"
        events = check.scalars(select(RmaEvent).where(RmaEvent.rma_id == rma.id).order_by(RmaEvent.id)).all()
        assert [(e.from_status, e.to_status, e.actor) for e in events] == [
            (None, "requested", "customer:web"),
            ("requested", "approved", "policy-engine"),
            ("approved", "received", "warehouse:1"),
        ]
