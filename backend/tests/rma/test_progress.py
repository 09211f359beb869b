"""The `progress` of a return: stage, next step and expected date, from what really happened.

The pure function is checked stage by stage with fixed dates; then the customer's GET
/returns/{rma} is followed through receipt, refund, settlement and an exchange over HTTP.
"""

from __future__ import annotations

import string
from datetime import UTC, date, datetime, timedelta

import pytest

from returndesk.db import get_sessionmaker
from returndesk.exchange.repository import set_on_hand
from returndesk.models import utcnow
from returndesk.payment.tasks import settle_due
from returndesk.rma.progress import Event, Exchange, Facts, Payment, Replacement, add_working_days, progress_of
from returndesk.rma.progress_words import CATALOGUE

from ..factories import line, verify
from ..payment.helpers import a_return, add_product, gateway_later
from ..returns.test_resolution import tee_return, to_exchange

NUMBER = "7K4M9QXT2B5H"  # canonical; shown as RMA-7K4M-9QXT-2B5H
SHOWN = "RMA-7K4M-9QXT-2B5H"
TODAY = date(2026, 11, 27)  # a Friday


def at(day: int, month: int = 11) -> datetime:
    return datetime(2026, month, day, 10, 0, tzinfo=UTC)


def facts(status: str, *stages: tuple[str, datetime], **extra) -> Facts:
    events = [Event(at(20), "requested"), Event(at(20), "approved"), *(Event(when, to) for to, when in stages)]
    values = {
        "number": NUMBER,
        "status": status,
        "currency": "EUR",
        "return_by": date(2026, 12, 10),
        "refund_due_days": 7,
        "refund_estimate_minor": 4990,
        "ships": True,
        "events": events,
        "units_expected": 1,
    } | extra
    return Facts(**values)


RECEIVED = ("received", at(26))
INSPECTED = ("inspected", at(27))


def test_approved_waits_for_the_parcel_until_the_return_by_date():
    progress = progress_of(facts("approved"), TODAY)

    assert progress.stage == "waiting_for_parcel"
    assert progress.done == f"Your return {SHOWN} is approved. We're waiting for your parcel; send it by 10 Dec."
    assert progress.expected_date == date(2026, 12, 10)


def test_received_says_when_and_that_the_refund_is_due_within_the_policy_days():
    progress = progress_of(facts("received", RECEIVED), TODAY)

    assert progress.stage == "received"
    assert progress.done == f"Your return {SHOWN} was received on 26 Nov."
    assert progress.next_step == "We'll check the items next, then send your refund by 3 Dec."
    assert (progress.received_on, progress.expected_date) == (date(2026, 11, 26), date(2026, 12, 3))


def test_a_partial_receipt_says_how_many_items_arrived():
    progress = progress_of(facts("received", RECEIVED, units_expected=3, units_received=2), TODAY)

    assert progress.done == f"Your return {SHOWN} was received on 26 Nov (2 of 3 items arrived)."


def test_a_refund_sent_should_reach_the_account_within_five_working_days():
    sent = Payment(4990, "refund", "pending", at(27), None)
    progress = progress_of(facts("inspected", RECEIVED, INSPECTED, payments=[sent]), TODAY)

    assert progress.stage == "refund_sent"
    assert progress.done == (
        f"Your return {SHOWN} was received on 26 Nov and checked on 27 Nov. "
        "Your refund of 49.90 EUR was sent on 27 Nov."
    )
    # Friday 27 Nov + 5 working days skips the weekend: Friday 4 Dec.
    assert progress.next_step == "It should reach your account within 5 working days, by 4 Dec."
    assert progress.expected_date == date(2026, 12, 4)
    assert (progress.refund_minor, progress.refund_sent_on) == (4990, date(2026, 11, 27))


def test_a_chinese_reader_gets_the_same_progress_in_chinese_with_chinese_dates():
    sent = Payment(4990, "refund", "pending", at(27), None)
    progress = progress_of(facts("inspected", RECEIVED, INSPECTED, payments=[sent]), TODAY, "zh-CN")

    assert (
        progress.done
        == f"您的退货 {SHOWN} 已于 11月26日 收到，并于 11月27日 检验。您的退款 49.90 EUR 已于 11月27日 退出。"
    )
    assert progress.next_step == "预计在 5 个工作日内到账，即 12月4日 前。"
    assert progress_of(facts("approved"), TODAY, "zh").next_step == "包裹到达后我们会检验商品，然后为您退款。"
    assert progress_of(facts("approved"), TODAY, "fr").done.startswith(f"Your return {SHOWN} is approved.")


