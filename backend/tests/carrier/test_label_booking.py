"""The label books each parcel with the carrier, over HTTP: the tracking number and the sender's
address printed in the return's language, a carrier blip retried, a carrier down a 503, and an
order without an address keeping its packing slip."""

from __future__ import annotations

from ..factories import address, create_order, verify
from .helpers import SCARF, api_path, approved_return, customer_with_orders, label_of, pdf_text


def test_the_label_prints_the_carriers_tracking_number_and_both_addresses_and_books_once(api, standin):
    headers = customer_with_orders(api, "booked@example.com", orders=1, prefix="CL", where=address())
    label_url = approved_return(api, headers, "CL1")["instructions"]["label"]["label_url"]
    pdf = api.get(api_path(label_url))
    assert pdf.status_code == 200, pdf.text
    (shipment,) = standin.shipments.values()
    text = pdf_text(pdf.content)
    assert f"Parcel API · tracking {shipment['tracking_number']}" in text
    assert "27 Baker Street" in text and "London NW1 6XE" in text  # the sender, the customer
    assert "Hafenstraße 12" in text  # the destination, the warehouse
    assert shipment["reference"].endswith("-main_warehouse")  # one booking per return and destination
    again = api.get(api_path(label_url))
    assert shipment["tracking_number"] in pdf_text(again.content) and len(standin.shipments) == 1


def test_a_chinese_label_prints_the_address_largest_place_first(api, standin):
    shanghai = address(
        name="王小明",
        lines=["浦东新区世纪大道88号"],
        city="上海市",
        postcode="200120",
        region="上海市",
        country="CN",
        phone="+86 138 0013 8000",
    )
    headers = customer_with_orders(api, "wang@example.com", orders=1, prefix="CZ", where=shanghai)
    pdf = label_of(api, approved_return(api, headers, "CZ1", locale="zh"))
    (shipment,) = standin.shipments.values()
    text = pdf_text(pdf.content)
    assert f"运单号 {shipment['tracking_number']}" in text
    assert "上海市" in text and "浦东新区世纪大道88号" in text


def test_a_carrier_blip_is_retried_and_a_carrier_down_is_a_503(api, standin):
    headers = customer_with_orders(api, "blip@example.com", orders=1, prefix="CB", where=address())
    body = approved_return(api, headers, "CB1")
    standin.outage_left = 2  # fewer than the client's three attempts
    assert label_of(api, body).status_code == 200
    assert len(standin.shipments) == 1

    headers = customer_with_orders(api, "down@example.com", orders=1, prefix="CD", where=address())
    body = approved_return(api, headers, "CD1")
    standin.outage_left = 3
    refused = label_of(api, body)
    assert refused.status_code == 503 and "try the label again" in refused.json()["detail"]


def test_an_order_without_an_address_keeps_its_packing_slip(api, standin):
    create_order(api, number="CA1", email="noaddress@example.com", lines=[SCARF])
    body = approved_return(api, verify(api, "CA1", "noaddress@example.com"), "CA1")
    pdf = label_of(api, body)
    assert pdf.status_code == 200 and standin.shipments == {}
    assert "tracking" not in pdf_text(pdf.content)
