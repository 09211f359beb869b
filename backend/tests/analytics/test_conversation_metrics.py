"""GET /analytics/conversations over HTTP, from Rasa-shaped events stored as the consumer stores them.

Ten conversations; nine start (first customer message) inside RANGE. Every number below is
counted by hand from the scripts in `reference_conversations`.
"""

from __future__ import annotations

import csv
import io
from datetime import UTC, datetime, timedelta

import pytest

from returndesk.analytics.conversations.ingest import store
from returndesk.models import BotOffer, ConversationEvent, Escalation

from .metrics_data import JEANS, History
from .test_conversation_reading import RasaChat

RANGE = {"from": "2026-11-20", "to": "2026-11-22"}
DAY = datetime(2026, 11, 20, 9, 0, tzinfo=UTC)


def to_rma(chat: RasaChat, *, fallback: bool = False) -> RasaChat:
    """start_return, (an unclear message,) the order, yes -> RMA: 3 turns, 4 with the fallback."""
    chat.user("I need to send something back", "start_return").act("action_start_return").loop("return_form")
    chat.form_asks("order_number")
    if fallback:
        chat.user("hmm zzz", "nlu_fallback").act("action_two_stage_fallback", said="Did you mean...?").listen()
    chat.user("A1001", "inform", order_number="A1001").form_asks("confirmed", order_number="A1001")
    chat.user("yes", "affirm").act("return_form", confirmed=True).loop(None).slot("requested_slot", None)
    return chat.act("action_submit_return", said="Done! Your return number is RMA-X.", rma_number="RMA-X").listen()


def rate(chat: RasaChat, score: str) -> RasaChat:
    return (
        chat.user(f'/rate_chat{{"score":"{score}"}}', "rate_chat", score=score)
        .act("action_rate_chat", chat_score=score)
        .listen()
    )


def up_to(chat: RasaChat, *steps: str) -> RasaChat:
    """A return begun and answered up to the last of `steps` (which was asked, not answered)."""
    chat.user("return please", "start_return").act("action_start_return").loop("return_form").form_asks(steps[0])
    for step in steps[1:]:
        chat.user("something", "inform").form_asks(step)
    return chat


def reference_conversations(session) -> list[dict]:
    """Stores the events and the service records; returns the events as published."""
    chats = []
    # c1: RMA on turn 3, then a 5 (4 turns); c2: a fallback on the way, RMA on turn 4, then a 4 (5 turns)
    chats.append(rate(to_rma(RasaChat("c1", DAY)), "5"))
    chats.append(rate(to_rma(RasaChat("c2", DAY), fallback=True), "4"))
    # c3: asks for a person, an agent takes over (pause): 2 turns, a handoff
    c3 = RasaChat("c3", DAY).user("hi", "greet").act("utter_greet", said="Hi!").listen()
    chats.append(c3.user("a person please", "request_human").act("action_escalate", said="ESC-1").listen().pause())
    # c4: RMA on turn 3 but a case was opened for its review (Escalation below), then a 2 (4 turns)
    chats.append(rate(to_rma(RasaChat("c4", DAY + timedelta(days=1))), "2"))
    # c5 and c10: left after the contact question (2 turns each); c6: left at the evidence step
    # after an unclear message answered by the fallback, then "stop" (4 turns, 1 fallback)
    chats.append(up_to(RasaChat("c5", DAY), "order_number", "contact"))
    chats.append(up_to(RasaChat("c10", DAY + timedelta(days=2)), "order_number", "contact"))
    c6 = up_to(RasaChat("c6", DAY), "order_number", "evidence")
    c6.user("???", "nlu_fallback").act("action_default_fallback", policy="RulePolicy").listen()
    chats.append(c6.user("stop", "stop").act("action_deactivate_loop").loop(None).act("action_reset_return").listen())
    # c7: accepted the keep-the-item offer (BotOffer below): no RMA, yet not abandoned (3 turns)
    c7 = up_to(RasaChat("c7", DAY), "order_number", "offer_answer")
    chats.append(c7.user("yes", "affirm").act("return_form").loop(None).act("action_submit_return").listen())
    # c8: first message one second before the range, RMA inside it: not counted at all
    chats.append(rate(to_rma(RasaChat("c8", DAY.replace(hour=0) - timedelta(seconds=2))), "1"))
    # c9: names an RMA to ask its status (not a new return), rates 5 (2 turns)
    c9 = (
        RasaChat("c9", DAY)
        .user("where is RMA-Y", "check_return_status", rma_number="RMA-Y")
        .slot("rma_number", "RMA-Y")
    )
    chats.append(rate(c9.act("action_return_status", said="Approved.", rma_number=None).listen(), "5"))
    # c11: the widget opened, nothing typed: no conversation
    chats.append(RasaChat("c11", DAY))
    events = [event for chat in chats for event in chat.events]
    store(session, events)

    order = History(session).order("2026-11-01 10:00", (*JEANS, 1, 4999))
    session.add(
        BotOffer(
            conversation_id="c7",
            order_id=order.id,
            order_line_id=order.lines[0].id,
            reason="changed_mind",
            rung=1,
            kind="refund",
            amount_minor=500,
            currency="EUR",
            return_cost_minor=900,
            status="accepted",
        )
    )
    session.add(
        Escalation(reference="ESC-C4", conversation_id="c4", channel="rest", trigger="review", summary="review")
    )
    session.commit()
    return events