def test_every_language_has_every_progress_sentence_with_the_same_placeholders():
    def placeholders(text: str) -> set[str]:
        return {field for _, field, _, _ in string.Formatter().parse(text) if field}

    english = CATALOGUE["en"]
    for language, words in CATALOGUE.items():
        assert words.keys() == english.keys(), language
        assert {k: placeholders(v) for k, v in words.items()} == {k: placeholders(v) for k, v in english.items()}


def test_a_settled_refund_is_paid_out_and_has_nothing_next_once_the_bank_days_passed():
    paid = Payment(4990, "refund", "settled", at(27), at(27))
    progress = progress_of(facts("resolved", RECEIVED, INSPECTED, ("resolved", at(27)), payments=[paid]), TODAY)
    assert progress.stage == "refunded"
    assert progress.done.endswith("Your refund of 49.90 EUR was sent on 27 Nov and paid out on 27 Nov.")
    assert progress.expected_date == date(2026, 12, 4)

    later = progress_of(facts("resolved", RECEIVED, INSPECTED, payments=[paid]), date(2026, 12, 10))
    assert (later.next_step, later.expected_date) == (None, None)


def test_a_refund_waiting_for_approval_says_so_without_a_date():
    progress = progress_of(facts("inspected", RECEIVED, INSPECTED, refund_awaiting_approval_minor=25000), TODAY)

    assert progress.stage == "refund_waiting_for_approval"
    assert "Your refund of 250.00 EUR is waiting for approval by a manager." in progress.done
    assert progress.refund_minor == 25000


def test_a_failed_refund_promises_another_way_not_a_date():
    failed = Payment(4990, "refund", "failed", at(27), None)
    progress = progress_of(facts("inspected", RECEIVED, INSPECTED, payments=[failed]), TODAY)

    assert progress.stage == "refund_problem" and progress.expected_date is None
    assert progress.next_step == "Our team will refund it another way and tell you how."


def test_an_exchange_names_the_replacement_and_its_reference_and_what_is_owed():
    swap = Exchange("AP-JEANS-RELAXED", "EX-1001-7K4M", at(27), owed_minor=500)
    progress = progress_of(facts("resolved", RECEIVED, INSPECTED, exchange=swap), TODAY)

    assert progress.stage == "exchange_shipped" and progress.exchange_reference == "EX-1001-7K4M"
    assert "We sent your replacement AP-JEANS-RELAXED on 27 Nov (order reference EX-1001-7K4M)." in progress.done
    assert progress.next_step == "Please pay the price difference of 5.00 EUR as we've asked you to."


TEE_M = Replacement("Organic cotton T-shirt", "M", "White", "none", 0)
CHEAPER = Replacement("Organic cotton T-shirt", "M", "White", "refund", 300)
DEARER = Replacement("Organic cotton T-shirt", "M", "Black", "customer_pays", 300)


def exchanging(status: str, *stages: tuple[str, datetime], held: Replacement = TEE_M, **extra) -> Facts:
    """A return the customer changed to an exchange: `held` is the size kept for them."""
    return facts(status, *stages, resolution="exchange", replacements=[held], **extra)


