"""The demo shop's catalogue and customers. Prices in euro cents."""

from __future__ import annotations

# sku, name, category, price_minor, tags, final_sale
PRODUCTS: list[tuple[str, str, str, int, tuple[str, ...], bool]] = [
    ("AP-JEANS-SLIM", "Slim fit jeans", "apparel", 5990, (), False),
    ("AP-TEE-ORG", "Organic cotton T-shirt", "apparel", 1990, (), False),
    ("AP-HOODIE", "Zip hoodie", "apparel", 4990, (), False),
    ("AP-DRESS-LIN", "Linen summer dress", "apparel", 7990, (), False),
    ("AP-JACKET-RAIN", "Rain jacket", "apparel", 12900, (), False),
    ("AP-SOCKS-3", "Merino socks, 3 pairs", "apparel", 2490, ("hygiene",), False),
    ("AP-SCARF-OUT", "Wool scarf (outlet)", "apparel", 1490, (), True),
    ("SH-RUN-42", "Trail running shoes", "shoes", 11900, (), False),
    ("SH-BOOT-CH", "Chelsea boots", "shoes", 14900, (), False),
    ("SH-SNEAK-W", "White leather sneakers", "shoes", 8990, (), False),
    ("SH-SANDAL", "Cork sandals", "shoes", 4990, (), False),
    ("EL-HEADPH", "Noise-cancelling headphones", "electronics", 24900, (), False),
    ("EL-SPEAKER", "Bluetooth speaker", "electronics", 6990, (), False),
    ("EL-WATCH", "Fitness watch", "electronics", 17900, (), False),
    ("EL-CHARGER", "65 W USB-C charger", "electronics", 3990, (), False),
    ("EL-LAPTOP", "13-inch ultrabook", "electronics", 109900, (), False),
    ("BE-SERUM", "Vitamin C serum", "beauty", 2990, ("hygiene",), False),
    ("BE-SHAVER", "Electric shaver", "beauty", 8990, ("hygiene",), False),
    ("BE-PERFUME", "Eau de parfum 50 ml", "beauty", 6900, ("hygiene",), False),
    ("BE-BRUSHSET", "Makeup brush set", "beauty", 3490, (), False),
    ("FD-COFFEE", "Fresh roasted coffee beans 1 kg", "perishable_food", 2890, ("perishable",), False),
    ("FD-CHEESE", "Aged cheese selection", "perishable_food", 3990, ("perishable",), False),
    ("FD-FRUITBOX", "Seasonal fruit box", "perishable_food", 2490, ("perishable",), False),
    ("DG-EBOOK", "Cookbook (e-book)", "digital", 1499, ("downloadable",), False),
    ("DG-SOFTWARE", "Photo editor licence", "digital", 7900, ("downloadable",), False),
    ("DG-GIFTCARD", "Digital gift card", "digital", 5000, ("downloadable",), True),
    ("MO-SOFA", "Made-to-measure sofa", "made_to_order", 149900, ("made_to_order",), False),
    ("MO-PRINT", "Personalised photo print", "made_to_order", 3990, ("made_to_order", "personalised"), False),
    ("MO-SHIRT", "Tailored shirt", "made_to_order", 8900, ("made_to_order",), False),
    ("HM-LAMP", "Ceramic table lamp", "home", 6490, (), False),
    ("HM-DUVET", "Down duvet", "home", 15900, (), False),
    ("HM-MUGSET", "Stoneware mug set", "home", 3290, (), False),
    ("HM-RUG", "Wool rug 160x230", "home", 29900, (), False),
]

# Sizes and colours for exchanges: sku, style, name, category, price_minor, size, colour, units in stock. The
# style's first SKU is the one the showcase orders sold; the sold-out ones show they are not offered.
VARIANTS: list[tuple[str, str, str, str, int, str | None, str | None, int]] = [
    ("AP-TEE-ORG", "AP-TEE-ORG", "Organic cotton T-shirt", "apparel", 1990, "S", "White", 5),
    ("AP-TEE-ORG-M", "AP-TEE-ORG", "Organic cotton T-shirt", "apparel", 1990, "M", "White", 4),
    ("AP-TEE-ORG-L", "AP-TEE-ORG", "Organic cotton T-shirt", "apparel", 1990, "L", "White", 0),
    ("AP-TEE-ORG-M-BLK", "AP-TEE-ORG", "Organic cotton T-shirt", "apparel", 2290, "M", "Black", 2),
    ("AP-JEANS-SLIM", "AP-JEANS-SLIM", "Slim fit jeans", "apparel", 5990, "32", None, 3),
    ("AP-JEANS-SLIM-30", "AP-JEANS-SLIM", "Slim fit jeans", "apparel", 5990, "30", None, 3),
    ("AP-JEANS-SLIM-34", "AP-JEANS-SLIM", "Slim fit jeans", "apparel", 5990, "34", None, 2),
    ("AP-JACKET-RAIN", "AP-JACKET-RAIN", "Rain jacket", "apparel", 12900, "M", None, 3),
    ("AP-JACKET-RAIN-L", "AP-JACKET-RAIN", "Rain jacket", "apparel", 12900, "L", None, 0),
    ("SH-RUN-42", "SH-RUN", "Trail running shoes", "shoes", 11900, "42", None, 3),
    ("SH-RUN-43", "SH-RUN", "Trail running shoes", "shoes", 11900, "43", None, 2),
    ("SH-RUN-44", "SH-RUN", "Trail running shoes", "shoes", 10900, "44", None, 1),
]

