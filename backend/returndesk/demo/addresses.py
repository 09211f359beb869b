"""Delivery addresses for the demo shop's orders, in English and in Chinese.

Both the seed (`seed.py`) and the history generator (`tools/generate/`) take a customer's address
from here by a number they already have (the customer's place in the list, or its id), so no
random draw is added and every fresh demo prints the same labels.
"""

from __future__ import annotations

from typing import Any

# (lines, city, postcode, region, country); the name and phone are the customer's own.
ADDRESSES: tuple[tuple[tuple[str, ...], str, str, str | None, str], ...] = (
    (("Flat 4", "27 Baker Street"), "London", "NW1 6XE", None, "GB"),
    (("Rosenthaler Straße 40",), "Berlin", "10178", None, "DE"),
    (("浦东新区世纪大道88号", "金茂大厦12楼1203室"), "上海市", "200120", "上海市", "CN"),
    (("12 Rue de Rivoli",), "Paris", "75004", None, "FR"),
    (("朝阳区建国路93号", "万达广场B座1608"), "北京市", "100022", "北京市", "CN"),
    (("350 Mission Street", "Apt 12B"), "San Francisco", "94105", "CA", "US"),
    (("天河区珠江新城花城大道85号",), "广州市", "510623", "广东省", "CN"),
    (("Keizersgracht 123",), "Amsterdam", "1015 CJ", None, "NL"),
    (("南山区科技园深南大道9999号",), "深圳市", "518057", "广东省", "CN"),
    (("Via del Corso 101",), "Roma", "00186", None, "IT"),
)


def demo_address(index: int, name: str, phone: str | None = None) -> dict[str, Any]:
    """The address numbered `index` (any int; it wraps round), for `name`, as the order API takes it."""
    lines, city, postcode, region, country = ADDRESSES[index % len(ADDRESSES)]
    address: dict[str, Any] = {"name": name, "lines": list(lines), "city": city, "postcode": postcode}
    if region:
        address["region"] = region
    address["country"] = country
    if phone:
        address["phone"] = phone
    return address
