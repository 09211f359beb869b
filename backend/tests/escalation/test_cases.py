"""The agent's case API: queue, case page, take (with a race), messages, hand back, close."""

from __future__ import annotations

from concurrent.futures import ThreadPoolExecutor
from threading import Barrier
from types import SimpleNamespace

import pytest

from ..factories import SHOP, create_order
from ..staff_helpers import make_staff, staff_client


def open_case(api, conversation_id="chat-1", **body) -> str:
    answer = api.post("/escalations", json={"conversation_id": conversation_id, **body}, headers=SHOP)
    assert answer.status_code == 201, answer.text
    return answer.json()["reference"]


@pytest.fixture
def alice(signed_in):
    return signed_in("alice", "agent", display_name="Alice Agent")


@pytest.fixture
def bob(signed_in):
    return signed_in("bob", "agent", display_name="Bob Builder")


def test_cases_need_a_console_sign_in(api):
    reference = open_case(api)
    assert api.get("/cases").status_code == 401
    assert api.get(f"/cases/{reference}").status_code == 401
    assert api.get("/cases/ESC-NOSUCH1").status_code == 401  # no hint which references exist
    assert api.post(f"/cases/{reference}/take").status_code == 401


def test_the_queue_is_ordered_by_priority_then_age_with_positions_and_minutes_left(api, alice):
    calm = open_case(api, "calm")
    later = open_case(api, "later")
    angry = open_case(api, "angry", trigger="repeated_fallback")
    queue = alice.get("/cases", params={"view": "queue"}).json()
    assert [row["reference"] for row in queue] == [angry, calm, later]
    assert [row["position"] for row in queue] == [1, 2, 3]
    assert queue[0]["priority"] == "high" and 14 <= queue[0]["minutes_left"] <= 15 and not queue[0]["overdue"]


def test_an_overdue_case_says_so(api, alice, session):
    from datetime import timedelta

    from returndesk.models import Escalation, utcnow

    open_case(api)
    session.query(Escalation).update({"due_at": utcnow() - timedelta(minutes=7)})
    session.commit()
    row = alice.get("/cases").json()[0]
    assert row["overdue"] and row["minutes_left"] in (-7, -8)


def test_taking_pauses_the_bot_and_moves_the_case_to_mine(api, alice, fake_chat):
    reference = open_case(api)
    taken = alice.post(f"/cases/{reference}/take")
    assert taken.status_code == 200, taken.text
    assert taken.json()["status"] == "live" and taken.json()["assignee"]["username"] == "alice"
    # Named as the handler: until Alice writes, the bot tells the customer she will answer.
    assert ("pause", "chat-1", "Alice from customer care has joined the chat.", "Alice") in fake_chat.calls
    assert alice.get("/cases", params={"view": "queue"}).json() == []
    assert [row["reference"] for row in alice.get("/cases", params={"view": "mine"}).json()] == [reference]
    # the customer asking again now hears that someone is there
    again = api.post("/escalations", json={"conversation_id": "chat-1"}, headers=SHOP).json()
    assert again["reference"] == reference and "has joined" in again["next_steps"]


def test_two_agents_taking_at_once_one_wins_and_the_other_hears_who(api, session, base_url, fake_chat):
    reference = open_case(api)
    names = [f"agent{n}" for n in range(6)]
    for name in names:
        make_staff(session, name, "agent", display_name=f"Agent {name}")
    clients = [staff_client(base_url, name) for name in names]
    start = Barrier(len(clients))

    def take(client):
        start.wait()
        return client.post(f"/cases/{reference}/take")

    with ThreadPoolExecutor(len(clients)) as pool:
        answers = list(pool.map(take, clients))
    for client in clients:
        client.close()
    winners = [a for a in answers if a.status_code == 200]
    assert len(winners) == 1, [a.text for a in answers]
    winner = winners[0].json()["assignee"]["username"]
    for loser in (a for a in answers if a.status_code != 200):
        assert loser.status_code == 409 and f"({winner})" in loser.json()["detail"]
    assert sum(call[0] == "pause" for call in fake_chat.calls) == 1


def test_the_case_page_has_the_summary_even_when_rasa_is_unreachable(api, alice, session):
    from returndesk.models import Escalation

    create_order(api)
    reference = open_case(api, order_number="A1001", summary="Wants a refund", recommendation="Offer store credit")
    case = session.query(Escalation).one()
    case.details = {**case.details, "evidence_ids": ["ev_abc"]}
    session.commit()
    page = alice.get(f"/cases/{reference}")
    assert page.status_code == 200, page.text
    body = page.json()
    assert body["customer"]["name"] == "Dev Patel" and body["order"]["number"] == "A1001"
    assert body["items"][0]["name"] == "Slim fit jeans" and body["recommendation"] == "Offer store credit"
    assert body["evidence"][0]["thumbnail_url"].startswith("/api/v1/evidence/ev_abc/thumbnail?expires=")
    said = body["transcript_unavailable"]
    assert body["transcript"] == [] and said.startswith("The chat could not be reached, so the transcript is not")
    assert said.count("not available") == 1 and said.endswith("the summary above is complete.")
    assert body["timeline"][0]["kind"] == "case.opened" and body["position"] == 1