@pytest.fixture
def published(session) -> list[dict]:
    return reference_conversations(session)


@pytest.fixture
def analyst(published, signed_in):
    return signed_in("sue", "supervisor")


EXPECTED = {
    "range": RANGE,
    "conversations": 9,  # c1-c7, c9, c10
    "containment": 0.2222,  # c1 and c2 got an RMA without a case (c4 had one): 2 / 9
    "handoff_rate": 0.2222,  # c3 (paused by an agent) and c4 (a case): 2 / 9
    "fallback_rate": 0.0714,  # c2's and c6's unclear turns: 2 of 4+5+2+4+2+2+4+3+2 = 28
    "turns_to_rma": {"count": 3, "p50": 3.0, "p90": 3.8},  # c1 3, c4 3, c2 4: p90 at rank 1.8 = 3 + 0.8
    # c5, c10 left at the contact question, c6 at evidence; c7 kept the item, c3 never began a return
    "abandonment": [{"step": "contact", "conversations": 2}, {"step": "evidence", "conversations": 1}],
    # c1 5, c2 4, c4 2, c9 5 (c8's 1 is outside the range): 16 / 4
    "satisfaction": {"responses": 4, "average": 4.0, "distribution": {"1": 0, "2": 1, "3": 0, "4": 1, "5": 2}},
}


def test_conversation_metrics_counted_by_hand(analyst):
    assert analyst.get("/analytics/conversations", params=RANGE).json() == EXPECTED


def test_conversation_metrics_as_csv(analyst):
    response = analyst.get("/analytics/conversations", params=RANGE | {"format": "csv"})

    assert response.headers["content-type"].startswith("text/csv")
    assert response.headers["content-disposition"] == 'attachment; filename="conversations-2026-11-20-2026-11-22.csv"'
    assert list(csv.reader(io.StringIO(response.text))) == [
        ["section", "name", "value"],
        ["range", "from", "2026-11-20"],
        ["range", "to", "2026-11-22"],
        ["summary", "conversations", "9"],
        ["summary", "containment", "0.2222"],
        ["summary", "handoff_rate", "0.2222"],
        ["summary", "fallback_rate", "0.0714"],
        ["turns_to_rma", "count", "3"],
        ["turns_to_rma", "p50", "3.0"],
        ["turns_to_rma", "p90", "3.8"],
        ["abandonment", "contact", "2"],
        ["abandonment", "evidence", "1"],
        ["satisfaction", "responses", "4"],
        ["satisfaction", "average", "4.0"],
        ["ratings", "1", "0"],
        ["ratings", "2", "1"],
        ["ratings", "3", "0"],
        ["ratings", "4", "1"],
        ["ratings", "5", "2"],
    ]


def test_an_empty_range_as_csv_leaves_missing_figures_blank(analyst):
    params = {"from": "2026-01-01", "to": "2026-01-31", "format": "csv"}
    rows = list(csv.reader(io.StringIO(analyst.get("/analytics/conversations", params=params).text)))

    assert ["turns_to_rma", "p50", ""] in rows and ["satisfaction", "average", ""] in rows
    assert not [row for row in rows if row[0] == "abandonment"]


def test_a_step_that_looks_like_a_formula_is_quoted_in_the_csv(analyst, session):
    chat = RasaChat("formula", DAY).user("return", "start_return").act("action_start_return").loop("return_form")
    store(session, chat.slot("requested_slot", "=HYPERLINK(1)").events)
    session.commit()

    text = analyst.get("/analytics/conversations", params=RANGE | {"format": "csv"}).text

    assert "abandonment,'=HYPERLINK(1),1" in text.splitlines()


def test_a_redelivered_event_is_not_counted_twice(analyst, published, session):
    stored = session.query(ConversationEvent).count()

    assert store(session, published) == 0  # every event published again: all recognised
    session.commit()

    assert session.query(ConversationEvent).count() == stored
    session.rollback()  # end the read: SQLite's BEGIN IMMEDIATE would hold the service's request
    assert analyst.get("/analytics/conversations", params=RANGE).json() == EXPECTED


def test_an_empty_range_has_no_conversations(analyst):
    body = analyst.get("/analytics/conversations", params={"from": "2026-01-01", "to": "2026-01-31"}).json()

    assert body["conversations"] == 0 and body["containment"] == 0.0 and body["abandonment"] == []
    assert body["turns_to_rma"] == {"count": 0, "p50": None, "p90": None}
    assert body["satisfaction"] == {"responses": 0, "average": None, "distribution": dict.fromkeys("12345", 0)}


def test_only_admins_and_supervisors_see_conversation_metrics(published, signed_in, api):
    assert api.get("/analytics/conversations", params=RANGE).status_code == 401
    assert signed_in("andy", "agent").get("/analytics/conversations", params=RANGE).status_code == 403
    assert signed_in("ada", "admin").get("/analytics/conversations", params=RANGE).json()["conversations"] == 9


@pytest.mark.parametrize(
    ("params", "says"),
    [
        pytest.param({"from": "20-11-2026"}, "YYYY-MM-DD", id="not a date"),
        pytest.param({"from": "2026-11-22", "to": "2026-11-20"}, "is after", id="from after to"),
    ],
)
def test_a_bad_range_is_a_422_that_says_what_to_fix(analyst, params, says):
    answer = analyst.get("/analytics/conversations", params=params)

    assert answer.status_code == 422 and answer.headers["content-type"].startswith("application/problem+json")
    assert says in answer.json()["detail"]
