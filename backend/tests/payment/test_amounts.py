"""Refund amounts per returned line, as a table: what was paid, less discount share, fee and label share."""

from __future__ import annotations

import pytest

from returndesk.payment.amounts import ReturnedLine, delivery_refund, from_decision, refund_amounts, split_by_weight

L = ReturnedLine


@pytest.mark.parametrize(
    ("lines", "kwargs", "expected"),
    [
        pytest.param([L(1, 5990, 1)], {}, [5990], id="one unit, nothing deducted: what was paid"),
        pytest.param([L(1, 2500, 3)], {}, [7500], id="unit price times the quantity sent back"),
        pytest.param([L(1, 5990, 1, restocking_fee_minor=599)], {}, [5391], id="restocking fee deducted"),
        pytest.param(
            [L(1, 5990, 1, restocking_fee_minor=9999)], {}, [0], id="a fee above the line's value leaves nothing"
        ),
        pytest.param([L(1, 5990, 1)], {"label_deducted_minor": 495}, [5495], id="label deducted from a single line"),
        pytest.param(
            [L(1, 1000, 1), L(2, 1000, 1), L(3, 1000, 1)],
            {"label_deducted_minor": 1000},
            [666, 667, 667],
            id="label split over equal lines adds up to the cent (the first line carries the extra one)",
        ),
        pytest.param(
            [L(1, 3000, 1), L(2, 1000, 1)],
            {"label_deducted_minor": 400},
            [2700, 900],
            id="label split by value",
        ),
        pytest.param(
            [L(1, 300, 1)], {"label_deducted_minor": 495}, [0], id="label larger than the refund: nothing, not negative"
        ),
        pytest.param(
            [L(1, 6000, 1)],
            {"order_discount_minor": 1000, "order_goods_minor": 10000},
            [5400],
            id="order discount pro-rated by the line's share of the order",
        ),
        pytest.param(
            [L(1, 3333, 1)],
            {"order_discount_minor": 1000, "order_goods_minor": 10000},
            [3000],
            id="discount share rounded down: never deduct more than the line carried",
        ),
        pytest.param(
            [L(1, 6000, 1, restocking_fee_minor=600)],
            {"order_discount_minor": 1000, "order_goods_minor": 10000, "label_deducted_minor": 400},
            [4400],
            id="discount, then fee, then label",
        ),
        pytest.param(
            [L(1, 5990, 1, unrefunded_minor=3000)], {}, [3000], id="never more than is left unrefunded on the line"
        ),
        pytest.param([L(1, 0, 1)], {}, [0], id="a free item refunds nothing"),
    ],
)
def test_refund_amount_per_line(lines, kwargs, expected):
    assert [line.amount_minor for line in refund_amounts(lines, **kwargs)] == expected


def test_the_parts_are_shown():
    (line,) = refund_amounts(
        [L(1, 6000, 1, restocking_fee_minor=600)],
        order_discount_minor=1000,
        order_goods_minor=10000,
        label_deducted_minor=400,
    )
    assert (line.paid_minor, line.discount_minor, line.restocking_fee_minor, line.label_deduction_minor) == (
        6000,
        600,
        600,
        400,
    )


@pytest.mark.parametrize(
    ("total", "weights", "parts"),
    [
        pytest.param(100, [1, 1, 1], [34, 33, 33], id="the earlier line takes the extra cent"),
        pytest.param(0, [5, 5], [0, 0], id="nothing to split"),
        pytest.param(10, [0, 0], [0, 0], id="no weight"),
        pytest.param(7, [1, 2], [2, 5], id="largest remainder"),
    ],
)
def test_split_adds_up(total, weights, parts):
    assert split_by_weight(total, weights) == parts
    assert sum(parts) == (total if sum(weights) else 0)


def test_fees_and_label_come_from_the_stored_decision():
    decision = {
        "refund_estimate_minor": 4900,
        "lines": [
            {"line_id": "1", "restocking_fee_minor": 600, "refund_estimate_minor": 5400},
            {"line_id": "2", "restocking_fee_minor": 0, "refund_estimate_minor": 0},
        ],
    }
    assert from_decision(decision) == ({"1": 600, "2": 0}, 500)


def test_an_outbound_delivery_given_back_is_not_read_as_a_smaller_label_deduction():
    # 50.00 of goods, 4.95 label deducted, 4.95 outbound delivery given back (2011/83/EU art. 13).
    decision = {
        "refund_estimate_minor": 5000,
        "outbound_shipping_refund_minor": 495,
        "lines": [{"line_id": "1", "restocking_fee_minor": 0, "refund_estimate_minor": 5000}],
    }
    assert from_decision(decision) == ({"1": 0}, 495)


@pytest.mark.parametrize(
    ("promised", "arrived", "left", "expected"),
    [
        pytest.param(495, True, 495, 495, id="the whole order back: the delivery the decision promised"),
        pytest.param(0, True, 495, 0, id="the decision promised none: none"),
        pytest.param(495, False, 495, 0, id="a partial receipt is not the whole order back: none"),
        pytest.param(495, True, 200, 200, id="never more than is left of the delivery"),
        pytest.param(495, True, 0, 0, id="already given back: none"),
    ],
)
def test_the_delivery_given_back(promised, arrived, left, expected):
    decision = {"outbound_shipping_refund_minor": promised}
    assert delivery_refund(decision, whole_return_arrived=arrived, shipping_left_minor=left) == expected
