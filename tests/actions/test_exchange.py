"""Exchanges in the return form against the real service and its demo stock: the sizes and colours
as buttons, the choice read from a button or words, the summary and the RMA naming the variant."""

from __future__ import annotations

import pytest
from rasa_sdk.executor import CollectingDispatcher

from actions import exchange
from actions.ask import AskConfirmed
from actions.exchange import AskExchangeVariant, match_variant
from actions.return_form import ValidateReturnForm
from actions.submit import SubmitReturn
from bot import catalogue

from .conftest import run, tracker

form = ValidateReturnForm()
TEE_OPTIONS = [
    {"sku": "AP-TEE-ORG-M-BLK", "size": "M", "colour": "Black"},
    {"sku": "AP-TEE-ORG-M", "size": "M", "colour": "White"},
    {"sku": "AP-TEE-ORG-XL", "size": "XL", "colour": "White"},
]


def texts(dispatcher: CollectingDispatcher) -> str:
    return " ".join(message.get("text") or "" for message in dispatcher.messages)


def buttons(dispatcher: CollectingDispatcher) -> list[dict]:
    return [button for message in dispatcher.messages for button in message.get("buttons") or []]


async def tee_exchange(dispatcher, **extra) -> dict:
    """A1001's T-shirt (bought in S, white), one of two, too small, to be exchanged."""
    slots = {"order_number": "A1001"}
    slots |= await form.validate_contact("dev@example.com", dispatcher, tracker(slots), {})
    slots |= await form.validate_line_no("2", dispatcher, tracker(slots), {})
    slots |= await form.validate_quantity("1", dispatcher, tracker(slots), {})
    slots |= await form.validate_reason("size_too_small", dispatcher, tracker(slots), {})
    slots |= await form.validate_resolution("exchange", dispatcher, tracker(slots), {})
    assert slots["resolution"] == "exchange", slots
    return slots | extra


@pytest.mark.parametrize(
    ("said", "sku"),
    [
        ("AP-TEE-ORG-M", "AP-TEE-ORG-M"),
        ("medium in black", "AP-TEE-ORG-M-BLK"),
        ("M white please", "AP-TEE-ORG-M"),
        ("extra large", "AP-TEE-ORG-XL"),
        ("XL", "AP-TEE-ORG-XL"),
        ("M码 黑色 black", "AP-TEE-ORG-M-BLK"),
        pytest.param("M", None, id="two colours in M: ask again"),
        pytest.param("green", None, id="nothing like it"),
    ],
)
def test_a_size_or_colour_is_read_from_words(said, sku):
    chosen = match_variant(said, TEE_OPTIONS)
    assert (chosen["sku"] if chosen else None) == sku


def test_the_sizes_and_colours_in_stock_are_buttons_with_the_price_difference(live_service, dispatcher):
    async def scenario() -> None:
        slots = await tee_exchange(dispatcher)
        shown = CollectingDispatcher()
        await AskExchangeVariant().run(shown, tracker(slots), {})
        assert "instead of your Organic cotton T-shirt (size S, White)" in texts(shown)
        assert [(b["title"], b["payload"]) for b in buttons(shown)] == [
            ("size M, Black (+€3.00)", '/inform{"exchange_sku": "AP-TEE-ORG-M-BLK"}'),
            ("size M, White", '/inform{"exchange_sku": "AP-TEE-ORG-M"}'),
        ]  # L is sold out

    run(scenario())


def test_the_summary_names_the_variant_and_no_refund_then_the_rma_holds_it(live_service, dispatcher):
    async def scenario() -> None:
        slots = await tee_exchange(dispatcher)
        slots |= await form.validate_exchange_variant("AP-TEE-ORG-M", dispatcher, tracker(slots), {})
        assert slots["exchange_variant"]["sku"] == "AP-TEE-ORG-M"

        asked = CollectingDispatcher()
        await AskConfirmed().run(asked, tracker(slots), {})
        summary = texts(asked)
        assert "for the Organic cotton T-shirt in size M, White" in summary, summary
        assert "nothing to pay" in summary and "refund" not in summary.lower(), summary

        done = CollectingDispatcher()
        events = await SubmitReturn().run(done, tracker(slots | {"confirmed": True}), {})
        said = texts(done)
        assert "the Organic cotton T-shirt in size M, White is held for you" in said, said
        assert "Estimated refund" not in said, said
        number = next(e["value"] for e in events if e.get("name") == "rma_number")
        created = live_service.get_return(slots["order_token"], number)
        assert created["lines"][0]["exchange_for"]["sku"] == "AP-TEE-ORG-M"

    run(scenario())


