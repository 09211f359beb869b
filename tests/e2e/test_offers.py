"""Keep-the-item offers, as the customer meets them in the chat (live Rasa, actions and service).

A 34.90 makeup brush set returned for a change of mind: the customer pays the 4.95 label, yet
the shop would still lose about 22.48 on a return (refund 29.95 + 3.00 handling - 10.47 resale at
30 %). So before asking how to settle it, the bot offers to let the customer keep it: 6.98 back
(20 %), then 12.22 (35 %), then a coupon capped at the bot's 10.00 — and after the last "no", the
normal return. Each test has its own order and reads the service's database to see what landed.
"""

from __future__ import annotations

import sqlite3
from contextlib import closing

from ..chat import Conversation
from ..orders import push_order

BRUSHES = {"sku": "BE-BRUSHSET", "name": "Makeup brush set", "category": "beauty", "unit_price_minor": 3490}
FIRST_OFFER = "Since sending this back would cost more than it's worth, you can keep it and we'll refund 6.98 EUR"


def buttons(chat: Conversation) -> list[str]:
    return [b["title"] for m in chat.last for b in m.get("buttons", [])]


def landed(stack, order_number: str) -> dict[str, list[tuple]]:
    """What the service stored for the order: ledger entries, offers and returns."""
    with closing(sqlite3.connect(stack.folder / "service.sqlite3")) as db:
        (order_id,) = db.execute("SELECT id FROM orders WHERE number = ?", (order_number,)).fetchone()
        return {
            "ledger": db.execute(
                "SELECT kind, amount_minor, actor, role FROM ledger_entries WHERE order_id = ?", (order_id,)
            ).fetchall(),
            "offers": db.execute(
                "SELECT rung, kind, amount_minor, status FROM bot_offers WHERE order_id = ? ORDER BY rung", (order_id,)
            ).fetchall(),
            "returns": db.execute("SELECT status FROM rmas WHERE order_id = ?", (order_id,)).fetchall(),
        }


def start(chat: Conversation, stack, number: str, email: str) -> None:
    push_order(stack, number, email, name="Kim Keeper", item=BRUSHES)
    chat.intent("start_return", order_number=number)
    chat.intent("inform", email=email)
    assert f"found order {number}" in chat.text(), chat.dump()
    chat.intent("inform", reason="changed_mind")
    assert FIRST_OFFER in chat.text(), chat.dump()
    assert buttons(chat) == ["Accept", "No thanks"], chat.dump()


def test_accepting_the_first_offer_refunds_at_once_and_nothing_is_sent_back(chat: Conversation, stack):
    start(chat, stack, "K5001", "keeper.one@example.com")
    chat.click("Accept")
    assert "we're refunding 6.98 EUR" in chat.text(), chat.dump()
    assert "there's nothing to send back" in chat.text(), chat.dump()
    assert "RMA-" not in chat.text(), chat.dump()
    stored = landed(stack, "K5001")
    assert stored["ledger"] == [("refund", 698, "bot", "bot")]
    assert stored["offers"] == [(1, "refund", 698, "accepted")]
    assert stored["returns"] == []


def test_one_no_then_yes_takes_the_second_offer(chat: Conversation, stack):
    start(chat, stack, "K5002", "keeper.two@example.com")
    chat.click("No thanks")
    assert "keep it and we'll refund 12.22 EUR" in chat.text(), chat.dump()
    # A yes in the customer's own words ("ok, for that I'll keep it") is read by NLU (tests/nlu)
    # and by the action's own reading of an answer (tests/actions/test_offers.py).
    chat.intent("affirm")
    assert "we're refunding 12.22 EUR" in chat.text(), chat.dump()
    stored = landed(stack, "K5002")
    assert stored["ledger"] == [("refund", 1222, "bot", "bot")]
    assert stored["offers"] == [(1, "refund", 698, "declined"), (2, "refund", 1222, "accepted")]
    assert stored["returns"] == []


def test_saying_no_to_every_offer_goes_on_with_the_normal_return(chat: Conversation, stack):
    start(chat, stack, "K5003", "keeper.three@example.com")
    chat.intent("deny")
    assert "refund 12.22 EUR" in chat.text(), chat.dump()
    chat.click("No thanks")
    assert "a coupon worth 10.00 EUR" in chat.text(), chat.dump()
    chat.intent("deny")  # "no, I'd rather send it back"
    assert "let's go ahead with the return" in chat.text(), chat.dump()
    chat.click("Refund")
    assert "Shall I submit it?" in chat.text(), chat.dump()
    chat.click("Yes")
    assert "Your return number is RMA-" in chat.text(), chat.dump()
    stored = landed(stack, "K5003")
    assert stored["ledger"] == []
    assert stored["offers"] == [
        (1, "refund", 698, "declined"),
        (2, "refund", 1222, "declined"),
        (3, "coupon", 1000, "declined"),
    ]
    assert stored["returns"] == [("approved",)]


def test_an_item_worth_sending_back_gets_no_offer(chat: Conversation, stack):
    # The demo jeans (59.90) are above the policy's 40.00 for keep-the-item offers.
    push_order(stack, "K5004", "keeper.four@example.com", name="Kim Keeper")
    chat.intent("start_return", order_number="K5004")
    chat.intent("inform", email="keeper.four@example.com")
    chat.intent("inform", reason="changed_mind")
    assert "keep it" not in chat.text(), chat.dump()
    assert "How would you like it settled?" in chat.text(), chat.dump()
    assert landed(stack, "K5004")["offers"] == []