class TestAnExchangeIsWordedAsAnExchangeAtEveryStage:
    def test_approved_the_replacement_is_held_until_the_parcel_is_checked(self):
        progress = progress_of(exchanging("approved"), TODAY)

        assert progress.stage == "waiting_for_parcel" and progress.expected_date == date(2026, 12, 10)
        assert progress.next_step == (
            "We're holding your replacement Organic cotton T-shirt in size M, White for you; "
            "it ships once your parcel has arrived and been checked."
        )

    @pytest.mark.parametrize(
        ("status", "stages", "next_step"),
        [
            pytest.param(
                "pending_review",
                (),
                "We'll tell you the outcome; please keep the item and don't send anything until it is approved. "
                "Meanwhile we're holding your replacement Organic cotton T-shirt in size M, White for you.",
                id="under review",
            ),
            pytest.param(
                "in_transit",
                (),
                "We're holding your replacement Organic cotton T-shirt in size M, White for you; "
                "it ships once your parcel has arrived and been checked.",
                id="on its way",
            ),
            pytest.param(
                "received",
                (RECEIVED,),
                "We'll check the items next, then ship your replacement Organic cotton T-shirt in size M, White.",
                id="received",
            ),
            pytest.param(
                "inspected",
                (RECEIVED, INSPECTED),
                "We're preparing your replacement Organic cotton T-shirt in size M, White for shipping.",
                id="checked",
            ),
        ],
    )
    def test_no_stage_before_shipping_promises_a_refund(self, status, stages, next_step):
        progress = progress_of(exchanging(status, *stages), TODAY)

        assert progress.next_step == next_step
        assert "refund" not in f"{progress.done} {progress.next_step}".lower()
        assert progress.expected_date is None  # the refund's due date is not the replacement's

    def test_a_cheaper_replacement_names_the_difference_refunded(self):
        progress = progress_of(exchanging("approved", held=CHEAPER), TODAY)

        assert progress.next_step.endswith(
            "We'll refund the price difference of 3.00 EUR to your original payment method when it ships."
        )

    def test_a_dearer_replacement_names_the_difference_to_pay(self):
        progress = progress_of(exchanging("received", RECEIVED, held=DEARER), TODAY)

        assert progress.next_step == (
            "We'll check the items next, then ship your replacement Organic cotton T-shirt in size M, Black. "
            "It costs 3.00 EUR more; we'll ask you to pay the difference when it ships."
        )

    def test_shipped_it_names_the_replacement_its_reference_and_the_difference_refunded(self):
        swap = Exchange("AP-TEE-ORG-M", "EX-1001-7K4M", at(27), 0, "Organic cotton T-shirt", "M", "White")
        back = Payment(300, "exchange_difference", "pending", at(27), None)
        progress = progress_of(
            exchanging("resolved", RECEIVED, INSPECTED, held=CHEAPER, exchange=swap, payments=[back]), TODAY
        )

        assert progress.stage == "exchange_shipped" and progress.next_step is None
        assert progress.done.endswith(
            "We sent your replacement Organic cotton T-shirt in size M, White on 27 Nov "
            "(order reference EX-1001-7K4M). "
            "The price difference of 3.00 EUR was refunded to your original payment method on 27 Nov."
        )

    def test_in_chinese_every_stage_is_an_exchange_too(self):
        waiting = progress_of(exchanging("approved", held=DEARER), TODAY, "zh")
        received = progress_of(exchanging("received", RECEIVED), TODAY, "zh")

        assert waiting.next_step == (
            "我们已为您预留换货商品（M码，Black的Organic cotton T-shirt），包裹到达并检验后即寄出。"
            "新商品贵 3.00 EUR，寄出时我们会请您支付差价。"
        )
        assert received.next_step == "接下来我们会检验商品，然后寄出换货商品（M码，White的Organic cotton T-shirt）。"
        assert "退款" not in waiting.next_step + received.next_step

    def test_an_exchange_with_nothing_held_still_speaks_of_the_replacement(self):
        progress = progress_of(facts("approved", resolution="exchange"), TODAY)

        assert progress.next_step == (
            "We're holding your replacement for you; it ships once your parcel has arrived and been checked."
        )


@pytest.mark.parametrize(
    ("status", "stage"),
    [
        ("pending_review", "under_review"),
        ("rejected", "rejected"),
        ("cancelled", "cancelled"),
        ("in_transit", "on_its_way"),
    ],
)
def test_stages_without_money_have_no_refund(status, stage):
    progress = progress_of(facts(status), TODAY)

    assert progress.stage == stage and progress.refund_minor is None


def test_a_kept_item_is_not_waiting_for_a_parcel():
    progress = progress_of(facts("approved", ships=False, return_by=None), TODAY)

    assert progress.stage == "keeping_item" and "49.90 EUR" in progress.next_step


def test_working_days_skip_weekends():
    assert add_working_days(date(2026, 11, 27), 1) == date(2026, 11, 30)  # Friday -> Monday
    assert add_working_days(date(2026, 11, 23), 5) == date(2026, 11, 30)


