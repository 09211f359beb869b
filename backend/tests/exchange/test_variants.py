"""Exchanges chosen in the chat: the sizes and colours in stock, who may see them, the price
difference under the policy, and a return opened as an exchange holding the chosen variant."""

from __future__ import annotations

from collections.abc import Callable, Iterator

import pytest
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from returndesk.config import get_settings
from returndesk.exchange.repository import on_hand, set_on_hand
from returndesk.exchange.variants import add_variant
from returndesk.models import LedgerEntry, Rma
from returndesk.models.exchange import ExchangeReservation
from returndesk.models.payment import PaymentRequest
from returndesk.models.rma_number import parse_rma_number
from returndesk.policy.current import get_policy
from returndesk.rma.lifecycle import RmaStatus, set_status

from ..factories import create_order, line, post_return, verify
from ..payment.helpers import a_return, add_product, rma_status

TEE = "AP-TEE-ORG"


def tee_variants(engine, *, m_white: int = 4, m_black: int = 2, l_white: int = 0, xs_white: int = 3) -> None:
    """The T-shirt sold in S/white at 19.90; M white at the same price, M black dearer, XS cheaper."""
    with Session(engine) as session:
        for sku, size, colour, price, units in [
            (TEE, "S", "White", 1990, 5),
            ("AP-TEE-ORG-M", "M", "White", 1990, m_white),
            ("AP-TEE-ORG-L", "L", "White", 1990, l_white),
            ("AP-TEE-ORG-M-BLK", "M", "Black", 2290, m_black),
            ("AP-TEE-ORG-XS", "XS", "White", 1790, xs_white),
        ]:
            add_variant(
                session,
                sku=sku,
                style=TEE,
                name="Organic cotton T-shirt",
                category="apparel",
                price_minor=price,
                currency="EUR",
                size=size,
                colour=colour,
                on_hand=units,
            )
        session.commit()


def tee_order(api, number: str = "A1001") -> None:
    create_order(
        api, number=number, lines=[line(sku=TEE, name="Organic cotton T-shirt", unit_price_minor=1990, quantity=2)]
    )


def brush_set_order(api, engine) -> None:
    """An order of a makeup brush set, sold in black and in pink: beauty, which the policy gives no exchange."""
    create_order(api, lines=[line(sku="BE-BRUSHSET", name="Makeup brush set", category="beauty")])
    with Session(engine) as session:
        for sku, colour in (("BE-BRUSHSET", "Black"), ("BE-BRUSHSET-PNK", "Pink")):
            add_variant(
                session,
                sku=sku,
                style="BE-BRUSHSET",
                name="Makeup brush set",
                category="beauty",
                price_minor=5990,
                currency="EUR",
                colour=colour,
                on_hand=3,
            )
        session.commit()


def units(engine, sku: str) -> int:
    with Session(engine) as session:
        return on_hand(session, sku)


