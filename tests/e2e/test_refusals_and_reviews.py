"""Each way the policy says "no" or "a person looks first", as customers meet it in the chat.

The demo orders (README) each stand for one rule of policies/default.yml; every test checks the
policy's own explanation reached the customer and what (if anything) landed in the database.
The customer speaks in structured messages and button payloads, so no test depends on how a
trained model reads a sentence (tests/nlu/ tests that).
"""

from __future__ import annotations

from ..chat import Conversation


def buttons(chat: Conversation) -> list[str]:
    return [b["title"] for m in chat.last for b in m.get("buttons", [])]


def test_past_even_the_gold_window_only_a_fault_can_be_returned(chat: Conversation, landed_returns):
    chat.intent("start_return", order_number="A1006", line_no="1")  # "my boots from order A1006"
    chat.intent("inform", email="alice@example.com")
    assert "Gold members can return items within 60 days" in chat.text(), chat.dump()
    assert "Changed my mind" not in buttons(chat), chat.dump()  # only the reasons still open are offered
    assert "Faulty / doesn't work" in buttons(chat), chat.dump()
    chat.intent("inform", reason="changed_mind")  # typed, as no button offers it
    assert "can't be returned" in chat.text(), chat.dump()
    assert "Talk to a person" in buttons(chat), chat.dump()
    assert landed_returns("A1006", "alice@example.com") == []


def test_a_made_to_order_sofa_is_refused_for_a_change_of_mind(chat: Conversation, landed_returns):
    chat.intent("start_return", order_number="A1007")
    chat.intent("inform", email="omar@example.com")
    chat.intent("inform", reason="changed_mind")
    assert "can't be returned" in chat.text(), chat.dump()
    assert "Made-to-order items cannot be returned unless they are faulty or wrong" in chat.text(), chat.dump()
    assert landed_returns("A1007", "omar@example.com") == []


def test_an_opened_hygiene_item_is_refused_after_the_policys_question(chat: Conversation, landed_returns):
    chat.intent("start_return", order_number="A1009", line_no="1")  # "the shaver from order A1009"
    chat.intent("inform", email="sam@example.com")
    chat.intent("inform", reason="changed_mind")  # "I don't like it"
    assert "sealed" in chat.text(), chat.dump()  # asked only because the policy needs to know
    chat.click("No")
    assert "For hygiene reasons" in chat.text(), chat.dump()
    assert landed_returns("A1009", "sam@example.com") == []


def test_spoiled_food_needs_photos_and_a_person_first(chat: Conversation, landed_returns):
    # "the cheese from order A1004 arrived spoiled"
    chat.intent("start_return", order_number="A1004", line_no="1", reason="damaged_in_transit")
    chat.intent("inform", email="kim@example.com")
    assert "photo(s) clearly showing the damage or fault" in chat.text(), chat.dump()  # exactly what is needed
    chat.intent("no_evidence")  # "sorry, I already threw it away so I have no photos"
    assert "A person will check this return once the photos arrive." in chat.text(), chat.dump()
    # Nothing left to ask: it goes to a person's review in this same turn (issue 15).
    assert "return number is RMA-" in chat.text(), chat.dump()
    assert "photos" in chat.text() and "don't send anything" in chat.text(), chat.dump()
    [landed] = landed_returns("A1004", "kim@example.com")
    assert landed["status"] == "pending_review"
    assert landed["lines"][0]["reason"] == "damaged_in_transit"


def test_a_return_over_the_value_limit_is_checked_by_a_person(chat: Conversation, landed_returns):
    chat.intent("start_return", order_number="A1008")
    chat.intent("inform", email="grace@example.com")
    chat.intent("inform", reason="changed_mind")
    chat.click("Yes")  # still sealed
    chat.click("Refund")
    chat.click("Yes")
    assert "Returns worth more than 500.00 EUR are checked by a person" in chat.text(), chat.dump()
    [landed] = landed_returns("A1008", "grace@example.com")
    assert landed["status"] == "pending_review"
