"""POST /returns/{rma}/resolution: the owner turns a return into an exchange (or back) before it ships."""

from __future__ import annotations

import string

import pytest
from sqlalchemy import select, update
from sqlalchemy.orm import Session

from returndesk.models import Rma, RmaEvent
from returndesk.models.exchange import ExchangeReservation
from returndesk.models.rma_number import parse_rma_number
from returndesk.returns.resolution import CATALOGUE

from ..exchange.test_variants import (  # noqa: F401 (a fixture)
    brush_set_order,
    price_rule,
    tee_order,
    tee_variants,
    units,
)
from ..factories import create_order, post_return, verify
from ..payment.helpers import rma_status

TEE_M = "AP-TEE-ORG-M"
TOO_SMALL = [{"line_no": 1, "quantity": 1, "reason": "size_too_small"}]


def tee_return(api, engine, **variants: int) -> tuple[str, dict[str, str]]:
    """A T-shirt (S, white) returned as too small for a refund, approved; its RMA number and token."""
    tee_order(api)
    tee_variants(engine, **variants)
    headers = verify(api)
    created = post_return(api, headers, lines=TOO_SMALL, preferred_resolution="refund").json()
    assert created["status"] == "approved", created
    return created["rma_number"], headers


def to_exchange(api, number: str, headers: dict[str, str], sku: str = TEE_M, **extra):
    return api.post(
        f"/returns/{number}/resolution", json={"resolution": "exchange", "exchange_sku": sku, **extra}, headers=headers
    )


def set_status(engine, number: str, status: str) -> None:
    with Session(engine) as session:
        session.execute(update(Rma).where(Rma.number == parse_rma_number(number)).values(status=status))
        session.commit()


def stored(engine, number: str) -> tuple[str | None, list[tuple[str | None, str, str, str]]]:
    """The return's preferred resolution and its timeline (from, to, actor, description)."""
    with Session(engine) as session:
        rma = session.scalars(select(Rma).where(Rma.number == parse_rma_number(number))).one()
        rows = session.scalars(select(RmaEvent).where(RmaEvent.rma_id == rma.id).order_by(RmaEvent.id))
        return rma.preferred_resolution, [(r.from_status, r.to_status, r.actor, r.description) for r in rows]


def held(engine) -> list[str]:
    with Session(engine) as session:
        return list(session.scalars(select(ExchangeReservation.sku)))


class TestChangeToAnExchange:
    def test_an_approved_return_holds_the_size_and_says_so(self, api, engine):
        number, headers = tee_return(api, engine, m_white=2)

        answer = to_exchange(api, number, headers)

        assert answer.status_code == 200, answer.text
        body = answer.json()
        assert body["status"] == "approved"
        assert body["lines"][0]["exchange_for"] == {
            "sku": TEE_M,
            "name": "Organic cotton T-shirt",
            "size": "M",
            "colour": "White",
            "quantity": 1,
            "settlement": "none",
            "difference_minor": 0,
            "currency": "EUR",
        }
        assert units(engine, TEE_M) == 1
        assert body["customer_may_change_resolution"] is True
        resolution, timeline = stored(engine, number)
        assert resolution == "exchange"
        assert timeline[-1][:3] == ("approved", "approved", "customer")
        assert "exchange" in timeline[-1][3] and TEE_M in timeline[-1][3]
        assert body["timeline"][-1]["description"] == timeline[-1][3]

    @pytest.mark.parametrize("status", ["requested", "pending_review"])
    def test_a_return_not_yet_approved_can_change_too(self, api, engine, status):
        number, headers = tee_return(api, engine)
        set_status(engine, number, status)

        answer = to_exchange(api, number, headers)

        assert answer.status_code == 200, answer.text
        assert answer.json()["status"] == status
        assert held(engine) == [TEE_M]

    def test_a_dearer_variant_follows_the_policy_the_customer_pays(self, api, engine):
        number, headers = tee_return(api, engine)

        answer = to_exchange(api, number, headers, "ap-tee-org-m-blk")

        assert answer.status_code == 200, answer.text
        chosen = answer.json()["lines"][0]["exchange_for"]
        assert (chosen["sku"], chosen["settlement"], chosen["difference_minor"]) == (
            "AP-TEE-ORG-M-BLK",
            "customer_pays",
            300,
        )

    def test_the_same_answer_twice_holds_one_unit_and_records_one_event(self, api, engine):
        number, headers = tee_return(api, engine, m_white=2)
        first = to_exchange(api, number, headers)

        again = to_exchange(api, number.lower().replace("-", " "), headers)

        assert (first.status_code, again.status_code) == (200, 200)
        assert again.json()["lines"] == first.json()["lines"]
        assert units(engine, TEE_M) == 1 and held(engine) == [TEE_M]
        changes = [e for e in stored(engine, number)[1] if "exchange" in e[3]]
        assert len(changes) == 1

    def test_another_size_instead_gives_the_first_back(self, api, engine):
        number, headers = tee_return(api, engine, m_white=1, xs_white=1)
        to_exchange(api, number, headers).raise_for_status()

        answer = to_exchange(api, number, headers, "AP-TEE-ORG-XS")

        assert answer.status_code == 200, answer.text
        assert answer.json()["lines"][0]["exchange_for"]["sku"] == "AP-TEE-ORG-XS"
        assert (units(engine, TEE_M), units(engine, "AP-TEE-ORG-XS")) == (1, 0)
        assert held(engine) == ["AP-TEE-ORG-XS"]

    def test_back_to_a_refund_puts_the_size_on_sale_again(self, api, engine):
        number, headers = tee_return(api, engine, m_white=1)
        to_exchange(api, number, headers).raise_for_status()

        answer = api.post(f"/returns/{number}/resolution", json={"resolution": "refund"}, headers=headers)
        again = api.post(f"/returns/{number}/resolution", json={"resolution": "refund"}, headers=headers)

        assert (answer.status_code, again.status_code) == (200, 200), answer.text
        assert answer.json()["lines"][0]["exchange_for"] is None
        assert units(engine, TEE_M) == 1 and held(engine) == []
        resolution, timeline = stored(engine, number)
        assert resolution == "refund"
        assert [e[3] for e in timeline].count("Changed to a refund by the customer") == 1