class TestExchangeOptions:
    def test_lists_the_other_sizes_and_colours_in_stock_with_the_price_difference(self, api, engine):
        tee_order(api)
        tee_variants(engine)

        answer = api.get("/orders/A1001/lines/1/exchange-options", headers=verify(api))

        assert answer.status_code == 200, answer.text
        body = answer.json()
        assert (body["sku"], body["size"], body["colour"], body["currency"]) == (TEE, "S", "White", "EUR")
        offered = [(o["sku"], o["size"], o["colour"], o["settlement"], o["difference_minor"]) for o in body["options"]]
        # L is sold out, the size bought is not offered back; black before white, sizes small to large.
        assert offered == [
            ("AP-TEE-ORG-M-BLK", "M", "Black", "customer_pays", 300),
            ("AP-TEE-ORG-XS", "XS", "White", "refund", 200),
            ("AP-TEE-ORG-M", "M", "White", "none", 0),
        ]

    def test_only_variants_with_enough_units_for_the_quantity(self, api, engine):
        tee_order(api)
        tee_variants(engine, m_black=1, xs_white=1)

        answer = api.get("/orders/A1001/lines/1/exchange-options?quantity=2", headers=verify(api))

        assert [o["sku"] for o in answer.json()["options"]] == ["AP-TEE-ORG-M"]

    def test_a_product_without_variants_has_no_options(self, api, engine):
        create_order(api)  # slim fit jeans, no sizes recorded

        answer = api.get("/orders/A1001/lines/1/exchange-options", headers=verify(api))

        assert answer.status_code == 200
        assert (answer.json()["size"], answer.json()["options"]) == (None, [])

    def test_nothing_in_stock_is_an_empty_list(self, api, engine):
        tee_order(api)
        tee_variants(engine, m_white=0, m_black=0, xs_white=0)

        assert api.get("/orders/A1001/lines/1/exchange-options", headers=verify(api)).json()["options"] == []

    def test_needs_the_orders_own_token(self, api, engine):
        tee_order(api)
        tee_order(api, number="A2002")
        tee_variants(engine)

        assert api.get("/orders/A1001/lines/1/exchange-options").status_code == 401
        other = api.get("/orders/A1001/lines/1/exchange-options", headers=verify(api, "A2002"))
        assert other.status_code == 403
        shop = api.get("/orders/A1001/lines/1/exchange-options", headers={"Authorization": "Bearer test-shop-token"})
        assert shop.status_code in (401, 403)

    def test_an_unknown_line_or_too_many_units_say_what_to_fix(self, api, engine):
        tee_order(api)
        headers = verify(api)

        missing = api.get("/orders/A1001/lines/7/exchange-options", headers=headers)
        too_many = api.get("/orders/A1001/lines/1/exchange-options?quantity=3", headers=headers)

        assert missing.status_code == 422 and missing.json()["detail"] == "order A1001 has no line 7; its lines are 1"
        assert too_many.status_code == 422 and "at most" in too_many.json()["detail"]