def test_the_customer_follows_the_return_from_receipt_to_the_money_on_their_card(api, engine, signed_in):
    rma = a_return(api, engine, status="received", received_days_ago=1)

    body = api.get(f"/returns/{rma}", headers=verify(api)).json()
    received_at = next(e["at"] for e in body["timeline"] if e["to_status"] == "received")
    due = datetime.fromisoformat(received_at) + timedelta(days=body["decision"]["refund_due_days"])
    assert body["progress"]["stage"] == "received"
    assert body["progress"]["expected_date"] == due.date().isoformat()

    inspected = a_return(api, engine, number="A1002")
    signed_in("alice", "agent").post(f"/returns/{inspected}/refund").raise_for_status()
    customer = verify(api, "A1002")
    sent = api.get(f"/returns/{inspected}", headers=customer).json()["progress"]
    assert sent["stage"] == "refund_sent"
    assert sent["refund_minor"] == 5495 and "Your refund of 54.95 EUR was sent on" in sent["done"]
    assert sent["expected_date"] == add_working_days(utcnow().date(), 5).isoformat()

    gateway, later = gateway_later(minutes=5)
    assert settle_due(get_sessionmaker(), gateway, now=later + timedelta(minutes=2)).settled == 1
    done = api.get(f"/returns/{inspected}", headers=customer).json()
    assert done["status"] == "resolved" and done["progress"]["stage"] == "refunded"


def test_an_upgrade_exchange_shows_its_reference_and_the_difference_owed(api, engine, signed_in):
    rma = a_return(api, engine)  # slim fit jeans, 59.90
    add_product(engine, "AP-JACKET-RAIN", "Rain jacket", 12900)
    with get_sessionmaker()() as session:
        set_on_hand(session, "AP-JACKET-RAIN", 1)
        session.commit()
    answer = signed_in("alice", "agent").post(f"/returns/{rma}/exchange", json={"sku": "AP-JACKET-RAIN"})
    assert answer.status_code == 201, answer.text

    progress = api.get(f"/returns/{rma}", headers=verify(api)).json()["progress"]

    assert progress["stage"] == "exchange_shipped" and progress["exchange_reference"] == "EX-000001"
    assert "We sent your replacement Rain jacket on" in progress["done"] and "EX-000001" in progress["done"]
    assert progress["next_step"] == "Please pay the price difference of 69.10 EUR as we've asked you to."


def test_a_return_nobody_has_touched_since_approval_is_waiting_for_the_parcel(api, engine):
    rma = a_return(api, engine, status="approved", lines=[line()])

    progress = api.get(f"/returns/{rma}", headers=verify(api)).json()["progress"]

    assert progress["stage"] == "waiting_for_parcel" and progress["expected_date"]
    assert progress["done"].startswith(f"Your return {rma} is approved. We're waiting for your parcel; send it by ")


def test_a_refused_card_is_shown_as_a_problem_not_a_date(api, engine, signed_in):
    rma = a_return(api, engine)
    signed_in("alice", "agent").post(f"/returns/{rma}/refund").raise_for_status()
    gateway, later = gateway_later(minutes=5, failures={"card:A1001": "card_expired"})
    assert settle_due(get_sessionmaker(), gateway, now=later + timedelta(minutes=2)).failed == 1

    progress = api.get(f"/returns/{rma}", headers=verify(api)).json()["progress"]

    assert progress["stage"] == "refund_problem" and progress["expected_date"] is None


def test_a_return_changed_to_an_exchange_and_back_is_worded_by_what_it_is_now(api, engine):
    number, headers = tee_return(api, engine, m_white=1)
    to_exchange(api, number, headers).raise_for_status()

    changed = api.get(f"/returns/{number}", headers=headers).json()
    chinese = api.get(f"/returns/{number}", headers={**headers, "Accept-Language": "zh-CN"}).json()
    assert changed["progress"]["stage"] == "waiting_for_parcel"
    assert "your replacement Organic cotton T-shirt in size M, White" in changed["progress"]["next_step"]
    assert "refund" not in changed["progress"]["next_step"].lower()
    assert "换货商品（M码，White的Organic cotton T-shirt）" in chinese["progress"]["next_step"]

    api.post(f"/returns/{number}/resolution", json={"resolution": "refund"}, headers=headers).raise_for_status()

    back = api.get(f"/returns/{number}", headers=headers).json()["progress"]
    assert back["next_step"] == "Once it arrives we check the items and then send your refund."
