"""What the generated history looks like: return rates, reason mixes, carriers, durations, and
the four planted anomalies the insight rules must find (and nothing else may trigger them).

The base rates follow what online retail usually reports: clothes and shoes come back a lot
(fit), electronics less, beauty and food hardly (hygiene, perishable). Every SKU's own rate varies
by at most ±20 % around its category's, well under the insight rules' 2× threshold.
"""

from __future__ import annotations

from datetime import timedelta

from returndesk.config import BACKEND_DIR

HISTORY_DAYS = 180
CURRENCY = "EUR"
ORDER_NUMBER_PREFIX = "H-"  # marks generated orders: the generator refuses to run twice without --append
CUSTOMER_EMAIL_DOMAIN = "history.example"
POLICY_VERSION = "generated-history"
REFUND_DUE_DAYS = 14  # the default policy's refund SLA
LABEL_COST_MINOR = 495  # the default policy's label, taken off change-of-mind refunds
# Whose keep-the-item offers (and costs) the bot's offers in the history follow (keep_item.py).
POLICY_FILE = BACKEND_DIR / "policies" / "default.yml"

# Units returned per unit sold, before the carrier's transit damage is added.
CATEGORY_RETURN_RATE = {
    "apparel": 0.24,
    "shoes": 0.20,
    "electronics": 0.07,
    "beauty": 0.025,
    "perishable_food": 0.01,
    "digital": 0.005,
    "made_to_order": 0.02,
    "home": 0.06,
}
SKU_RATE_SPREAD = 0.20  # each SKU's rate is its category's × uniform(0.8, 1.2), fixed per seed

# Reason mix of ordinary returns per category (damaged_in_transit comes from the carrier instead).
_FIT_HEAVY = {
    "size_too_small": 18,
    "size_too_large": 16,
    "changed_mind": 24,
    "not_as_described": 12,
    "defective": 8,
    "wrong_item": 4,
    "better_price_found": 6,
    "arrived_late": 4,
    "other": 8,
}
_GOODS = {
    "defective": 30,
    "changed_mind": 22,
    "not_as_described": 14,
    "missing_parts": 8,
    "wrong_item": 6,
    "better_price_found": 10,
    "arrived_late": 4,
    "other": 6,
}
REASON_MIX = {
    "apparel": _FIT_HEAVY,
    "shoes": _FIT_HEAVY,  # planted anomaly 2 makes shoes' mix size-dominated, see below
    "electronics": _GOODS,
    "beauty": {"defective": 25, "changed_mind": 35, "not_as_described": 15, "wrong_item": 10, "other": 15},
    "perishable_food": {"defective": 60, "wrong_item": 20, "arrived_late": 20},
    "digital": {"defective": 70, "other": 30},
    "made_to_order": {"defective": 50, "not_as_described": 20, "wrong_item": 30},
    "home": _GOODS,
}

# Carriers and warehouses, with their share of orders. Assigned independently of each other, so a
# carrier's damage never shows up as a warehouse's.
CARRIERS = {"SwiftPost": 35, "EuroShip": 25, "ParcelFast": 22, "CityCourier": 18}
WAREHOUSES = {"Venlo DC": 45, "Leipzig DC": 35, "Lyon DC": 20}
TRANSIT_DAYS = {"SwiftPost": (1, 3), "EuroShip": (2, 4), "ParcelFast": (1, 2), "CityCourier": (1, 3)}
# Chance that a unit arrives damaged and is sent back for it, times the category's fragility.
TRANSIT_DAMAGE_RATE = 0.005
FRAGILITY = {
    "electronics": 2.0,
    "home": 2.0,
    "beauty": 1.0,
    "perishable_food": 1.5,
    "made_to_order": 1.0,
    "apparel": 0.3,
    "shoes": 0.5,
    "digital": 0.0,
}

# Share of lines per category, and how many lines an order has. The planted SKU sells twice as
# well as the other home items, so its signal is clear at a few thousand orders.
CATEGORY_SHARE = {
    "apparel": 30,
    "shoes": 15,
    "electronics": 15,
    "beauty": 12,
    "home": 12,
    "perishable_food": 6,
    "digital": 5,
    "made_to_order": 5,
}
SKU_POPULARITY = {"HM-LAMP": 2.0}
LINES_PER_ORDER = {1: 55, 2: 30, 3: 15}
QUANTITY = {1: 85, 2: 12, 3: 3}
MULTI_UNIT_MAX_PRICE_MINOR = 5_000  # nobody orders three sofas: only cheaper goods come in twos and threes
ORDERS_PER_CUSTOMER = 3  # on average; activity is heavy-tailed (a few customers order a lot)

RESOLUTION_MIX = {"refund": 85, "store_credit": 15}
KEEP_ITEM_SHARE = 0.10  # returns the policy's keep-the-item offers cover where the customer took one
COMPENSATION_SHARE = 0.15  # damaged/defective returns that also got a goodwill coupon
LATE_REFUND_SHARE = 0.03  # refunds settled after the policy's due date
REJECTED_SHARE = 0.04
REVIEW_SHARE = 0.10  # decided by a person after pending_review
NEVER_SENT_SHARE = 0.03  # approved, never shipped, cancelled

# --- the planted anomalies --------------------------------------------------------------------
# 1. A home SKU that comes back far more often than other home items, mostly "not as described",
#    and more so in the last 8 weeks (new product photos that oversell the glaze, say).
PLANTED_SKU = "HM-LAMP"
PLANTED_SKU_RATE_BEFORE = 0.22
PLANTED_SKU_RATE_RECENT = 0.55
PLANTED_SKU_RECENT = timedelta(weeks=8)
PLANTED_SKU_NAD_SHARE_BEFORE = 0.20
PLANTED_SKU_NAD_SHARE_RECENT = 0.80
# 2. Size problems dominating shoes: most shoe returns are too small or too large.
SIZE_CATEGORY = "shoes"
SIZE_SHARE = 0.78
# 3. One carrier damaging parcels: ten times the others' transit damage.
DAMAGING_CARRIER = "ParcelFast"
DAMAGING_CARRIER_FACTOR = 10.0
# 4. Two customers who return almost everything they order.
SERIAL_RETURNERS = (("Rex Returnwell", "rex.returnwell"), ("Tess Bounceback", "tess.bounceback"))
SERIAL_RETURNER_ORDERS = 30
SERIAL_RETURNER_RATE = 0.95  # and they never take a keep-the-item offer
# What they buy: clothes to wear once (wardrobing), spread over many SKUs with an already high
# return rate, so their returns do not make one SKU look bad.
SERIAL_RETURNER_CATEGORIES = ("apparel",)