def test_nothing_in_stock_offers_the_other_ways_of_settling(live_service, dispatcher):
    async def scenario() -> None:
        # A1003's headphones: the policy offers an exchange, but they come in one kind only.
        slots = {"order_number": "A1003"}
        slots |= await form.validate_contact("chloe@example.com", dispatcher, tracker(slots), {})
        slots |= await form.validate_line_no("1", dispatcher, tracker(slots), {})
        slots |= await form.validate_reason("defective", dispatcher, tracker(slots), {})
        slots |= {"resolution": "exchange", "preview": slots["preview"]}
        shown = CollectingDispatcher()
        await AskExchangeVariant().run(shown, tracker(slots), {})
        assert "no other size or colour of the Noise-cancelling headphones is in stock" in texts(shown)
        offered = {o["kind"] for o in slots["preview"]["resolutions"]} - {"exchange"}
        payloads = {b["payload"] for b in buttons(shown)}
        assert payloads == {f'/inform{{"resolution": "{kind}"}}' for kind in offered} | {"/request_human"}
        # the customer takes a refund instead: no size is asked for any more
        slots |= await form.validate_resolution("refund", dispatcher, tracker(slots), {})
        assert slots["resolution"] == "refund" and slots["exchange_variant"] is None
        assert not exchange.needs_variant(tracker(slots))

    run(scenario())


def test_a_refusal_offers_the_exchange_as_a_button_that_continues_the_same_return(live_service, dispatcher):
    async def scenario() -> None:
        slots = {"order_number": "A1005"}
        slots |= await form.validate_contact("hugo@example.com", dispatcher, tracker(slots), {})
        slots |= await form.validate_reason("changed_mind", dispatcher, tracker(slots), {})
        assert slots["preview"]["outcome"] == "reject"
        refused = CollectingDispatcher()
        await SubmitReturn().run(refused, tracker(slots), {})
        assert {"title": "Exchange instead", "payload": '/exchange_item{"line_no": "1", "reason": "changed_mind"}'} in (
            buttons(refused)
        )

        # "how do I exchange it?" typed under that refusal: answered, and the same item and reason go on
        later = tracker(slots, text="how do I exchange it?", intent="exchange_item", active_loop=None)
        later.events = [
            {"event": "bot", "text": refused.messages[0]["text"], "data": {"buttons": buttons(refused)}},
            *later.events,
        ]
        later.slots.update(line_no=None, reason=None, resolution=None)
        said = CollectingDispatcher()
        events = exchange_start_events(said, later)
        assert "To exchange an item" in texts(said)
        assert {"line_no": "1", "reason": "changed_mind", "resolution": "exchange"}.items() <= events.items()

    run(scenario())


def exchange_start_events(dispatcher, tracker_) -> dict:
    from actions.submit import exchange_start

    return {e["name"]: e["value"] for e in exchange_start(dispatcher, tracker_) if e.get("event") == "slot"}


def test_a_refused_exchange_says_so_and_does_not_offer_the_exchange_again(live_service, dispatcher):
    async def scenario() -> None:
        slots = {"order_number": "A1005", "resolution": "exchange"}
        slots |= await form.validate_contact("hugo@example.com", dispatcher, tracker(slots), {})
        slots |= await form.validate_reason("changed_mind", dispatcher, tracker(slots), {})
        assert (slots["preview"]["outcome"], slots["resolution"]) == ("reject", "exchange")
        refused = CollectingDispatcher()
        await SubmitReturn().run(refused, tracker(slots), {})
        assert texts(refused).startswith("I'm sorry, the Rain jacket can't be returned or exchanged."), texts(refused)
        assert "exchange it for another size or colour" not in texts(refused)
        assert [b["payload"] for b in buttons(refused)] == ["/request_human"]

    run(scenario())


def test_every_price_difference_has_its_sentence_in_english_and_chinese():
    # The keys are picked by the service's settlement, so the catalogue test's scan cannot see them.
    for language in catalogue.LANGUAGES:
        assert set(exchange.PRICE_SENTENCES.values()) <= catalogue.messages(language).keys(), language


def test_a_chinese_conversation_gets_the_sizes_and_the_summary_in_chinese(live_service, dispatcher):
    async def scenario() -> None:
        slots = await tee_exchange(dispatcher, language="zh")
        shown = CollectingDispatcher()
        await AskExchangeVariant().run(shown, tracker(slots), {})
        assert "想换成哪个尺码或颜色" in texts(shown), texts(shown)
        assert "M码，White" in [b["title"] for b in buttons(shown)]
        slots |= await form.validate_exchange_variant("M码 white", dispatcher, tracker(slots), {})
        asked = CollectingDispatcher()
        await AskConfirmed().run(asked, tracker(slots), {})
        assert "换成M码，White的Organic cotton T-shirt" in texts(asked) and "尺码偏小" in texts(asked), texts(asked)
        assert "价格相同" in texts(asked) and "退款" not in texts(asked)

    run(scenario())
