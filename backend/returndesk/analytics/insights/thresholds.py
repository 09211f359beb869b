"""When a rule fires: every threshold in one place, with why it has that value.

A rule fires only when the effect is large (a multiple or a share) AND there is enough data that
a few unlucky returns cannot cause it (a minimum count). Tests generate several seeded histories
and check that only the planted anomalies pass these defaults; they also check each rule just
below its threshold.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import timedelta


@dataclass(frozen=True)
class Thresholds:
    # --- a SKU returned far more often than the rest of its category (→ product) --------------
    # Twice the category's rate: SKUs of one category normally differ by a few tens of percent.
    sku_rate_multiple: float = 2.0
    # Below ~100 units sold, a handful of returns swings a SKU's rate by several points.
    sku_min_units_sold: int = 100
    # And at least this many units back, so a rarely-returned SKU (beauty, food) that happens to
    # see 9 returns instead of 4 is not "twice its category"...
    sku_min_units_returned: int = 15
    # ...and more than chance explains (see `min_excess_sigmas` below).

    # --- size reasons dominating a category (→ operations: size guide, model information) ---------
    # Fit is the top reason in fashion at roughly a third of returns; over 60 % means the size
    # information itself misleads.
    size_share: float = 0.60
    size_min_units_returned: int = 30

    # --- "not as described" rising for a SKU (→ marketing: photos and descriptions) --------------
    # "Recent" is the last 8 weeks of the range: long enough to hold a few hundred orders, short
    # enough to catch a new product page within two months.
    recent: timedelta = timedelta(weeks=8)
    # Units returned as not-as-described per unit sold, recent vs before: at least doubled...
    nad_rise_multiple: float = 2.0
    # ...with at least 10 such units recently (fewer is noise for a SKU selling ~100 a month)...
    nad_min_recent_units: int = 10
    # ...and a "before" worth comparing with.
    nad_min_earlier_units_sold: int = 30

    # --- "damaged in transit" concentrated on a carrier or warehouse (→ logistics: packaging) ----
    # Damaged units per unit shipped, vs all the other carriers (warehouses) together: 2.5× is
    # beyond what a different product mix per carrier explains.
    damage_multiple: float = 2.5
    # Damage is rare (well under 1 % of units): with fewer than 15 damaged units a warehouse that
    # merely had a bad week can reach 2.5x.
    damage_min_units: int = 15

    # --- customers with abnormal return patterns (→ risk) -----------------------------------------
    # Returns opened on orders in the range; eight is more than a normal customer makes in a year
    # (with six, a keen shopper with bad luck on eight orders already qualifies).
    customer_min_returns: int = 8
    # Share of the customer's orders with a return, absolute and relative to all customers'.
    customer_min_order_rate: float = 0.60
    customer_rate_multiple: float = 3.0
    # And no plausible accident: a customer who returns like the average one shows this many
    # orders with returns less than once in a million (the shop may have millions of customers).
    customer_max_chance: float = 1e-6

    # --- SKU returns compared with what the category's rate predicts: the excess must be at least
    # 3.5 standard deviations (Poisson), which a normal SKU reaches by chance well under once in a
    # thousand. (For damage, 15 units at 2.5x already are: 0.95 * sqrt(15) > 3.5.)
    min_excess_sigmas: float = 3.5


DEFAULTS = Thresholds()