class TestReturnOpenedAsAnExchange:
    def test_holds_the_chosen_variant_and_shows_it_on_the_return(self, api, engine, db):
        tee_order(api)
        tee_variants(engine)

        answer = post_return(
            api,
            verify(api),
            lines=[{"line_no": 1, "quantity": 1, "reason": "size_too_small", "exchange_sku": "ap-tee-org-m-blk"}],
            preferred_resolution="exchange",
        )

        assert answer.status_code == 201, answer.text
        held = answer.json()["lines"][0]["exchange_for"]
        assert held == {
            "sku": "AP-TEE-ORG-M-BLK",
            "name": "Organic cotton T-shirt",
            "size": "M",
            "colour": "Black",
            "quantity": 1,
            "settlement": "customer_pays",
            "difference_minor": 300,
            "currency": "EUR",
        }
        assert units(engine, "AP-TEE-ORG-M-BLK") == 1  # taken when the return opened
        status = api.get(f"/returns/{answer.json()['rma_number']}", headers=verify(api))
        assert status.json()["lines"][0]["exchange_for"]["sku"] == "AP-TEE-ORG-M-BLK"

    def test_a_sold_out_variant_is_refused_and_nothing_is_stored(self, api, engine, db):
        tee_order(api)
        tee_variants(engine)

        answer = post_return(
            api,
            verify(api),
            lines=[{"line_no": 1, "quantity": 1, "reason": "size_too_small", "exchange_sku": "AP-TEE-ORG-L"}],
            preferred_resolution="exchange",
        )

        assert answer.status_code == 409, answer.text
        assert answer.json()["detail"].startswith("AP-TEE-ORG-L is no longer available for an exchange")
        assert api.get("/orders/A1001/returns", headers=verify(api)).json() == []

    def test_a_sku_of_another_product_is_refused(self, api, engine):
        tee_order(api)
        tee_variants(engine)

        answer = post_return(
            api,
            verify(api),
            lines=[{"line_no": 1, "quantity": 1, "reason": "size_too_small", "exchange_sku": "AP-JACKET-RAIN"}],
            preferred_resolution="exchange",
        )

        assert answer.status_code == 422
        assert answer.json()["detail"].startswith("AP-JACKET-RAIN is not another size or colour of")

    def test_a_variant_without_an_exchange_is_malformed(self, api, engine):
        tee_order(api)

        answer = post_return(
            api,
            verify(api),
            lines=[{"line_no": 1, "quantity": 1, "reason": "size_too_small", "exchange_sku": "AP-TEE-ORG-M"}],
            preferred_resolution="refund",
        )

        assert answer.status_code == 422
        assert 'send preferred_resolution "exchange"' in answer.json()["detail"]

    def test_a_category_the_policy_gives_no_exchange_is_refused(self, api, engine):
        brush_set_order(api, engine)

        answer = post_return(
            api,
            verify(api),
            lines=[{"line_no": 1, "quantity": 1, "reason": "changed_mind", "exchange_sku": "BE-BRUSHSET-PNK"}],
            preferred_resolution="exchange",
        )

        assert answer.status_code == 409
        assert answer.json()["detail"].startswith("the policy does not offer an exchange for this return")
        assert units(engine, "BE-BRUSHSET-PNK") == 3

    def test_the_staff_exchange_sends_the_held_unit_without_taking_another(self, api, engine, signed_in):
        tee_order(api)
        tee_variants(engine, m_white=1)
        opened = post_return(
            api,
            verify(api),
            lines=[{"line_no": 1, "quantity": 1, "reason": "size_too_small", "exchange_sku": "AP-TEE-ORG-M"}],
            preferred_resolution="exchange",
        )
        rma = opened.json()["rma_number"]
        assert units(engine, "AP-TEE-ORG-M") == 0  # the last unit, held for this return
        inspected(engine, rma)

        answer = signed_in("alice", "agent").post(f"/returns/{rma}/exchange", json={"sku": "AP-TEE-ORG-M"})

        assert answer.status_code == 201, answer.text
        assert (answer.json()["replacement_sku"], answer.json()["difference_minor"]) == ("AP-TEE-ORG-M", 0)
        assert units(engine, "AP-TEE-ORG-M") == 0


def inspected(engine, rma_number: str) -> None:
    """Received and inspected, as the warehouse would record it."""
    with Session(engine) as session:
        rma = session.scalars(select(Rma).where(Rma.number == parse_rma_number(rma_number))).one()
        set_status(session, rma, expected=RmaStatus.APPROVED, to=RmaStatus.RECEIVED, actor="staff:wim", why="test")
        set_status(session, rma, expected=RmaStatus.RECEIVED, to=RmaStatus.INSPECTED, actor="staff:wim", why="test")
        session.commit()


def test_a_return_that_ends_without_its_exchange_gives_the_held_unit_back(api, engine, db):
    tee_order(api)
    tee_variants(engine, m_white=1)
    opened = post_return(
        api,
        verify(api),
        lines=[{"line_no": 1, "quantity": 1, "reason": "size_too_small", "exchange_sku": "AP-TEE-ORG-M"}],
        preferred_resolution="exchange",
    )
    assert units(engine, "AP-TEE-ORG-M") == 0

    with Session(engine) as session:
        rma = session.scalars(select(Rma).where(Rma.number == parse_rma_number(opened.json()["rma_number"]))).one()
        set_status(session, rma, expected=RmaStatus.APPROVED, to=RmaStatus.CANCELLED, actor="customer", why="test")
        session.commit()

    assert units(engine, "AP-TEE-ORG-M") == 1
    assert db.scalar(select(func.count()).select_from(ExchangeReservation)) == 0


