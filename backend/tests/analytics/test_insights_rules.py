"""Each insight rule on tiny hand-made numbers: fires on a clear case, stays quiet just below each
threshold (the default thresholds, `insights/thresholds.py`)."""

from __future__ import annotations

from dataclasses import replace

import pytest

from returndesk.analytics.insights import (
    abnormal_customers,
    not_as_described,
    size_reasons,
    sku_return_rate,
    transit_damage,
)
from returndesk.analytics.insights.thresholds import DEFAULTS

# --- SKU vs its category -------------------------------------------------------------------------
LAMP = sku_return_rate.SkuCounts("HM-LAMP", "Ceramic table lamp", "home", 300, 60, 900, 54)  # 20 % vs 6 %


def test_a_sku_just_beyond_chance_fires():
    # 18 back where 8 were expected: 2.25x and 3.5 standard deviations.
    assert sku_return_rate.judge(replace(LAMP, units_sold=200, units_returned=18, others_returned=36), DEFAULTS)


def test_a_sku_far_above_its_category_goes_to_product():
    finding = sku_return_rate.judge(LAMP, DEFAULTS)
    assert finding is not None and finding.owner == "product" and finding.subject == ("sku", "HM-LAMP")
    assert finding.metrics["multiple"] == pytest.approx(3.33, abs=0.01)
    assert "3.3× as often as other home items" in finding.title


@pytest.mark.parametrize(
    "counts",
    [
        pytest.param(replace(LAMP, units_returned=35), id="1.94x: just below twice the category"),
        pytest.param(replace(LAMP, units_sold=99, units_returned=30), id="99 units sold: too few"),
        pytest.param(
            replace(LAMP, units_sold=100, units_returned=14, others_returned=27), id="14 units back (4.7x): too few"
        ),
        pytest.param(
            replace(LAMP, units_sold=200, units_returned=17, others_returned=36), id="2.1x but 3.2 sigmas: chance"
        ),
        pytest.param(replace(LAMP, others_returned=0), id="category never returned: no benchmark"),
    ],
)
def test_a_sku_rule_stays_quiet_below_its_thresholds(counts):
    assert sku_return_rate.judge(counts, DEFAULTS) is None


# --- size reasons in a category ------------------------------------------------------------------
SHOES = size_reasons.CategoryReasons("shoes", {"size_too_small": 40, "size_too_large": 25, "defective": 35})


def test_size_reasons_dominating_a_category_go_to_operations():
    finding = size_reasons.judge(SHOES, DEFAULTS)
    assert finding is not None and finding.owner == "operations" and finding.subject == ("category", "shoes")
    assert finding.metrics["size_share"] == 0.65 and "too small" in finding.detail


@pytest.mark.parametrize(
    "units",
    [
        pytest.param({"size_too_small": 35, "size_too_large": 24, "defective": 41}, id="59 %: just below 60 %"),
        pytest.param({"size_too_small": 18, "size_too_large": 1}, id="19 of 19 but only 19 units back"),
        pytest.param({"size_too_small": 20, "size_too_large": 1, "other": 8}, id="29 units back: too few"),
    ],
)
def test_the_size_rule_stays_quiet_below_its_thresholds(units):
    assert size_reasons.judge(size_reasons.CategoryReasons("apparel", units), DEFAULTS) is None


# --- not as described rising ---------------------------------------------------------------------
RISING = not_as_described.NadCounts("HM-LAMP", "Ceramic table lamp", 100, 20, 200, 10, 8)  # 20 % vs 5 %


def test_not_as_described_rising_goes_to_marketing():
    finding = not_as_described.judge(RISING, DEFAULTS)
    assert finding is not None and finding.owner == "marketing" and finding.subject == ("sku", "HM-LAMP")
    assert finding.metrics["recent_rate"] == 0.2 and finding.metrics["earlier_rate"] == 0.05
    assert "last 8 weeks" in finding.detail


def test_not_as_described_from_nothing_before_still_counts():
    assert not_as_described.judge(replace(RISING, earlier_nad=0), DEFAULTS) is not None


@pytest.mark.parametrize(
    "counts",
    [
        pytest.param(replace(RISING, recent_sold=101, recent_nad=10, earlier_nad=10), id="1.98x: just below double"),
        pytest.param(replace(RISING, recent_nad=9, recent_sold=30), id="9 recent units: too few"),
        pytest.param(replace(RISING, earlier_sold=29, earlier_nad=0), id="29 sold before: nothing to compare"),
    ],
)
def test_the_not_as_described_rule_stays_quiet_below_its_thresholds(counts):
    assert not_as_described.judge(counts, DEFAULTS) is None


# --- transit damage ------------------------------------------------------------------------------
PARCELFAST = transit_damage.DamageCounts("carrier", "ParcelFast", 1000, 30, 3000, 18)  # 3 % vs 0.6 %


def test_damage_concentrated_on_a_carrier_goes_to_logistics():
    finding = transit_damage.judge(PARCELFAST, DEFAULTS)
    assert finding is not None and finding.owner == "logistics" and finding.subject == ("carrier", "ParcelFast")
    assert "5.0× the others' rate" in finding.title


def test_damage_concentrated_on_a_warehouse_names_the_warehouse():
    finding = transit_damage.judge(replace(PARCELFAST, kind="warehouse", name="Lyon DC"), DEFAULTS)
    assert finding is not None and finding.subject == ("warehouse", "Lyon DC") and "warehouse Lyon DC" in finding.title


@pytest.mark.parametrize(
    "counts",
    [
        pytest.param(replace(PARCELFAST, units_damaged=14, others_damaged=17), id="2.47x: just below 2.5x"),
        pytest.param(replace(PARCELFAST, units_damaged=14, others_damaged=0), id="14 damaged: too few"),
    ],
)
def test_the_damage_rule_stays_quiet_below_its_thresholds(counts):
    assert transit_damage.judge(counts, DEFAULTS) is None


# --- abnormal customers --------------------------------------------------------------------------
SERIAL = abnormal_customers.CustomerCounts("rex@example.com", 14, 12, 13, 0.18)


def test_a_customer_returning_most_orders_goes_to_risk():
    finding = abnormal_customers.judge(SERIAL, DEFAULTS)
    assert finding is not None and finding.owner == "risk" and finding.subject == ("customer", "rex@example.com")
    assert finding.metrics["returns"] == 13 and finding.metrics["order_return_rate"] == 0.8571


@pytest.mark.parametrize(
    "counts",
    [
        pytest.param(replace(SERIAL, returns=7, orders_with_returns=7, orders=8), id="7 returns: too few"),
        pytest.param(replace(SERIAL, orders=14, orders_with_returns=8, returns=9), id="57 %: below 60 %"),
        pytest.param(replace(SERIAL, population_order_rate=0.29), id="2.9x the population: below 3x"),
        pytest.param(replace(SERIAL, orders=60, orders_with_returns=9, returns=9), id="many orders, few returns"),
        pytest.param(
            replace(SERIAL, orders=12, orders_with_returns=8, returns=8), id="8 of 12: 1 in 10,000 by chance alone"
        ),
    ],
)
def test_the_customer_rule_stays_quiet_below_its_thresholds(counts):
    assert abnormal_customers.judge(counts, DEFAULTS) is None