class TestExchangeOptionsOfAReturn:
    def test_the_sizes_in_stock_for_the_returned_units(self, api, engine):
        number, headers = tee_return(api, engine)

        answer = api.get(f"/returns/{number}/exchange-options", headers=headers)

        assert answer.status_code == 200, answer.text
        body = answer.json()
        assert (body["rma_number"], body["line_no"], body["size"], body["quantity"]) == (number, 1, "S", 1)
        assert (body["refusal"], body["held_sku"]) == (None, None)
        assert [o["sku"] for o in body["options"]] == ["AP-TEE-ORG-M-BLK", "AP-TEE-ORG-XS", TEE_M]

    def test_after_the_change_the_held_size_is_named(self, api, engine):
        number, headers = tee_return(api, engine)
        to_exchange(api, number, headers).raise_for_status()

        body = api.get(f"/returns/{number}/exchange-options", headers=headers).json()

        assert body["held_sku"] == TEE_M

    def test_a_shipped_return_gets_the_refusal_in_the_callers_language_and_no_options(self, api, engine):
        number, headers = tee_return(api, engine)
        set_status(engine, number, "in_transit")

        answer = api.get(f"/returns/{number}/exchange-options", headers={**headers, "Accept-Language": "zh-CN"})

        assert answer.status_code == 200, answer.text
        assert answer.json()["refusal"].startswith(f"退货 {number} 的包裹已在寄回途中")
        assert answer.json()["options"] == []

    def test_another_customers_return_looks_like_no_return(self, api, engine):
        number, _ = tee_return(api, engine)
        create_order(api, number="A2002", email="eve@example.com")

        answer = api.get(f"/returns/{number}/exchange-options", headers=verify(api, "A2002", "eve@example.com"))

        assert answer.status_code == 404