# email, name, phone, tier
CUSTOMERS: list[tuple[str, str, str, str]] = [
    ("alice@example.com", "Alice Martin", "+49 151 2345 6701", "gold"),
    ("ben@example.com", "Ben Okafor", "+49 151 2345 6702", "silver"),
    ("chloe@example.com", "Chloé Dubois", "+33 6 12 34 56 03", "bronze"),
    ("dev@example.com", "Dev Patel", "+44 7700 900004", "guest"),
    ("emma@example.com", "Emma Schulz", "+49 151 2345 6705", "gold"),
    ("farid@example.com", "Farid Haddad", "+49 151 2345 6706", "silver"),
    ("grace@example.com", "Grace Lee", "+1 415 555 0107", "bronze"),
    ("hugo@example.com", "Hugo Rossi", "+39 312 345 6708", "guest"),
    ("ines@example.com", "Inès Garcia", "+34 612 345 609", "silver"),
    ("jonas@example.com", "Jonas Berg", "+46 70 123 4510", "bronze"),
    ("kim@example.com", "Kim Nguyen", "+49 151 2345 6711", "guest"),
    ("lena@example.com", "Lena Wagner", "+49 151 2345 6712", "gold"),
    ("marco@example.com", "Marco Bianchi", "+39 312 345 6713", "bronze"),
    ("nora@example.com", "Nora Jensen", "+45 20 12 34 14", "silver"),
    ("omar@example.com", "Omar Said", "+49 151 2345 6715", "guest"),
    ("paula@example.com", "Paula Costa", "+351 912 345 616", "bronze"),
    ("quentin@example.com", "Quentin Moreau", "+33 6 12 34 56 17", "guest"),
    ("rosa@example.com", "Rosa Kowalska", "+48 512 345 618", "silver"),
    ("sam@example.com", "Sam Taylor", "+44 7700 900019", "bronze"),
    ("tara@example.com", "Tara Murphy", "+353 85 123 4520", "gold"),
    ("umut@example.com", "Umut Yilmaz", "+90 532 123 4521", "guest"),
    ("vera@example.com", "Vera Novak", "+420 601 234 522", "bronze"),
]

PAYMENT_METHODS = ("card", "paypal", "klarna", "bank_transfer", "gift_card")

# Ready-to-try orders documented in the README: number, customer email, days since delivery
# (None: not delivered yet), and (sku, quantity) lines.
SHOWCASE_ORDERS: list[tuple[str, str, int | None, list[tuple[str, int]]]] = [
    ("A1001", "dev@example.com", 3, [("AP-JEANS-SLIM", 1), ("AP-TEE-ORG", 2)]),
    ("A1002", "ben@example.com", 45, [("SH-RUN-42", 1)]),
    ("A1003", "chloe@example.com", 10, [("EL-HEADPH", 1), ("EL-CHARGER", 1)]),
    ("A1004", "kim@example.com", 2, [("FD-CHEESE", 1), ("FD-COFFEE", 1)]),
    ("A1005", "hugo@example.com", 120, [("AP-JACKET-RAIN", 1)]),
    ("A1006", "alice@example.com", 150, [("SH-BOOT-CH", 1), ("HM-LAMP", 1)]),
    ("A1007", "omar@example.com", 5, [("MO-SOFA", 1)]),
    ("A1008", "grace@example.com", 6, [("EL-LAPTOP", 1)]),
    ("A1009", "sam@example.com", 7, [("BE-SHAVER", 1), ("BE-BRUSHSET", 1)]),
    ("A1010", "umut@example.com", None, [("HM-RUG", 1)]),
]

# What each ready-to-try order shows (the README's table; the storefront lists them too).
SHOWCASE_NOTES: dict[str, str] = {
    "A1001": 'Jeans delivered 3 days ago: "size too small" is approved at once.',
    "A1002": "Running shoes after 45 days: change of mind refused, a defect still possible.",
    "A1003": "Headphones after 10 days: 14-day electronics window, sealed box or restocking fee.",
    "A1004": "Cheese: perishable, returnable only if it arrived spoiled (photos, 7 days).",
    "A1005": "Rain jacket after 120 days: too late for a change of mind.",
    "A1006": "Gold member, boots after 150 days: past even the 60-day gold window.",
    "A1007": "Made-to-measure sofa: made to order, only faults can be returned.",
    "A1008": "Laptop over 500.00: goes to manual review.",
    "A1009": "Electric shaver: hygiene item, returnable only sealed.",
    "A1010": "Rug not delivered yet: window counted from the order date.",
}