def test_the_case_page_shows_the_transcript(api, alice, fake_chat):
    fake_chat.lines = [SimpleNamespace(timestamp=1.0, speaker="customer", text="my vase broke", agent_name=None)]
    reference = open_case(api)
    body = alice.get(f"/cases/{reference}").json()
    assert body["transcript"] == [
        {"timestamp": 1.0, "speaker": "customer", "text": "my vase broke", "agent_name": None}
    ]
    assert body["transcript_unavailable"] is None


def test_an_unknown_case_is_a_404_with_a_sentence(alice):
    answer = alice.get("/cases/ESC-NOPE")
    assert answer.status_code == 404 and "there is no case" in answer.json()["detail"]


def test_messages_go_into_the_chat_and_new_lines_can_be_polled(api, alice, fake_chat):
    reference = open_case(api)
    assert alice.post(f"/cases/{reference}/messages", json={"text": "Hi"}).status_code == 409  # take it first
    alice.post(f"/cases/{reference}/take")
    sent = alice.post(f"/cases/{reference}/messages", json={"text": "Hello, I'm looking at it"})
    assert sent.status_code == 201 and sent.json()["delivered"] is True
    assert ("say", "chat-1", "Hello, I'm looking at it", "Alice") in fake_chat.calls
    fake_chat.lines = [
        SimpleNamespace(timestamp=10.0, speaker="customer", text="old", agent_name=None),
        SimpleNamespace(timestamp=20.0, speaker="customer", text="thanks!", agent_name=None),
    ]
    polled = alice.get(f"/cases/{reference}/messages", params={"after": 15}).json()
    assert [line["text"] for line in polled["lines"]] == ["thanks!"] and polled["status"] == "live"


def test_a_message_that_cannot_be_delivered_is_kept_and_said_so(api, alice, fake_chat, session):
    from returndesk.models import EscalationMessage

    reference = open_case(api)
    alice.post(f"/cases/{reference}/take")
    fake_chat.down = True
    sent = alice.post(f"/cases/{reference}/messages", json={"text": "Are you there?"})
    assert sent.status_code == 201 and sent.json()["delivered"] is False
    assert "Not delivered" in sent.json()["notice"]
    kept = session.query(EscalationMessage).one()
    assert kept.body == "Are you there?" and kept.delivered_at is None


def test_only_the_agent_who_has_the_case_writes_to_the_customer(api, alice, bob, fake_chat):
    reference = open_case(api)
    alice.post(f"/cases/{reference}/take")
    answer = bob.post(f"/cases/{reference}/messages", json={"text": "me too"})
    assert answer.status_code == 403 and "Alice Agent (alice)" in answer.json()["detail"]


def test_hand_back_resumes_the_bot_and_fails_whole_when_the_chat_is_down(api, alice, fake_chat):
    reference = open_case(api)
    alice.post(f"/cases/{reference}/take")
    fake_chat.down = True
    refused = alice.post(f"/cases/{reference}/hand-back")
    assert refused.status_code == 503 and "not resumed" in refused.json()["detail"]
    assert alice.get(f"/cases/{reference}").json()["status"] == "live"
    fake_chat.down = False
    back = alice.post(f"/cases/{reference}/hand-back")
    assert back.status_code == 200 and back.json()["status"] == "handed_back"
    assert fake_chat.calls[-1][0] == "resume"
    # handed back is not active: asking for a person again opens a new case
    assert open_case(api) != reference


def test_close_with_a_note_resumes_a_live_chat_and_cannot_happen_twice(api, alice, fake_chat):
    reference = open_case(api)
    alice.post(f"/cases/{reference}/take")
    closed = alice.post(f"/cases/{reference}/close", json={"note": "Sorted by phone"})
    assert closed.status_code == 200 and closed.json()["status"] == "closed"
    assert [call[0] for call in fake_chat.calls[-2:]] == ["resume", "ask_rating"]
    again = alice.post(f"/cases/{reference}/close", json={"note": ""})
    assert again.status_code == 409 and "already closed" in again.json()["detail"]
    timeline = alice.get(f"/cases/{reference}").json()["timeline"]
    assert [e["kind"] for e in timeline] == ["case.opened", "case.taken", "case.closed"]
    assert "Sorted by phone" in timeline[-1]["description"]