@pytest.fixture
def price_rule(tmp_path) -> Iterator[Callable[[str], None]]:
    """`price_rule("{dearer: waived}")`: default.yml with another price_difference, in force for the service."""
    settings = get_settings()
    before = settings.policy_file

    def use(rule: str) -> None:
        text = before.read_text(encoding="utf-8")
        old = "price_difference: {dearer: customer_pays, cheaper: refund}"
        assert old in text
        changed = tmp_path / "default.yml"
        changed.write_text(text.replace(old, f"price_difference: {rule}"), encoding="utf-8")
        settings.policy_file = changed
        get_policy.cache_clear()

    yield use
    settings.policy_file = before
    get_policy.cache_clear()


class TestStaffExchangeFollowsThePolicy:
    def test_a_dearer_item_the_policy_refuses_is_not_sent(self, api, engine, signed_in, price_rule, db):
        price_rule("{dearer: not_allowed}")
        rma = a_return(api, engine)  # slim fit jeans, 59.90
        add_product(engine, "AP-JACKET-RAIN", "Rain jacket", 12900)
        with Session(engine) as session:
            set_on_hand(session, "AP-JACKET-RAIN", 2)
            session.commit()

        answer = signed_in("alice", "agent").post(f"/returns/{rma}/exchange", json={"sku": "AP-JACKET-RAIN"})

        assert answer.status_code == 409, answer.text
        assert answer.json()["detail"].startswith("the return policy does not allow exchanging Slim fit jeans")
        assert units(engine, "AP-JACKET-RAIN") == 2 and rma_status(engine, rma) == "inspected"

    def test_a_waived_difference_asks_the_customer_for_nothing(self, api, engine, signed_in, price_rule, db):
        price_rule("{dearer: waived}")
        rma = a_return(api, engine)
        add_product(engine, "AP-JACKET-RAIN", "Rain jacket", 12900)
        with Session(engine) as session:
            set_on_hand(session, "AP-JACKET-RAIN", 2)
            session.commit()

        answer = signed_in("alice", "agent").post(f"/returns/{rma}/exchange", json={"sku": "AP-JACKET-RAIN"})

        assert answer.status_code == 201, answer.text
        assert (answer.json()["difference_minor"], answer.json()["payment_request"]) == (6910, None)
        assert db.scalar(select(func.count()).select_from(PaymentRequest)) == 0

    def test_a_cheaper_item_is_not_refunded_when_the_policy_says_so(self, api, engine, signed_in, price_rule, db):
        price_rule("{cheaper: not_refunded}")
        rma = a_return(api, engine)
        add_product(engine, "AP-TEE-ORG", "Organic cotton T-shirt", 1990)
        with Session(engine) as session:
            set_on_hand(session, "AP-TEE-ORG", 2)
            session.commit()

        answer = signed_in("alice", "agent").post(f"/returns/{rma}/exchange", json={"sku": "AP-TEE-ORG"})

        assert answer.status_code == 201, answer.text
        assert (answer.json()["difference_minor"], answer.json()["refund"]) == (-4000, None)
        assert db.scalar(select(func.count()).select_from(LedgerEntry)) == 0

    def test_the_held_variant_keeps_the_terms_the_customer_was_told(self, api, engine, signed_in, price_rule):
        tee_order(api)
        tee_variants(engine)
        opened = post_return(
            api,
            verify(api),
            lines=[{"line_no": 1, "quantity": 1, "reason": "size_too_small", "exchange_sku": "AP-TEE-ORG-M-BLK"}],
            preferred_resolution="exchange",
        )
        rma = opened.json()["rma_number"]
        inspected(engine, rma)
        price_rule("{dearer: not_allowed}")  # changed after the customer agreed to pay 3.00 more

        answer = signed_in("alice", "agent").post(f"/returns/{rma}/exchange", json={"sku": "AP-TEE-ORG-M-BLK"})

        assert answer.status_code == 201, answer.text
        assert answer.json()["payment_request"]["amount_minor"] == 300