class TestRefusals:
    @pytest.mark.parametrize(
        ("status", "words"),
        [
            pytest.param("in_transit", "already on its way", id="on its way"),
            pytest.param("received", "already arrived", id="arrived"),
            pytest.param("resolved", "already settled", id="settled"),
            pytest.param("cancelled", "was cancelled", id="cancelled"),
        ],
    )
    def test_after_the_parcel_left_nothing_changes(self, api, engine, status, words):
        number, headers = tee_return(api, engine, m_white=2)
        set_status(engine, number, status)

        answer = to_exchange(api, number, headers)

        assert answer.status_code == 409
        assert answer.headers["content-type"].startswith("application/problem+json")
        assert words in answer.json()["detail"] and number in answer.json()["detail"]
        assert rma_status(engine, number) == status
        assert units(engine, TEE_M) == 2 and held(engine) == []
        assert stored(engine, number)[0] == "refund"
        assert api.get(f"/returns/{number}", headers=headers).json()["customer_may_change_resolution"] is False

    def test_the_refusal_is_worded_in_the_callers_language(self, api, engine):
        number, headers = tee_return(api, engine)
        set_status(engine, number, "in_transit")

        answer = to_exchange(api, number, {**headers, "Accept-Language": "zh-CN,zh;q=0.9"})

        assert answer.status_code == 409
        assert answer.json()["detail"] == f"退货 {number} 的包裹已在寄回途中，无法再更改；我们收到后会按原约定处理。"

    def test_a_sold_out_size_is_refused_and_the_return_stays_a_refund(self, api, engine):
        number, headers = tee_return(api, engine)  # L white: none on hand

        answer = to_exchange(api, number, headers, "AP-TEE-ORG-L")

        assert answer.status_code == 409
        assert answer.json()["detail"] == (
            f"The size or colour you chose for Organic cotton T-shirt has just sold out, so return {number} stays "
            "as it is; choose another one, or keep the refund."
        )
        assert stored(engine, number)[0] == "refund" and held(engine) == []

    def test_a_category_the_policy_gives_no_exchange_is_refused(self, api, engine):
        brush_set_order(api, engine)
        headers = verify(api)
        number = post_return(api, headers, lines=[{"line_no": 1, "quantity": 1, "reason": "changed_mind"}]).json()[
            "rma_number"
        ]

        answer = to_exchange(api, number, {**headers, "Accept-Language": "zh"}, "BE-BRUSHSET-PNK")

        assert answer.status_code == 409
        assert answer.json()["detail"] == (
            f"根据我们的退货政策，退货 {number} 中的Makeup brush set不能换货，因此仍按退款处理。"
        )
        assert units(engine, "BE-BRUSHSET-PNK") == 3

    def test_a_dearer_size_the_policy_refuses_is_refused(self, api, engine, price_rule):  # noqa: F811
        price_rule("{dearer: not_allowed}")
        number, headers = tee_return(api, engine)

        answer = to_exchange(api, number, headers, "AP-TEE-ORG-M-BLK")

        assert answer.status_code == 409
        assert "does not allow exchanging Organic cotton T-shirt for a dearer one" in answer.json()["detail"]
        assert units(engine, "AP-TEE-ORG-M-BLK") == 2

    def test_another_customers_return_looks_like_no_return(self, api, engine):
        number, _ = tee_return(api, engine)
        create_order(api, number="A2002", email="eve@example.com")

        answer = to_exchange(api, number, verify(api, "A2002", "eve@example.com"))

        assert answer.status_code == 404
        assert answer.json()["detail"] == "there is no return with that RMA number"
        assert held(engine) == []

    def test_without_a_token_nothing_happens(self, api, engine):
        number, _ = tee_return(api, engine)

        assert to_exchange(api, number, {}).status_code == 401
        assert held(engine) == []

    @pytest.mark.parametrize(
        ("body", "words"),
        [
            pytest.param({"resolution": "exchange"}, "exchange_sku", id="exchange without a size"),
            pytest.param({"resolution": "refund", "exchange_sku": TEE_M}, "exchange_sku", id="refund with a size"),
            pytest.param({"resolution": "store credit"}, "resolution", id="unknown resolution"),
            pytest.param({"resolution": "exchange", "exchange_sku": TEE_M, "size": "M"}, "size", id="unknown field"),
        ],
    )
    def test_a_malformed_body_is_a_problem_naming_the_field(self, api, engine, body, words):
        number, headers = tee_return(api, engine)

        answer = api.post(f"/returns/{number}/resolution", json=body, headers=headers)

        assert answer.status_code == 422
        assert answer.headers["content-type"].startswith("application/problem+json")
        assert words in answer.text
        assert held(engine) == []

    def test_a_sku_of_another_product_is_refused(self, api, engine):
        number, headers = tee_return(api, engine)

        answer = to_exchange(api, number, headers, "AP-JACKET-RAIN")

        assert answer.status_code == 422
        assert answer.json()["detail"].startswith("AP-JACKET-RAIN is not another size or colour of")


def _placeholders(text: str) -> set[str]:
    return {field for _, field, _, _ in string.Formatter().parse(text) if field}


def test_every_language_has_every_refusal_with_the_same_placeholders():
    english = CATALOGUE["en"]
    for locale, words in CATALOGUE.items():
        assert words.keys() == english.keys(), locale
        assert {k: _placeholders(v) for k, v in words.items()} == {k: _placeholders(v) for k, v in english.items()}