def test_changes_need_the_csrf_token(api, alice):
    reference = open_case(api)
    alice.headers.pop("X-CSRF-Token")
    assert alice.post(f"/cases/{reference}/take").status_code == 403


def test_taking_when_the_chat_is_unreachable_still_takes_and_says_the_customer_was_not_told(api, alice):
    reference = open_case(api)  # no fake chat: the bridge points at a closed port (or is absent)
    taken = alice.post(f"/cases/{reference}/take")
    assert taken.status_code == 200 and taken.json()["status"] == "live"
    assert "has not been told you joined" in taken.json()["notice"]


def test_all_lists_every_case_and_bad_filters_are_explained(api, alice, fake_chat):
    waiting = open_case(api, "one")
    taken = open_case(api, "two")
    alice.post(f"/cases/{taken}/take")
    assert {row["reference"] for row in alice.get("/cases", params={"view": "all"}).json()} == {waiting, taken}
    bad = alice.get("/cases", params={"view": "everything"})
    assert bad.status_code == 422 and "view" in bad.json()["detail"]
    far = alice.get(f"/cases/{taken}/messages", params={"after": 1e300})
    assert far.status_code == 422 and "after" in far.json()["detail"]
    for blank in ("", "  \n "):
        empty = alice.post(f"/cases/{taken}/messages", json={"text": blank})
        assert empty.status_code == 422 and "text" in empty.json()["detail"]
    assert alice.post(f"/cases/{taken}/notes", json={"text": "   "}).status_code == 422


def test_the_warehouse_sees_a_case_without_its_chat_or_timeline_and_cannot_talk_to_the_customer(
    api, alice, signed_in, fake_chat
):
    reference = open_case(api, summary="Vase arrived broken")
    fake_chat.lines = [SimpleNamespace(timestamp=1.0, speaker="customer", text="my vase broke", agent_name=None)]
    wim = signed_in("wim", "warehouse")
    page = wim.get(f"/cases/{reference}").json()
    assert page["reference"] == reference and page["summary"] == "Vase arrived broken"
    assert (page["transcript"], page["messages"], page["timeline"], page["conversation_id"]) == ([], [], [], None)
    assert "customer care team" in page["transcript_unavailable"]
    assert not [call for call in fake_chat.calls if call[0] == "transcript"]  # not even asked of Rasa
    for method, path, body in [
        ("POST", "/take", None),
        ("POST", "/messages", {"text": "Hello from the warehouse"}),
        ("GET", "/messages", None),
        ("POST", "/hand-back", None),
        ("POST", "/close", {"note": "done"}),
        ("GET", "/timeline.csv", None),
    ]:
        refused = wim.request(method, f"/cases/{reference}{path}", json=body)
        assert refused.status_code == 403, (path, refused.text)
        assert "needs the agent or senior agent or supervisor or admin role" in refused.json()["detail"]
    assert wim.post("/cases/ESC-NOSUCH1/take").status_code == 403  # no hint which references exist
    assert [call[0] for call in fake_chat.calls] == []  # nothing reached the customer's chat
    assert wim.post(f"/cases/{reference}/notes", json={"text": "Box arrived dented"}).status_code == 201
    assert alice.post(f"/cases/{reference}/take").status_code == 200


def test_the_rating_is_asked_once_the_case_closes_and_never_twice(api, alice, fake_chat):
    reference = open_case(api)
    alice.post(f"/cases/{reference}/take")
    assert not [call for call in fake_chat.calls if call[0] == "ask_rating"]  # not while a person is there
    fake_chat.slot_values = {"chat_score": "5"}  # rated earlier in this chat
    alice.post(f"/cases/{reference}/close", json={"note": ""})
    assert fake_chat.calls[-1][0] == "resume" and not [c for c in fake_chat.calls if c[0] == "ask_rating"]


def test_closing_a_waiting_case_gives_the_paused_chat_back_to_the_bot(api, alice, fake_chat):
    reference = open_case(api)  # the bot paused itself when it opened this live case
    closed = alice.post(f"/cases/{reference}/close", json={"note": "Answered by email"})
    assert closed.status_code == 200 and closed.json()["notice"] is None
    assert [call[0] for call in fake_chat.calls] == ["resume", "ask_rating"]


def test_a_chinese_chat_hears_the_handoff_in_chinese(api, alice, fake_chat):
    fake_chat.slot_values = {"language": "zh"}
    reference = open_case(api)
    alice.post(f"/cases/{reference}/take")
    assert ("pause", "chat-1", "客服Alice已加入对话。", "Alice") in fake_chat.calls
    alice.post(f"/cases/{reference}/hand-back")
    assert fake_chat.calls[-1] == ("resume", "chat-1", "您已回到 ReturnDesk 智能助手。关于退货的任何问题都可以问我。")
